// A small slice of `npm run fuzz:analyzer` (test/fuzz/analyzer.fuzz.ts) inside `npm test`: mutated real
// numeric code dressed in BOMs, CRLF, lone CR, U+2028/2029, astral characters and tabs must give
// positions LSP agrees with, no fix on code that does not parse, and results that do not depend on what
// was analysed before; hostile files must end in a note, never in an exception or a blown budget.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { Engine, type AnalysisNoteKind, type AnalyzeOptions } from "../../server/engine/index";
import { SourceReadError, readSourceFile } from "../../server/source-files";
import { emptyStats, formatStats, historyDependence, runCase } from "./checks";
import { hostileCases, mutatedCaseArb, SEEDS } from "./inputs";

const OPTS: AnalyzeOptions = { runtimeImport: "arraylint/runtime", explain: true };
const engine = new Engine();

describe("analyzer fuzz (small run; npm run fuzz:analyzer runs 10,000)", () => {
  test("the seed files are there", () => {
    assert.ok(SEEDS.length >= 5, `seeds: ${SEEDS.map((s) => s.name).join(", ")}`);
  });

  test("mutated and dressed numeric code: positions agree with LSP, no fix on unparsable code, disable comments suppress (fast-check)", (t) => {
    const stats = emptyStats();
    fc.assert(
      fc.property(mutatedCaseArb(), (c) => {
        const before = stats.failures.length;
        runCase(engine, c, stats, { options: OPTS, disable: true });
        const failure = stats.failures[before];
        assert.equal(failure, undefined, failure && `${failure.name}: ${failure.problem}`);
      }),
      { numRuns: 25, seed: Date.now() % 100000 },
    );
    assert.ok(stats.findings > 0, "the generator produced code with findings");
    for (const line of formatStats(stats).split("\n")) t.diagnostic(line);
  });

  test("analysing A, then B, then A at one path gives A's result both times (fast-check, mutated inputs)", () => {
    fc.assert(
      fc.property(mutatedCaseArb(1), mutatedCaseArb(1), (a, b) => {
        const problem = historyDependence(engine, "/fuzz/history.ts", a.text, b.text, { ...OPTS, budgetMs: 1e9 });
        assert.equal(problem, undefined, `${a.name} then ${b.name}: ${problem}`);
      }),
      { numRuns: 6, seed: Date.now() % 100000 },
    );
  });

  test("regression row: a file that declares `nd`, analysed after one that does not, gets a non-clashing import", () => {
    const loop = "export function addTen(x: Float64Array, y: Float64Array): void {\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + nd;\n}\n";
    const a = loop.replace("+ nd", "+ 10");
    const b = "const nd = 3;\n" + loop;
    const fresh = new Engine();
    const alone = fresh.analyze("/fuzz/nd.ts", b, OPTS);
    assert.equal(historyDependence(fresh, "/fuzz/nd.ts", b, a, OPTS), undefined);
    const afterA = new Engine();
    afterA.analyze("/fuzz/nd.ts", a, OPTS);
    const [f] = afterA.analyze("/fuzz/nd.ts", b, OPTS).findings;
    assert.deepEqual(f.fix?.edits, alone.findings[0].fix?.edits);
    assert.ok(f.fix?.edits.some((e) => e.newText.includes("import * as nd2 ")), JSON.stringify(f.fix?.edits));
  });

  const expected: Record<string, AnalysisNoteKind[]> = {
    "10,000-deep parentheses": ["parse-failed"],
    "10,000-deep blocks": ["parse-failed"],
    "10,000-deep arrays": ["parse-failed"],
    "10,000-deep if/else": ["parse-failed"],
    "10,000-term binary expression inside a numeric loop": ["too-deep"],
    "10,000-term loop body": ["too-deep"],
    "binary garbage": ["generated"],
    "binary garbage with line breaks": ["syntax-error"],
    "NUL bytes and lone surrogates": ["syntax-error"],
    "webpack bundle": ["generated"],
    minified: ["generated"],
  };
  for (const c of hostileCases()) {
    test(`hostile file: ${c.name} → no exception, within budget, positions agree${expected[c.name] ? `, a ${expected[c.name].join("/")} note` : ""}`, () => {
      const stats = emptyStats();
      runCase(engine, c, stats, { options: OPTS, disable: true, fixes: true });
      assert.deepEqual(stats.failures.map((f) => f.problem), []);
      const kinds = engine.analyze(c.path, c.text, OPTS).notes.map((n) => n.kind);
      if (expected[c.name]) assert.deepEqual(kinds, expected[c.name]);
      if (c.name.startsWith("3,000")) assert.deepEqual(kinds, ["budget"], "the budget stopped the rules");
    });
  }
});

describe("the file reader refuses what is not a regular file of a sane size, at once", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-reader-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const refused = (file: string, kind: SourceReadError["kind"], message: RegExp) => {
    const t0 = performance.now();
    assert.throws(() => readSourceFile(file), (e: unknown) => e instanceof SourceReadError && e.kind === kind && message.test(e.message));
    assert.ok(performance.now() - t0 < 1000, "within a second");
  };

  test("a 5 MB file: too large (not read)", () => {
    const huge = hostileCases({ huge: true }).find((c) => c.name.startsWith("5 MB"))!;
    const file = path.join(dir, "huge.js");
    fs.writeFileSync(file, huge.text);
    refused(file, "too-large", /over the 2 MB file size limit/);
    assert.ok(readSourceFile(file, 10 * 1024 * 1024).length > 5e6, "a larger cap reads it");
  });

  test("a FIFO, /dev/zero, a folder and a missing file: unreadable with a plain message", (t) => {
    const fifo = path.join(dir, "pipe.ts");
    try {
      execFileSync("mkfifo", [fifo]);
      refused(fifo, "unreadable", /FIFO/);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") t.diagnostic("mkfifo unavailable");
      else throw e;
    }
    if (fs.existsSync("/dev/zero")) refused("/dev/zero", "unreadable", /character device/);
    refused(dir, "unreadable", /folder/);
    refused(path.join(dir, "missing.ts"), "unreadable", /no such file/);
  });

  test("a large file that is generated code is skipped as generated, not as too large", () => {
    const file = path.join(dir, "bundle.js");
    fs.writeFileSync(file, "/******/ (() => { // webpackBootstrap\n" + "var x = 1;\n".repeat(300_000));
    refused(file, "generated", /webpack/);
  });
});
