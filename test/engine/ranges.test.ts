// The shared range, def-use and escape analyses (server/engine/analysis/ranges.ts, defuse.ts,
// escapes.ts): stores modelled through each typed array's conversion (a property test against
// real typed arrays), literal values, cache invalidation across file versions, module escapes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Project, SyntaxKind, type Identifier } from "ts-morph";
import { ELEMENT_TYPES, domainOf, storedDomain, type Domain } from "../../server/engine/analysis/ranges";
import { literalValue } from "../../server/engine/analysis/vectorize";
import { usesOf } from "../../server/engine/analysis/defuse";
import { escapesOf } from "../../server/engine/analysis/escapes";
import { Engine } from "../../server/engine/index";

const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, allowJs: true } });
let n = 0;

function lastInitializer(code: string) {
  const sf = project.createSourceFile(`/r${n++}.ts`, code);
  return sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration).at(-1)!.getInitializerOrThrow();
}

function declared(code: string, name: string, ext = ".ts"): Identifier {
  const sf = project.createSourceFile(`/e${n++}${ext}`, code);
  return sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === name)!.getNameNode() as Identifier;
}

describe("storedDomain: what a typed array holds after a store", () => {
  const domain = fc
    .tuple(fc.double({ min: -1e10, max: 1e10, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.boolean(), fc.boolean())
    .map(([lo, width, int, nan]): Domain => {
      const a = int ? Math.round(lo) : lo;
      const b = int ? Math.round(lo + width) : lo + width;
      return { lo: a, hi: Math.max(a, b), int, nan, negZero: false };
    });
  for (const name of Object.keys(ELEMENT_TYPES)) {
    test(`${name}: every stored value of a value in the domain lies in storedDomain (NaN → 0, wrap, clamp, fround)`, () => {
      const type = ELEMENT_TYPES[name];
      const ctor = (globalThis as unknown as Record<string, new (n: number) => { [i: number]: number }>)[name];
      fc.assert(
        fc.property(domain, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (d, t, pickNaN) => {
          const v = d.nan && pickNaN ? NaN : d.int ? Math.round(d.lo + t * (d.hi - d.lo)) : d.lo + t * (d.hi - d.lo);
          const target = new ctor(1);
          target[0] = v;
          const stored = storedDomain(d, type);
          if (!stored) return true; // any number: nothing to check
          const got = target[0];
          if (Number.isNaN(got)) return stored.nan;
          return got >= stored.lo && got <= stored.hi;
        }),
        { numRuns: 2000 },
      );
    });
  }
  test("the issue 9 repro: i - 32 for i < 64 stored into a Uint32Array fills both ends of the range", () => {
    const stored = storedDomain({ lo: -32, hi: 31, int: true, nan: false, negZero: false }, ELEMENT_TYPES.Uint32Array)!;
    assert.deepEqual([stored.lo, stored.hi], [0, 4294967295]);
    const int32 = storedDomain({ lo: -32, hi: 31, int: true, nan: false, negZero: false }, ELEMENT_TYPES.Int32Array)!;
    assert.deepEqual([int32.lo, int32.hi], [-32, 31]);
  });
});

describe("literal values", () => {
  test("exponent notation, hex and separators are read as the numbers they are (ts-morph's getLiteralValue reads 1e-300 as 1)", () => {
    for (const [text, value] of [["1e-300", 1e-300], ["1e-7", 1e-7], ["1e21", 1e21], ["0x10", 16], ["1_000", 1000], ["2.5", 2.5]] as const) {
      const init = lastInitializer(`const v = ${text};`);
      assert.equal(domainOf(init)?.lo, value, `domainOf(${text})`);
      assert.equal(literalValue(init), value, `vectorize literalValue(${text})`);
    }
  });
  test("branch conditions narrow a constant where it is read", () => {
    const init = lastInitializer("declare const i: 0 | 100 | 255;\nconst e = i - 127;\nlet v = 0;\nif (e < -14) { const w = -e - 1; }\n");
    void init;
    const sf = project.createSourceFile(`/b${n++}.ts`, "export function f(t: Uint32Array) {\n  for (let i = 0; i < 256; ++i) {\n    const e = i - 127;\n    if (e < -27) t[i] = 24;\n    else if (e < -14) t[i] = -e - 1;\n  }\n}\n");
    const value = sf.getDescendantsOfKind(SyntaxKind.BinaryExpression).find((b) => b.getText() === "t[i] = -e - 1")!.getRight();
    const d = domainOf(value)!;
    assert.deepEqual([d.lo, d.hi], [14, 26]);
  });
});

describe("def-use index", () => {
  test("references, writes and declarations of one variable, shadowing excluded", () => {
    const id = declared("export function f(n: number) {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i;\n  { const s = 5; void s; }\n  s = s * 2;\n  return { s };\n}\n", "s");
    const uses = usesOf(id)!;
    assert.deepEqual(
      uses.references.map((r) => r.kind),
      ["declaration", "update", "assign", "read", "read"],
    );
    assert.equal(uses.writes.length, 2);
  });
  test("an engine re-analysing a changed file does not reuse the old version's index", () => {
    const engine = new Engine();
    const v1 = "export function f(x: Float64Array): number {\n  const a = new Int32Array(64);\n  for (let i = 0; i < 64; i++) a[i] = i & 7;\n  let s = 0;\n  for (const v of a) s += v;\n  return s;\n}\n";
    const v2 = v1.replace("a[i] = i & 7;", "a[i] = i & 7;\n  a[0] = 100000;");
    const first = engine.analyze("/virtual/same.ts", v1, { runtimeImport: "arraylint/runtime", rules: ["oversized-dtype"] });
    assert.equal(first.findings.length, 1);
    const second = engine.analyze("/virtual/same.ts", v2, { runtimeImport: "arraylint/runtime", rules: ["oversized-dtype"] });
    assert.deepEqual(second.findings, [], "the new write of 100000 must be seen");
    const third = engine.analyze("/virtual/same.ts", v1, { runtimeImport: "arraylint/runtime", rules: ["oversized-dtype"] });
    assert.equal(third.findings.length, 1);
  });
});

describe("escapes that know modules", () => {
  const fill = "const t = new Float64Array(64);\nfor (let i = 0; i < 64; i++) t[i] = i;\n";
  const cases: Array<[string, string, string, RegExp | undefined]> = [
    ["export { t }", `${fill}export { t };\n`, ".ts", /^exported$/],
    ["export { t as table }", `${fill}export { t as table };\n`, ".ts", /exported as `table`/],
    ["export default t", `${fill}export default t;\n`, ".ts", /default export/],
    ["export const", "export const t = new Float64Array(64);\n", ".ts", /^exported$/],
    ["module.exports = { t }", `${fill}module.exports = { t };\n`, ".js", /exported through `module\.exports` inside an object/],
    ["exports.t = t", `${fill}exports.t = t;\n`, ".js", /exported through `exports\.t`/],
    ["stored into an exported object", `export const o: { t?: Float64Array } = {};\n${fill}o.t = t;\n`, ".ts", /stored in the exported `o`/],
    ["returned by an exported function", `${fill}export function get() {\n  return t;\n}\n`, ".ts", /returned/],
    ["filled by an exported function", `${fill}export function reset() {\n  t.fill(0);\n}\n`, ".ts", /captured/],
    ["passed to a function", `${fill}console.log(t);\n`, ".ts", /passed to `console\.log`/],
    ["only read by an exported function", `${fill}export function at(i: number) {\n  return t[i] + t.length;\n}\n`, ".ts", undefined],
    ["re-exported from elsewhere (not this t)", `${fill}export { t as u } from "./other";\n`, ".ts", undefined],
  ];
  for (const [name, code, ext, why] of cases) {
    test(name, () => {
      const escapes = escapesOf(declared(code, "t", ext));
      if (why === undefined) assert.deepEqual(escapes.map((e) => e.why), []);
      else assert.ok(escapes.some((e) => why.test(e.why)), JSON.stringify(escapes.map((e) => e.why)));
    });
  }
});
