// npm run eval:fixes [-- FILES_OR_FOLDERS...] [--budget MS] [--retries N]
//
// Benchmarks every fix `arraylint check --fix` would apply, on the shared corpus and examples/ (or the
// files given), at the size the code shows or a sweep, and prints each speedup with its 95% CI.
// Fails (exit 1) when an applied fix is slower: a CI lower bound below 0.95 at a size the fix is
// applied for (the code's size; for an unknown size, the sweep's sizes from 1,000 elements, which is
// what the automatic-fix rule assumes). A noisy run is repeated; one still noisy is reported NOISY and
// judged on its CI like any other, never passed silently. Not a test: it times code (minutes).
import { readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine, applySafeFixes, type Finding } from "../../server/engine/index";
import { loadConfigFor, toAnalyzeOptions } from "../../server/config";
import { benchmarkFinding } from "../../server/bench/finding";
import { codeSizesOf } from "../../server/bench/finding";
import { formatCI, formatSize, formatSpeed } from "../../server/bench/format";
import type { BenchResult } from "../../server/bench/index";
import { NOT_SLOWER, UNKNOWN_MIN_SIZE, autoApplyFilter } from "../../server/calibrate/apply";
import { loadCalibration } from "../../server/calibrate/table";

const repo = path.resolve(__dirname, "../..");
const DEFAULT_TARGETS = [path.resolve(repo, "../shared/corpus/cases"), path.join(repo, "examples")];
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

function parseArgs(argv: string[]): { targets: string[]; budgetMs: number; retries: number } {
  const targets: string[] = [];
  let budgetMs = 3000;
  let retries = 2;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--budget") budgetMs = Number(argv[++i]);
    else if (a === "--retries") retries = Number(argv[++i]);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else targets.push(path.resolve(a));
  }
  if (!(budgetMs > 0) || !(retries >= 0)) throw new Error("--budget and --retries expect positive numbers");
  return { targets: targets.length > 0 ? targets : DEFAULT_TARGETS, budgetMs, retries };
}

function filesOf(target: string): string[] {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(target, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : filesOf(full);
    return SOURCE.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name) ? [full] : [];
  }).sort();
}

/** The fixes --fix applies to a file, each with the text it was found in (a later pass sees the earlier fixes). */
function appliedFixes(engine: Engine, file: string, table: ReturnType<typeof loadCalibration>["table"]): Array<{ finding: Finding; text: string }> {
  const text = readFileSync(file, "utf8");
  const options = toAnalyzeOptions(loadConfigFor(file));
  const applied: Array<{ finding: Finding; text: string }> = [];
  applySafeFixes(engine, file, text, options, (finding, current) => {
    const sizes = codeSizesOf(file, current, [finding]);
    const ok = autoApplyFilter({ table, codeSizesOf: (f) => sizes.get(f) })(finding);
    if (ok && !applied.some((a) => a.text === current && a.finding.start === finding.start)) applied.push({ finding, text: current });
    return ok;
  });
  return applied;
}

/** The sizes a fix is applied for: the code's, or the sweep's from UNKNOWN_MIN_SIZE. */
function judgedSizes(r: BenchResult): NonNullable<BenchResult["sizes"]> {
  const sizes = r.sizes ?? [];
  if (r.sizeSource !== "sweep") return sizes;
  const large = sizes.filter((s) => s.size >= UNKNOWN_MIN_SIZE);
  return large.length > 0 ? large : sizes;
}

async function main(): Promise<number> {
  const { targets, budgetMs, retries } = parseArgs(process.argv.slice(2));
  const table = loadCalibration().table;
  const engine = new Engine({ rootDir: repo });
  const started = Date.now();
  console.log(`eval:fixes — every fix --fix applies, benchmarked at the code's size or a sweep (budget ${budgetMs} ms, retries ${retries})`);
  console.log(`Node ${process.versions.node}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs; calibration measured ${table.measuredAt}`);
  let failures = 0;
  let noisy = 0;
  let count = 0;
  for (const target of targets) {
    for (const file of filesOf(target)) {
      for (const { finding, text } of appliedFixes(engine, file, table)) {
        count++;
        const where = `${path.relative(repo, file)}:${finding.range.start.line + 1} ${finding.ruleId}`;
        let r: BenchResult | undefined;
        let attempts = 0;
        do {
          attempts++;
          r = await benchmarkFinding(finding, { file, text, timeBudgetMs: budgetMs });
        } while (!r.error && r.noise?.noisy && attempts <= retries);
        if (r.error || !r.equivalent) {
          failures++;
          console.log(`FAIL  ${where}: ${r.error ?? `outputs differ: ${r.mismatch}`}`);
          continue;
        }
        const judged = judgedSizes(r);
        const slower = judged.filter((s) => !(s.speedupCI[0] >= NOT_SLOWER));
        const isNoisy = !!r.noise?.noisy;
        if (isNoisy) noisy++;
        const verdict = slower.length > 0 ? "FAIL " : isNoisy ? "NOISY" : "ok   ";
        if (slower.length > 0) failures++;
        const sizeNote = r.sizeSource === "sweep" ? "size not in the code" : r.sizeEvidence ?? r.sizeSource;
        console.log(`${verdict} ${where} (${sizeNote}${attempts > 1 ? `, ${attempts} runs` : ""})`);
        for (const s of r.sizes ?? []) {
          const counted = judged.includes(s) ? "" : " (not judged: below the sizes the fix is applied for)";
          console.log(`        ${formatSize(s.size).padStart(9)}: ${formatSpeed({ ...s, noiseReasons: s.noise })}, speedup ${s.speedup.toFixed(3)} (${formatCI(s.speedupCI)})${counted}`);
        }
        if (isNoisy) console.log(`        noisy: ${r.noise!.reasons.join("; ")}`);
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\n${count} applied fixes benchmarked in ${seconds} s: ${failures} slower or failing, ${noisy} noisy (judged on their CIs, listed above)`);
  return failures > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(`eval:fixes: ${e instanceof Error ? e.stack : e}`);
  process.exitCode = 2;
});
