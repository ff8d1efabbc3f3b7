// Shared helpers of the rule tests: run one rule on a snippet, apply a fix, and run original
// and fixed code side by side (transpiled with typescript, the runtime injected as `arraylint/runtime`).
import assert from "node:assert/strict";
import ts from "typescript";
import { Engine, applyEdits, type AnalyzeOptions, type Finding, type RuleId } from "../../server/engine/index";
import * as runtime from "../../runtime/index";
import { MAX_MESSAGE_LENGTH } from "../../server/engine/rule";

const engine = new Engine();
let counter = 0;

/** `ext`: the file's language (".js" analyses untyped JavaScript and JSDoc types). */
export function findingsOf(ruleId: RuleId, code: string, extra: Partial<AnalyzeOptions> = {}, ext: ".ts" | ".js" = ".ts"): Finding[] {
  const result = engine.analyze(`/virtual/rule-test-${counter++}${ext}`, code, { runtimeImport: "arraylint/runtime", rules: [ruleId], ...extra });
  for (const f of result.findings) {
    assert.ok(f.message.length <= MAX_MESSAGE_LENGTH, `message over ${MAX_MESSAGE_LENGTH} characters (${f.message.length}): ${f.message}`);
  }
  return result.findings;
}

export function explanationsOf(ruleId: RuleId, code: string, ext: ".ts" | ".js" = ".ts"): string[] {
  return engine
    .analyze(`/virtual/rule-test-${counter++}${ext}`, code, { runtimeImport: "arraylint/runtime", rules: [ruleId], explain: true })
    .explanations.map((e) => e.message);
}

/** A typescript-eslint style table row. */
export interface InvalidCase {
  name: string;
  code: string;
  /** 1-based line where the finding starts. */
  line: number;
  /** The expected key of the rule's `meta.messages`. */
  messageId?: string;
  /** Matched against the message and its hover details (prefer `messageId`). */
  message?: RegExp;
  /** Expected fix: "safe" with the replacement text, "refactor" with a title pattern, or none. */
  fix?: { safe: boolean; title?: RegExp; output?: string };
  options?: Partial<AnalyzeOptions>;
  /** The file's language (default .ts). */
  ext?: ".ts" | ".js";
}

export interface ValidCase {
  name: string;
  code: string;
  options?: Partial<AnalyzeOptions>;
  ext?: ".ts" | ".js";
}

export function assertInvalid(ruleId: RuleId, c: InvalidCase): Finding {
  const found = findingsOf(ruleId, c.code, c.options, c.ext);
  assert.equal(found.length, 1, `expected exactly one finding, got ${JSON.stringify(found.map((f) => f.message))}`);
  const f = found[0];
  assert.equal(f.range.start.line + 1, c.line, "finding line");
  if (c.messageId) assert.equal(f.messageId, c.messageId, "messageId");
  if (c.message) assert.match(`${f.message}\n${f.details ?? ""}`, c.message);
  if (c.fix === undefined) {
    assert.equal(f.fix, undefined, `expected no fix, got ${f.fix?.title}`);
  } else {
    assert.ok(f.fix, "expected a fix");
    assert.equal(f.fix.safe, c.fix.safe, `fix safety of "${f.fix.title}"`);
    if (c.fix.title) assert.match(f.fix.title, c.fix.title);
    if (c.fix.output !== undefined) assert.equal(applyEdits(c.code, f.fix.edits), c.fix.output);
  }
  return f;
}

export function assertValid(ruleId: RuleId, c: ValidCase): void {
  const found = findingsOf(ruleId, c.code, c.options, c.ext);
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1}: ${f.message}`), []);
}

/** Evaluate a TS module (CommonJS after transpiling) with `arraylint/runtime` bound to the runtime. */
export function loadModule(code: string): Record<string, (...args: unknown[]) => unknown> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, (...args: unknown[]) => unknown> = {};
  const requireShim = (spec: string) => {
    if (spec === "arraylint/runtime") return runtime;
    throw new Error(`unexpected import ${spec}`);
  };
  new Function("require", "exports", "module", js)(requireShim, exports, { exports });
  return exports;
}

/** Deterministic PRNG for differential inputs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float64Array of length n with NaN, ±0, ±Infinity and random values mixed in. */
export function edgyFloat64(n: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const specials = [NaN, 0, -0, Infinity, -Infinity, 1e-308, -1e308, 0.1];
  return Float64Array.from({ length: n }, (_, i) => (i < specials.length && seed % 2 === 1 ? specials[i] : (rng() - 0.5) * 200));
}

/** Deep equality that treats NaN as NaN and distinguishes -0 from +0. */
export function assertSameValues(actual: unknown, expected: unknown, where: string): void {
  if (ArrayBuffer.isView(expected) && ArrayBuffer.isView(actual)) {
    const a = actual as unknown as ArrayLike<number>;
    const e = expected as unknown as ArrayLike<number>;
    assert.equal(a.length, e.length, `${where}: length`);
    for (let i = 0; i < e.length; i++) assert.ok(Object.is(a[i], e[i]), `${where}[${i}]: ${a[i]} vs ${e[i]}`);
    return;
  }
  if (typeof expected === "number") {
    assert.ok(Object.is(actual, expected), `${where}: ${String(actual)} vs ${expected}`);
    return;
  }
  assert.deepEqual(actual, expected, where);
}
