// npm run bench:shapes — the real-code loop shapes elementwise-loop and manual-reduction report
// without a fix (issue 8), each beside the runtime call its message names, at the size the real code
// runs (stated per row). Not a test: it prints a Markdown table the rule docs quote.
// One process; the two variants of a row alternate round by round (so machine noise hits both),
// medians of the per-round times and of the per-round ratios (> 1 = the runtime call is faster).
import { loadavg, cpus } from "node:os";
import * as nd from "../../runtime/index";

type Fn = () => unknown;
interface Row {
  shape: string;
  size: string;
  loop: Fn;
  call: Fn;
  callText: string;
}

const ROUNDS = Number(process.env.ROUNDS ?? 25);
let sink = 0;
const use = (v: unknown) => {
  sink += typeof v === "number" ? v : 1;
};

function time(f: Fn, reps: number): number {
  const t = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) use(f());
  return Number(process.hrtime.bigint() - t) / reps / 1e6;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function measure(row: Row): { loop: number; call: number; ratio: number } {
  // about 20 ms per timing, at least one repetition
  const once = Math.max(time(row.loop, 1), time(row.call, 1), 1e-3);
  const reps = Math.max(1, Math.round(20 / once));
  for (let w = 0; w < 3; w++) {
    time(row.loop, reps);
    time(row.call, reps);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(time(row.loop, reps));
    b.push(time(row.call, reps));
  }
  return { loop: median(a), call: median(b), ratio: median(a.map((v, k) => v / b[k])) };
}

const rand = (n: number, seed = 1) => {
  let s = seed;
  return Float64Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
};

// ---------------------------------------------------------------- the shapes
const rows: Row[] = [];

