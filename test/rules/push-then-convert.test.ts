// push-then-convert: valid/invalid tables (one valid row per guard clause of the rule, one
// invalid row per reason a finding gets no safe fix) and a differential test of the safe fix
// on edge-case bounds (negative, fractional, NaN, zero).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Engine, applyEdits } from "../../server/engine/index";
import {
  assertInvalid,
  assertValid,
  explanationsOf,
  findingsOf,
  loadModule,
  type InvalidCase,
  type ValidCase,
} from "../engine/rule-harness";

const RULE = "push-then-convert";

/** A module with one exported function `f(params)` whose body is `body`. */
function fn(params: string, body: string, returnType = "unknown"): string {
  return `export function f(${params}): ${returnType} {\n${body}\n}\n`;
}

const valid: ValidCase[] = [
  {
    // const a = [0]: not grown from empty
    name: "starts non-empty",
    code: fn("n: number", "  const a: number[] = [0];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
  },
  {
    // const [a] = []: destructuring, nothing to grow
    name: "destructuring declaration",
    code: fn("n: number", "  const [a] = [[] as number[]];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
  },
  {
    // for (const a: number[] = []; …): not a plain declaration statement
    name: "declared in a for header",
    code: fn("n: number", "  for (const a: number[] = []; a.length < n; ) a.push(1);\n  return 0;"),
  },
  {
    // const a: (number | string)[] = []: only numeric lists convert to typed arrays like numbers
    name: "non-numeric list",
    code: fn("n: number", "  const a: (number | string)[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  // @ts-expect-error not ArrayLike<number>\n  return new Float64Array(a);"),
  },
  {
    // new Set(a): a built-in constructor, but not a typed array
    name: "converted to something other than a typed array",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Set(a);"),
  },
  {
    // const len = a.push(v): the returned length is used, so this is list code
    name: "push whose result is used",
    code: fn("n: number", "  const a: number[] = [];\n  let len = 0;\n  for (let i = 0; i < n; i++) len = a.push(i);\n  return [len, new Float64Array(a)];"),
  },
  {
    // for (…; i++) { …; i++ }: the body also moves the counter, so the trip count is not n
    name: "counter written in the body",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) {\n    a.push(i);\n    if (i % 7 === 0) i++;\n  }\n  return new Float64Array(a);"),
  },
  {
    // for (const v of x) { if (v < 0) break; … }: for-of can stop early too
    name: "early exit from a for-of loop",
    code: fn("x: Float64Array", "  const a: number[] = [];\n  for (const v of x) {\n    if (v < 0) break;\n    a.push(v);\n  }\n  return new Float64Array(a);"),
  },
  {
    // the list is built but never converted: a list is the right type
    name: "no typed-array conversion",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return a;"),
  },
  {
    // converted, but before the loop fills it: the conversion copies an empty list
    name: "conversion before the growth",
    code: fn("n: number", "  const a: number[] = [];\n  const t = new Float64Array(a);\n  for (let i = 0; i < n; i++) a.push(i);\n  return [t, a];"),
  },
  {
    // a.push(1); a.push(2); then convert: no loop, nothing to preallocate
    name: "growth outside any loop",
    code: fn("", "  const a: number[] = [];\n  a.push(1);\n  a.push(2);\n  return new Float64Array(a);"),
  },
  {
    // const a = []; a.push("x"): an evolving array of strings
    name: "non-numeric values pushed into an evolving array",
    code: fn("n: number", "  const a = [];\n  for (let i = 0; i < n; i++) a.push(String(i));\n  // @ts-expect-error string[] is not ArrayLike<number>\n  return new Float64Array(a);"),
  },
  {
    // if (x[i] > t) a.push(x[i]): a filter, the final length depends on the data (corpus negative)
    name: "conditional growth (a filter)",
    code: fn("x: Float64Array, t: number", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > t) a.push(x[i]);\n  }\n  return Float64Array.from(a);"),
  },
  {
    // while (v > 1) a.push(v /= 2): the number of iterations depends on the data
    name: "while loop",
    code: fn("v: number", "  const a: number[] = [];\n  while (v > 1) {\n    v /= 2;\n    a.push(v);\n  }\n  return new Float64Array(a);"),
  },
  {
    // for (…; i += 2): not a simple counter, left alone
    name: "for loop that is not a unit counter",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i += 2) a.push(i);\n  return new Float64Array(a);"),
  },
  {
    // for (const v of set): a Set has no length up front in the loop's terms
    name: "for-of over a Set",
    code: fn("s: Set<number>", "  const a: number[] = [];\n  for (const v of s) a.push(v);\n  return new Float64Array(a);"),
  },
  {
    // if (x[i] < 0) break: the loop can stop early, the length is data-dependent
    name: "early exit from the loop",
    code: fn("x: Float64Array", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < 0) break;\n    a.push(x[i]);\n  }\n  return new Float64Array(a);"),
  },
  {
    // for (…) run(() => a.push(i)): the growth runs in a callback whose calls we cannot count
    name: "growth inside a callback in the loop",
    code: fn("n: number, run: (g: () => void) => void", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) run(() => {\n    a.push(i);\n  });\n  return new Float64Array(a);"),
  },
  {
    // class Float64Array {…}: a user class with the same name is not the typed array
    name: "a shadowing Float64Array class",
    code:
      "class Float64Array { constructor(public v: number[]) {} }\n" +
      fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
  },
];

