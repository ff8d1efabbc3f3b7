// Re-analysing only the edited function (server/engine/incremental.ts) must give exactly what a whole
// analysis of the new text gives. Checked two ways: edits the engine should take locally and edits it
// must refuse (each compared with a reference engine that analyses every text whole), and random edit
// sequences on real numeric code (examples/ and the shared corpus), where every step is compared.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Engine, type AnalyzeOptions, type AnalyzeResult } from "../../server/engine/index";
import { SEEDS, mutate, tokensOf, type Mutation } from "../fuzz/inputs";
import { EDIT_SLACK, paddedText, skeletonText } from "../../server/engine/incremental";

const OPTIONS: AnalyzeOptions = { runtimeImport: "@arraylint/runtime", budgetMs: 60_000 };

function comparable(r: AnalyzeResult): unknown {
  return { findings: r.findings, explanations: r.explanations, notes: r.notes };
}

/** How many local re-analyses parsed each kind of compiler copy (slack, skeleton), over the whole file. */
const copies: Record<string, number> = {};

/**
 * Analyses `texts` in order with an incremental engine and a whole-file one; returns the scopes taken.
 * `prepare`: the incremental engine prepares for edits after each analysis, as the server does when idle.
 * Whenever the engine expects a whole-file analysis (the server's debounce), it makes one.
 */
function compareSequence(path: string, texts: string[], options: AnalyzeOptions = OPTIONS, prepare = false): string[] {
  const incremental = new Engine();
  const reference = new Engine({ reuseEdits: false });
  const scopes: string[] = [];
  for (const [i, text] of texts.entries()) {
    const expectsLocal = incremental.expectsLocalAnalysis(path, text);
    const got = incremental.analyze(path, text, options);
    if (prepare) incremental.prepareForEdits(path);
    if (!expectsLocal) assert.equal(got.timings?.scope, "file", `step ${i} of ${path}: a whole-file analysis was expected`);
    const want = reference.analyze(path, text, options);
    assert.deepEqual(comparable(got), comparable(want), `step ${i} (${got.timings?.scope} ${got.timings?.copy ?? ""}) of ${path} differs from a whole analysis:\n${text}`);
    scopes.push(got.timings?.scope ?? "?");
    if (got.timings?.copy) copies[got.timings.copy] = (copies[got.timings.copy] ?? 0) + 1;
  }
  return scopes;
}

const scale = (i: number, k = "k") => `export function scale${i}(x: Float64Array, y: Float64Array, k: number): void {\n  for (let j = 0; j < x.length; j++) {\n    y[j] = x[j] * ${k} + ${i};\n  }\n}\n`;
const total = (i: number) => `export function total${i}(x: Float64Array): number {\n  let s = 0;\n  for (let j = 0; j < x.length; j++) s += x[j];\n  return s;\n}\n`;
const collect = (i: number) => `export function collect${i}(n: number): Float64Array {\n  const out: number[] = [];\n  for (let j = 0; j < n; j++) out.push(j * ${i + 1});\n  return Float64Array.from(out);\n}\n`;
const numeric = (n: number) => Array.from({ length: n }, (_, i) => scale(i) + total(i) + collect(i)).join("");

test("an edit inside one self-contained function re-analyses that function only, with the whole analysis's result", () => {
  const base = numeric(6);
  const edits = [
    base.replace("x[j] * k + 3;", "x[j] * k + 33;"),
    // a statement added (lines move for everything after it)
    base.replace("x[j] * k + 3;", "x[j] * k + 33;\n    y[j] += 1;"),
    // the loop removed: its finding goes, the others move up
    base.replace("  for (let j = 0; j < x.length; j++) s += x[j];\n", ""),
    // a new finding in the first function
    base.replace("  let s = 0;\n", "  let s = 0;\n  const t = new Float64Array(x.length);\n  for (let j = 0; j < x.length; j++) t[j] = x[j] * 2;\n"),
  ];
  for (const [i, edited] of edits.entries()) {
    const scopes = compareSequence("/inc/numeric.ts", [base, edited, base]);
    assert.deepEqual(scopes, ["file", "function", "function"], `edit ${i}`);
  }
  // the same text again: the previous result
  assert.deepEqual(compareSequence("/inc/numeric.ts", [base, base]), ["file", "reused"]);
});