{ // per-row sum over a row-major buffer (tfjs Sum, reduceSize 1000, 1000 rows)
  const r = 1000, c = 1000, a = rand(r * c), out = new Float64Array(r);
  const A = nd.reshape(a, [r, c]);
  rows.push({
    shape: "per-row sum `for i { s = 0; for j: s += a[i*c + j]; out[i] = s }`", size: "1000 × 1000 Float64Array",
    loop: () => { for (let i = 0; i < r; i++) { const o = i * c; let s = 0; for (let j = 0; j < c; j++) s += a[o + j]; out[i] = s; } return out; },
    call: () => nd.sum(A, { axis: 1 }), callText: "nd.sum(A, { axis: 1 })",
  });
}
{ // column sums over number[][] (ml-matrix sumByColumn; meyda's column norms), 1000 × 100
  const r = 1000, c = 100, m = Array.from({ length: r }, (_, i) => Array.from(rand(c, i + 2)));
  const M = nd.array(m);
  rows.push({
    shape: "column sums `sums[j] += m[i][j]`", size: "1000 × 100 number[][] (the call on an NDArray of it)",
    loop: () => { const s = new Float64Array(c); for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) s[j] += m[i][j]; return s; },
    call: () => nd.sum(M, { axis: 0 }), callText: "nd.sum(M, { axis: 0 })",
  });
  rows.push({
    shape: "the same, converting number[][] first", size: "1000 × 100 number[][]",
    loop: () => { const s = new Float64Array(c); for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) s[j] += m[i][j]; return s; },
    call: () => nd.sum(nd.array(m), { axis: 0 }), callText: "nd.sum(nd.array(m), { axis: 0 })",
  });
}
{ // per-channel sums through an accessor (image-js mean: getValue(column, row, channel)), 512 × 512 × 3 Uint8
  const w = 512, h = 512, ch = 3, data = Uint8Array.from(rand(w * h * ch), (v) => (v + 1) * 127);
  const img = { width: w, height: h, channels: ch, data, getValue(col: number, row: number, k: number) { return this.data[(row * this.width + col) * this.channels + k]; } };
  const V = nd.reshape(data, [w * h, ch]);
  rows.push({
    shape: "per-channel sums through `img.getValue(c, r, k)`", size: "512 × 512 × 3 Uint8Array",
    loop: () => { const s = [0, 0, 0]; for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) for (let k = 0; k < ch; k++) s[k] += img.getValue(col, row, k); return s[0]; },
    call: () => nd.sum(V, { axis: 0 }), callText: "nd.sum(data viewed (size, 3), { axis: 0 })",
  });
}
{ // argmax (ml-spectra xMaxIndex, image-js triangle), 1e6 and a 256-bin histogram
  for (const n of [1_000_000, 256]) {
    const x = rand(n, 3);
    rows.push({
      shape: "argmax `if (x[i] > x[best]) best = i`", size: `${n.toLocaleString("en")} Float64Array`,
      loop: () => { let best = 0; for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i; return best; },
      call: () => nd.argmax(x), callText: "nd.argmax(x)",
    });
  }
}
{ // count of a mask (jStat's cumulative count, meyda's zero crossings), 1e6
  const x = rand(1_000_000, 4), t = 0.25;
  rows.push({
    shape: "count `if (x[i] <= t) c++`", size: "1,000,000 Float64Array",
    loop: () => { let c = 0; for (let i = 0; i < x.length; i++) if (x[i] <= t) c++; return c; },
    call: () => nd.sum(nd.lessEqual(x, t)), callText: "nd.sum(nd.lessEqual(x, t))",
  });
}
{ // index-weighted sum over a histogram (image-js thresholds): 256 bins and 65,536 (16-bit)
  for (const n of [256, 65_536]) {
    const hist = Float64Array.from(rand(n, 5), (v) => Math.round((v + 1) * 1000));
    rows.push({
      shape: "index-weighted sum `s += i * h[i]`", size: `${n.toLocaleString("en")} Float64Array`,
      loop: () => { let s = 0; for (let i = 0; i < hist.length; i++) s += i * hist[i]; return s; },
      call: () => nd.dot(nd.arange(hist.length), hist), callText: "nd.dot(nd.arange(n), h)",
    });
  }
}
{ // Gram matrix Xᵀ X of a 1000 × 50 design (covariance), triple loop over number[][]
  const r = 1000, c = 50, X = Array.from({ length: r }, (_, i) => Array.from(rand(c, i + 7)));
  const XA = nd.array(X);
  rows.push({
    shape: "Gram matrix `s += X[k][i] * X[k][j]` per (i, j)", size: "1000 × 50 number[][] (the call on an NDArray)",
    loop: () => { const G = new Float64Array(c * c); for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) { let s = 0; for (let k = 0; k < r; k++) s += X[k][i] * X[k][j]; G[i * c + j] = s; } return G; },
    call: () => nd.matmul(nd.transpose(XA), XA), callText: "nd.matmul(nd.transpose(X), X)",
  });
}
{ // matrix product through get/set accessors (ml-matrix style), 200 × 200
  const n = 200;
  const mk = (seed: number) => ({ data: Array.from({ length: n }, (_, i) => rand(n, seed + i)), get(i: number, j: number) { return this.data[i][j]; }, set(i: number, j: number, v: number) { this.data[i][j] = v; } });
  const A = mk(11), B = mk(400), C = mk(900);
  const AN = nd.array(A.data.map((r) => Array.from(r))), BN = nd.array(B.data.map((r) => Array.from(r)));
  rows.push({
    shape: "matrix product `sum += A.get(i, k) * B.get(k, j)`", size: "200 × 200 (Float64Array rows; the call on NDArrays)",
    loop: () => { for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += A.get(i, k) * B.get(k, j); C.set(i, j, s); } return C; },
    call: () => nd.matmul(AN, BN), callText: "nd.matmul(A, B)",
  });
}
{ // element-wise map through accessors (ml-matrix's subtract of the row means), 1000 × 1000
  const n = 1000;
  const m = { data: Array.from({ length: n }, (_, i) => rand(n, i + 13)), get(i: number, j: number) { return this.data[i][j]; }, set(i: number, j: number, v: number) { this.data[i][j] = v; } };
  const mean = rand(n, 99);
  const M = nd.array(m.data.map((r) => Array.from(r))), meanCol = nd.reshape(mean, [n, 1]);
  rows.push({
    shape: "2-D map through accessors `m.set(i, j, m.get(i, j) - mean[i])`", size: "1000 × 1000 (the call on an NDArray)",
    loop: () => { for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, m.get(i, j) - mean[i]); return m; },
    call: () => nd.subtract(M, meanCol, { out: M }), callText: "nd.subtract(M, mean[:, None], { out: M })",
  });
}
{ // strided read y[i] = x[2i] * 0.5 (fft.js real parts, image-js one channel), 1e6 outputs
  const n = 1_000_000, x = rand(2 * n, 17), y = new Float64Array(n);
  const X = nd.asarray(x);
  rows.push({
    shape: "strided map `y[i] = x[2 * i] * 0.5`", size: "1,000,000 of 2,000,000 Float64Array",
    loop: () => { for (let i = 0; i < n; i++) y[i] = x[2 * i] * 0.5; return y; },
    call: () => nd.multiply(X.get(nd.slice(null, null, 2)), 0.5, { out: y }), callText: "nd.multiply(x.get(slice(null, null, 2)), 0.5, { out: y })",
  });
}
{ // push map of arithmetic (jStat's |x - mean| deviations), 1e5
  const x = Array.from(rand(100_000, 19)), mean = 0.1, X = Float64Array.from(x);
  rows.push({
    shape: "push map `a.push(Math.abs(x[i] - mean))`", size: "100,000 number[] (the call on a Float64Array of it)",
    loop: () => { const a: number[] = []; for (let i = 0; i < x.length; i++) a.push(Math.abs(x[i] - mean)); return a; },
    call: () => nd.evaluate("abs(x - m)", { x: X, m: mean }), callText: 'nd.evaluate("abs(x - m)", { x, m })',
  });
}
{ // a first difference of shifted views (jStat diff, d3's tridiagonal right-hand side), 1e6
  const n = 1_000_000, x = rand(n, 23), d = new Float64Array(n - 1);
  rows.push({
    shape: "shifted views `d[i] = x[i + 1] - x[i]`", size: "1,000,000 Float64Array",
    loop: () => { for (let i = 0; i < n - 1; i++) d[i] = x[i + 1] - x[i]; return d; },
    call: () => nd.subtract(x.subarray(1), x.subarray(0, n - 1), { out: d }), callText: "nd.subtract(x.subarray(1), x.subarray(0, n - 1), { out: d })",
  });
}
{ // .map(Math.sqrt) over number[] vs the call on a Float64Array (meyda's column norms), 1e6
  const x = Array.from(rand(1_000_000, 29), Math.abs), X = Float64Array.from(x);
  rows.push({
    shape: "`xs.map(Math.sqrt)` (number[])", size: "1,000,000 (the call on a Float64Array)",
    loop: () => x.map(Math.sqrt), call: () => nd.sqrt(X), callText: "nd.sqrt(x)",
  });
}
{ // a sum over an untyped JavaScript array (jStat.sum): number[] in practice, 1e6
  const x = Array.from(rand(1_000_000, 31)), X = Float64Array.from(x);
  rows.push({
    shape: "sum over a plain array `while (--i >= 0) sum += arr[i]`", size: "1,000,000 number[]",
    loop: () => { let s = 0; let i = x.length; while (--i >= 0) s += x[i]; return s; },
    call: () => nd.sum(x), callText: "nd.sum(arr) (number[])",
  });
  rows.push({
    shape: "the same sum over a Float64Array", size: "1,000,000 Float64Array",
    loop: () => { let s = 0; let i = X.length; while (--i >= 0) s += X[i]; return s; },
    call: () => nd.sum(X), callText: "nd.sum(arr)",
  });
}
{ // row sums and the total through get(i, j) (ml-matrix sumByRow / sumAll), 1000 × 1000
  const n = 1000;
  const m = { data: Array.from({ length: n }, (_, i) => rand(n, i + 37)), get(i: number, j: number) { return this.data[i][j]; } };
  const M = nd.array(m.data.map((r) => Array.from(r)));
  rows.push({
    shape: "row sums through `matrix.get(i, j)`", size: "1000 × 1000 (the call on an NDArray)",
    loop: () => { const s = new Float64Array(n); for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i] += m.get(i, j); return s; },
    call: () => nd.sum(M, { axis: 1 }), callText: "nd.sum(M, { axis: 1 })",
  });
  rows.push({
    shape: "the sum of every element through `matrix.get(i, j)`", size: "1000 × 1000 (the call on an NDArray)",
    loop: () => { let v = 0; for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v += m.get(i, j); return v; },
    call: () => nd.sum(M), callText: "nd.sum(M)",
  });
}
{ // a dot product per row through .reduce with the index (meyda chroma: 12 rows of a 2048-bin spectrum)
  const spec = Array.from(rand(2048, 41)), row = Array.from(rand(2048, 43)), S = Float64Array.from(spec), R = Float64Array.from(row);
  rows.push({
    shape: "`.reduce((acc, v, j) => acc + v * row[j], 0)`", size: "2048 number[] (the call on Float64Arrays)",
    loop: () => spec.reduce((acc, v, j) => acc + v * row[j], 0),
    call: () => nd.dot(S, R), callText: "nd.dot(spec, row)",
  });
}
{ // a tiny array: 24 bark bands (meyda loudness) — the reason such loops stay silent
  const s = new Float32Array(24).map((_, i) => i / 7);
  rows.push({
    shape: "sum over 24 values (silent: tiny)", size: "24 Float32Array",
    loop: () => { let t = 0; for (let i = 0; i < s.length; i++) t += s[i]; return t; },
    call: () => nd.sum(s), callText: "nd.sum(s)",
  });
}

// ---------------------------------------------------------------- run
const only = process.argv[2];
console.log(`real-code shapes, node ${process.version}, ${cpus().length} cores, load ${loadavg().map((v) => v.toFixed(1)).join(" ")}, ${ROUNDS} rounds, ${new Date().toISOString()}\n`);
console.log("| shape | size | loop | runtime call | call / loop speed |");
console.log("|---|---|---|---|---|");
for (const row of rows) {
  if (only && !row.shape.includes(only)) continue;
  const m = measure(row);
  const speed = m.ratio >= 1 ? `**${m.ratio.toFixed(2)}× faster**` : `**${(1 / m.ratio).toFixed(2)}× slower**`;
  console.log(`| ${row.shape} | ${row.size} | ${m.loop.toFixed(3)} ms | \`${row.callText}\` ${m.call.toFixed(3)} ms | ${speed} |`);
}
if (sink === 42) console.log("");
