// Inputs for the analyzer fuzzer: real numeric code (examples/ and the shared corpus) mutated at the
// token level (truncation, deletion, duplication, swap), dressed in the characters that trip position
// code (BOM, CRLF, lone CR, U+2028/U+2029, astral characters, tabs), and a list of hostile files
// (10,000-deep nesting, 10,000-term expressions, binary garbage, TSX, decorators, bundles, 5 MB).
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import ts from "typescript";

const repo = path.resolve(__dirname, "..", "..");

export interface FuzzCase {
  name: string;
  /** Virtual path (its extension picks the language). */
  path: string;
  text: string;
}

function sourcesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(full));
    else if (/\.[cm]?[jt]sx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Real numeric code: examples/ and, when the shared corpus is next to the repository, its cases. */
export const SEEDS: ReadonlyArray<{ name: string; text: string }> = [
  ...sourcesUnder(path.join(repo, "examples")),
  ...sourcesUnder(path.join(repo, "..", "shared", "corpus", "cases")),
].map((file) => ({ name: path.relative(repo, file), text: fs.readFileSync(file, "utf8") }));

/** [start, end) of every token (not trivia) of `text`, from the TypeScript scanner. */
export function tokensOf(text: string): Array<[number, number]> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: Array<[number, number]> = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    out.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
    if (out.length > 200_000) break;
  }
  return out;
}

export type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "delete"; token: number }
  | { kind: "duplicate"; token: number; before: number }
  | { kind: "swap"; a: number; b: number };

/** Applies one token-level mutation (indices taken modulo the token count). */
export function mutate(text: string, m: Mutation): string {
  if (m.kind === "truncate") return text.slice(0, Math.floor(m.at * text.length));
  const tokens = tokensOf(text);
  if (tokens.length === 0) return text;
  const tok = (i: number) => tokens[i % tokens.length];
  if (m.kind === "delete") {
    const [s, e] = tok(m.token);
    return text.slice(0, s) + text.slice(e);
  }
  if (m.kind === "duplicate") {
    const [s, e] = tok(m.token);
    const [at] = tok(m.before);
    return text.slice(0, at) + text.slice(s, e) + " " + text.slice(at);
  }
  let [a, b] = [tok(m.a), tok(m.b)];
  if (a[0] > b[0]) [a, b] = [b, a];
  if (a[1] > b[0]) return text; // the same token twice
  return text.slice(0, a[0]) + text.slice(b[0], b[1]) + text.slice(a[1], b[0]) + text.slice(a[0], a[1]) + text.slice(b[1]);
}

/** Comments that hold what position code gets wrong; each is valid between any two tokens. */
export const TRICKY_COMMENTS = ["/* \u2028 */", "/* \u2029 */", "/* 😀 */", "/*\t\u2028😀\u2029*/", "/* \r */"];

export interface Dressing {
  bom: boolean;
  eol: "lf" | "crlf" | "cr" | "mixed";
  tabs: boolean;
  /** Tricky comments inserted before these tokens. */
  comments: Array<{ token: number; comment: number }>;
  /** `// …U+2028` line comments put at the end of these lines (U+2028 ends a `//` comment in JavaScript). */
  lineComments: number[];
}

