// `npm run bench:analyzer [-- --quick] [--reps N] [--write] [--no-lsp] [--lsp-only] [--only a,b]`: analyzer throughput and
// server latency, measured as whole processes (a benchmark, not a test: nothing here asserts a time).
//
// 1. On three@0.187.0's src/ and the real-world set's packages (test/realworld/packages.json, fetched and
//    sha512-checked into ~/.cache/arraylint/realworld/ by fetchPackage), the same file list goes to
//    - the arraylint CLI (dist/cli.js check --jobs 1, and --jobs 2),
//    - ESLint with typescript-eslint's recommended (syntax-only) rules,
//    - for TypeScript packages: ESLint with recommendedTypeChecked and `tsc --noEmit`, on the package's own
//      tsconfig.json or, where the tarball has none, a generated one that lists exactly these files;
//    each under /usr/bin/time (wall, user and system CPU, peak RSS), the tools interleaved per repetition,
//    medians printed with lines/s and the ratio to ESLint, next to the load average.
// 2. dist/server.js over stdio: start → first diagnostics of a generated ~3,000-line numeric file, and
//    edit → diagnostics latency (p50/p95) over ~100 edits (the server's debounce included).
// --write puts the report into server/BENCHMARKS.md. Build first (`npm run build:server`).
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, InitializeRequest, InitializedNotification, ShutdownRequest,
  StreamMessageReader, StreamMessageWriter, createMessageConnection,
} from "vscode-languageserver/node";
import { fetchPackage, loadPackages, sourceFiles, type PackageSpec } from "../realworld/realworld";
import { CLIENT_CAPABILITIES, RecordingClient } from "../lsp/harness";
import { PREVIEW_LINES, PREVIEW_MIN_LINES } from "../../server/lsp/server";
import { numericFile } from "./numeric-file";

const repo = path.resolve(__dirname, "..", "..");
const cliJs = path.join(repo, "dist", "cli.js");
const serverJs = path.join(repo, "dist", "server.js");
const eslintJs = path.join(repo, "node_modules", "eslint", "bin", "eslint.js");
const tscJs = path.join(repo, "node_modules", "typescript", "bin", "tsc");
const TIME = "/usr/bin/time";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const write = args.includes("--write");
const noLsp = args.includes("--no-lsp");
const lspOnly = args.includes("--lsp-only");
const repsArg = args.indexOf("--reps");
const reps = repsArg >= 0 ? Number(args[repsArg + 1]) : quick ? 3 : 1;
const onlyArg = args.indexOf("--only");
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(",")) : undefined;
const EDITS = quick ? 40 : 100;
/** The line the typing measurement writes into a function, one character per version. */
const TYPED_LINE = "    y[j] = y[j] + x[j] * 2;";

const QUICK_PACKAGES = new Set(["earcut", "jstat", "simplex-noise", "meyda"]);

interface Tree {
  name: string;
  root: string;
  /** Paths relative to root. */
  files: string[];
  lines: number;
  language: "js" | "ts";
  /** The tsconfig tsc and type-aware ESLint use, and whether the package ships it. */
  tsconfig?: { file: string; own: boolean };
}

interface Sample {
  wallS: number;
  userS: number;
  sysS: number;
  rssMB: number;
  status: number;
}

interface Tool {
  id: string;
  label: string;
  applies: (t: Tree) => boolean;
  command: (t: Tree, tmp: string) => string[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-bench-analyzer-"));
const log = (s: string) => process.stderr.write(s + "\n");

function countLines(file: string): number {
  const text = fs.readFileSync(file, "utf8");
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return text.length > 0 && !text.endsWith("\n") ? n + 1 : n;
}

function makeTree(name: string, root: string, files: string[], language: "js" | "ts"): Tree {
  const lines = files.reduce((n, f) => n + countLines(path.join(root, f)), 0);
  const tree: Tree = { name, root, files, lines, language };
  if (language === "ts") {
    const own = path.join(root, "tsconfig.json");
    if (fs.existsSync(own)) tree.tsconfig = { file: own, own: true };
    else {
      const file = path.join(tmp, `${name.replace(/[^\w.-]/g, "_")}.tsconfig.json`);
      fs.writeFileSync(file, JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: "es2022", module: "esnext", moduleResolution: "bundler", allowJs: false },
        files: files.map((f) => path.join(root, f)),
      }, null, 1));
      tree.tsconfig = { file, own: false };
    }
  }
  return tree;
}