/** The lecture's growing list and its preallocated rewrite. */
const LECTURE = fn("n: number", "  const xs: number[] = [];\n  for (let i = 0; i < n; i++) {\n    xs.push(i);\n  }\n  return Int32Array.from(xs);", "Int32Array");
const LECTURE_FIXED = fn(
  "n: number",
  "  const xs = new Int32Array(Math.max(0, Math.ceil(n)));\n  for (let i = 0; i < n; i++) {\n    xs[i] = i;\n  }\n  return xs;",
  "Int32Array",
);

const invalid: InvalidCase[] = [
  {
    name: "the lecture: push n integers then Int32Array.from (bound n: trip count max(0, ceil(n)))",
    code: LECTURE,
    line: 2,
    message: /`xs` is grown element by element.*Int32Array/,
    fix: { safe: true, title: /Preallocate `xs` as new Int32Array/, output: LECTURE_FIXED },
  },
  {
    name: "bound x.length, step i += 1, spread growth, new Float32Array",
    code: fn("x: Float64Array", "  let acc: number[] = [];\n  for (let i = 0; i < x.length; i += 1) {\n    acc = [...acc, x[i] * 0.5];\n  }\n  return new Float32Array(acc);"),
    line: 2,
    fix: {
      safe: true,
      output: fn("x: Float64Array", "  const acc = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i += 1) {\n    acc[i] = x[i] * 0.5;\n  }\n  return acc;"),
    },
  },
  {
    name: "literal bound, concat growth, a statement between declaration and loop, .length read after",
    code: fn("k: number", "  let a: number[] = [];\n  const s = k * 2;\n  for (let i = 0; i < 100; ++i) a = a.concat(i * s);\n  const t = new Float64Array(a);\n  return t.length + a.length;"),
    line: 2,
    fix: {
      safe: true,
      output: fn("k: number", "  const s = k * 2;\n  const a = new Float64Array(100);\n  for (let i = 0; i < 100; ++i) a[i] = i * s;\n  const t = a;\n  return t.length + a.length;"),
    },
  },
  {
    name: "an empty start written `[] as number[]`",
    code: fn("n: number", "  const a = [] as number[];\n  for (let i = 0; i < 10; i++) a.push(i * n);\n  return new Float64Array(a);"),
    line: 2,
    fix: { safe: true, output: fn("n: number", "  const a = new Float64Array(10);\n  for (let i = 0; i < 10; i++) a[i] = i * n;\n  return a;") },
  },
  {
    name: "nd.array(a, \"float64\") keeps the runtime call and preallocates a Float64Array",
    code:
      'import * as nd from "arraylint/runtime";\n' +
      fn("x: Float64Array", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(Math.sqrt(x[i]));\n  return nd.array(a, \"float64\");"),
    line: 3,
    fix: {
      safe: true,
      output:
        'import * as nd from "arraylint/runtime";\n' +
        fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = Math.sqrt(x[i]);\n  return nd.array(a, \"float64\");"),
    },
  },
  // Findings without a safe fix: the length is known, but the rewrite is not provably the same.
  {
    name: "nd.array(a) without a dtype: the runtime infers it from the list",
    code: 'import * as nd from "arraylint/runtime";\n' + fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return nd.array(a);"),
    line: 3,
    message: /nd\.array infers a dtype/,
  },
  {
    name: "several declarators in one statement",
    code: fn("n: number", "  const a: number[] = [], b = 2;\n  for (let i = 0; i < n; i++) a.push(i * b);\n  return new Float64Array(a);"),
    line: 2,
    message: /declares several variables/,
  },
  {
    name: "two growth sites",
    code: fn("n: number", "  const a: number[] = [];\n  a.push(-1);\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 2,
    message: /more than one place/,
  },
  {
    name: "several values per step",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i, -i);\n  return new Float64Array(a);"),
    line: 2,
    message: /several values/,
  },
  {
    name: "the value reads the partial list",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(a.length * 2);\n  return new Float64Array(a);"),
    line: 2,
    message: /reads the array itself/,
  },
  {
    name: "also used as a plain list",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(n - i);\n  a.sort();\n  return new Float64Array(a);"),
    line: 2,
    message: /plain list/,
  },
  {
    name: "converted twice (two independent copies)",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return [new Float64Array(a), new Float64Array(a)];"),
    line: 2,
    message: /more than once/,
  },
  {
    name: "the conversion maps the values",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return Float64Array.from(a, (v) => v / 2);"),
    line: 2,
    message: /maps or re-types/,
  },
  {
    name: "nested loops (index i*m + j)",
    code: fn("n: number, m: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) {\n    for (let j = 0; j < m; j++) a.push(i * m + j);\n  }\n  return new Float64Array(a);"),
    line: 2,
    message: /nested loops/,
  },
  {
    name: "the growth sits in an inner block of the loop body",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) {\n    {\n      a.push(i);\n    }\n  }\n  return new Float64Array(a);"),
    line: 2,
    message: /not a direct statement/,
  },
  {
    name: "the counter starts at 1",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 1; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 2,
    message: /does not start at 0/,
  },
  {
    name: "the loop is in an inner block",
    code: fn("n: number", "  const a: number[] = [];\n  {\n    for (let i = 0; i < n; i++) a.push(i);\n  }\n  return new Float64Array(a);"),
    line: 2,
    message: /same block/,
  },
  {
    name: "the bound is reassigned elsewhere",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  n = 0;\n  return new Float64Array(a);"),
    line: 2,
    message: /bound may change/,
  },
  {
    name: "for-of over a typed array: known length, but no index counter",
    code: fn("x: Float64Array", "  const a: number[] = [];\n  for (const v of x) a.push(v * 2);\n  return new Float64Array(a);"),
    line: 2,
    message: /no index counter/,
  },
  {
    name: "the bound is the length of a variable that is reassigned",
    code: fn("x: Float64Array, y: Float64Array", "  let src = x;\n  if (y.length > 0) src = y;\n  const a: number[] = [];\n  for (let i = 0; i < src.length; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 4,
    message: /bound may change/,
  },
  {
    name: "the bound is the length of something that is not an array",
    code: fn("o: { length: number }", "  const a: number[] = [];\n  for (let i = 0; i < o.length; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 2,
    message: /bound may change/,
  },
  {
    name: "the bound is the length of a list the body may grow",
    code: fn("x: number[], g: (i: number) => number", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(g(i));\n  return new Float64Array(a);"),
    line: 2,
    message: /bound may change/,
  },
  {
    name: "a.length read inside the loop",
    code: fn("n: number", "  const a: number[] = [];\n  let big = 0;\n  for (let i = 0; i < n; i++) {\n    a.push(i);\n    big += a.length;\n  }\n  return [big, new Float64Array(a)];"),
    line: 2,
    message: /before the loop has finished/,
  },
  {
    name: "the conversion runs once per outer iteration",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  const out: Float64Array[] = [];\n  for (let r = 0; r < 2; r++) out.push(new Float64Array(a));\n  return out;"),
    line: 2,
    message: /more than once/,
  },
];

// The engine swallows rule crashes (a crash must not break analysis), so a guard that "works"
// by crashing would look like a silent rule: every row also asserts that nothing was logged.
const crashes: string[] = [];
const crashWatchingEngine = new Engine({ logger: { error: (message: string) => crashes.push(message) } });

function assertNoCrash(code: string): void {
  crashes.length = 0;
  crashWatchingEngine.analyze("/virtual/crash-check.ts", code, { runtimeImport: "arraylint/runtime", rules: [RULE], explain: true });
  assert.deepEqual(crashes, [], "the rule crashed");
}

describe(`${RULE}: valid`, () => {
  for (const c of valid)
    test(c.name, () => {
      assertValid(RULE, c);
      assertNoCrash(c.code);
    });
});

describe(`${RULE}: invalid`, () => {
  for (const c of invalid)
    test(c.name, () => {
      assertInvalid(RULE, c);
      assertNoCrash(c.code);
    });
});

describe(`${RULE}: explanations`, () => {
  const explained: Array<[string, RegExp]> = [
    ["conditional growth (a filter)", /growth is conditional, so the final length depends on the data/],
    ["while loop", /number of loop iterations is data-dependent/],
    ["growth inside a callback in the loop", /grown inside another function/],
    ["early exit from the loop", /leave an iteration early/],
    ["early exit from a for-of loop", /leave an iteration early/],
    ["for-of over a Set", /without a known length/],
  ];
  for (const [name, pattern] of explained) {
    test(`${name}: the information diagnostic names the blocker`, () => {
      const messages = explanationsOf(RULE, valid.find((c) => c.name === name)!.code);
      assert.ok(messages.some((m) => pattern.test(m)), JSON.stringify(messages));
    });
  }
});

describe(`${RULE}: the safe fix behaves like the original`, () => {
  test("lecture loop: same values for negative, fractional, NaN, zero and ordinary bounds", () => {
    const [finding] = findingsOf(RULE, LECTURE);
    assert.ok(finding?.fix?.safe);
    const original = loadModule(LECTURE);
    const fixed = loadModule(applyEdits(LECTURE, finding.fix.edits));
    for (const n of [-3, -0.5, 0, 0.5, 2.5, NaN, -Infinity, 7, 1000]) {
      const want = original.f(n) as Int32Array;
      const got = fixed.f(n) as Int32Array;
      assert.ok(got instanceof Int32Array, `n=${n}: got ${Object.prototype.toString.call(got)}`);
      assert.deepEqual(Array.from(got), Array.from(want), `n=${n}`);
    }
  });

  test("conversion semantics kept: Int32/Uint8Clamped/Float32 wrap, clamp and round the same", () => {
    for (const ctor of ["Int32Array", "Uint8ClampedArray", "Float32Array", "Int8Array"]) {
      const code = fn("x: Float64Array", `  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(x[i] * 1e3);\n  return new ${ctor}(a);`);
      const [finding] = findingsOf(RULE, code);
      assert.ok(finding?.fix?.safe, ctor);
      const x = Float64Array.from([0.4, -0.0006, 1.7, NaN, 3e7, -3e7, 2.5e-4, Infinity, -Infinity, 0.1275]);
      const want = loadModule(code).f(x) as ArrayLike<number>;
      const got = loadModule(applyEdits(code, finding.fix.edits)).f(x) as ArrayLike<number>;
      assert.equal(Object.prototype.toString.call(got), Object.prototype.toString.call(want));
      assert.deepEqual(Array.from(got), Array.from(want), ctor);
    }
  });
});

describe(`${RULE}: benchmark spec`, () => {
  test("the safe finding carries the span from the declaration to the conversion, before and after", () => {
    const [finding] = findingsOf(RULE, LECTURE);
    assert.ok(finding.bench, "no bench spec");
    assert.equal(finding.bench.before, "const xs: number[] = [];\n  for (let i = 0; i < n; i++) {\n    xs.push(i);\n  }\n  return Int32Array.from(xs);");
    assert.equal(finding.bench.after, "const xs = new Int32Array(Math.max(0, Math.ceil(n)));\n  for (let i = 0; i < n; i++) {\n    xs[i] = i;\n  }\n  return xs;");
    assert.deepEqual(finding.bench.variables, [{ name: "n", type: "number", role: "scalar" }]);
  });

  test("a conversion stored in a const is returned by the benchmarked body", () => {
    const code = fn("x: Float64Array", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(x[i] + 1);\n  const t = new Float64Array(a);\n  return t[0];");
    const [finding] = findingsOf(RULE, code);
    assert.ok(finding.bench);
    assert.ok(finding.bench.before.endsWith("const t = new Float64Array(a);\nreturn t;"), finding.bench.before);
    assert.ok(finding.bench.after.endsWith("const t = a;\nreturn t;"), finding.bench.after);
    assert.deepEqual(finding.bench.variables, [{ name: "x", type: "Float64Array", role: "input" }]);
  });
});
