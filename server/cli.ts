// The arraylint CLI: `check`, `bench`, `rules` over the same engine as the language server.
// Exit codes (HELP has the full list): 0 clean, 1 findings or syntax errors, 2 usage/internal error or an incomplete run.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { version } from "../package.json";
import { BOM, Engine, applySafeFixes, isIncompleteNote, listRules, type Finding, type RuleId } from "./engine/index";
import { formatBenchResult, formatDuration, formatSpeed, type BenchResult } from "./bench/index";
import { formatCI, formatSize } from "./bench/format";
import { benchmarkFinding, codeSizesOf } from "./bench/finding";
import { applyCalibration, autoApplyFilter } from "./calibrate/apply";
import { calibrate as runCalibration } from "./calibrate/run";
import { calibrationFile, defaultCacheDir, loadCalibration, readCalibration, writeCalibration, type CalibrationTable } from "./calibrate/table";
import { ProfileError, attachProfile, formatShare, indexProfile, readProfile, type ProfileIndex } from "./profile/cpuprofile";
import { ConfigError, isIncluded, isTestFile, knownRuleIds, loadConfigFile, loadConfigFor, toAnalyzeOptions, type ArraylintConfig } from "./config";
import { GitIgnore } from "./gitignore";
import { DEFAULT_MAX_FILE_SIZE, SourceReadError, parseByteSize, readSourceFile, splitBom } from "./source-files";
import { formatText, summaryLines } from "./format/text";
import { formatEslintJson } from "./format/eslint-json";
import { formatSarif } from "./format/sarif";
import { ruleDocsPath } from "./format/docs";
import type { FileReport } from "./format/report";
import { checkInWorkers, isCheckWorker, parseJobs, workerCount } from "./cli-jobs";
import {
  InstallError, RuntimeAssetsError, RuntimeResolver, addsRuntimeImport, defaultVendorFolder, installRuntime, moduleFormatFor,
  relativeSpecifier, vendorRuntime, vendoredFileName, type ModuleFormat,
} from "./runtime-setup/index";

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Colour the text output (a terminal that wants it: see colorEnabled). */
  color?: boolean;
}

class UsageError extends Error {}
/** A run that cannot go on (a package manager that failed): exit 2 with the message, no usage hint. */
class RunError extends Error {}

/**
 * Whether output to a stream should be coloured: FORCE_COLOR decides when set ("0"/"false" off, else on),
 * as in Node; else NO_COLOR (any non-empty value) turns it off; else only a terminal that is not "dumb".
 */
export function colorEnabled(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return !!isTTY && env.TERM !== "dumb";
}