/** three's whole src/ (sourceFiles' filters: no declarations, minified files or tests). */
function walkSources(root: string, rel: string): string[] {
  const pkg = { sources: [rel] } as PackageSpec;
  return sourceFiles(pkg, root);
}

async function trees(): Promise<Tree[]> {
  const out: Tree[] = [];
  for (const pkg of loadPackages()) {
    const { root } = await fetchPackage(pkg, undefined, log);
    if (pkg.name === "three") {
      const src = quick ? "src/math" : "src";
      out.unshift(makeTree(`three@${pkg.version} ${src}/`, root, walkSources(root, src), "js"));
      continue;
    }
    if (quick && !QUICK_PACKAGES.has(pkg.name)) continue;
    out.push(makeTree(`${pkg.name}@${pkg.version}`, root, sourceFiles(pkg, root), pkg.language));
  }
  return out.filter((t) => !only || [...only].some((o) => t.name.startsWith(o)));
}

function eslintConfig(t: Tree, typed: boolean): string {
  const file = path.join(tmp, `${t.name.replace(/[^\w.-]/g, "_")}.${typed ? "typed" : "syntax"}.eslint.config.mjs`);
  const tseslint = pathToFileURL(require.resolve("typescript-eslint")).href;
  const body = typed
    ? `...tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { project: ${JSON.stringify(t.tsconfig!.file)}, tsconfigRootDir: ${JSON.stringify(t.root)} } } },`
    : "...tseslint.configs.recommended,";
  fs.writeFileSync(file, `import tseslint from ${JSON.stringify(tseslint)};
export default [
  { files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"] },
  ${body}
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
];
`);
  return file;
}

const TOOLS: Tool[] = [
  { id: "al1", label: "arraylint --jobs 1", applies: () => true, command: (t) => [process.execPath, cliJs, "check", "--format", "json", "--jobs", "1", ...t.files] },
  { id: "al2", label: "arraylint --jobs 2", applies: () => true, command: (t) => [process.execPath, cliJs, "check", "--format", "json", "--jobs", "2", ...t.files] },
  { id: "es", label: "ESLint syntax-only", applies: () => true, command: (t) => [process.execPath, eslintJs, "-c", eslintConfig(t, false), "--no-warn-ignored", "-f", "json", ...t.files] },
  { id: "est", label: "ESLint type-aware", applies: (t) => !!t.tsconfig, command: (t) => [process.execPath, eslintJs, "-c", eslintConfig(t, true), "--no-warn-ignored", "-f", "json", ...t.files] },
  { id: "tsc", label: "tsc --noEmit", applies: (t) => !!t.tsconfig, command: (t) => [process.execPath, tscJs, "--noEmit", "-p", t.tsconfig!.file] },
];