test("edits whose effect can reach other functions are analysed whole (and agree with a whole analysis)", () => {
  const moduleArray = "const samples: number[] = [];\n";
  const cases: Array<{ name: string; before: string; after: string }> = [
    {
      name: "the function starts using a module-level array",
      before: moduleArray + "export function fill(n: number): void {\n  for (let j = 0; j < n; j++) {}\n}\nexport function done(): Float64Array {\n  return Float64Array.from(samples);\n}\n",
      after: moduleArray + "export function fill(n: number): void {\n  for (let j = 0; j < n; j++) samples.push(j);\n}\nexport function done(): Float64Array {\n  return Float64Array.from(samples);\n}\n",
    },
    {
      name: "a call to another function of the file (its sizes come from call sites)",
      before: scale(0) + "export function run(): void {\n  const x = new Float64Array(1000);\n  const y = new Float64Array(1000);\n}\n",
      after: scale(0) + "export function run(): void {\n  const x = new Float64Array(8);\n  const y = new Float64Array(8);\n  scale0(x, y, 2);\n}\n",
    },
    {
      name: "a function without a return type that others call",
      before: "function make(n: number) {\n  return new Array<number>(n);\n}\nexport function use(n: number): void {\n  const a = make(n);\n  for (let j = 0; j < a.length; j++) a[j] = a[j] * 2;\n}\n",
      after: "function make(n: number) {\n  return new Float64Array(n);\n}\nexport function use(n: number): void {\n  const a = make(n);\n  for (let j = 0; j < a.length; j++) a[j] = a[j] * 2;\n}\n",
    },
    {
      name: "a name the runtime import would take",
      before: numeric(2),
      after: numeric(2).replace("  let s = 0;\n", "  let s = 0;\n  const nd = 1;\n"),
    },
    {
      name: "a suppression comment",
      before: numeric(2),
      after: numeric(2).replace("  let s = 0;\n", "  let s = 0;\n  // arraylint-disable-next-line\n"),
    },
    {
      name: "an edit that splits the function in two",
      before: numeric(2),
      after: numeric(2).replace("  let s = 0;\n", "  let s = 0;\n  return s;\n}\nexport function extra(): void {\n"),
    },
    {
      name: "an edit across two functions",
      before: numeric(2),
      after: numeric(2).replace("x[j] * k + 0;", "x[j] * k + 9;").replace("x[j] * k + 1;", "x[j] * k + 8;"),
    },
    {
      name: "an edit that breaks the syntax",
      before: numeric(2),
      after: numeric(2).replace("x[j] * k + 0;", "x[j] * k + ;"),
    },
  ];
  for (const c of cases) {
    const scopes = compareSequence("/inc/case.ts", [c.before, c.after]);
    assert.deepEqual(scopes, ["file", "file"], c.name);
  }
  // `this` in a JavaScript function: a constructor whose body types its instances
  const js = "function Buffer(n) {\n  this.data = [];\n}\nfunction sum(b) {\n  let s = 0;\n  for (let j = 0; j < b.data.length; j++) s += b.data[j];\n  return s;\n}\nmodule.exports = { Buffer, sum };\n";
  assert.deepEqual(compareSequence("/inc/buffer.js", [js, js.replace("this.data = [];", "this.data = new Float64Array(n);")]), ["file", "file"]);
});