const SOURCE_EXTENSIONS = new Set([".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".cts", ".mts"]);

const HELP = `arraylint ${version} — finds NumPy-style performance problems in numeric TypeScript

Usage:
  arraylint check PATHS... [--format text|json|sarif] [--fix [--runtime package|vendor|skip] [--runtime-dir DIR]]
                  [--rule ID]... [--config FILE] [--max-warnings N] [--max-file-size SIZE] [--no-default-ignore]
                  [--include-generated] [--jobs N]
  arraylint bench FILE:LINE [--json] [--size N] [--time-budget MS]
  arraylint calibrate [--out FILE] [--time-budget MS] [--json]
  arraylint rules [--json]
  arraylint --help | --version

check   Analyse files and folders. Folders are walked for .ts .tsx .js .jsx .mjs .cjs .cts .mts, skipping
        node_modules, dist and .git, and by default also vendored folders (vendor, libs, third_party),
        what .gitignore ignores, and test files (__tests__/, *.test.*, *.spec.*; config "ignoreTests").
        Include/exclude globs come from the config. Files named on the command line are always checked.
        --format text|json|sarif   text (default), ESLint's JSON shape, or SARIF 2.1.0
        --fix                      apply safe fixes in place, then report what is left. A fix that imports the
                                   runtime (@arraylint/runtime, or "runtimeImport") where the project does not
                                   resolve it is refused (exit 2) unless --runtime says how to add it:
        --runtime package          install the runtime arraylint carries with the project's package manager
                                   (npm, pnpm or yarn by lockfile) into package.json's dependencies
        --runtime vendor           write it into the project as one file (arraylint-runtime.mjs/.cjs and
                                   its declarations) in --runtime-dir DIR (default src/vendor, or vendor)
                                   and import it by its relative path
        --runtime skip             leave those fixes out (a vendored copy already in the project is used)
        --rule ID                  only these rules (repeatable, or comma-separated)
        --config FILE              arraylint.config.json or a package.json with an "arraylint" key
                                   (default: the nearest one above each file)
        --max-warnings N           exit 1 only on errors or more than N warnings
        --profile FILE             a CPU profile (node --cpu-prof, or DevTools' .cpuprofile): each
                                   finding gets its share of the profiled time, hottest first
        --max-file-size SIZE       skip larger files with a note (default 2MB; config "maxFileSize")
        --no-default-ignore        walk vendored and .gitignored folders and take test files too
        --include-generated        analyse generated and minified code too (skipped with a note by default)
        --jobs N                   check files on N worker threads, each with its own type checker (default
                                   1: one checker shared by all files measured faster on connected trees);
                                   the output is the same as with --jobs 1. --fix always runs on one thread
        --calibration FILE|off     the measured speed of each fix kind on this runtime (default: the
                                   table \`arraylint calibrate\` wrote, else the one shipped): warnings
                                   only for fixes measured ≥ 1.2× faster at the code's size; --fix
                                   applies only fixes measured not slower (off: the rules alone)
bench   Run the before/after benchmark of the finding at FILE:LINE (1-based) in a separate Node process,
        inside its module (helpers and imports resolve), at the size the code shows, else a sweep
        (16, 1e3, 1e5, 1e6). A finding without a fix gets the original's time.
        --json  print the result object   --size N  elements (default: from the code, else the sweep)
        --time-budget MS  measuring time (default 4000)
calibrate  Measure every fix kind on this runtime at sizes 4 to 1e6 (a minute or two) and save the
        table where \`check\` and the language server read it (~/.cache/arraylint, one per Node version).
        --out FILE  write it there instead   --json  print the table   --time-budget MS per fix kind
rules   List the rules with their docs (--json for the metadata and the docs text).

Exit status of check:
  0  no findings, every file analysed
  1  findings (errors, or more warnings than --max-warnings), or files with syntax errors (not analysed)
  2  usage or configuration error, internal error, no files to check, or an incomplete run: a file that
     could not be read (FIFO, device, over --max-file-size), a parser or rule that could not finish
     (nesting too deep, the per-file time budget), or --fix on a file with syntax errors
bench exits 1 when the benchmark failed, the outputs differ or there was nothing to measure, 2 on usage errors.
`;

/** Runs node's parseArgs, turning its errors (unknown option, missing value) into usage errors. */
function parse<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

function parsePositiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} expects a positive number, got "${value}"`);
  return n;
}

function parseRuleIds(values: string[] | undefined): RuleId[] | undefined {
  if (!values || values.length === 0) return undefined;
  const known = knownRuleIds();
  const ids = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  for (const id of ids) {
    if (!known.includes(id as RuleId)) throw new UsageError(`unknown rule "${id}" (known: ${known.join(", ")})`);
  }
  return ids as RuleId[];
}

/** Folders never walked (a file inside one can still be named on the command line). */
const ALWAYS_SKIPPED_DIRS = new Set(["node_modules", "dist", ".git"]);
/** Vendored code, skipped by the walk unless --no-default-ignore. */
const VENDORED_DIRS = new Set(["vendor", "libs", "third_party"]);

interface WalkOptions {
  /** --no-default-ignore: walk vendored and .gitignored folders too, and take test files. */
  noDefaultIgnore: boolean;
}

interface Candidate {
  file: string;
  /** Named on the command line (checked even when globs or default ignores would skip it). */
  named: boolean;
}

/** Source files under the folder `root`, in a stable order. */
function walkFolder(root: string, opts: WalkOptions, out: Candidate[]): void {
  const walk = (dir: string, ignore: GitIgnore | undefined) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable folder below the root holds nothing we can check
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
        if (!opts.noDefaultIgnore && (VENDORED_DIRS.has(entry.name) || ignore?.ignores(full, true))) continue;
        walk(full, ignore?.enter(full));
      } else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name)) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        // FIFOs, sockets and devices with a source extension are not files to read (isFile() is false for them)
        if (!opts.noDefaultIgnore && ignore?.ignores(full, false)) continue;
        out.push({ file: full, named: false });
      }
    }
  };
  walk(root, opts.noDefaultIgnore ? undefined : GitIgnore.at(root));
}

/** Exit status of `check`: 0 clean, 1 findings or files with syntax errors, 2 usage/internal error or an incomplete run. */
export const EXIT = { clean: 0, findings: 1, incomplete: 2 } as const;

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() => parseArgs({ args, allowPositionals: true, strict: true, options: {
    ...HELP_OPTION,
    format: { type: "string", default: "text" },
    fix: { type: "boolean", default: false },
    rule: { type: "string", multiple: true },
    config: { type: "string" },
    "max-warnings": { type: "string" },
    profile: { type: "string" },
    calibration: { type: "string" },
    "max-file-size": { type: "string" },
    "no-default-ignore": { type: "boolean", default: false },
    "include-generated": { type: "boolean", default: false },
    runtime: { type: "string" },
    "runtime-dir": { type: "string" },
    jobs: { type: "string" },
  } }));
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const runtimeChoice = values.runtime;
  if (runtimeChoice !== undefined && !["package", "vendor", "skip"].includes(runtimeChoice)) {
    throw new UsageError(`--runtime must be package, vendor or skip, got "${runtimeChoice}"`);
  }
  if ((runtimeChoice !== undefined || values["runtime-dir"] !== undefined) && !values.fix) throw new UsageError("--runtime and --runtime-dir go with --fix");
  if (values["runtime-dir"] !== undefined && runtimeChoice !== "vendor") throw new UsageError("--runtime-dir goes with --runtime vendor");
  const format = values.format;
  if (!["text", "json", "sarif"].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
  if (positionals.length === 0) throw new UsageError("check needs at least one file or folder, e.g. `arraylint check src/`");
  const maxWarningsText = values["max-warnings"];
  const maxWarnings = maxWarningsText === undefined ? undefined : Number(maxWarningsText);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
    throw new UsageError(`--max-warnings expects a non-negative integer, got "${maxWarningsText}"`);
  }
  const maxFileSizeText = values["max-file-size"];
  const maxFileSizeFlag = maxFileSizeText === undefined ? undefined : parseByteSize(maxFileSizeText);
  if (maxFileSizeText !== undefined && maxFileSizeFlag === undefined) {
    throw new UsageError(`--max-file-size expects a size like 2MB, 500kB or a number of bytes, got "${maxFileSizeText}"`);
  }
  const jobsFlag = values.jobs === undefined ? undefined : parseJobs(values.jobs);
  if (values.jobs !== undefined && jobsFlag === undefined) throw new UsageError(`--jobs expects a positive whole number, got "${values.jobs}"`);
  const noDefaultIgnore = values["no-default-ignore"];
  const rules = parseRuleIds(values.rule);
  const explicitConfig = values.config ? loadConfigFile(path.resolve(io.cwd, values.config)) : undefined;

  const reports: FileReport[] = [];
  const candidates: Candidate[] = [];
  for (const p of positionals) {
    const target = path.resolve(io.cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (stat.isDirectory()) walkFolder(target, { noDefaultIgnore }, candidates);
    // a named file is read (and refused with a note when it is a FIFO, a device or too large)
    else candidates.push({ file: target, named: true });
  }

  const files: Array<{ file: string; config: ArraylintConfig; named: boolean }> = [];
  const seen = new Set<string>();
  // one lookup per folder: the files of a folder share the nearest config (the lookup reads every package.json up the tree)
  const configOfFolder = new Map<string, ArraylintConfig>();
  const configFor = (file: string) => {
    const folder = path.dirname(file);
    let config = configOfFolder.get(folder);
    if (!config) configOfFolder.set(folder, (config = loadConfigFor(file)));
    return config;
  };
  for (const { file, named } of candidates) {
    if (seen.has(file)) continue;
    seen.add(file);
    const config = explicitConfig ?? configFor(file);
    // a file named on the command line is checked even when the globs would skip it, like ESLint
    if (!named && !isIncluded(config, file)) continue;
    if (!named && !noDefaultIgnore && (config.ignoreTests ?? true) && isTestFile(file)) continue;
    files.push({ file, config, named });
  }
  if (files.length === 0) {
    io.stderr(
      `arraylint: no TypeScript or JavaScript files to check in ${positionals.join(", ")}` +
        ` (looked for ${[...SOURCE_EXTENSIONS].join(" ")}; node_modules, dist, vendored, .gitignored and test files are skipped` +
        `${noDefaultIgnore ? "" : " — --no-default-ignore takes the last three"})\n`,
    );
    return EXIT.incomplete;
  }

  const measurements = loadMeasurements(values.calibration, values.profile, io.cwd);
  const engine = new Engine({ rootDir: io.cwd });
  const runtime = new RuntimeSetup(io, runtimeChoice as RuntimeChoice | undefined, values["runtime-dir"]);
  let internalErrors = 0;
  // --fix writes files and may install the runtime: it stays on this thread
  const workers = values.fix ? 1 : workerCount(jobsFlag, files.length);
  if (workers > 1) {
    const jobs = files.map(({ file, config }) => ({
      file, rules, maxFileSize: maxFileSizeFlag ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      options: toAnalyzeOptions(config, { rules, includeGenerated: values["include-generated"] || undefined }),
    }));
    const outcomes = await checkInWorkers(jobs, { workers, cwd: io.cwd });
    outcomes.forEach((outcome, i) => {
      const { file } = jobs[i];
      if ("error" in outcome) {
        internalErrors++;
        io.stderr(`arraylint: internal error while checking ${file}: ${outcome.error}\n`);
      } else {
        const r = outcome.report;
        reports.push(outcome.analysed ? { ...r, findings: judgeFindings(file, r.text, r.findings, measurements) } : r);
      }
    });
  }
  // every file is read first, and without --fix (which changes files as it goes) all join the project at
  // once: one program and one type checker for the run instead of a new one whenever a file joins
  type ReadFile = { file: string; options: ReturnType<typeof toAnalyzeOptions> } & ({ raw: string } | { unreadable: SourceReadError });
  const read = (workers > 1 ? [] : files).map(({ file, config }): ReadFile => {
    const options = toAnalyzeOptions(config, { rules, includeGenerated: values["include-generated"] || undefined });
    const maxFileSize = maxFileSizeFlag ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    try {
      return { file, options, raw: readSourceFile(file, maxFileSize, { includeGenerated: options.includeGenerated }) };
    } catch (e) {
      if (!(e instanceof SourceReadError)) throw e;
      return { file, options, unreadable: e };
    }
  });
  if (!values.fix) {
    engine.addFiles(read.flatMap((r) => ("raw" in r ? [{ filePath: r.file, text: splitBom(r.raw).text, includeGenerated: r.options.includeGenerated }] : [])));
  }
  for (const r of read) {
    const file = r.file;
    if (!("raw" in r)) {
      reports.push({ filePath: file, text: "", findings: [], notes: [{ kind: r.unreadable.kind, message: r.unreadable.message }] });
      continue;
    }
    const raw = r.raw;
    let options = r.options;
    let overlayIsOnDisk = false;
    try {
      // columns and offsets are those of the text editors show, without the BOM (as ESLint does); --fix writes it back
      const { text: original, bom } = splitBom(raw);
      let text = original;
      let output: string | undefined;
      if (values.fix) {
        const measured = fixFilter(file, measurements);
        // the runtime the fixes import: resolved, vendored, added now (--runtime), or those fixes left out
        const prepared = await runtime.prepare(file, text, options, (f) => !!f.fix?.safe && (!measured || measured(f, text)), engine);
        options = prepared.options;
        const accept = (f: Finding, current: string) => (!prepared.refuse || !addsRuntimeImport(f.fix)) && (!measured || measured(f, current));
        const fixed = applySafeFixes(engine, file, text, options, accept);
        if (fixed.applied > 0 && fixed.text !== text) {
          fs.writeFileSync(file, (bom ? BOM : "") + fixed.text);
          text = output = fixed.text;
        }
      }
      const { findings, notes } = engine.analyze(file, text, options);
      overlayIsOnDisk = true; // `text` is what the file holds now (read, or written by --fix)
      const kept = rules ? findings.filter((f: Finding) => rules.includes(f.ruleId)) : findings;
      reports.push({ filePath: file, text, findings: judgeFindings(file, text, kept, measurements), output, notes });
    } catch (e) {
      internalErrors++;
      io.stderr(`arraylint: internal error while checking ${file}: ${(e as Error).stack ?? e}\n`);
    } finally {
      // the next file's analysis must not depend on this one's overlay (imports of it resolve from disk);
      // an overlay equal to the file on disk stays, and with it the program the next file reuses
      if (!overlayIsOnDisk) engine.forget(file);
    }
  }

  if (measurements.profile) sortByProfile(reports);
  if (format === "json") io.stdout(formatEslintJson(reports));
  else if (format === "sarif") io.stdout(formatSarif(reports, safeListRules(), { toolVersion: version, cwd: io.cwd }));
  else io.stdout(formatText(reports, io.cwd, { color: io.color }));

  const summary = runSummary(reports, io.cwd);
  // text output carries the notes itself; machine formats keep stdout parseable, so people read stderr
  if (format !== "text" && summary.length > 0) io.stderr(summary.map((l) => `arraylint: ${l}\n`).join(""));

  const syntaxErrors = reports.filter((r) => r.notes?.some((n) => n.kind === "syntax-error")).length;
  const incomplete = reports.filter((r) => r.notes?.some(isIncompleteNote)).length;
  const refused = runtime.refusalMessage();
  if (refused) io.stderr(refused);
  if (internalErrors > 0 || incomplete > 0 || refused) return EXIT.incomplete;
  // --fix promised to fix the files: one it could not even parse is a failed run
  if (syntaxErrors > 0 && values.fix) return EXIT.incomplete;
  const all = reports.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === "error").length;
  const warnings = all.length - errors;
  const findingsStatus =
    maxWarnings !== undefined ? (errors > 0 || warnings > maxWarnings ? EXIT.findings : EXIT.clean) : all.length > 0 ? EXIT.findings : EXIT.clean;
  return syntaxErrors > 0 ? EXIT.findings : findingsStatus;
}

type RuntimeChoice = "package" | "vendor" | "skip";

/**
 * `check --fix` and the runtime its fixes import: per file, whether the project resolves it (or has a
 * vendored copy, then imported relatively); where neither, and a fix --fix would apply adds the import,
 * `--runtime` decides: package (install once per package root), vendor (write once per folder and
 * format), skip (leave such fixes out); no choice refuses them and the run exits 2 naming the choices.
 */
class RuntimeSetup {
  private readonly resolver = new RuntimeResolver();
  private readonly installed = new Map<string, Promise<void>>();
  private readonly vendored = new Map<string, string>();
  private readonly refused = new Map<string, number>();
  private refusedSpecifier = "";

  constructor(private readonly io: CliIo, private readonly choice: RuntimeChoice | undefined, private readonly dir: string | undefined) {}

  async prepare(
    file: string, text: string, options: ReturnType<typeof toAnalyzeOptions>, wouldApply: (f: Finding) => boolean, engine: Engine,
  ): Promise<{ options: ReturnType<typeof toAnalyzeOptions>; refuse: boolean }> {
    const availability = this.resolver.check(file, options.runtimeImport, this.io.cwd);
    if (availability.resolves) return { options, refuse: false };
    if (availability.importSpecifier) return { options: { ...options, runtimeImport: availability.importSpecifier }, refuse: false };
    // only when a fix --fix would apply needs it: a file without one leaves the project as it is
    const needing = engine.analyze(file, text, options).findings.filter((f) => addsRuntimeImport(f.fix) && wouldApply(f)).length;
    if (needing === 0) return { options, refuse: false };
    if (this.choice === "skip") return { options, refuse: true };
    if (this.choice === undefined) {
      this.refused.set(file, needing);
      this.refusedSpecifier = options.runtimeImport;
      return { options, refuse: true };
    }
    if (this.choice === "package") {
      const root = availability.packageRoot;
      if (!root) throw new RunError(`no package.json above ${file}: create one (npm init -y), or use --runtime vendor`);
      let install = this.installed.get(root);
      if (!install) {
        this.io.stderr(`arraylint: adding the runtime to ${path.join(root, "package.json")}…
`);
        install = installRuntime({ packageRoot: root, onOutput: (line) => this.io.stderr(`  ${line}
`) }).then((r) => {
          this.io.stderr(`arraylint: added the runtime (${r.commandLine})
`);
        }, (e: unknown) => {
          throw new RunError(e instanceof InstallError || e instanceof RuntimeAssetsError ? e.message : String(e));
        });
        this.installed.set(root, install);
      }
      await install;
      this.resolver.invalidate();
      const after = this.resolver.check(file, options.runtimeImport, this.io.cwd);
      if (!after.resolves) throw new RunError(`"${options.runtimeImport}" still does not resolve from ${file} after installing it (check the project's tsconfig paths)`);
      return { options, refuse: false };
    }
    const root = availability.packageRoot ?? this.io.cwd;
    const folder = path.resolve(root, this.dir ?? defaultVendorFolder(root, fs.existsSync));
    const format: ModuleFormat = moduleFormatFor(file);
    const key = path.join(folder, vendoredFileName(format));
    let target = this.vendored.get(key);
    if (!target) {
      try {
        target = vendorRuntime(folder, format).file;
      } catch (e) {
        throw new RunError(e instanceof RuntimeAssetsError ? e.message : `could not write the runtime into ${folder}: ${(e as Error).message}`);
      }
      this.io.stderr(`arraylint: wrote the runtime to ${path.relative(this.io.cwd, target) || target} (and its declarations)
`);
      this.vendored.set(key, target);
      this.resolver.invalidate();
    }
    return { options: { ...options, runtimeImport: relativeSpecifier(file, target) }, refuse: false };
  }

  /** Why fixes were left out, naming the choices; undefined when none was refused. */
  refusalMessage(): string | undefined {
    if (this.refused.size === 0) return undefined;
    const count = [...this.refused.values()].reduce((a, b) => a + b, 0);
    const files = [...this.refused.keys()].map((f) => path.relative(this.io.cwd, f) || f);
    return `arraylint: ${count} fix${count === 1 ? "" : "es"} not applied in ${files.join(", ")}: ${count === 1 ? "it imports" : "they import"} "${this.refusedSpecifier}", ` +
      "which this project does not resolve. Say how to add the arraylint runtime:\n" +
      "  --runtime package   install it with the project's package manager (npm, pnpm or yarn) into package.json\n" +
      "  --runtime vendor    write it into the project as one file (--runtime-dir DIR, default src/vendor or vendor)\n" +
      "  --runtime skip      leave those fixes out\n";
  }
}

