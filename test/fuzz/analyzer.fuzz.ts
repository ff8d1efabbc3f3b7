// `npm run fuzz:analyzer [-- --cases N] [--seed S]`: the analyzer fuzzer at full size (10,000 cases by
// default; `npm test` runs a small slice of the same checks in test/fuzz/analyzer.test.ts).
// Hostile files first (deep nesting, long expressions, garbage, TSX, decorators, bundles, BOM/CR mixes),
// then mutated real code; the 5 MB file, a FIFO and /dev/zero go through the file reader the CLI and the
// server use. Prints the counts and exits 1 on any crash, budget overrun, position mismatch, fix on
// unparsable code, disable comment that does not suppress, or history-dependent result.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { Engine, type AnalyzeOptions } from "../../server/engine/index";
import { SourceReadError, readSourceFile } from "../../server/source-files";
import { emptyStats, formatStats, runCase } from "./checks";
import { hostileCases, mutatedCaseArb, SEEDS } from "./inputs";

const { values } = parseArgs({ options: { cases: { type: "string", default: "10000" }, seed: { type: "string", default: "20251206" } } });
const total = Number(values.cases);
const seed = Number(values.seed);
const options: AnalyzeOptions = { runtimeImport: "arraylint/runtime", explain: true };
const stats = emptyStats();
const engine = new Engine();
const started = performance.now();
const log = (s: string) => process.stderr.write(s + "\n");

log(`fuzz:analyzer: ${total} cases, seed ${seed}, ${SEEDS.length} seed files; load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

// the file reader: huge files, FIFOs and devices are refused at once, never read or waited on
const readerProblems: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-fuzz-"));
try {
  const huge = hostileCases({ huge: true }).find((c) => c.name.startsWith("5 MB"))!;
  const hugeFile = path.join(tmp, "huge.js");
  fs.writeFileSync(hugeFile, huge.text);
  const gated: Array<[string, string, string]> = [[hugeFile, "too-large", "5 MB file"], ["/dev/zero", "unreadable", "/dev/zero"]];
  try {
    execFileSync("mkfifo", [path.join(tmp, "pipe.ts")]);
    gated.push([path.join(tmp, "pipe.ts"), "unreadable", "FIFO"]);
  } catch {
    log("(mkfifo unavailable: FIFO case skipped)");
  }
  for (const [file, kind, what] of gated) {
    stats.cases++;
    const t0 = performance.now();
    try {
      readSourceFile(file);
      readerProblems.push(`${what}: read instead of refused`);
    } catch (e) {
      const ms = performance.now() - t0;
      if (!(e instanceof SourceReadError) || e.kind !== kind) readerProblems.push(`${what}: ${String(e)}`);
      else if (ms > 1000) readerProblems.push(`${what}: refused after ${ms.toFixed(0)} ms`);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

for (const c of hostileCases()) runCase(engine, c, stats, { options, disable: true, fixes: true });
log(`hostile files done (${stats.cases} cases) in ${((performance.now() - started) / 1000).toFixed(0)} s`);

const generated = fc.sample(mutatedCaseArb(), { numRuns: Math.max(0, total - stats.cases), seed });
for (let i = 0; i < generated.length; i++) {
  runCase(engine, generated[i], stats, {
    options,
    disable: i % 4 === 0,
    fixes: i % 5 === 0,
    statelessWith: i % 10 === 0 ? generated[(i + 1) % generated.length] : undefined,
  });
  if ((i + 1) % 500 === 0) log(`${stats.cases} cases, ${((performance.now() - started) / 1000).toFixed(0)} s; crashes ${stats.crashes}, overruns ${stats.overruns}, position mismatches ${stats.positionMismatches}`);
}

const seconds = (performance.now() - started) / 1000;
console.log(formatStats(stats));
console.log(`file reader: ${readerProblems.length === 0 ? "5 MB file, /dev/zero and a FIFO refused within 1 s" : readerProblems.join("; ")}`);
console.log(`${seconds.toFixed(0)} s, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
if (stats.failures.length > 0) {
  const out = path.join(os.tmpdir(), "arraylint-fuzz-failures.json");
  fs.writeFileSync(out, JSON.stringify(stats.failures, null, 2));
  console.log(`failures (first ${stats.failures.length}) with their inputs: ${out}`);
  for (const f of stats.failures.slice(0, 5)) console.log(`- ${f.name}: ${f.problem.split("\n").slice(0, 4).join("\n  ")}`);
}
const bad = stats.crashes + stats.overruns + stats.positionMismatches + stats.fixesOnUnparsable + stats.disableFailures + stats.statelessMismatches + readerProblems.length;
process.exitCode = bad > 0 ? 1 : 0;