test("code after an edit keeps findings that depend on its siblings (the corpus's manual mean, found by the random test)", (t) => {
  // A statement added at the top of lecture_stats.ts is planned as a local edit, refused after the parse,
  // and the file analysed whole on the re-parsed tree. When the incremental parser moved the nodes after
  // the edit, ts-morph still held their children (tokens, comments) at the old offsets, and the mean
  // further down (`return total / data.length` after the loop) was reported as a plain sum.
  const seed = SEEDS.find((s) => s.name.endsWith("lecture_stats.ts"));
  // CI always has the corpus beside the repository: there a missing case is a failure, not a skip
  assert.ok(seed || !process.env.CI, "lecture_stats.ts is missing from the shared corpus");
  if (!seed) return t.skip("the shared corpus is not next to the repository");
  const edited = seed.text.replace("function mulberry32(seed: number): () => number {\n", "$&  for (let z = 0; z < 4; z++) tmp += z;\n");
  assert.notEqual(edited, seed.text);
  compareSequence("/inc/lecture_stats.ts", [seed.text, edited]);
});

test("a file the budget cut short: a local edit carries what was found and the note, and analyses the edited function in full", () => {
  const base = numeric(150);
  const engine = new Engine();
  const options = { ...OPTIONS, budgetMs: 400 };
  const first = engine.analyze("/inc/budget.ts", base, options);
  assert.equal(first.notes.length, 1, "the 450-function file should outlast a 400 ms budget");
  assert.equal(first.notes[0].kind, "budget");
  // the last function's loop, which the budget never reached
  const edited = base.replace("x[j] * k + 149;", "x[j] * k + 1490;");
  const second = engine.analyze("/inc/budget.ts", edited, options);
  assert.equal(second.timings?.scope, "function");
  assert.deepEqual(second.notes, first.notes);
  const at = edited.indexOf("export function scale149");
  const end = edited.indexOf("export function total149");
  const inFunction = (f: { start: number }) => f.start >= at && f.start < end;
  assert.deepEqual(second.findings.filter((f) => !inFunction(f)).map((f) => [f.ruleId, f.start]), first.findings.filter((f) => !inFunction(f)).map((f) => [f.ruleId, f.start]));
  const whole = new Engine({ reuseEdits: false }).analyze("/inc/budget.ts", edited, OPTIONS);
  assert.deepEqual(second.findings.filter(inFunction), whole.findings.filter(inFunction));
  assert.ok(second.findings.some(inFunction));
});

test("explanations (arraylint.explain) are carried in the order a whole analysis gives them", () => {
  const base = numeric(4) + "export function stride(x: Float64Array, y: Float64Array): void {\n  for (let j = 0; j < x.length; j += 2) y[j] = x[j];\n}\n";
  const scopes = compareSequence("/inc/explain.ts", [base, base.replace("x[j] * k + 2;", "x[j] * k + 22;"), base.replace("x[j] * k + 2;", "x[j] * k + 22;\n    y[j] = 0;")], { ...OPTIONS, explain: true });
  assert.deepEqual(scopes, ["file", "function", "function"]);
});

/** A small edit a person makes: a number changed, a statement added, a token deleted or duplicated. */
type Edit = { kind: "number"; at: number; value: number } | { kind: "statement"; at: number; which: number } | { kind: "token"; mutation: Mutation };

const STATEMENTS = ["let tmp = 0;", "tmp++;", "const q = new Float64Array(16);", "const w: number[] = [];", "if (tmp > 1) return;", "for (let z = 0; z < 4; z++) tmp += z;"];

function applyEdit(text: string, edit: Edit): string {
  if (edit.kind === "token") return mutate(text, edit.mutation);
  if (edit.kind === "number") {
    const numbers = tokensOf(text).filter(([s, e]) => /^\d+$/.test(text.slice(s, e)));
    if (numbers.length === 0) return text;
    const [s, e] = numbers[edit.at % numbers.length];
    return text.slice(0, s) + String(edit.value) + text.slice(e);
  }
  // after a line ending in `{` or `;`: inside a body more often than not
  const lines = text.split("\n");
  const spots = lines.flatMap((l, i) => (/[{;]\s*$/.test(l) ? [i] : []));
  if (spots.length === 0) return text;
  const i = spots[edit.at % spots.length];
  lines.splice(i + 1, 0, "  " + STATEMENTS[edit.which % STATEMENTS.length]);
  return lines.join("\n");
}

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("number" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 5000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("statement" as const), at: fc.nat(), which: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant("delete" as const), token: fc.nat() }),
      fc.record({ kind: fc.constant("duplicate" as const), token: fc.nat(), before: fc.nat() }),
    ).map((mutation): Edit => ({ kind: "token", mutation })),
  },
);

