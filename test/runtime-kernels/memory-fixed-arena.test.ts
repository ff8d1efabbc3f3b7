// Without shared memory (a browser page that is not cross-origin isolated) the arena is a
// fixed memory that never grows; when it is full, allocations go to the JS heap. Views
// must never be detached and every kernel must stay correct on mixed placements.
// (Own file: configureMemory must run before the process's first allocation.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { allocate, binaryKernel, configureMemory, isWasmResident, kernelPath, matmulKernel, memoryInfo, sumKernel } from "../../runtime/kernels/index";

configureMemory({ shared: false, maxBytes: 2 * 1024 * 1024 });

test("the unshared WASM module runs the kernels in place on a fixed arena", async () => {
  const { hasWasmKernels } = await import("../../runtime/kernels/index");
  assert.ok(hasWasmKernels(), "the module importing a plain (unshared) memory instantiates");
  const a = allocate("float64", 100), b = allocate("float64", 100), out = allocate("float64", 100);
  assert.ok(isWasmResident(a) && isWasmResident(b) && isWasmResident(out), "the arena is empty at the start of this file");
  for (let i = 0; i < 100; i++) (a[i] = i), (b[i] = 0.5);
  assert.equal(kernelPath(a, b, out), "wasm");
  binaryKernel("divide", a, b, out);
  assert.ok(out.every((x, i) => x === i / 0.5));
});

test("a full fixed arena falls back to heap buffers; earlier views stay valid", () => {
  const first = allocate("float64", 1000);
  first.fill(2);
  const info = memoryInfo()!;
  assert.equal(info.shared, false);
  assert.equal(info.memoryBytes, 2 * 1024 * 1024);
  const held: Float64Array[] = [];
  for (let i = 0; i < 8; i++) held.push(allocate("float64", 50_000)); // 8 × 400 kB > 2 MiB
  const after = memoryInfo()!;
  assert.ok(after.heapFallbacks > 0, "some allocations went to the JS heap");
  assert.equal(after.memoryBytes, info.memoryBytes, "the fixed arena never grows");
  assert.equal(first.length, 1000, "not detached");
  assert.equal(first[999], 2);
  const resident = held.filter((x) => isWasmResident(x));
  const heap = held.filter((x) => !isWasmResident(x));
  assert.ok(resident.length > 0 && heap.length > 0);
  resident[0].fill(1.5);
  heap[0].fill(0.25);
  const out = allocate("float64", 50_000); // heap too, by now
  assert.equal(kernelPath(resident[0], heap[0], out), "js");
  binaryKernel("multiply", resident[0], heap[0], out);
  assert.ok(out.every((x) => x === 0.375));
  assert.equal(sumKernel(resident[0]), 75_000);
  assert.equal(sumKernel(heap[0]), 12_500);
});

test("matmul of plain arrays when no WASM scratch fits falls back to JS and is still right", () => {
  const m = 64;
  const a = new Float64Array(m * m).fill(1), b = new Float64Array(m * m).fill(2), out = new Float64Array(m * m);
  matmulKernel(a, b, out, m, m, m);
  assert.ok(out.every((x) => x === 2 * m));
});
