// Writes runtime/kernels/kernels.wat, the WASM SIMD kernels. The kernels are regular
// (one loop shape per family, repeated per op and dtype), so they are produced from
// templates here rather than typed out 40 times; the .wat is committed and readable.
// Run via `npm run build:wasm` (tools/build-wasm.mjs), which then assembles it.
//
// Conventions: every pointer is a byte offset into the imported memory; `n` counts
// elements. No fused multiply-add anywhere: results must equal the scalar JS loop.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const KINDS = {
  f64: { scalar: "f64", vec: "f64x2", width: 8, shift: 3, splatLoad: "v128.load64_splat" },
  f32: { scalar: "f32", vec: "f32x4", width: 4, shift: 2, splatLoad: "v128.load32_splat" },
};
const BINARY = { add: "add", subtract: "sub", multiply: "mul", divide: "div" };
const UNARY = { sqrt: "sqrt", abs: "abs", negative: "neg" };
// rows per matmul tile: 2·ROWS vector accumulators + 2 B vectors + 1 splat + 1 product = 12 of
// x64's 16 vector registers. Measured at 512×512 (float64, node 20): 4 rows 18.7–19.0 GFLOP/s,
// 6 rows 14.0–16.2 (V8 spills), 3 rows 18.8, 2 rows × 4 vectors 18.8; k unrolled twice 15.6.
const ROWS = 4;
const ROW_CHUNK = ROWS * 32; // rows of packed A kept in L2 while every B panel (in L1) passes
const BLOCK = 1024; // reduction block, shared with js-kernels.ts (REDUCTION_BLOCK)

const get = (x) => `(local.get $${x})`;
const bump = (x, by) => `(local.set $${x} (i32.add ${get(x)} (i32.const ${by})))`;

/** Vector main loop over 64-byte groups, then a scalar tail. */
function elementwise(name, k, params, vecBody, scalarBody, pointers, setup = "") {
  const K = KINDS[k];
  return `
  (func $${name} (export "${name}") ${params}
    (local $vend i32) (local $end i32) (local $sv v128)
    ${setup}
    (local.set $end (i32.add ${get("o")} (i32.shl ${get("n")} (i32.const ${K.shift}))))
    (local.set $vend (i32.add ${get("o")} (i32.and (i32.shl ${get("n")} (i32.const ${K.shift})) (i32.const -64))))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u ${get("o")} ${get("vend")}))
${[0, 16, 32, 48].map((off) => `        ${vecBody(off)}`).join("\n")}
        ${pointers.map((p) => bump(p, 64)).join(" ")}
        (br $vloop)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u ${get("o")} ${get("end")}))
        ${scalarBody}
        ${pointers.map((p) => bump(p, K.width)).join(" ")}
        (br $tail))))`;
}

function binary(op, k) {
  const K = KINDS[k];
  const ins = BINARY[op];
  return elementwise(
    `${op}_${k}`, k,
    `(param $a i32) (param $b i32) (param $o i32) (param $n i32)`,
    (off) => `(v128.store offset=${off} ${get("o")} (${K.vec}.${ins} (v128.load offset=${off} ${get("a")}) (v128.load offset=${off} ${get("b")})))`,
    `(${K.scalar}.store ${get("o")} (${K.scalar}.${ins} (${K.scalar}.load ${get("a")}) (${K.scalar}.load ${get("b")})))`,
    ["a", "b", "o"],
  );
}

/** out[i] = a[i] op s, or with `first` out[i] = s op a[i] (s - x and s / x are not x - s and x / s) */
function binaryScalar(op, k, first = false) {
  const K = KINDS[k];
  const ins = BINARY[op];
  const operands = (array, scalar) => (first ? `${scalar} ${array}` : `${array} ${scalar}`);
  return elementwise(
    `${op}_scalar${first ? "_first" : ""}_${k}`, k,
    first ? `(param $s ${K.scalar}) (param $a i32) (param $o i32) (param $n i32)` : `(param $a i32) (param $s ${K.scalar}) (param $o i32) (param $n i32)`,
    (off) => `(v128.store offset=${off} ${get("o")} (${K.vec}.${ins} ${operands(`(v128.load offset=${off} ${get("a")})`, get("sv"))}))`,
    `(${K.scalar}.store ${get("o")} (${K.scalar}.${ins} ${operands(`(${K.scalar}.load ${get("a")})`, get("s"))}))`,
    ["a", "o"],
    `(local.set $sv (${K.vec}.splat ${get("s")}))`,
  );
}

