// npm run eval:realworld [-- --json] [--package <name>]… [--write-results] [--no-thresholds|--report-only] [--no-rest] [--no-fix-check]
//
// Downloads (or reads from the cache) the pinned packages of packages.json, runs the engine on
// their labelled files in a project rooted at each extracted package, scores the findings against
// the labels with test/corpus/score.ts, and prints per-rule precision/recall, crashes, lines/s and
// the unlabelled findings per 1k lines on the rest of each package's source; then applies --fix and
// every suggestion to copies and checks they parse and type-check as before (fix-check.ts). Exit codes: 0 at or
// above thresholds.json (or with --no-thresholds), 1 below them, 2 on a usage, data or fetch error.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_BUDGET_MS, Engine, listRules, type AnalyzeOptions, type Finding } from "../../server/engine/index";
import { formatScoreTable, score, type Report, type Score } from "../corpus/score";
import {
  REALWORLD_DIR,
  RealworldDataError,
  IntegrityError,
  defaultCacheDir,
  fetchPackage,
  fileKey,
  loadLabels,
  loadPackages,
  loadThresholds,
  sourceFiles,
  type Label,
  type PackageSpec,
  type Thresholds,
} from "./realworld";
import { checkFixes, type FixCheck } from "./fix-check";

/**
 * Detection is measured without the per-file budget: under load a big file ran out of the default 2 s
 * and lost findings, so the same code scored differently on a busy machine. Files whose rules took
 * longer than the default budget are listed instead (speed is bench:analyzer's to measure).
 */
const OPTIONS: AnalyzeOptions = { runtimeImport: "arraylint/runtime", budgetMs: 120_000 };
const RESULTS_FILE = path.join(REALWORLD_DIR, "RESULTS.md");
/** How many unlabelled findings of the rest are listed for a human to judge. */
const REST_SAMPLE_PER_PACKAGE = 4;

interface Args {
  json: boolean;
  packages: string[];
  writeResults: boolean;
  thresholds: boolean;
  rest: boolean;
  fixCheck: boolean;
}