/** Lines about files not (fully) analysed, for stderr next to the JSON/SARIF output. */
function runSummary(reports: FileReport[], cwd: string): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    for (const n of r.notes ?? []) {
      if (n.kind === "generated") continue;
      lines.push(`${path.relative(cwd, r.filePath) || r.filePath}: ${n.message}`);
    }
  }
  lines.push(...summaryLines(reports));
  return lines;
}

/** What `check` weighs findings with: the calibration of each fix kind on this runtime, and a CPU profile. */
interface Measurements {
  table?: CalibrationTable;
  profile?: ProfileIndex;
}

function loadMeasurements(calibration: string | undefined, profile: string | undefined, cwd: string): Measurements {
  const m: Measurements = {};
  if (calibration === undefined) m.table = loadCalibration().table;
  else if (calibration !== "off") {
    const file = path.resolve(cwd, calibration);
    m.table = readCalibration(file);
    if (!m.table) throw new UsageError(`--calibration ${calibration}: not a calibration table of this runtime (Node ${process.versions.node}, ${process.platform}-${process.arch}); run \`arraylint calibrate --out ${calibration}\``);
  }
  if (profile !== undefined) {
    try {
      m.profile = indexProfile(readProfile(path.resolve(cwd, profile)));
    } catch (e) {
      if (e instanceof ProfileError) throw new UsageError(e.message);
      throw e;
    }
    if (m.profile.totalSamples === 0) throw new UsageError(`--profile ${profile}: the profile has no samples`);
  }
  return m;
}