/** Dresses `text` in the characters that break position code, keeping it as valid as it was. */
export function dress(text: string, d: Dressing): string {
  let out = text;
  if (d.comments.length > 0) {
    const tokens = tokensOf(out);
    if (tokens.length > 0) {
      const inserts = d.comments
        .map((c) => ({ at: tokens[c.token % tokens.length][0], text: " " + TRICKY_COMMENTS[c.comment % TRICKY_COMMENTS.length] + " " }))
        .sort((a, b) => b.at - a.at);
      for (const ins of inserts) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
    }
  }
  if (d.lineComments.length > 0) {
    const lines = out.split("\n");
    for (const l of d.lineComments) {
      const i = l % lines.length;
      // not after a line that ends inside a block comment or a template: only after code or blank lines
      if (!/[;{}]\s*$|^\s*$/.test(lines[i])) continue;
      lines[i] += " // 😀 note\u2028";
    }
    out = lines.join("\n");
  }
  if (d.tabs) out = out.replace(/^( {2})+/gm, (m) => "\t".repeat(m.length / 2));
  if (d.eol !== "lf") {
    let k = 0;
    out = out.replace(/\r?\n/g, () => (d.eol === "crlf" ? "\r\n" : d.eol === "cr" ? "\r" : ["\n", "\r\n", "\r"][k++ % 3]));
  }
  return (d.bom ? "\uFEFF" : "") + out;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("delete" as const), token: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), token: fc.nat(), before: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
);

export const dressingArb: fc.Arbitrary<Dressing> = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom("lf" as const, "crlf" as const, "cr" as const, "mixed" as const),
  tabs: fc.boolean(),
  comments: fc.array(fc.record({ token: fc.nat(), comment: fc.nat() }), { maxLength: 4 }),
  lineComments: fc.array(fc.nat(), { maxLength: 3 }),
});

/** A seed, up to `maxMutations` token mutations (often none: unbroken code has the findings), and a dressing. */
export function mutatedCaseArb(maxMutations = 2): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      seed: fc.nat({ max: Math.max(0, SEEDS.length - 1) }),
      mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([] as Mutation[]) }, { weight: 3, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: maxMutations }) }),
      dressing: dressingArb,
      tsx: fc.integer({ min: 0, max: 9 }),
    })
    .map(({ seed, mutations, dressing, tsx }) => {
      const s = SEEDS[seed];
      let text = s.text;
      for (const m of mutations) text = mutate(text, m);
      text = dress(text, dressing);
      const what = [mutations.map((m) => m.kind).join("+") || "intact", dressing.bom ? "bom" : "", dressing.eol, dressing.tabs ? "tabs" : ""].filter(Boolean).join(",");
      return { name: `${s.name} (${what})`, path: `/fuzz/${path.basename(s.name).replace(/\.\w+$/, "")}${tsx === 0 ? ".tsx" : ".ts"}`, text };
    });
}

const DEEP = 10_000;