const USAGE =
  "usage: eval.ts [--json] [--package <name>]… [--write-results] [--no-thresholds | --report-only] [--no-rest] [--no-fix-check]";

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, packages: [], writeResults: false, thresholds: true, rest: true, fixCheck: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") args.json = true;
    else if (a === "--write-results") args.writeResults = true;
    else if (a === "--no-thresholds" || a === "--report-only") args.thresholds = false;
    else if (a === "--no-rest") args.rest = false;
    else if (a === "--no-fix-check") args.fixCheck = false;
    else if (a === "--package") {
      const name = argv[++i];
      if (!name) throw new UsageError(`--package needs a package name\n${USAGE}`);
      args.packages.push(name);
    } else if (a.startsWith("--package=")) args.packages.push(a.slice("--package=".length));
    else throw new UsageError(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

class UsageError extends Error {}

interface FileRun {
  key: string;
  lines: number;
  ms: number;
  /** The rules' time, what the per-file budget limits. */
  rulesMs: number;
  findings: Finding[];
}

interface PackageRun {
  pkg: PackageSpec;
  from: "cache" | "download";
  labelled: FileRun[];
  rest: FileRun[];
  fixCheck?: FixCheck;
}

interface Crash {
  file: string;
  message: string;
}

function countLines(text: string): number {
  return text.length === 0 ? 0 : text.split(/\r?\n/).length;
}

function toReport(key: string, f: Finding): Report {
  return { file: key, rule: f.ruleId, line: f.range.start.line + 1, endLine: f.range.end.line + 1, safeFix: f.fix?.safe === true };
}

/** The engine logs a fix it withheld (fix-syntax.ts) next to rule crashes: a rule defect, not a crash. */
const WITHHELD_FIX = /offered a fix that was withheld/;

async function runPackage(pkg: PackageSpec, args: Args, crashes: Crash[], withheld: Crash[], log: (m: string) => void): Promise<PackageRun> {
  const withRest = args.rest;
  const { root, from } = await fetchPackage(pkg, defaultCacheDir(), log);
  let current = "";
  // One engine per package, rooted at the extracted package so relative imports resolve from disk.
  const engine = new Engine({ rootDir: root, logger: { error: (message) => (WITHHELD_FIX.test(message) ? withheld : crashes).push({ file: current, message }) } });
  const analyse = (rel: string): FileRun => {
    current = fileKey(pkg.name, rel);
    let text: string;
    try {
      text = readFileSync(path.join(root, rel), "utf8");
    } catch (err) {
      throw new RealworldDataError(`${pkg.name}@${pkg.version} has no file ${rel} (${(err as Error).message})`);
    }
    const start = performance.now();
    const { findings, timings } = engine.analyze(path.join(root, rel), text, OPTIONS);
    return { key: current, lines: countLines(text), ms: performance.now() - start, rulesMs: timings?.rulesMs ?? 0, findings };
  };
  const labelled = pkg.files.map(analyse);
  const restFiles = withRest ? sourceFiles(pkg, root).filter((f) => !pkg.files.includes(f)) : [];
  const rest = restFiles.map(analyse);
  if (!args.fixCheck) return { pkg, from, labelled, rest };
  log(`${pkg.name}: --fix and suggestions on copies of ${pkg.files.length + restFiles.length} files`);
  const fixCheck = checkFixes(engine, root, [...pkg.files, ...restFiles], (rel) => readFileSync(path.join(root, rel), "utf8"), OPTIONS);
  return { pkg, from, labelled, rest, fixCheck };
}

interface Summary {
  command: string;
  date: string;
  node: string;
  loadAverage: number[];
  packages: { name: string; version: string; files: number; lines: number; restFiles: number; restLines: number; from: string }[];
  sites: { total: number; positives: number; negatives: number; perRule: Record<string, { positives: number; negatives: number }> };
  score: Score<Label>;
  crashes: Crash[];
  linesPerSecond: number;
  overDefaultBudget: { file: string; rulesMs: number }[];
  rest: { lines: number; findings: number; per1kLines: number; perPackage: { name: string; lines: number; findings: number; per1kLines: number }[] };
  restSample: { file: string; line: number; rule: string; message: string }[];
  thresholds: { applied: boolean; why?: string; failures: string[] };
  withheldFixes: Crash[];
  fixCheck?: { changedFiles: number; appliedFixes: number; suggestions: number; failures: string[] };
}

/** The fix check analyses each file again: a crash or withheld fix logged twice is one. */
function unique(list: Crash[]): Crash[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = `${c.file}\0${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function summarise(args: Args, runs: PackageRun[], labels: Label[], allCrashes: Crash[], allWithheld: Crash[], ruleIds: string[], thresholds: Thresholds, filtered: boolean): Summary {
  const crashes = unique(allCrashes);
  const withheld = unique(allWithheld);
  const reports = runs.flatMap((r) => r.labelled.flatMap((f) => f.findings.map((x) => toReport(f.key, x))));
  const result = score(reports, labels, new Map(), ruleIds);
  const all = runs.flatMap((r) => [...r.labelled, ...r.rest]);
  const lines = all.reduce((n, f) => n + f.lines, 0);
  const ms = all.reduce((n, f) => n + f.ms, 0);
  const perRule: Record<string, { positives: number; negatives: number }> = {};
  for (const rule of ruleIds) {
    perRule[rule] = {
      positives: labels.filter((l) => l.rule === rule && l.verdict === "positive").length,
      negatives: labels.filter((l) => l.rule === rule && l.verdict === "negative").length,
    };
  }
  const perPackage = runs.map((r) => {
    const restLines = r.rest.reduce((n, f) => n + f.lines, 0);
    const findings = r.rest.reduce((n, f) => n + f.findings.length, 0);
    return { name: r.pkg.name, lines: restLines, findings, per1kLines: restLines === 0 ? 0 : (1000 * findings) / restLines };
  });
  const restLines = perPackage.reduce((n, p) => n + p.lines, 0);
  const restFindings = perPackage.reduce((n, p) => n + p.findings, 0);
  const restSample = runs.flatMap((r) =>
    r.rest
      .flatMap((f) => f.findings.map((x) => ({ file: f.key, line: x.range.start.line + 1, rule: x.ruleId as string, message: x.message.split("\n")[0] })))
      .slice(0, REST_SAMPLE_PER_PACKAGE),
  );

  const checks = runs.flatMap((r) => (r.fixCheck ? [{ pkg: r.pkg.name, check: r.fixCheck }] : []));
  const fixCheck = args.fixCheck
    ? {
        changedFiles: checks.reduce((n, c) => n + c.check.changed.length, 0),
        appliedFixes: checks.reduce((n, c) => n + c.check.changed.reduce((k, x) => k + x.applied, 0), 0),
        suggestions: checks.reduce((n, c) => n + c.check.suggestions, 0),
        failures: checks.flatMap((c) => c.check.failures.map((f) => `${c.pkg}/${f}`)),
      }
    : undefined;
  const failures: string[] = [];
  let why: string | undefined;
  if (!args.thresholds) why = "--no-thresholds";
  else if (filtered) why = "--package selects part of the set; thresholds apply to the whole set";
  else {
    const t = thresholds;
    if (result.total.precision < t.precision) failures.push(`precision ${result.total.precision.toFixed(3)} < ${t.precision}`);
    if (result.total.recall < t.recall) failures.push(`recall ${result.total.recall.toFixed(3)} < ${t.recall}`);
    for (const r of result.perRule) {
      if (r.tp + r.fn > 0 && r.recall < t.perRuleRecall) failures.push(`${r.rule} recall ${r.recall.toFixed(3)} < ${t.perRuleRecall}`);
    }
    if (crashes.length > t.maxCrashes) failures.push(`${crashes.length} crashes > ${t.maxCrashes}`);
    if (runs.length < t.minPackages) failures.push(`${runs.length} packages < ${t.minPackages}`);
    if (labels.length < t.minSites) failures.push(`${labels.length} labelled sites < ${t.minSites}`);
    if (fixCheck && fixCheck.failures.length > 0) failures.push(`${fixCheck.failures.length} fixes or suggestions that do not parse or type-check as before`);
  }

  const labelledLines = (r: PackageRun) => r.labelled.reduce((n, f) => n + f.lines, 0);
  return {
    command: ["npm run eval:realworld", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" "),
    date: new Date().toISOString(),
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    packages: runs.map((r) => ({
      name: r.pkg.name,
      version: r.pkg.version,
      files: r.labelled.length,
      lines: labelledLines(r),
      restFiles: r.rest.length,
      restLines: r.rest.reduce((n, f) => n + f.lines, 0),
      from: r.from,
    })),
    sites: {
      total: labels.length,
      positives: labels.filter((l) => l.verdict === "positive").length,
      negatives: labels.filter((l) => l.verdict === "negative").length,
      perRule,
    },
    score: result,
    crashes,
    linesPerSecond: ms === 0 ? 0 : (1000 * lines) / ms,
    overDefaultBudget: all.filter((f) => f.rulesMs > DEFAULT_BUDGET_MS).map((f) => ({ file: f.key, rulesMs: Math.round(f.rulesMs) })),
    rest: { lines: restLines, findings: restFindings, per1kLines: restLines === 0 ? 0 : (1000 * restFindings) / restLines, perPackage },
    restSample,
    thresholds: { applied: why === undefined, why, failures },
    withheldFixes: withheld,
    ...(fixCheck ? { fixCheck } : {}),
  };
}

function formatText(s: Summary, withRest: boolean): string {
  const out: string[] = [];
  out.push(`Real-world evaluation set: ${s.packages.length} packages, ${s.sites.total} labelled sites (${s.sites.positives} positive, ${s.sites.negatives} look-alikes)`);
  out.push("");
  out.push("package                      version   labelled files/lines   rest files/lines");
  for (const p of s.packages) {
    out.push(`${p.name.padEnd(28)} ${p.version.padEnd(9)} ${`${p.files}/${p.lines}`.padStart(20)}   ${`${p.restFiles}/${p.restLines}`.padStart(16)}`);
  }
  out.push("");
  out.push("sites per rule (positive/negative): " + Object.entries(s.sites.perRule).map(([r, c]) => `${r} ${c.positives}/${c.negatives}`).join(", "));
  out.push("");
  out.push(formatScoreTable(s.score));
  out.push("");
  out.push(`crashes (rule failures the engine logged): ${s.crashes.length}`);
  for (const c of s.crashes) out.push(`  ${c.file}: ${c.message.split("\n")[0]}`);
  out.push(`fixes withheld by the engine (they would not parse in the file's language): ${s.withheldFixes.length}`);
  for (const c of s.withheldFixes) out.push(`  ${c.file}: ${c.message.split("\n")[0]}`);
  if (s.fixCheck) {
    out.push(
      `--fix on copies: ${s.fixCheck.appliedFixes} safe fixes in ${s.fixCheck.changedFiles} files, ${s.fixCheck.suggestions} suggestions applied one by one; ${s.fixCheck.failures.length} that do not parse or type-check as before`,
    );
    for (const f of s.fixCheck.failures) out.push(`  ${f}`);
  } else out.push("--fix on copies: not checked (--no-fix-check)");
  out.push(`speed: ${Math.round(s.linesPerSecond)} lines/s (engine.analyze only, labelled files and the rest)`);
  out.push(`files whose rules took longer than the default ${DEFAULT_BUDGET_MS} ms budget (run here without it): ${s.overDefaultBudget.length}`);
  for (const f of s.overDefaultBudget) out.push(`  ${f.file}: ${f.rulesMs} ms`);
  if (withRest) {
    out.push(
      `unlabelled findings on the rest of the packages' source: ${s.rest.findings} in ${s.rest.lines} lines = ${s.rest.per1kLines.toFixed(2)} per 1k lines`,
    );
    for (const p of s.rest.perPackage) out.push(`  ${p.name}: ${p.findings} in ${p.lines} lines (${p.per1kLines.toFixed(2)} per 1k)`);
    if (s.restSample.length > 0) {
      out.push(`  a sample to judge by hand (at most ${REST_SAMPLE_PER_PACKAGE} per package):`);
      for (const x of s.restSample) out.push(`    ${x.file}:${x.line} ${x.rule}: ${x.message}`);
    }
  } else out.push("unlabelled findings on the rest: not measured (--no-rest)");
  out.push("");
  const fps = s.score.scored.filter((x) => x.outcome === "fp");
  out.push(`false negatives (${s.score.falseNegatives.length}):`);
  for (const e of s.score.falseNegatives) out.push(`  ${e.file}:${e.line}-${e.endLine} ${e.rule} in ${e.function} [fix ${e.fix}]: ${e.note}`);
  out.push(`false positives (${fps.length}):`);
  for (const x of fps) {
    const label = x.entry ? ` (${x.entry.function}): ${x.entry.note}` : "";
    out.push(`  ${x.report.file}:${x.report.line} ${x.report.rule}: ${x.reason}${label}`);
  }
  out.push("");
  if (!s.thresholds.applied) out.push(`thresholds: not applied (${s.thresholds.why})`);
  else if (s.thresholds.failures.length === 0) out.push("thresholds: all met");
  else out.push(`thresholds: NOT met: ${s.thresholds.failures.join("; ")}`);
  return out.join("\n");
}

function resultsMarkdown(s: Summary, text: string): string {
  return [
    "# Real-world evaluation set: results",
    "",
    "Written by `npm run eval:realworld -- --write-results`; see README.md beside this file.",
    "",
    `- command: \`${s.command}\``,
    `- date: ${s.date}`,
    `- node: ${s.node}`,
    `- load average (1, 5, 15 min): ${s.loadAverage.join(", ")} on ${os.cpus().length} cores`,
    "",
    "```",
    text,
    "```",
    "",
  ].join("\n");
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const ruleIds = listRules().map((r) => r.id as string);
  const allPackages = loadPackages();
  const labelsAll = loadLabels(allPackages, ruleIds);
  const thresholds = loadThresholds();
  for (const name of args.packages) {
    if (!allPackages.some((p) => p.name === name)) throw new UsageError(`--package ${name}: not in packages.json (${allPackages.map((p) => p.name).join(", ")})`);
  }
  const filtered = args.packages.length > 0;
  const packages = filtered ? allPackages.filter((p) => args.packages.includes(p.name)) : allPackages;
  const labels = labelsAll.filter((l) => packages.some((p) => p.name === l.package));
  const log = (m: string) => process.stderr.write(`eval:realworld: ${m}\n`);

  const crashes: Crash[] = [];
  const withheld: Crash[] = [];
  const runs: PackageRun[] = [];
  for (const pkg of packages) runs.push(await runPackage(pkg, args, crashes, withheld, log));

  const summary = summarise(args, runs, labels, crashes, withheld, ruleIds, thresholds, filtered);
  const text = formatText(summary, args.rest);
  if (args.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  else process.stdout.write(text + "\n");
  if (args.writeResults) {
    writeFileSync(RESULTS_FILE, resultsMarkdown(summary, text));
    log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
  return summary.thresholds.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof RealworldDataError || err instanceof IntegrityError;
    process.stderr.write(`eval:realworld: ${known ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
