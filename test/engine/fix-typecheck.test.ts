// Every fix (safe or refactor) of elementwise-loop and manual-reduction leaves a module that
// type-checks under `strict` against the real runtime's types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Project, ts } from "ts-morph";
import { Engine, applyEdits, type AnalyzeOptions } from "../../server/engine/index";

const root = join(__dirname, "..", "..");
const OPTS: AnalyzeOptions = { runtimeImport: "arraylint/runtime", rules: ["elementwise-loop", "manual-reduction"] };

const SNIPPETS = `
export function a1(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = Math.sqrt(x[i]) * 2 + x[i] ** 2;
  return y;
}
export function a2(x: Float64Array, y: Float32Array, n: number): Float32Array {
  for (let i = 0; i < n; i++) y[i] = -x[i] / 3;
  return y;
}
export function a3(x: number[]): Float64Array {
  const y = new Float64Array(x.length);
  for (const [i, v] of x.entries()) y[i] = v - 1;
  return y;
}
export function r1(x: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * b[i];
  return s;
}
export function r2(o: number[], p: number[]): number {
  let rss = 0;
  for (let i = 0; i < o.length; i++) rss += (o[i] - p[i]) ** 2;
  return rss;
}
export function r3(x: Float64Array): number {
  let best = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > best) best = x[i];
  return best;
}
export function r4(x: Int16Array): number {
  let lo = Infinity;
  for (let i = 0; i < x.length; i++) lo = Math.min(lo, x[i]);
  return lo;
}
export function r5(x: Float64Array): number {
  let p = 1;
  for (let i = 0; i < x.length; i++) p *= x[i];
  return p;
}
export function a4(x: Float64Array, lo: number): Int32Array {
  const f = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) f[i] = x[i] < lo || !(x[i] <= 2) ? 1 : 0;
  return f;
}
export function a5(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : -x[i];
  return y;
}
export const r6 = (v: number[]): number => v.reduce((a, b) => a + b, 0);
export const r7 = (v: Uint8Array): number => v.reduce((a, b) => Math.max(a, b), -Infinity);
`;

function typeErrors(text: string): string[] {
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts"],
      types: [],
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      baseUrl: root,
      paths: { "arraylint/runtime": ["runtime/index.ts"] },
    },
    skipAddingFilesFromTsConfig: true,
  });
  const sf = project.createSourceFile(join(root, "test", "engine", "__fixed_snippet__.ts"), text, { overwrite: true });
  return sf.getPreEmitDiagnostics().filter((d) => d.getSourceFile() === sf).map((d) => `${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as string, "\n")}`);
}

test("the snippets type-check before any fix", () => {
  assert.deepEqual(typeErrors(SNIPPETS), []);
});

test("every offered fix leaves a module that type-checks under strict", () => {
  const findings = new Engine().analyze("/v/typecheck.ts", SNIPPETS, OPTS).findings;
  const withFix = findings.filter((f) => f.fix);
  assert.ok(withFix.length >= 11, `expected a fix per snippet, got ${withFix.length}: ${findings.map((f) => f.message).join("\n")}`);
  for (const f of withFix) {
    const fixed = applyEdits(SNIPPETS, f.fix!.edits);
    assert.deepEqual(typeErrors(fixed), [], `after "${f.fix!.title}"`);
  }
});