function unary(op, k) {
  const K = KINDS[k];
  const ins = UNARY[op];
  return elementwise(
    `${op}_${k}`, k,
    `(param $a i32) (param $o i32) (param $n i32)`,
    (off) => `(v128.store offset=${off} ${get("o")} (${K.vec}.${ins} (v128.load offset=${off} ${get("a")})))`,
    `(${K.scalar}.store ${get("o")} (${K.scalar}.${ins} (${K.scalar}.load ${get("a")})))`,
    ["a", "o"],
  );
}

/**
 * The end shared by the sum/dot kernels: add the block's result $s into $total with Neumaier
 * compensation ($c), close the block loop, and return total + c (or total alone when it is
 * ±Infinity/NaN).
 */
function compensatedBlocksEnd() {
  return `        ;; Neumaier: carry the rounding error of total + s
        (local.set $t (f64.add ${get("total")} ${get("s")}))
        (if (f64.ge (f64.abs ${get("total")}) (f64.abs ${get("s")}))
          (then (local.set $c (f64.add ${get("c")} (f64.add (f64.sub ${get("total")} ${get("t")}) ${get("s")}))))
          (else (local.set $c (f64.add ${get("c")} (f64.add (f64.sub ${get("s")} ${get("t")}) ${get("total")})))))
        (local.set $total ${get("t")})
        (br $blocks)))
    ;; ±Infinity/NaN: total - total is NaN and the compensation must not turn Infinity into NaN
    (select
      (f64.add ${get("total")} ${get("c")})
      ${get("total")}
      (f64.eq (f64.sub ${get("total")} ${get("total")}) (f64.const 0))))`;
}

/**
 * sum/dot in the order documented in index.ts: blocks of BLOCK elements, 8 lanes in 4
 * f64x2 accumulators (v0 = lanes 0,1 … v3 = lanes 6,7), lane combination
 * ((l0+l2)+(l4+l6)) + ((l1+l3)+(l5+l7)), sequential tail, Neumaier across blocks.
 * float32 input is promoted to float64 (products of two float32 are exact in float64).
 */
function reduction(name, k, withB) {
  if (k === "f32" && !withB) return sumF32(name);
  const K = KINDS[k];
  const groupBytes = 8 * K.width;
  const lane = (ptr, off) =>
    k === "f64"
      ? `(v128.load offset=${off} ${get(ptr)})`
      : `(f64x2.promote_low_f32x4 (v128.load64_zero offset=${off / 2} ${get(ptr)}))`;
  const term = (off) => (withB ? `(f64x2.mul ${lane("a", off)} ${lane("b", off)})` : lane("a", off));
  const scalar = (ptr) => (k === "f64" ? `(f64.load ${get(ptr)})` : `(f64.promote_f32 (f32.load ${get(ptr)}))`);
  const scalarTerm = withB ? `(f64.mul ${scalar("a")} ${scalar("b")})` : scalar("a");
  const ptrs = withB ? ["a", "b"] : ["a"];
  return `
  (func $${name} (export "${name}") (param $a i32) ${withB ? "(param $b i32) " : ""}(param $n i32) (result f64)
    (local $end i32) (local $blockEnd i32) (local $vend i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $x v128)
    (local $s f64) (local $t f64) (local $total f64) (local $c f64)
    (local.set $end (i32.add ${get("a")} (i32.shl ${get("n")} (i32.const ${K.shift}))))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u ${get("a")} ${get("end")}))
        (local.set $blockEnd (select
          (i32.add ${get("a")} (i32.const ${BLOCK * K.width}))
          ${get("end")}
          (i32.lt_u (i32.add ${get("a")} (i32.const ${BLOCK * K.width})) ${get("end")})))
        (local.set $vend (i32.add ${get("a")} (i32.and (i32.sub ${get("blockEnd")} ${get("a")}) (i32.const ${-groupBytes}))))
        (local.set $v0 (v128.const i64x2 0 0)) (local.set $v1 (v128.const i64x2 0 0))
        (local.set $v2 (v128.const i64x2 0 0)) (local.set $v3 (v128.const i64x2 0 0))
        (block $vdone
          (loop $vloop
            (br_if $vdone (i32.ge_u ${get("a")} ${get("vend")}))
            (local.set $v0 (f64x2.add ${get("v0")} ${term(0)}))
            (local.set $v1 (f64x2.add ${get("v1")} ${term(16)}))
            (local.set $v2 (f64x2.add ${get("v2")} ${term(32)}))
            (local.set $v3 (f64x2.add ${get("v3")} ${term(48)}))
            ${ptrs.map((p) => bump(p, groupBytes)).join(" ")}
            (br $vloop)))
        (local.set $x (f64x2.add (f64x2.add ${get("v0")} ${get("v1")}) (f64x2.add ${get("v2")} ${get("v3")})))
        (local.set $s (f64.add (f64x2.extract_lane 0 ${get("x")}) (f64x2.extract_lane 1 ${get("x")})))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u ${get("a")} ${get("blockEnd")}))
            (local.set $s (f64.add ${get("s")} ${scalarTerm}))
            ${ptrs.map((p) => bump(p, K.width)).join(" ")}
            (br $tail)))
${compensatedBlocksEnd()}`;
}