/** Severities and messages as the measurements say (fixes slower everywhere are not reported), the profile's share attached. */
function judgeFindings(file: string, text: string, findings: Finding[], m: Measurements): Finding[] {
  let judged = findings;
  if (m.table) {
    const sizes = codeSizesOf(file, text, findings);
    judged = applyCalibration(findings, { table: m.table, codeSizesOf: (f) => sizes.get(f) }).findings;
  }
  if (m.profile) {
    judged = attachProfile(file, judged, m.profile, text).map((f) => ({ ...f, message: `${f.message} (${formatShare(f.profile!)})` }));
  }
  return judged;
}

/** --fix applies a safe fix only when the calibration says it is not slower at the code's size. */
function fixFilter(file: string, m: Measurements): ((finding: Finding, text: string) => boolean) | undefined {
  if (!m.table) return undefined;
  const table = m.table;
  return (finding, text) => autoApplyFilter({ table, codeSizesOf: (f) => codeSizesOf(file, text, [f]).get(f) })(finding);
}

/** Hottest first: findings by their share of the profile, files by their hottest finding. */
function sortByProfile(reports: FileReport[]): void {
  const share = (f: Finding) => f.profile?.share ?? 0;
  for (const r of reports) r.findings.sort((a, b) => share(b) - share(a) || a.start - b.start);
  reports.sort((a, b) => Math.max(0, ...b.findings.map(share)) - Math.max(0, ...a.findings.map(share)));
}