function timed(argv: string[], cwd: string): Sample {
  const timeFile = path.join(tmp, "time.txt");
  const outFile = path.join(tmp, "out.txt");
  const fd = fs.openSync(outFile, "w");
  const r = spawnSync(TIME, ["-f", "%e %U %S %M %x", "-o", timeFile, ...argv], { cwd, stdio: ["ignore", fd, fd], maxBuffer: 1 << 30 });
  fs.closeSync(fd);
  const fields = fs.readFileSync(timeFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  const [wallS, userS, sysS, rssKB] = fields;
  const status = r.status ?? -1;
  return { wallS, userS, sysS, rssMB: rssKB / 1024, status };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "—");

/** Exit statuses that mean "ran to the end": 0, 1 (findings/lint errors); tsc's 1/2 are type errors. */
function ranToEnd(tool: string, status: number): boolean {
  if (tool === "tsc") return status === 0 || status === 1 || status === 2;
  return status === 0 || status === 1;
}

interface Row {
  tree: Tree;
  tool: Tool;
  median: Sample;
  statuses: number[];
}

function runTrees(list: Tree[]): { rows: Row[]; loads: string[] } {
  const rows: Row[] = [];
  const loads: string[] = [];
  for (const t of list) {
    const tools = TOOLS.filter((tool) => tool.applies(t));
    const samples = new Map<string, Sample[]>(tools.map((tool) => [tool.id, []]));
    const before = load();
    for (let r = 0; r < reps; r++) {
      // interleaved: each repetition runs every tool once, in a rotated order
      const order = tools.map((_, i) => tools[(i + r) % tools.length]);
      for (const tool of order) {
        const s = timed(tool.command(t, tmp), t.root);
        samples.get(tool.id)!.push(s);
        log(`${t.name}: ${tool.label}: ${s.wallS.toFixed(1)} s wall, ${s.userS.toFixed(1)} s user, ${(s.rssMB).toFixed(0)} MB, exit ${s.status} (load ${load()})`);
      }
    }
    loads.push(`${t.name}: ${before} → ${load()}`);
    for (const tool of tools) {
      const ss = samples.get(tool.id)!;
      rows.push({
        tree: t, tool, statuses: ss.map((s) => s.status),
        median: { wallS: median(ss.map((s) => s.wallS)), userS: median(ss.map((s) => s.userS)), sysS: median(ss.map((s) => s.sysS)), rssMB: median(ss.map((s) => s.rssMB)), status: ss[0].status },
      });
    }
  }
  return { rows, loads };
}

function table(rows: Row[]): string {
  const out = [
    "| tree | files | lines | tool | wall s | user s | sys s | peak RSS MB | lines/s | speed vs ESLint syntax-only | RSS vs ESLint | exit |",
    "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of rows) {
    const es = rows.find((x) => x.tree === r.tree && x.tool.id === "es")!.median;
    const m = r.median;
    const speed = es.wallS / m.wallS;
    const failed = r.statuses.some((s) => !ranToEnd(r.tool.id, s));
    const tsconfig = r.tool.id === "tsc" || r.tool.id === "est" ? (r.tree.tsconfig!.own ? " (own tsconfig)" : " (generated tsconfig)") : "";
    out.push(`| ${r.tree.name} | ${r.tree.files.length} | ${fmtInt(r.tree.lines)} | ${r.tool.label}${tsconfig} | ${fmt(m.wallS)} | ${fmt(m.userS)} | ${fmt(m.sysS)} | ${fmtInt(m.rssMB)} | ${fmtInt(r.tree.lines / m.wallS)} | ${fmt(speed, 2)}× | ${fmt(m.rssMB / es.rssMB, 2)}× | ${r.statuses.join(",")}${failed ? " (did not finish)" : ""} |`);
  }
  return out.join("\n");
}

/** Totals over all trees per tool, and the TS-with-tsconfig comparison with tsc. */
function summary(rows: Row[]): string {
  const lines: string[] = [];
  const sum = (id: string, pick: (s: Sample) => number, trees?: Set<Tree>) =>
    rows.filter((r) => r.tool.id === id && (!trees || trees.has(r.tree))).reduce((n, r) => n + pick(r.median), 0);
  const all = new Set(rows.map((r) => r.tree));
  const totalLines = [...all].reduce((n, t) => n + t.lines, 0);
  for (const id of ["al1", "al2", "es"]) {
    const tool = TOOLS.find((t) => t.id === id)!;
    const wall = sum(id, (s) => s.wallS);
    lines.push(`- ${tool.label}, all ${all.size} trees (${fmtInt(totalLines)} lines): ${fmt(wall)} s wall, ${fmtInt(totalLines / wall)} lines/s, ${fmt(sum(id, (s) => s.userS))} s user CPU`);
  }
  const ts = new Set(rows.filter((r) => r.tool.id === "tsc").map((r) => r.tree));
  if (ts.size > 0) {
    const tsc = sum("tsc", (s) => s.wallS, ts);
    for (const id of ["al1", "al2", "est"]) {
      const w = sum(id, (s) => s.wallS, ts);
      lines.push(`- TypeScript packages (${[...ts].map((t) => t.name).join(", ")}): ${TOOLS.find((t) => t.id === id)!.label} ${fmt(w)} s vs tsc --noEmit ${fmt(tsc)} s (${fmt(w / tsc, 2)}× tsc)`);
    }
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The language server over stdio
// ---------------------------------------------------------------------------------------------

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

/**
 * One server run: spawn → the opened file's first diagnostics (its first lines' findings: the server
 * previews a large file, server/lsp/server.ts) and → all of them (the whole file's); then edits and typing.
 */
interface Latency { lines: number; findings: number; previewed: number; startMs: number; wholeMs: number; openMs: number; editMs: number[]; typingMs: number[] }

/**
 * Two starts of the server with a cache folder of their own: the first compiles the bundle and writes V8's
 * code cache at exit (server/code-cache.ts), as the first start after an install does; the second starts
 * from it, and its edits are measured.
 */
async function serverLatency(): Promise<{ cold: Latency; warm: Latency }> {
  const cacheHome = fs.mkdtempSync(path.join(tmp, "cache-"));
  const cold = await serverRun(cacheHome, 0);
  return { cold, warm: await serverRun(cacheHome, EDITS) };
}

async function serverRun(cacheHome: string, edits: number): Promise<Latency> {
  const workspace = fs.mkdtempSync(path.join(tmp, "ws-"));
  const file = path.join(workspace, "numeric.ts");
  const text = numericFile();
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const started = performance.now();
  const child = spawn(process.execPath, [serverJs, "--stdio"], { cwd: workspace, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
  try {
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new RecordingClient(conn);
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(workspace).href, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }],
      capabilities: CLIENT_CAPABILITIES, initializationOptions: { trusted: false },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    const opened = performance.now();
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text } });
    const first = await client.until("first diagnostics", () => client.diagnosticsFor(uri, 1), 120_000);
    const firstAt = performance.now();
    // a file of more than PREVIEW_MIN_LINES lines with findings near its top: the preview, then the whole file
    const opened1 = () => client.diagnostics.get(uri)!.filter((p) => p.version === 1);
    const whole = await client.until("the whole file's diagnostics", () => opened1().length >= 2 && opened1()[1], 120_000);
    const wholeAt = performance.now();
    const editMs: number[] = [];
    const lines = text.split("\n");
    for (let v = 2; v < edits + 2; v++) {
      // one keystroke's worth: the constant of one function's loop changes (the findings stay the same)
      const fn = (v * 37) % 150;
      lines[fn * 20 + 2] = `    y[j] = x[j] * k + ${v};`;
      const current = lines.join("\n");
      const t0 = performance.now();
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ text: current }] });
      await client.until(`diagnostics of version ${v}`, () => client.diagnosticsFor(uri, v), 60_000);
      editMs.push(performance.now() - t0);
    }
    // Typing: a new line written into one function one keystroke at a time; until it is complete most
    // texts do not parse (the engine reports no finding for them, as ESLint reports only the parsing error).
    const typingMs: number[] = [];
    if (edits > 0) {
      const typed = TYPED_LINE;
      const at = 7 * 20 + 2;
      let v = edits + 2;
      for (let n = 1; n <= typed.length; n++, v++) {
        const current = [...lines.slice(0, at + 1), typed.slice(0, n), ...lines.slice(at + 1)].join("\n");
        const t0 = performance.now();
        await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ text: current }] });
        await client.until(`diagnostics of version ${v}`, () => client.diagnosticsFor(uri, v), 60_000);
        typingMs.push(performance.now() - t0);
      }
    }
    // a clean exit: the server writes its code cache then (server/code-cache.ts), as it does when an editor closes
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    conn.dispose();
    return {
      lines: text.split("\n").length - 1, findings: whole.diagnostics.length, previewed: first.diagnostics.length,
      startMs: firstAt - started, wholeMs: wholeAt - started, openMs: firstAt - opened, editMs, typingMs,
    };
  } finally {
    child.kill();
  }
}