/**
 * float32 sum: inside a block of BLOCK floats, 4 f32x4 accumulators over full 128-bit loads
 * (16 lanes, lane j takes the elements ≡ j mod 16, each lane adds ≤ 64 values in float32),
 * then the 16 lane partials are promoted to f64 and added, the block's tail is added in f64
 * in order, and block results are combined with Neumaier compensation as in reduction().
 * Lane combination: x = lanes 0,1 of v0..v3, y = lanes 2,3; ((v0+v1)+(v2+v3)) each, x+y,
 * then lane 0 + lane 1. Bound: |err| ≤ (63·2⁻²⁴ + 131·2⁻⁵³ + O(u²))·Σ|xᵢ| before the final
 * rounding to float32 — NumPy's float32 pairwise sum (blocks of 128, 8 lanes) is comparable.
 */
function sumF32(name) {
  const blockBytes = BLOCK * 4;
  const promoteHalves = (hi) =>
    ["v0", "v1", "v2", "v3"].map((v) =>
      hi
        ? `(f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${get(v)} ${get(v)}))`
        : `(f64x2.promote_low_f32x4 ${get(v)})`,
    );
  const tree = ([p0, p1, p2, p3]) => `(f64x2.add
          (f64x2.add ${p0} ${p1})
          (f64x2.add ${p2} ${p3}))`;
  return `
  (func $${name} (export "${name}") (param $a i32) (param $n i32) (result f64)
    (local $end i32) (local $blockEnd i32) (local $vend i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $x v128) (local $y v128)
    (local $s f64) (local $t f64) (local $total f64) (local $c f64)
    (local.set $end (i32.add ${get("a")} (i32.shl ${get("n")} (i32.const 2))))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u ${get("a")} ${get("end")}))
        (local.set $blockEnd (select
          (i32.add ${get("a")} (i32.const ${blockBytes}))
          ${get("end")}
          (i32.lt_u (i32.add ${get("a")} (i32.const ${blockBytes})) ${get("end")})))
        (local.set $vend (i32.add ${get("a")} (i32.and (i32.sub ${get("blockEnd")} ${get("a")}) (i32.const -64))))
        (local.set $v0 (v128.const i64x2 0 0)) (local.set $v1 (v128.const i64x2 0 0))
        (local.set $v2 (v128.const i64x2 0 0)) (local.set $v3 (v128.const i64x2 0 0))
        (block $vdone
          (loop $vloop
            (br_if $vdone (i32.ge_u ${get("a")} ${get("vend")}))
            (local.set $v0 (f32x4.add ${get("v0")} (v128.load offset=0 ${get("a")})))
            (local.set $v1 (f32x4.add ${get("v1")} (v128.load offset=16 ${get("a")})))
            (local.set $v2 (f32x4.add ${get("v2")} (v128.load offset=32 ${get("a")})))
            (local.set $v3 (f32x4.add ${get("v3")} (v128.load offset=48 ${get("a")})))
            ${bump("a", 64)}
            (br $vloop)))
        ;; the 16 float32 lane partials, added in float64
        (local.set $x ${tree(promoteHalves(false))})
        (local.set $y ${tree(promoteHalves(true))})
        (local.set $x (f64x2.add ${get("x")} ${get("y")}))
        (local.set $s (f64.add (f64x2.extract_lane 0 ${get("x")}) (f64x2.extract_lane 1 ${get("x")})))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u ${get("a")} ${get("blockEnd")}))
            (local.set $s (f64.add ${get("s")} (f64.promote_f32 (f32.load ${get("a")}))))
            ${bump("a", 4)}
            (br $tail)))
${compensatedBlocksEnd()}`;
}

