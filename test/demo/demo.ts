// `npm run demo`: the main job end to end on examples/ through the real CLI —
// 1. findings, 2. the safe fixes applied to a temporary copy (shown as a diff),
// 3. a measured before/after benchmark of every finding, as one table.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatDuration, formatDurationPair, formatEquivalence, formatSpeed } from "../../server/bench/format";

const root = path.resolve(__dirname, "..", "..");
const cli = path.join(root, "dist", "cli.js");
const examples = path.join(root, "examples");
const size = Number(process.env.ARRAYLINT_DEMO_SIZE ?? 1_000_000);
const budgetMs = Number(process.env.ARRAYLINT_DEMO_BUDGET_MS ?? 3000);

interface EslintMessage { ruleId: string; message: string; line: number; column: number; fix?: unknown }
interface EslintFile { filePath: string; messages: EslintMessage[] }
interface BenchStats { medianNs: number }
interface BenchJson { before: BenchStats; after: BenchStats; speedup: number; speedupCI: [number, number]; equivalent: boolean; tolerance?: number; error?: string }

function runCli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status ?? 2, stdout: r.stdout, stderr: r.stderr };
}

/** Bold and dim only on a terminal, and not under NO_COLOR (https://no-color.org); FORCE_COLOR forces them. */
const color = (stream: NodeJS.WriteStream) =>
  process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== "0" : !process.env.NO_COLOR && stream.isTTY === true;
const style = (stream: NodeJS.WriteStream, code: string, text: string) => (color(stream) ? `\x1b[${code}m${text}\x1b[0m` : text);

function heading(text: string): void {
  console.log(`\n${style(process.stdout, "1", `== ${text} ==`)}\n`);
}

const t0 = Date.now();
/** A progress line on stderr (stdout stays the demo's output): what runs now, and the time so far. */
function progress(text: string): void {
  process.stderr.write(style(process.stderr, "2", `  … [${((Date.now() - t0) / 1000).toFixed(0)}s] ${text}`) + "\n");
}

/** The bench's own wording, with the median ratio when it is within noise ("≈ same speed (0.85×)"). */
function verdict(b: BenchJson): string {
  const speed = formatSpeed(b);
  return speed === "≈ same speed" ? `${speed} (${b.speedup.toFixed(2)}×)` : speed;
}

function main(): number {
  heading("1. arraylint check examples/");
  progress("analysing examples/ (the CLI loads the TypeScript compiler and type-checks each file first)");
  const text = runCli(["check", examples]);
  process.stdout.write(text.stdout);
  if (text.status === 2) {
    console.error(text.stderr);
    return 2;
  }
  progress("the same check as JSON, for the table in step 3");
  const json = runCli(["check", examples, "--format", "json"]);
  const files = JSON.parse(json.stdout) as EslintFile[];

  heading("2. arraylint check --fix on a temporary copy (safe fixes only)");
  const work = mkdtempSync(path.join(tmpdir(), "arraylint-demo-"));
  try {
    const copy = path.join(work, "examples");
    cpSync(examples, copy, { recursive: true });
    progress(`applying the safe fixes to a copy in ${work}`);
    const fixed = runCli(["check", copy, "--fix"]);
    process.stdout.write(fixed.stdout);
    // git prints the absolute temp path without its leading "/"
    const tempPrefix = path.relative(path.parse(work).root, work) + path.sep;
    for (const name of readdirSync(examples).filter((f) => f.endsWith(".ts")).sort()) {
      // headers read "--- examples/x.ts" / "+++ fixed/examples/x.ts" (the copy lives in a temp dir)
      const args = ["diff", "--no-index", "--no-color", "--src-prefix=", "--dst-prefix=", "--", path.relative(root, path.join(examples, name)), path.join(copy, name)];
      const diff = spawnSync("git", args, { encoding: "utf8", cwd: root });
      if (diff.stdout) process.stdout.write(diff.stdout.replaceAll(tempPrefix, "fixed/"));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  heading(`3. before/after, measured on this machine (${size.toLocaleString("en-US")} elements, separate node process, medians)`);
  const rows: string[][] = [["finding", "rule", "fix", "before", "after", "result", "outputs"]];
  const total = files.reduce((n, f) => n + f.messages.length, 0);
  let done = 0;
  for (const file of files) {
    for (const m of file.messages) {
      const where = `${path.relative(root, file.filePath)}:${m.line}`;
      progress(`[${++done}/${total}] benchmarking ${where} (${m.ruleId}): before and after in a separate node process`);
      const bench = runCli(["bench", `${file.filePath}:${m.line}`, "--json", "--size", String(size), "--time-budget", String(budgetMs)]);
      const fixKind = m.fix ? "safe" : "refactor/none";
      let result: BenchJson | undefined;
      try {
        result = JSON.parse(bench.stdout) as BenchJson;
      } catch {
        result = undefined;
      }
      if (!result || result.error) {
        const why = result?.error ?? (bench.stderr.trim().split("\n")[0] || "no benchmark");
        rows.push([where, m.ruleId, fixKind, "—", "—", why, "—"]);
        continue;
      }
      if (!Number.isFinite(result.after.medianNs)) {
        // no fix and no rewrite the bench can build: only the original was timed
        rows.push([where, m.ruleId, fixKind, formatDuration(result.before.medianNs), "—", "original timed only (no rewrite to compare)", "—"]);
        continue;
      }
      rows.push([where, m.ruleId, fixKind, ...formatDurationPair(result.before.medianNs, result.after.medianNs), verdict(result), formatEquivalence(result)]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
  console.log("\nRatios come from one run on a shared machine; rerun `arraylint bench FILE:LINE` for your own numbers.");
  return 0;
}

process.exitCode = main();