test("random edit sequences on real numeric code: every step equals a whole analysis", () => {
  const runs = Number(process.env.INCREMENTAL_RUNS ?? 25);
  const scopes: Record<string, number> = {};
  fc.assert(
    fc.property(fc.nat({ max: SEEDS.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.constantFrom("", "bom", "crlf", "bom+crlf"), fc.boolean(), (seed, edits, js, encoding, prepare) => {
      const texts = [SEEDS[seed].text];
      for (const edit of edits) texts.push(applyEdit(texts[texts.length - 1], edit));
      // offsets with a BOM and CRLF line ends: the compiler copies map them as the text has them
      const encoded = texts.map((t) => (encoding.includes("bom") ? "\ufeff" : "") + (encoding.includes("crlf") ? t.replace(/\r?\n/g, "\r\n") : t));
      const path = `/inc/seed${seed}.${js ? "js" : "ts"}`;
      for (const scope of compareSequence(path, encoded, OPTIONS, prepare)) scopes[scope] = (scopes[scope] ?? 0) + 1;
    }),
    { numRuns: runs, seed: 20261206 },
  );
  // the property must exercise the local path, not only the whole-file one, and both compiler copies
  assert.ok((scopes.function ?? 0) > runs / 5, `too few local re-analyses: ${JSON.stringify(scopes)}`);
  assert.ok((copies.skeleton ?? 0) > 0 && (copies.slack ?? 0) > 0, `both compiler copies should be exercised: ${JSON.stringify(copies)}`);
});

test("the skeleton (other bodies blank) is parsed only when nothing the rules read was in a blanked body", () => {
  const seen = (texts: string[], path = "/inc/skeleton.ts"): string[] => {
    const engine = new Engine();
    const reference = new Engine({ reuseEdits: false });
    return texts.map((text, i) => {
      const got = engine.analyze(path, text, OPTIONS);
      assert.deepEqual(comparable(got), comparable(reference.analyze(path, text, OPTIONS)), `step ${i} of ${path}`);
      return `${got.timings?.scope}${got.timings?.copy ? " " + got.timings.copy : ""}`;
    });
  };
  const base = numeric(3);
  const edited = base.replace("x[j] * k + 1;", "x[j] * k + 11;");
  assert.deepEqual(seen([base, edited, base]), ["file", "function skeleton", "function skeleton"]);
  // an untyped receiver's accessor is looked up among the file's methods: one in a blanked body counts
  // (on the skeleton `cell` would not be found, and the finding would be missed)
  const getter = "function make(n) {\n  return { data: new Float64Array(n), cell(i) { return this.data[i]; } };\n}\n";
  const user = (k: number) => `function twice(m, out, n) {\n  for (let i = 0; i < n; i++) out[i] = m.cell(i) * ${k};\n}\n`;
  assert.deepEqual(seen([getter + user(2), getter + user(3)], "/inc/getter.js"), ["file", "function slack"]);
  // the runtime import's name in another body decides the fix's namespace (nd2; nd on the skeleton)
  const nd = "function other(): number {\n  const nd = 3;\n  return nd;\n}\n";
  assert.deepEqual(seen([nd + base, nd + edited]), ["file", "function slack"]);
  // parameter lists are blanked too: an `nd` parameter counts as well (a body that does not mention it)
  const ndParameter = "function scaleBy(nd: number): number {\n  return 2;\n}\n";
  assert.deepEqual(seen([ndParameter + base, ndParameter + edited]), ["file", "function slack"]);
  // consecutive edits in different functions: the spans the skeleton blanks are carried from one skeleton
  // to the next (a skeleton's tree no longer shows its other functions' parameters and return types)
  const third = edited.replace("x[j] * k + 2;", "x[j] * k + 22;");
  assert.deepEqual(seen([base, edited, third, third.replace("x[j] * k + 0;", "x[j] * k + 7;")]), ["file", "function skeleton", "function skeleton", "function skeleton"]);
  // a name the function does not declare, used in a blanked body: its uses there could count (no rule
  // reads them today: this checks the conservative guard, not a difference)
  const shared = "function fill(n) {\n  for (let i = 0; i < n; i++) acc.push(i);\n}\nfunction done() {\n  return Float64Array.from(acc);\n}\n";
  assert.deepEqual(seen([shared, shared.replace("acc.push(i)", "acc.push(i * 2)")], "/inc/global.js")[1], "function slack");
});

test("a skeleton is put back before another file is analysed: its functions' inferred types are the whole text's", () => {
  const lib = "export function make(n: number) {\n  return new Float64Array(n);\n}\n" + numeric(2);
  const libEdited = lib.replace("x[j] * k + 1;", "x[j] * k + 11;");
  const user = 'import { make } from "./lib";\nexport function twice(n: number): void {\n  const a = make(n);\n  for (let i = 0; i < a.length; i++) a[i] = a[i] * 2;\n}\n';
  const engine = new Engine();
  engine.analyze("/inc/lib.ts", lib, OPTIONS);
  assert.equal(engine.analyze("/inc/lib.ts", libEdited, OPTIONS).timings?.copy, "skeleton");
  const reference = new Engine({ reuseEdits: false });
  reference.analyze("/inc/lib.ts", libEdited, OPTIONS);
  const got = engine.analyze("/inc/user.ts", user, OPTIONS);
  assert.deepEqual(comparable(got), comparable(reference.analyze("/inc/user.ts", user, OPTIONS)));
  assert.ok(got.findings.some((f) => f.ruleId === "elementwise-loop"), "make()'s Float64Array return type reached the other file");
  // a forgotten file's skeleton goes with it: it is not put back when the next file is analysed
  engine.analyze("/inc/lib.ts", lib, OPTIONS);
  assert.equal(engine.analyze("/inc/lib.ts", libEdited, OPTIONS).timings?.copy, "skeleton");
  engine.forget("/inc/lib.ts");
  const forgotten = new Engine({ reuseEdits: false });
  forgotten.analyze("/inc/lib.ts", libEdited, OPTIONS);
  forgotten.forget("/inc/lib.ts");
  assert.deepEqual(comparable(engine.analyze("/inc/user.ts", user, OPTIONS)), comparable(forgotten.analyze("/inc/user.ts", user, OPTIONS)));
});

test("a compiler copy keeps the text's offsets: slack maps both ways, a skeleton blanks only body characters", () => {
  const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r", "\u2028", "\ud800", "}"), maxLength: 60 });
  fc.assert(
    fc.property(text, fc.array(fc.nat({ max: 60 }), { maxLength: 5 }), (t, rawEnds) => {
      const ends = [...new Set(rawEnds.map((e) => Math.min(e, t.length)))].sort((a, b) => a - b);
      const { compilerText, layout } = paddedText(t, ends);
      assert.equal(compilerText.length, t.length + ends.length * EDIT_SLACK);
      for (let offset = 0; offset <= t.length; offset++) assert.equal(layout.toText(layout.toCompiler(offset)), offset);
      for (let c = 0; c < compilerText.length; c++) {
        const inPad = layout.padAt.some((at, i) => c >= at && c < at + layout.padLength[i]);
        if (inPad) assert.equal(compilerText[c], " ");
        else assert.equal(compilerText[c], t[layout.toText(c)]);
      }
      const bodies = ends.length >= 2 ? [{ start: ends[0], end: ends[1] }] : [];
      const skeleton = skeletonText(t, bodies);
      assert.equal(skeleton.text.length, t.length);
      for (let i = 0; i < t.length; i++) {
        const blank = bodies.some((b) => i >= b.start && i < b.end) && !/[\r\n\u2028\u2029]/.test(t[i]);
        assert.equal(skeleton.text[i], blank ? " " : t[i], `offset ${i}`);
      }
    }),
    { numRuns: 500, seed: 20261206 },
  );
});

test("texts that do not parse in between: the next good text is compared with the last good analysis", () => {
  const base = numeric(4);
  const broken = base.replace("x[j] * k + 2;", "x[j] * k + ;");
  const fixed = base.replace("x[j] * k + 2;", "x[j] * k + 22;");
  const scopes = compareSequence("/inc/typing.ts", [base, broken, broken.replace("k + ;", "k + (;"), fixed, broken, base, broken, base]);
  assert.deepEqual(scopes, ["file", "file", "file", "function", "file", "function", "file", "reused"]);
  // back to the last good text: another file that imports it sees that text, not the one that did not parse
  const lib = "export function make(n: number) {\n  return new Float64Array(n);\n}\n" + base;
  const user = 'import { make } from "./typing";\nexport function twice(n: number): void {\n  const a = make(n);\n  for (let i = 0; i < a.length; i++) a[i] = a[i] * 2;\n}\n';
  const engine = new Engine();
  const steps = [lib, lib.replace("return new Float64Array(n);", "retur new Float64Array(n);"), lib].map((text) => engine.analyze("/inc/typing.ts", text, OPTIONS).timings?.scope);
  assert.deepEqual(steps, ["file", "file", "reused"]);
  const reference = new Engine({ reuseEdits: false });
  reference.analyze("/inc/typing.ts", lib, OPTIONS);
  const got = engine.analyze("/inc/user.ts", user, OPTIONS);
  assert.deepEqual(comparable(got), comparable(reference.analyze("/inc/user.ts", user, OPTIONS)));
  assert.ok(got.findings.some((f) => f.ruleId === "elementwise-loop"), "make()'s Float64Array return type reached the other file");
});

test("the engine says which texts it will analyse locally, and a prepared engine's edits equal whole analyses", () => {
  const base = numeric(4);
  const engine = new Engine();
  assert.equal(engine.expectsLocalAnalysis("/inc/expect.ts", base), false, "nothing analysed yet");
  engine.analyze("/inc/expect.ts", base, OPTIONS);
  const inside = base.replace("x[j] * k + 1;", "x[j] * k + 11;");
  assert.equal(engine.expectsLocalAnalysis("/inc/expect.ts", base), true, "the same text");
  assert.equal(engine.expectsLocalAnalysis("/inc/expect.ts", inside), true, "an edit inside a function");
  assert.equal(engine.expectsLocalAnalysis("/inc/expect.ts", "const top = 1;\n" + base), false, "a module-level statement");
  assert.equal(engine.expectsLocalAnalysis("/inc/expect.ts", "\ufeff" + inside), false, "a BOM added");
  assert.equal(engine.expectsLocalAnalysis("/inc/other.ts", inside), false, "another file");
  // prepared (ts-morph's wrappers dropped, the outline read ahead): the next edits are local and exact
  assert.deepEqual(compareSequence("/inc/prepared.ts", [base, inside, inside.replace("x[j] * k + 2;", "x[j] * k + 22;")], OPTIONS, true), ["file", "function", "function"]);
  engine.analyze("/inc/other.ts", base, OPTIONS);
  assert.equal(engine.expectsLocalAnalysis("/inc/expect.ts", inside), false, "another file was analysed since");
  // prepared, then the same text again with other options (the server after vendoring the runtime): a
  // whole analysis in the same program, whose per-file indexes must not hand out the forgotten wrappers
  const getter = "function make(n) {\n  return { data: new Float64Array(n), cell(i) { return this.data[i]; } };\n}\n";
  const user = "function twice(m, out, n) {\n  for (let i = 0; i < n; i++) out[i] = m.cell(i) * 2;\n}\n";
  for (const [path, text] of [["/inc/same.ts", base], ["/inc/same.js", getter + user]]) {
    engine.analyze(path, text, OPTIONS);
    engine.prepareForEdits(path);
    const other = { ...OPTIONS, runtimeImport: "../vendor/arraylint-runtime.mjs" };
    const got = engine.analyze(path, text, other);
    assert.deepEqual(comparable(got), comparable(new Engine().analyze(path, text, other)), path);
    assert.ok(got.findings.length > 0, path);
  }
});
