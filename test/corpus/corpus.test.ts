// The public corpus (../shared/corpus relative to the repository root, format in its README):
// 1. detection: every case file analysed by the Engine, reports scored against expected.json,
//    a per-rule precision/recall table printed, precision ≥ 0.95 and recall ≥ 0.9 over all rules;
// 2. fix differential: for every `fix: "required"` entry, the `--fix` path (applySafeFixes) must
//    apply a safe fix for that finding, the fixed module must type-check under strict with the
//    runtime import resolved to runtime/index.ts, and original and fixed must return equal values
//    and leave equal arguments for seeds 1, 2, 3.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";
import { Engine, applySafeFixes, listRules, type AnalyzeOptions, type Finding } from "../../server/engine/index";
import { bannerLine, formatScoreTable, matchEntry, score, type CorpusEntry, type Report } from "./score";
import { callCase, describeOutcomeDifference } from "./compare";
import { RUNTIME_ENTRY, strictTypeErrors } from "../engine/typecheck";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CORPUS_ROOT = path.resolve(REPO_ROOT, "..", "shared", "corpus");
const OPTIONS: AnalyzeOptions = { runtimeImport: "arraylint/runtime" };
/**
 * The --fix path of the differential test runs with the user's opt-in to reassociating reductions
 * (`arraylint.fix.allowReassociation`): the corpus README compares functions with a
 * manual-reduction entry at a relative tolerance of 1e-6 precisely because a vectorized sum may
 * differ in the last bits. Every other assumption still keeps a fix out of --fix.
 */
const FIX_OPTIONS: AnalyzeOptions = { ...OPTIONS, allowReassociation: true };
const SEEDS = [1, 2, 3];
const PRECISION_FLOOR = 0.95;
const RECALL_FLOOR = 0.9;

const corpusPresent = existsSync(path.join(CORPUS_ROOT, "expected.json")) && existsSync(path.join(CORPUS_ROOT, "cases"));

if (!corpusPresent) {
  test("public corpus is present", () => {
    assert.fail(
      `The public corpus was not found at ${CORPUS_ROOT} (expected.json and cases/). ` +
        `It is expected next to the repository, at ../shared/corpus relative to ${REPO_ROOT}.`,
    );
  });
} else {
  corpusSuite();
}

// ---------------------------------------------------------------------------------------------
// Shared, memoised work
// ---------------------------------------------------------------------------------------------

interface CaseFile {
  /** Path relative to the corpus root, as in expected.json ("cases/x.ts"). */
  relative: string;
  absolute: string;
  text: string;
}

interface Analysis {
  findings: Finding[];
  reports: Report[];
  engineErrors: string[];
}

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}

function loadCaseFiles(): CaseFile[] {
  const dir = path.join(CORPUS_ROOT, "cases");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => ({ relative: `cases/${f}`, absolute: path.join(dir, f), text: readFileSync(path.join(dir, f), "utf8") }));
}

function loadEntries(): CorpusEntry[] {
  const raw: unknown = JSON.parse(readFileSync(path.join(CORPUS_ROOT, "expected.json"), "utf8"));
  assert.ok(Array.isArray(raw), "expected.json must be an array of entries");
  return raw as CorpusEntry[];
}

const engineErrors: string[] = [];
const engine = new Engine({ logger: { error: (message: string) => engineErrors.push(message) } });

function findingToReport(file: string, f: Finding): Report {
  return { file, rule: f.ruleId, line: f.range.start.line + 1, endLine: f.range.end.line + 1, safeFix: f.fix?.safe === true };
}

const analyse = memo((file: CaseFile): Analysis => {
  const before = engineErrors.length;
  const { findings } = engine.analyze(file.absolute, file.text, OPTIONS);
  return {
    findings,
    reports: findings.map((f) => findingToReport(file.relative, f)),
    engineErrors: engineErrors.slice(before),
  };
});