/**
 * matmul: out(m×n) = a(m×k) @ b(k×n). B is packed into column panels of one vector pair
 * (4 f64 or 8 f32 columns) so the inner loop reads it sequentially; tiles of ROWS rows ×
 * one panel keep 2·ROWS vector accumulators in registers. Each accumulator starts at +0 and
 * adds its products in p order: the same bits as the naive loop. Rows past m reuse row
 * m-1 (results discarded); panel columns past n are zero-padded (results discarded).
 */
function matmul(k) {
  const K = KINDS[k];
  const cols = 32 / K.width; // columns per panel: two vectors
  const v = K.vec;
  const accs = [];
  for (let r = 0; r < ROWS; r++) for (let h = 0; h < 2; h++) accs.push(`c${r}${h}`);
  const aStep = ROWS * K.width; // packed A: the tile rows' values of one p, side by side
  const kStep = () => {
    const lines = [];
    lines.push(`        (local.set $b0 (v128.load ${get("pb")}))`);
    lines.push(`        (local.set $b1 (v128.load offset=16 ${get("pb")}))`);
    for (let r = 0; r < ROWS; r++) {
      lines.push(`        (local.set $x (${K.splatLoad} offset=${r * K.width} ${get("pa")}))`);
      lines.push(`        (local.set $c${r}0 (${v}.add ${get(`c${r}0`)} (${v}.mul ${get("x")} ${get("b0")})))`);
      lines.push(`        (local.set $c${r}1 (${v}.add ${get(`c${r}1`)} (${v}.mul ${get("x")} ${get("b1")})))`);
    }
    return lines.join("\n");
  };
  const tile = `
  ;; one ${ROWS}-row × one-panel tile over all of k: pa = packed A rows, pb = packed B panel
  (func $tile_${k} (param $pa i32) (param $pb i32) (param $kk i32) (param $o i32) (param $ldo i32)
      (param $rows i32) (param $cols i32) (param $scratch i32)
    (local $pend i32) (local $b0 v128) (local $b1 v128) (local $x v128)
    ${accs.map((c) => `(local $${c} v128)`).join(" ")}
    (local $dst i32) (local $r i32) (local $c i32)
    (local.set $pend (i32.add ${get("pb")} (i32.shl ${get("kk")} (i32.const 5))))
    ;; one k step per iteration: unrolling it measured slower (V8 keeps fewer values in registers)
    (block $done
      (loop $p
        (br_if $done (i32.ge_u ${get("pb")} ${get("pend")}))
${kStep()}
        ${bump("pa", aStep)} ${bump("pb", 32)}
        (br $p)))
    (if (i32.eq ${get("cols")} (i32.const ${cols}))
      (then
${Array.from({ length: ROWS }, (_, r) => r).map((r) => `        (if (i32.gt_u ${get("rows")} (i32.const ${r})) (then
          (v128.store ${get("o")} ${get(`c${r}0`)}) (v128.store offset=16 ${get("o")} ${get(`c${r}1`)})
          (local.set $o (i32.add ${get("o")} ${get("ldo")}))))`).join("\n")}
        (return)))
    ;; partial panel: spill the tile, copy the valid columns
${Array.from({ length: ROWS }, (_, r) => r).map((r) => `    (v128.store offset=${r * 32} ${get("scratch")} ${get(`c${r}0`)}) (v128.store offset=${r * 32 + 16} ${get("scratch")} ${get(`c${r}1`)})`).join("\n")}
    (block $rdone
      (loop $rloop
        (br_if $rdone (i32.ge_u ${get("r")} ${get("rows")}))
        (local.set $c (i32.const 0))
        (block $cdone
          (loop $cloop
            (br_if $cdone (i32.ge_u ${get("c")} ${get("cols")}))
            (${K.scalar}.store
              (i32.add ${get("o")} (i32.shl ${get("c")} (i32.const ${K.shift})))
              (${K.scalar}.load (i32.add ${get("scratch")} (i32.add (i32.shl ${get("r")} (i32.const 5)) (i32.shl ${get("c")} (i32.const ${K.shift}))))))
            ${bump("c", 1)}
            (br $cloop)))
        (local.set $o (i32.add ${get("o")} ${get("ldo")}))
        ${bump("r", 1)}
        (br $rloop))))`;

  // pack B (once per product) and the row blocks are separate exports, so worker threads can
  // share one packed B and each take row blocks (runtime/threads); matmulF64/F32 in wasm.ts
  // calls both for a single-threaded product. Splitting does not change any element's sum.
  const packB = `
  ;; pack panels [jb, nb) of B (ceil(n/${cols}) panels in all): panel jb, row p -> pack + (jb*k + p)*32 bytes.
  ;; A range, so threads can pack panel ranges side by side.
  (func $matmul_pack_b_${k} (export "matmul_pack_b_${k}") (param $b i32) (param $k i32) (param $n i32) (param $pack i32)
      (param $jb i32) (param $nb i32)
    (local $p i32) (local $c i32) (local $j0 i32) (local $src i32) (local $dst i32)
    (local.set $dst (i32.add ${get("pack")} (i32.shl (i32.mul ${get("jb")} ${get("k")}) (i32.const 5))))
    (block $pdone (loop $ploop
      (br_if $pdone (i32.ge_u ${get("jb")} ${get("nb")}))
      (local.set $j0 (i32.shl ${get("jb")} (i32.const ${Math.log2(cols)})))
      (local.set $p (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u ${get("p")} ${get("k")}))
        (local.set $src (i32.add ${get("b")} (i32.shl (i32.add (i32.mul ${get("p")} ${get("n")}) ${get("j0")}) (i32.const ${K.shift}))))
        (if (i32.le_u (i32.add ${get("j0")} (i32.const ${cols})) ${get("n")})
          (then
            (v128.store ${get("dst")} (v128.load ${get("src")}))
            (v128.store offset=16 ${get("dst")} (v128.load offset=16 ${get("src")})))
          (else
            (local.set $c (i32.const 0))
            (block $cdone (loop $cloop
              (br_if $cdone (i32.ge_u ${get("c")} (i32.const ${cols})))
              (${K.scalar}.store (i32.add ${get("dst")} (i32.shl ${get("c")} (i32.const ${K.shift})))
                (select
                  (${K.scalar}.load (i32.add ${get("src")} (i32.shl ${get("c")} (i32.const ${K.shift}))))
                  (${K.scalar}.const 0)
                  (i32.lt_u (i32.add ${get("j0")} ${get("c")}) ${get("n")})))
              ${bump("c", 1)}
              (br $cloop)))))
        ${bump("dst", 32)} ${bump("p", 1)}
        (br $rows)))
      ${bump("jb", 1)}
      (br $ploop))))`;

  const rows = `
  ;; rows of out = a(m×k) @ B for B packed by matmul_pack_b_${k} at $pack; $scratch holds 256 bytes
  ;; (a spilled tile) + ceil(m/${ROWS})*k*${ROWS * K.width} bytes (A packed in ${ROWS}-row blocks)
  (func $matmul_rows_${k} (export "matmul_rows_${k}") (param $a i32) (param $pack i32) (param $o i32)
      (param $m i32) (param $k i32) (param $n i32) (param $scratch i32)
    (local $nb i32) (local $jb i32) (local $p i32) (local $j0 i32) (local $dst i32)
    (local $i0 i32) (local $iend i32) (local $i i32) (local $lda i32) (local $last i32) (local $panel i32) (local $packA i32)
    (local.set $nb (i32.shr_u (i32.add ${get("n")} (i32.const ${cols - 1})) (i32.const ${Math.log2(cols)})))
    (local.set $lda (i32.shl ${get("k")} (i32.const ${K.shift})))
    (local.set $last (i32.sub ${get("m")} (i32.const 1)))
    ;; pack A: row block (${ROWS} rows, rows past m repeat row m-1), step p -> ${ROWS} values side by side
    (local.set $packA (i32.add ${get("scratch")} (i32.const 256)))
    (local.set $dst ${get("packA")})
    (local.set $i (i32.const 0))
    (block $adone (loop $aloop
      (br_if $adone (i32.ge_u ${get("i")} ${get("m")}))
      (local.set $p (i32.const 0))
      (block $apdone (loop $aploop
        (br_if $apdone (i32.ge_u ${get("p")} ${get("k")}))
${Array.from({ length: ROWS }, (_, r) => r).map((r) => `        (${K.scalar}.store offset=${r * K.width} ${get("dst")} (${K.scalar}.load (i32.add ${get("a")} (i32.add (i32.mul ${r === 0 ? get("i") : `(select (i32.add ${get("i")} (i32.const ${r})) ${get("last")} (i32.lt_u (i32.add ${get("i")} (i32.const ${r})) ${get("m")}))`} ${get("lda")}) (i32.shl ${get("p")} (i32.const ${K.shift}))))))`).join("\n")}
        ${bump("dst", ROWS * K.width)} ${bump("p", 1)}
        (br $aploop)))
      ${bump("i", ROWS)}
      (br $aloop)))
    ;; row chunks of ${ROW_CHUNK} keep A's rows in L2 while every panel of B (in L1) passes over them
    (block $idone (loop $iloop
      (br_if $idone (i32.ge_u ${get("i0")} ${get("m")}))
      (local.set $iend (select (i32.add ${get("i0")} (i32.const ${ROW_CHUNK})) ${get("m")} (i32.lt_u (i32.add ${get("i0")} (i32.const ${ROW_CHUNK})) ${get("m")})))
      (local.set $jb (i32.const 0))
      (block $jdone (loop $jloop
        (br_if $jdone (i32.ge_u ${get("jb")} ${get("nb")}))
        (local.set $j0 (i32.shl ${get("jb")} (i32.const ${Math.log2(cols)})))
        (local.set $panel (i32.add ${get("pack")} (i32.shl (i32.mul ${get("jb")} ${get("k")}) (i32.const 5))))
        (local.set $i ${get("i0")})
        (block $tdone (loop $tloop
          (br_if $tdone (i32.ge_u ${get("i")} ${get("iend")}))
          (call $tile_${k}
            (i32.add ${get("packA")} (i32.mul ${get("i")} (i32.shl ${get("k")} (i32.const ${K.shift}))))
            ${get("panel")} ${get("k")}
            (i32.add ${get("o")} (i32.shl (i32.add (i32.mul ${get("i")} ${get("n")}) ${get("j0")}) (i32.const ${K.shift})))
            (i32.shl ${get("n")} (i32.const ${K.shift}))
            (select (i32.const ${ROWS}) (i32.sub ${get("m")} ${get("i")}) (i32.ge_u (i32.sub ${get("m")} ${get("i")}) (i32.const ${ROWS})))
            (select (i32.const ${cols}) (i32.sub ${get("n")} ${get("j0")}) (i32.ge_u (i32.sub ${get("n")} ${get("j0")}) (i32.const ${cols})))
            ${get("scratch")})
          ${bump("i", ROWS)}
          (br $tloop)))
        ${bump("jb", 1)}
        (br $jloop)))
      (local.set $i0 ${get("iend")})
      (br $iloop))))`;
  return tile + packB + rows;
}

const parts = [];
parts.push(`;; GENERATED by runtime/kernels/tools/gen-wat.mjs (npm run build:wasm) — edit the generator.
;; WASM SIMD kernels of arraylint's runtime. Pointers are byte offsets into the runtime's
;; memory; n counts elements. No FMA: elementwise results equal the scalar JS loop.
(module
  (import "env" "memory" (memory 1 65536 shared))`);
for (const k of Object.keys(KINDS)) {
  for (const op of Object.keys(BINARY)) parts.push(binary(op, k), binaryScalar(op, k), binaryScalar(op, k, true));
  for (const op of Object.keys(UNARY)) parts.push(unary(op, k));
  parts.push(reduction(`sum_${k}`, k, false), reduction(`dot_${k}`, k, true));
  parts.push(matmul(k));
}
parts.push(")\n");

export const generated = parts.join("\n");

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = fileURLToPath(new URL("../kernels.wat", import.meta.url));
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