// ---------------------------------------------------------------------------------------------

async function mainBench(): Promise<void> {
  for (const f of [cliJs, serverJs]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(repo, f)} is missing: run \`npm run build:server\` first`);
  }
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for user CPU and peak RSS`);
  const startedLoad = load();
  if (lspOnly) {
    // the language server part alone (nothing written): start-up and edit latency
    const { cold, warm: lsp } = await serverLatency();
    const ms = (x: number) => `${fmtInt(x)} ms`;
    process.stdout.write(
      `${lsp.lines} lines, ${lsp.findings} diagnostics, load ${startedLoad}: spawn → first diagnostics ${ms(lsp.startMs)} (${lsp.previewed} of the first ${PREVIEW_LINES} lines), → all ${ms(lsp.wholeMs)} ` +
        `(first start, no code cache: ${ms(cold.startMs)}), didOpen → first ${ms(lsp.openMs)}; ${lsp.editMs.length} edits: ` +
        `p50 ${ms(percentile(lsp.editMs, 50))}, p95 ${ms(percentile(lsp.editMs, 95))}, max ${ms(Math.max(...lsp.editMs))}; ` +
        `typing ${lsp.typingMs.length} keystrokes: p50 ${ms(percentile(lsp.typingMs, 50))}, p95 ${ms(percentile(lsp.typingMs, 95))}; load after ${load()}\n`,
    );
    return;
  }
  const head = spawnSync("git", ["log", "-1", "--format=%h"], { cwd: repo, encoding: "utf8" }).stdout.trim() +
    (spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repo, encoding: "utf8" }).stdout.trim() ? " plus uncommitted changes" : "");
  const list = await trees();
  const { rows, loads } = runTrees(list);
  const lsp = noLsp ? undefined : await serverLatency();
  const report = [
    "# Analyzer benchmarks",
    "",
    `Produced by \`npm run bench:analyzer${quick ? " -- --quick" : ""}\` (test/bench/analyzer.bench.ts) at commit \`${head}\` (dist/ built from it),`,
    `${new Date().toISOString().slice(0, 16)}Z, Node ${process.versions.node}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "?"}, ` +
      `${reps} repetition${reps === 1 ? "" : "s"} per tool (median), tools interleaved. Re-run: \`npm run build:server && npm run bench:analyzer -- --write\`` +
      " (`--quick`: three's src/math and four small packages, 3 repetitions; `--only NAME`; `--no-lsp`).",
    "",
    `Machine load (1/5/15-min load average) at the start: ${startedLoad}; per tree, before → after:`,
    "",
    ...loads.map((l) => `- ${l}`),
    "",
    "Every tool gets the same file list (three: all of `src/`; a real-world package: its `sources` as",
    "`test/realworld/packages.json` lists them, without declarations, minified files and tests), run as a whole",
    "process under `/usr/bin/time` from the package folder. ESLint syntax-only: typescript-eslint 8.74.0's",
    "`recommended`; type-aware: `recommendedTypeChecked` with `parserOptions.project`. arraylint: `dist/cli.js check",
    "--format json` with its defaults (calibration, 2 s per-file budget, generated files skipped). Speed vs ESLint =",
    "ESLint syntax-only wall time ÷ this tool's wall time (> 1: faster than ESLint).",
    "",
    table(rows),
    "",
    "Totals:",
    "",
    summary(rows),
    "",
  ];
  if (lsp) {
    report.push(
      "## Language server (dist/server.js over stdio)",
      "",
      `A generated ${fmtInt(lsp.warm.lines)}-line numeric TypeScript file (${lsp.warm.findings} diagnostics), ${lsp.warm.editMs.length} edits, each a full-text`,
      "`didChange` that changes one constant, sent after the previous edit's diagnostics arrived. The latency includes",
      "the server's debounce after a change (2 ms when the median of the document's last five edit analyses (the opening's until an edit was analysed) is at most 100 ms, else that median, up to 150 ms; the first",
      "analysis of an opened document is not debounced). The server starts twice, with a cache folder of its own: the",
      "first start compiles the bundle and leaves V8's code cache at exit (server/code-cache.ts), the second is measured.",
      `The server shows a file of over ${PREVIEW_MIN_LINES} lines in two steps: the findings of its first ${PREVIEW_LINES} lines (what an editor shows`,
      "on opening it) as soon as they are known, then the whole file's, which repeat them.",
      `Typing: then \`${TYPED_LINE.trim()}\` is written into one function one keystroke (one version) at a time; most of`,
      "those texts do not parse until the line is complete (no finding is reported for them, as ESLint reports only the parsing error).",
      "",
      "| measure | ms |",
      "|---|---:|",
      `| spawn → first diagnostics: the first ${PREVIEW_LINES} lines' ${lsp.warm.previewed} (start, initialize, open, analyse them) | ${fmtInt(lsp.warm.startMs)} |`,
      `| spawn → all ${lsp.warm.findings} diagnostics (the whole file analysed) | ${fmtInt(lsp.warm.wholeMs)} |`,
      `| didOpen → first diagnostics | ${fmtInt(lsp.warm.openMs)} |`,
      `| spawn → first diagnostics, first start (no code cache yet) | ${fmtInt(lsp.cold.startMs)} |`,
      `| edit → diagnostics p50 | ${fmtInt(percentile(lsp.warm.editMs, 50))} |`,
      `| edit → diagnostics p95 | ${fmtInt(percentile(lsp.warm.editMs, 95))} |`,
      `| edit → diagnostics max | ${fmtInt(Math.max(...lsp.warm.editMs))} |`,
      `| typing → diagnostics p50 (${lsp.warm.typingMs.length} keystrokes) | ${fmtInt(percentile(lsp.warm.typingMs, 50))} |`,
      `| typing → diagnostics p95 | ${fmtInt(percentile(lsp.warm.typingMs, 95))} |`,
      "",
    );
  }
  const text = report.join("\n");
  process.stdout.write(text);
  if (write) {
    fs.writeFileSync(path.join(repo, "server", "BENCHMARKS.md"), text);
    log("written to server/BENCHMARKS.md");
  }
}

mainBench()
  .catch((e: unknown) => {
    process.stderr.write(`bench:analyzer: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(tmp, { recursive: true, force: true }));