const fixFile = memo((file: CaseFile): { text: string; applied: number } => applySafeFixes(engine, file.absolute, file.text, FIX_OPTIONS));

/** Findings as the --fix path sees them (with reassociation allowed). */
const analyseForFix = memo((file: CaseFile): Finding[] => engine.analyze(file.absolute, file.text, FIX_OPTIONS).findings);

/** Type errors of `text` as the module at `fileName` (memoized by both). */
const typeErrors = memo((key: string): string[] => {
  const { fileName, text } = JSON.parse(key) as { fileName: string; text: string };
  return strictTypeErrors(new Map([[fileName, text]]), OPTIONS.runtimeImport);
});

const requireFromHere = createRequire(__filename);

/** Transpiles to CommonJS and evaluates in this realm (so typed arrays compare natively). */
function loadModule(text: string, fileName: string): Record<string, unknown> {
  const { outputText } = ts.transpileModule(text, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const module = { exports: {} as Record<string, unknown> };
  const requireForCase = (specifier: string): unknown => {
    if (specifier === OPTIONS.runtimeImport) return requireFromHere(RUNTIME_ENTRY);
    throw new Error(`corpus case ${path.basename(fileName)} imports "${specifier}", which the harness does not provide`);
  };
  new Function("exports", "require", "module", "__filename", "__dirname", outputText)(
    module.exports,
    requireForCase,
    module,
    fileName,
    path.dirname(fileName),
  );
  return module.exports;
}

/** The text of `function name(…) {…}` in a module, or undefined. */
function functionText(text: string, name: string): string | undefined {
  const sf = ts.createSourceFile("case.ts", text, ts.ScriptTarget.ES2022, true);
  let found: string | undefined;
  sf.forEachChild((node) => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === name) found = node.getText(sf);
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

function corpusSuite(): void {
  const files = loadCaseFiles();
  const entries = loadEntries();
  const fileByRelative = new Map(files.map((f) => [f.relative, f]));
  const ruleIds = listRules().map((r) => r.id as string);

  describe("corpus: expected.json is well-formed", () => {
    test("every entry names an existing case file, a known rule and a line range", () => {
      for (const e of entries) {
        assert.ok(fileByRelative.has(e.file), `${e.file} (entry for ${e.function}) is not a case file`);
        assert.ok(ruleIds.includes(e.rule), `unknown rule ${e.rule} in the entry for ${e.function}`);
        assert.ok(e.line >= 1 && e.endLine >= e.line, `bad line range ${e.line}-${e.endLine} for ${e.function}`);
      }
    });
  });

  describe("corpus: detection", () => {
    for (const file of files) {
      test(`${file.relative} is analysed without an engine error`, () => {
        const { engineErrors: errors } = analyse(file);
        assert.deepEqual(errors, [], `the engine logged errors while analysing ${file.relative}`);
      });
    }

    test(`precision ≥ ${PRECISION_FLOOR} and recall ≥ ${RECALL_FLOOR} over all rules`, (t) => {
      const reports = files.flatMap((f) => analyse(f).reports);
      const banners = new Map(files.map((f) => [f.relative, bannerLine(f.text)]));
      const result = score(reports, entries, banners, ruleIds);
      for (const line of formatScoreTable(result).split("\n")) t.diagnostic(line);
      for (const s of result.scored.filter((x) => x.outcome === "fp")) {
        const entry = s.entry ? ` (${s.entry.function})` : "";
        t.diagnostic(`false positive: ${s.report.file}:${s.report.line} ${s.report.rule}${entry}: ${s.reason}`);
      }
      for (const e of result.falseNegatives) t.diagnostic(`false negative: ${e.file}:${e.line} ${e.rule} (${e.function})`);
      assert.ok(
        result.total.precision >= PRECISION_FLOOR,
        `precision ${result.total.precision.toFixed(3)} < ${PRECISION_FLOOR}\n${formatScoreTable(result)}`,
      );
      assert.ok(result.total.recall >= RECALL_FLOOR, `recall ${result.total.recall.toFixed(3)} < ${RECALL_FLOOR}\n${formatScoreTable(result)}`);
    });
  });

  describe("corpus: the original case modules", () => {
    // A harness check: if the unmodified corpus does not type-check here, the fixed modules'
    // errors below would say nothing about the fixes.
    for (const file of files) {
      test(`${file.relative} type-checks with the harness's compiler options`, () => {
        assert.deepEqual(typeErrors(JSON.stringify({ fileName: file.absolute, text: file.text })), []);
      });
    }
  });

  describe("corpus: fix differential (fix: required)", () => {
    for (const entry of entries.filter((e) => e.fix === "required")) {
      const file = fileByRelative.get(entry.file);
      if (!file) continue; // reported by the well-formedness test
      const rtol = entries.some((e) => e.file === entry.file && e.function === entry.function && e.rule === "manual-reduction") ? 1e-6 : 1e-9;
      test(`${entry.file}:${entry.line} ${entry.rule} in ${entry.function}()`, () => {
        // 1. the entry's finding exists and carries a safe fix
        const findings = analyseForFix(file);
        const finding = findings.find((f) => matchEntry(findingToReport(file.relative, f), [entry]) === entry);
        assert.ok(finding, `${entry.rule} did not report ${entry.file}:${entry.line} (${entry.function})`);
        assert.ok(finding.fix, `the finding at ${entry.file}:${entry.line} has no fix`);
        assert.ok(finding.fix.safe, `the fix "${finding.fix.title}" is not safe: ${finding.fix.assumption ?? "(no reason given)"}`);

        // 2. the --fix path applied it: the case function changed, and re-analysis finds no
        //    safe fix of this rule left in it (idempotent)
        const fixed = fixFile(file);
        assert.ok(fixed.applied > 0, "applySafeFixes applied nothing");
        const before = functionText(file.text, entry.function);
        const after = functionText(fixed.text, entry.function);
        assert.ok(before !== undefined, `case function ${entry.function} not found in ${entry.file}`);
        assert.ok(after !== undefined, `case function ${entry.function} disappeared from the fixed ${entry.file}`);
        assert.notEqual(after, before, `the fix for ${entry.function} was not applied by applySafeFixes`);
        const again = engine.analyze(file.absolute, fixed.text, FIX_OPTIONS).findings;
        const fixedFunctionStart = fixed.text.indexOf(after);
        const leftover = again.filter(
          (f) => f.ruleId === entry.rule && f.fix?.safe && f.start >= fixedFunctionStart && f.end <= fixedFunctionStart + after.length,
        );
        assert.deepEqual(leftover.map((f) => f.fix?.title), [], "a second --fix pass would change the function again");

        // 3. the fixed module type-checks (strict, runtime import → runtime/index.ts)
        assert.deepEqual(typeErrors(JSON.stringify({ fileName: file.absolute, text: fixed.text })), [], "the fixed module does not type-check");

        // 4. original and fixed behave the same on the corpus's seeded inputs
        const original = loadModule(file.text, file.absolute);
        const rewritten = loadModule(fixed.text, file.absolute);
        const makeInputs = original[`${entry.function}_inputs`] as (seed: number) => unknown[];
        const originalFn = original[entry.function] as (...args: unknown[]) => unknown;
        const fixedFn = rewritten[entry.function] as (...args: unknown[]) => unknown;
        assert.equal(typeof makeInputs, "function", `${entry.function}_inputs is missing`);
        assert.equal(typeof fixedFn, "function", `${entry.function} is missing from the fixed module`);
        for (const seed of SEEDS) {
          const expected = callCase(originalFn, makeInputs(seed));
          const actual = callCase(fixedFn, makeInputs(seed));
          const difference = describeOutcomeDifference(actual, expected, rtol);
          assert.equal(difference, undefined, `seed ${seed}: ${difference}`);
        }
      });
    }
  });
}
