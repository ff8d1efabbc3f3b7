// The committed artefacts match their sources: js-kernels.ts and kernels.wat match their
// generators, and wasm-bytes.ts is exactly what wabt assembles from kernels.wat.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { decodeBase64 } from "../../runtime/kernels/wasm";
import { KERNELS_SHARED_BASE64, KERNELS_UNSHARED_BASE64 } from "../../runtime/kernels/wasm-bytes";

// the repo's lib settings do not declare WebAssembly; the few members used here
const WA = (globalThis as unknown as {
  WebAssembly: { validate(b: Uint8Array): boolean; Module: { new (b: Uint8Array): object; exports(m: object): { name: string }[] } };
}).WebAssembly;

test("committed kernels match kernels.wat and the generators (npm run build:wasm -- --check)", () => {
  const script = fileURLToPath(new URL("../../runtime/kernels/tools/build-wasm.mjs", import.meta.url));
  let output = "";
  try {
    output = execFileSync(process.execPath, [script, "--check"], { encoding: "utf8" });
  } catch (error) {
    assert.fail(`stale generated kernels:\n${(error as { stdout?: string }).stdout ?? error}`);
  }
  assert.match(output, /match their sources/);
});

test("the embedded modules decode to valid WebAssembly with every kernel exported", () => {
  for (const base64 of [KERNELS_SHARED_BASE64, KERNELS_UNSHARED_BASE64]) {
    const bytes = decodeBase64(base64);
    assert.deepEqual(Array.from(bytes.subarray(0, 4)), [0, 0x61, 0x73, 0x6d], "\\0asm magic");
    assert.ok(WA.validate(bytes));
    const names = WA.Module.exports(new WA.Module(bytes)).map((e) => e.name);
    for (const k of ["f64", "f32"]) {
      for (const op of ["add", "subtract", "multiply", "divide"]) assert.ok(names.includes(`${op}_${k}`) && names.includes(`${op}_scalar_${k}`), `${op}_${k}`);
      for (const name of ["sqrt", "abs", "negative", "sum", "dot", "matmul_pack_b", "matmul_rows"]) assert.ok(names.includes(`${name}_${k}`), `${name}_${k}`);
    }
  }
});

test("decodeBase64 matches Buffer's decoder and rejects garbage", () => {
  for (const text of ["", "QQ==", "QUI=", "QUJD", "AAECAwQFBgcICQ=="]) {
    assert.deepEqual(Array.from(decodeBase64(text)), Array.from(Buffer.from(text, "base64")));
  }
  assert.throws(() => decodeBase64("QU*D"), /invalid base64/);
});
