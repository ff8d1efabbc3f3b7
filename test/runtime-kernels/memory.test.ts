// The WASM-memory allocator: growth never detaches views handed out earlier, freed
// blocks are re-used (and zeroed), kernels keep working across growth.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  allocate,
  allocateUninitialized,
  binaryKernel,
  isWasmResident,
  kernelPath,
  memoryInfo,
  partiallyOverlaps,
  release,
  sumKernel,
  configureMemory,
} from "../../runtime/kernels/index";
import { roundBlock } from "../../runtime/memory";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("growth", () => {
  test("views handed out before the memory grows keep their length, contents and WASM path", () => {
    const early = allocate("float64", 1000);
    for (let i = 0; i < early.length; i++) early[i] = i * 0.5;
    const before = memoryInfo()!;
    assert.equal(before.shared, true, "node has shared WebAssembly memory");
    // more than the initial 16 MiB: forces memory.grow
    const big = allocate("float64", 5_000_000);
    const after = memoryInfo()!;
    assert.ok(after.memoryBytes > before.memoryBytes, `memory grew (${before.memoryBytes} -> ${after.memoryBytes})`);
    assert.equal(early.length, 1000, "not detached");
    assert.equal(early[999], 499.5);
    early[3] = 42; // still writable
    assert.equal(early[3], 42);
    assert.ok(isWasmResident(early) && isWasmResident(big));
    assert.notEqual(early.buffer, big.buffer, "different SharedArrayBuffer objects over the same memory");
    // a kernel mixing a pre-growth view and a post-growth view runs on WASM and is right
    const out = allocate("float64", 1000);
    const tail = big.subarray(4_999_000);
    tail.fill(1);
    assert.equal(kernelPath(early, tail, out), "wasm");
    binaryKernel("add", early, tail, out);
    assert.equal(out[999], 500.5);
    assert.equal(out[3], 43);
    assert.equal(sumKernel(tail), 1000);
    assert.equal(partiallyOverlaps(early, big), false);
  });
});

describe("re-use", () => {
  test("a released block is handed out again, zeroed by allocate", () => {
    const a = allocate("float64", 50_000);
    a.fill(7);
    const offset = a.byteOffset;
    assert.equal(release(a), true);
    assert.equal(release(a), false, "double release is refused");
    const b = allocate("float64", 50_000);
    assert.equal(b.byteOffset, offset, "same block re-used (no fresh pages to fault in)");
    assert.ok(b.every((x) => x === 0), "allocate zeroes a re-used block");
    b.fill(3);
    release(b);
    const c = allocateUninitialized("float64", 50_000);
    assert.equal(c.byteOffset, offset);
    assert.equal(c[0], 3, "allocateUninitialized does not pay for zeroing");
  });

  test("release of an array the allocator did not hand out does nothing", () => {
    assert.equal(release(new Float64Array(4)), false);
    assert.equal(release(allocate("float64", 8).subarray(1)), false);
  });

  test("block sizes round up by at most 25% and stay 64-byte aligned", () => {
    for (const bytes of [1, 63, 64, 65, 4096, 5000, 80_000_000, 123_456_789]) {
      const r = roundBlock(bytes);
      assert.ok(r >= bytes && r % 64 === 0, `${bytes} -> ${r}`);
      assert.ok(bytes < 4096 || r <= bytes * 1.25 + 64, `${bytes} -> ${r}`);
    }
  });

  test("every dtype allocates zeroed, with the right type and length", () => {
    assert.ok(allocate("int32", 5) instanceof Int32Array);
    assert.ok(allocate("uint8", 5) instanceof Uint8Array);
    assert.ok(allocate("bool", 5) instanceof Uint8Array);
    assert.ok(allocate("float32", 5) instanceof Float32Array);
    assert.equal(allocate("complex128", 5).length, 10, "complex128: interleaved re, im");
    assert.equal(allocate("float64", 0).length, 0);
    assert.throws(() => allocate("float64", -1), /negative dimensions/);
    assert.throws(() => allocate("float16" as "float64", 3), /not understood/);
  });

  test("configureMemory after the first allocation is refused (views would be stranded)", () => {
    assert.throws(() => configureMemory({ shared: false }), /before the runtime allocates/);
  });
});

describe("overlap", () => {
  test("partiallyOverlaps: exact alias is fine, shifted views are not", () => {
    const a = allocate("float64", 10);
    assert.equal(partiallyOverlaps(a, a), false);
    assert.equal(partiallyOverlaps(a.subarray(0, 9), a.subarray(1, 10)), true);
    assert.equal(partiallyOverlaps(a.subarray(0, 5), a.subarray(5, 10)), false);
    const p = new Float64Array(10);
    assert.equal(partiallyOverlaps(p.subarray(2), p), true);
    assert.equal(partiallyOverlaps(p, a), false);
  });
});

describe("garbage collection", () => {
  test("blocks of arrays nobody references return to the free lists after a GC", () => {
    // a child process, because gc() needs --expose-gc
    const kernels = fileURLToPath(new URL("../../runtime/kernels/index.ts", import.meta.url));
    const script = `
      const { allocate, memoryInfo } = await import(${JSON.stringify(kernels)});
      (function () { for (let i = 0; i < 10; i++) allocate("float64", 100000); })();
      const before = memoryInfo().freeBytes;
      for (let round = 0; round < 50 && memoryInfo().freeBytes === before; round++) {
        globalThis.gc();
        await new Promise((r) => setTimeout(r, 10));
      }
      console.log(JSON.stringify({ before, after: memoryInfo().freeBytes }));`;
    const dir = mkdtempSync(join(tmpdir(), "arraylint-gc-"));
    const file = join(dir, "reclaim.mts");
    writeFileSync(file, script);
    let output: string;
    try {
      output = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", file], { encoding: "utf8" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { before, after } = JSON.parse(output.trim().split("\n").pop()!);
    assert.equal(before, 0);
    assert.ok(after >= 10 * 800_000, `reclaimed ${after} bytes`);
  });
});