/** `arraylint calibrate`: measure each fix kind on this runtime and save the table. */
async function calibrateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() => parseArgs({ args, allowPositionals: true, strict: true, options: {
    ...HELP_OPTION,
    out: { type: "string" },
    json: { type: "boolean", default: false },
    "time-budget": { type: "string" },
  } }));
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`calibrate takes no arguments, got "${positionals.join(" ")}"`);
  const timeBudgetMs = parsePositiveNumber(values["time-budget"], "--time-budget");
  const out = values.out ? path.resolve(io.cwd, values.out) : calibrationFile(defaultCacheDir());
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  io.stderr(`calibrating each fix kind on Node ${process.versions.node} (load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs)…\n`);
  try {
    const table = await runCalibration({
      timeBudgetMs, signal: controller.signal,
      onProgress: (done, total, entry, error) => {
        const label = entry ? `${entry.fixture}: ${entry.points.map((p) => `${formatSize(p.size)} ${p.speedup < 1 ? `${(1 / p.speedup).toPrecision(2)}× slower` : `${p.speedup.toPrecision(2)}×`}${p.noisy ? "?" : ""}`).join(", ")}` : error ?? "already measured";
        io.stderr(`  [${done}/${total}] ${label}\n`);
      },
    });
    if (controller.signal.aborted) {
      io.stderr("arraylint: calibration interrupted; nothing written\n");
      return 1;
    }
    writeCalibration(out, table);
    if (values.json) io.stdout(JSON.stringify(table, null, 1) + "\n");
    else io.stdout(`calibrated ${table.entries.length} fix kinds; written to ${out}\n`);
    return table.entries.length > 0 ? 0 : 1;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

function safeListRules() {
  try {
    return listRules();
  } catch {
    return [];
  }
}

/** "src/a.ts:12" → file and 1-based line (the last colon separates them, so Windows drive letters survive). */
function parseFileLine(spec: string | undefined): { file: string; line: number } {
  const m = spec ? /^(.*):(\d+)$/.exec(spec) : null;
  if (!m || !m[1]) throw new UsageError(`bench expects FILE:LINE (1-based line), got ${spec === undefined ? "nothing" : `"${spec}"`}`);
  const line = Number(m[2]);
  if (line < 1) throw new UsageError("LINE is 1-based");
  return { file: m[1], line };
}

/**
 * `arraylint bench FILE:LINE`: the finding at (or covering) LINE, measured in its module at the
 * code's size (or a sweep). Exit 0 measured, 1 when there is nothing to measure or the run failed or
 * the outputs differ, 2 on usage errors.
 */
async function bench(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() => parseArgs({ args, allowPositionals: true, strict: true, options: {
    ...HELP_OPTION,
    json: { type: "boolean", default: false },
    size: { type: "string" },
    "time-budget": { type: "string" },
    config: { type: "string" },
  } }));
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("bench expects exactly one FILE:LINE");
  const { file, line } = parseFileLine(positionals[0]);
  const size = parsePositiveNumber(values.size, "--size");
  if (size !== undefined && !Number.isInteger(size)) throw new UsageError(`--size expects a whole number of elements, got "${values.size}"`);
  const timeBudgetMs = parsePositiveNumber(values["time-budget"], "--time-budget");
  const abs = path.resolve(io.cwd, file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new UsageError(`no such file: ${file}`);
  const config = values.config ? loadConfigFile(path.resolve(io.cwd, values.config)) : loadConfigFor(abs);
  const engine = new Engine({ rootDir: io.cwd });
  const text = fs.readFileSync(abs, "utf8");
  const options = toAnalyzeOptions(config);
  const { findings } = engine.analyze(abs, text, options);
  const finding = findingAtLine(findings, line);
  if (!finding) {
    io.stderr(`arraylint: nothing to measure: no arraylint finding at ${file}:${line} (findings start at line${findings.length === 1 ? "" : "s"} ${findings.map((f) => f.range.start.line + 1).join(", ") || "—"})\n`);
    return 1;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  if (!values.json) io.stderr(`benchmarking ${finding.ruleId} at ${file}:${finding.range.start.line + 1} in a separate process…\n`);
  try {
    const result = await benchmarkFinding(finding, {
      file: abs, text, size, timeBudgetMs, signal: controller.signal, runtimeImports: [options.runtimeImport],
    });
    if (result.nothingToMeasure && !values.json) {
      io.stderr(`arraylint: ${result.error}\n`);
      return 1;
    }
    io.stdout(values.json ? JSON.stringify(result, null, 2) + "\n" : formatBenchReport(result) + "\n");
    return result.error || !result.equivalent ? 1 : 0;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

/** The finding starting at LINE (1-based), else one covering it; one with a fix's benchmark first. */
function findingAtLine(findings: Finding[], line: number): Finding | undefined {
  const atLine = findings.filter((f) => f.range.start.line + 1 === line);
  const covering = findings.filter((f) => f.range.start.line + 1 <= line && line <= f.range.end.line + 1);
  return atLine.find((f) => f.bench) ?? covering.find((f) => f.bench) ?? atLine[0] ?? covering[0];
}

/** The one-line summary, then what the run said besides: per-size figures of a sweep, noise, notes. */
function formatBenchReport(result: BenchResult): string {
  const lines = [formatBenchResult(result)];
  if (result.error) return lines[0];
  if (result.sizeEvidence) lines.push(`  size: ${result.sizeEvidence}`);
  if (result.sizes && result.sizes.length > 1) {
    for (const s of result.sizes) {
      const speed = formatSpeed({ ...s, noiseReasons: s.noise });
      const ci = Number.isFinite(s.speedupCI[0]) && !speed.includes("CI") ? ` (${formatCI(s.speedupCI)})` : "";
      lines.push(`  ${formatSize(s.size).padStart(9)} elements: before ${formatDuration(s.before.medianNs)}${s.after ? `, after ${formatDuration(s.after.medianNs)}, ${speed}${ci}` : ""}`);
    }
  } else if (Number.isFinite(result.speedupCI[0])) {
    lines.push(`  speedup ${result.speedup.toPrecision(3)}×, 95% ${formatCI(result.speedupCI)}`);
  }
  if (result.noise) {
    const load = `load ${result.noise.loadAverage.map((l) => l.toFixed(2)).join(" ")} on ${result.noise.cpus} CPUs`;
    lines.push(`  ${result.noise.rounds} paired rounds in ${result.noise.processes} processes, ${result.noise.preemptedRounds} preempted; ${load}`);
    for (const reason of result.noise.reasons) lines.push(`  noisy: ${reason}`);
  }
  if (result.mode === "module") lines.push("  ran inside its module (bundled with its imports)");
  for (const note of result.notes ?? []) lines.push(`  note: ${note}`);
  return lines.join("\n");
}

function rules(args: string[], io: CliIo): number {
  const { values, positionals } = parse(() =>
    parseArgs({ args, allowPositionals: true, strict: true, options: { ...HELP_OPTION, json: { type: "boolean", default: false } } }),
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`rules takes no arguments, got "${positionals.join(" ")}"`);
  const list = listRules();
  if (values.json) {
    io.stdout(JSON.stringify(list.map((r) => ({ ...r, docsFile: ruleDocsPath(r.id) })), null, 2) + "\n");
    return 0;
  }
  if (list.length === 0) io.stdout("no rules registered\n");
  for (const r of list) {
    io.stdout(`${r.id}  (${r.defaultSeverity}, fix: ${r.fixability})\n  ${r.summary}\n  docs: ${r.docsPath}\n\n`);
  }
  return 0;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      case "--version":
      case "-v":
        io.stdout(version + "\n");
        return 0;
      case "check":
        return await check(rest, io);
      case "bench":
        return await bench(rest, io);
      case "calibrate":
        return await calibrateCommand(rest, io);
      case "rules":
        return rules(rest, io);
      default:
        throw new UsageError(`unknown command "${command}" (expected check, bench, calibrate or rules)`);
    }
  } catch (e) {
    if (e instanceof RunError) {
      io.stderr(`arraylint: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`arraylint: ${e.message}\nRun \`arraylint --help\` for usage.\n`);
      return 2;
    }
    io.stderr(`arraylint: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

/** Runs the command line of this process (dist/cli.js, the bin, calls it after loading this bundle). */
export function runFromProcess(): void {
  void main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    color: colorEnabled(process.stdout.isTTY, process.env),
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module && !isCheckWorker()) runFromProcess();