/** Files no rule should choke on. `huge` ones are for the size gate (callers read them from disk). */
export function hostileCases(opts: { huge?: boolean } = {}): FuzzCase[] {
  const loop = "export function addTen(x: Float64Array, y: Float64Array): void {\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;\n}\n";
  let garbageSeed = 12345;
  const rand = () => ((garbageSeed = (garbageSeed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const garbage = Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(rand() * 256))).toString("utf8");
  const cases: FuzzCase[] = [
    { name: "10,000-deep parentheses", path: "/fuzz/deep-parens.ts", text: loop + "export const v = " + "(\n".repeat(DEEP) + "1" + "\n)".repeat(DEEP) + ";\n" },
    { name: "10,000-deep blocks", path: "/fuzz/deep-blocks.ts", text: loop + "export function f() " + "{\n".repeat(DEEP) + "}\n".repeat(DEEP) },
    { name: "10,000-deep arrays", path: "/fuzz/deep-arrays.js", text: loop.replace(/: \w+/g, "") + "export const a = " + "[\n".repeat(DEEP) + "\n]".repeat(DEEP) + ";\n" },
    { name: "10,000-deep if/else", path: "/fuzz/deep-if.ts", text: loop + "export function g(n: number) {\n" + "if (n) {\n".repeat(DEEP) + "}\n".repeat(DEEP) + "}\n" },
    {
      name: "10,000-term binary expression inside a numeric loop",
      path: "/fuzz/long-sum.ts",
      text: "export function f(a: Float64Array, y: Float64Array): number {\n  const s =\n    " + Array.from({ length: DEEP }, (_, i) => `a[${i % 64}]`).join(" +\n    ") + ";\n  for (let i = 0; i < a.length; i++) y[i] = a[i] + s;\n  let t = 0;\n  for (let i = 0; i < a.length; i++) t += a[i];\n  return t;\n}\n",
    },
    {
      name: "10,000-term loop body",
      path: "/fuzz/long-body.ts",
      text: "export function f(a: Float64Array, y: Float64Array): void {\n  for (let i = 0; i < a.length; i++) y[i] = " + Array.from({ length: DEEP }, (_, i) => `a[i] * ${i}`).join(" +\n      ") + ";\n}\n",
    },
    { name: "binary garbage", path: "/fuzz/garbage.ts", text: garbage },
    // spaced out so the minified-code check does not skip it: the parser and the rules get to see it
    { name: "binary garbage with line breaks", path: "/fuzz/garbage-lines.ts", text: garbage.replace(/(.{16})/gsu, "$1 \n") },
    { name: "NUL bytes and lone surrogates", path: "/fuzz/nul.ts", text: loop + "\u0000\uD800\uDFFF\uDC00" + loop.replace("addTen", "addTen2") },
    {
      name: "TSX component with loops",
      path: "/fuzz/component.tsx",
      text: "export function Bars(props: { xs: Float64Array }) {\n  const y = new Float64Array(props.xs.length);\n  for (let i = 0; i < props.xs.length; i++) y[i] = props.xs[i] * 2;\n  return <div>{Array.from(y).map((v) => <span key={v}>{v}</span>)}</div>;\n}\n" + loop,
    },
    {
      name: "decorators (TC39 and experimental)",
      path: "/fuzz/decorators.ts",
      text: "function logged(v: unknown, _c?: unknown) { return v as never; }\n@logged\nexport class Filter {\n  @logged scale = 2;\n  @logged\n  apply(x: Float64Array, y: Float64Array): void {\n    for (let i = 0; i < x.length; i++) y[i] = x[i] * 3;\n  }\n}\n" + loop,
    },
    { name: "BOM + CRLF", path: "/fuzz/bom-crlf.ts", text: "\uFEFF" + loop.replace(/\n/g, "\r\n") },
    { name: "BOM + lone CR + U+2028", path: "/fuzz/bom-cr.ts", text: "\uFEFF/* \u2028 */\r" + loop.replace(/\n/g, "\r") },
    {
      name: "webpack bundle",
      path: "/fuzz/bundle.js",
      text: "/******/ (() => { // webpackBootstrap\n/******/ \tvar __webpack_modules__ = ({});\n/******/ \tfunction __webpack_require__(moduleId) { return moduleId; }\n" + loop.replace(/: \w+/g, ""),
    },
    { name: "minified", path: "/fuzz/min.js", text: Array.from({ length: 300 }, (_, i) => `function f${i}(a,b){for(var i=0;i<a.length;i++)b[i]=a[i]+${i};return b}`).join(";") },
    {
      // more candidates than two seconds can analyse: the budget has to stop the rules between candidates
      name: "3,000 numeric functions",
      path: "/fuzz/many.ts",
      text: Array.from({ length: 3000 }, (_, i) => loop.replace("addTen", `addTen${i}`).replace("+ 10", `+ ${i}`)).join(""),
    },
    { name: "empty", path: "/fuzz/empty.ts", text: "" },
    { name: "only a BOM", path: "/fuzz/bom.ts", text: "\uFEFF" },
  ];
  if (opts.huge) {
    // 5 MB of ordinary-looking code: the size gate must refuse it before any parse
    const fn = (i: number) => `export function f${i}(x: Float64Array, y: Float64Array): void {\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + ${i};\n}\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const p = fn(i);
      parts.push(p);
      size += p.length;
    }
    cases.push({ name: "5 MB of code", path: "/fuzz/huge.js", text: parts.join("") });
  }
  return cases;
}
