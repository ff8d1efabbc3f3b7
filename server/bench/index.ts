// Public API of the bench: turn a finding's BenchSpec into a before/after run in a separate Node process.
//
// runBenchmark: plan the inputs from the variables' types at each size to measure → generate a
// CommonJS harness (harness.ts; in module mode the user's module bundled with its imports, module.ts)
// → run it in child processes (process.execPath; ELECTRON_RUN_AS_NODE=1 so Electron behaves as node),
// one after the other, each with --max-old-space-size, a resident-memory watchdog and a kill timer
// → each child checks equivalence on fresh copies, warms up, times paired interleaved rounds and sends
// raw samples back over IPC → the speedup per size as the median of per-round ratios with a
// two-stage bootstrap CI, and a noise verdict, here (stats.ts).
// Failures of the user's code or of the child come back as result.error, never as an exception;
// only invalid arguments throw.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import type { BenchSpec, RuleId } from "../engine/types";
import { killTree, track, USE_PROCESS_GROUPS } from "./children";
import { formatBenchResult } from "./format";
import { HarnessCompileError, buildHarnessProgram, compileVariant, checkVariableNames, scalarOutputsOf, type HarnessConfig, type VariantSource } from "./harness";
import { HARNESS_RESULT_PREFIX, MEMORY_LIMIT_MARKER } from "./harness-runtime";
import { UnsupportedInputError, normalizeType, planBytes, planInputs, type InputPlan } from "./inputs";
import { bundleModule, type ModuleContext } from "./module";
import { defaultRuntimePath } from "./runtime-path";
import { median, medianCI, pairedSpeedup } from "./stats";

export { defaultRuntimePath } from "./runtime-path";
export { formatBenchResult, formatDuration, formatDurationPair, formatEquivalence, formatRatio, formatSpeed } from "./format";
export type { ModuleContext } from "./module";

export interface BenchStats {
  medianNs: number;
  samples: number;
  ciLow: number;
  ciHigh: number;
  /** Calls per sample (each sample is the mean of this many back-to-back calls, a short batch). */
  repetitions?: number;
}

/**
 * What a figure means: `faster`/`slower` when the 95% CI excludes 1; `same` when it contains 1 and
 * is narrow (within 0.9–1.1); `inconclusive` when it contains 1 and is wide; `unmeasured` without a
 * fix (only the original was timed) or without samples.
 */
export type Verdict = "faster" | "slower" | "same" | "inconclusive" | "unmeasured";

/** The measurement at one size. */
export interface SizeResult {
  size: number;
  before: BenchStats;
  /** Absent when the finding has no fix (only the original was timed). */
  after?: BenchStats;
  speedup: number;
  speedupCI: [number, number];
  verdict: Verdict;
  /** The machine's noise made this figure unreliable; `noise` says why. */
  noisy: boolean;
  noise?: string[];
  equivalent?: boolean;
  mismatch?: string;
}

/** How the size was chosen: read from the code, given by --size / arraylint.bench.size, or a sweep because the code does not show it. */
export type SizeSource = "code" | "option" | "sweep";

/** The bench contract's result (DESIGN.md): what `arraylint bench --json` prints and the LSP command returns. */
export interface BenchResult {
  ruleId: RuleId;
  file: string;
  line: number; // 1-based
  /** At the headline size (inputs.size): the code's size, the option's, or the sweep's largest. */
  before: BenchStats;
  after: BenchStats;
  /** before/after at the headline size (median of per-round ratios); < 1 means the fix is slower. */
  speedup: number;
  speedupCI: [number, number];
  /** Outputs and mutated inputs of both variants are equal (at every size measured). */
  equivalent: boolean;
  inputs: {
    /** The headline size. */
    size: number;
    seed: number;
    variables: Array<{ name: string; type: string; role?: string; length?: number }>;
    /** FNV-1a of the synthesized inputs: equal digests mean the same data. */
    digest?: string;
    /** The values given to number/boolean variables. */
    scalars?: Record<string, number | boolean>;
  };
  /** First difference when not equivalent, e.g. "y[0]: before 10.5, after 11.5 (10000 of 10000 elements differ)". */
  mismatch?: string;
  /** Wall time of the whole run, first child start to result. */
  durationMs?: number;
  /** Present when the run failed (time limit, crash, compile error); the numbers are then 0/NaN. */
  error?: string;
  /** The relative tolerance the equivalence check allowed (a reassociating fix); absent when exact. */
  tolerance?: number;
  /** Every size measured, smallest first (one entry unless the size was swept). */
  sizes?: SizeResult[];
  sizeSource?: SizeSource;
  /** Where the code shows the size, e.g. "`kernel` has 9 elements (array literal, line 3)". */
  sizeEvidence?: string;
  /** The headline size's verdict. */
  verdict?: Verdict;
  noise?: {
    noisy: boolean;
    /** Why the figure is not to be trusted as it stands (busy machine, rounds or runs disagree, wide CI). */
    reasons: string[];
    rounds: number;
    preemptedRounds: number;
    processes: number;
    /** os.loadavg() when the run started (1, 5, 15 minutes) and the number of CPUs. */
    loadAverage: number[];
    cpus: number;
  };
  /** "extract": the statements alone; "module": inside the user's module bundled with its imports. */
  mode?: "extract" | "module";
  /** false when the finding has no fix: only the original was timed. */
  hasFix?: boolean;
  /** Said with the result: what a fix would need, what was assumed. */
  notes?: string[];
}

export interface BenchOptions {
  ruleId: RuleId;
  file: string;
  line: number;
  /** One size to measure (--size, arraylint.bench.size); `sizes` wins when both are given. Default 1e6. */
  size?: number;
  /** The sizes to measure (a sweep, or the code's size); the headline is `headlineSize` or the largest. */
  sizes?: number[];
  headlineSize?: number;
  sizeSource?: SizeSource;
  sizeEvidence?: string;
  timeBudgetMs?: number; // default 4000
  seed?: number; // default 1
  /** Absolute path of the built runtime (dist/runtime/index.cjs); default: found next to the running bundle. */
  runtimePath?: string;
  signal?: AbortSignal;
  /**
   * Relative tolerance of the equivalence check; default 0 (exact, NaN equals NaN, -0 differs from 0).
   * Only for fixes allowed to reassociate floating-point sums (arraylint.fix.allowReassociation): 1e-9.
   */
  tolerance?: number;
  /** Memory cap of the child, MB: its V8 heap (--max-old-space-size) and its resident memory (typed arrays included); default 2048. */
  memoryLimitMb?: number;
  /** Run the statements inside the user's module, bundled with its imports (helpers, imports, module constants resolve). */
  module?: ModuleContext;
  /** false: time only the original (a finding without a fix). Default true. */
  hasFix?: boolean;
  /** Separate child processes run one after the other; default 2 (1 when the budget is under 1 s). */
  processes?: number;
  /** Run the children at the lowest CPU priority (background calibration). */
  lowPriority?: boolean;
  notes?: string[];
}

const DEFAULTS = { size: 1e6, timeBudgetMs: 4000, seed: 1, memoryLimitMb: 2048 };
/** A batch is this many ns of back-to-back calls: short, so a burst of load hits both sides of a round. */
const TARGET_SAMPLE_NS = 1e6;
const MAX_ROUNDS = 400;
const OUTPUT_TAIL_CHARS = 4000;
/** The watchdog kills a child this long after its own time limit if the parent is gone. */
const WATCHDOG_GRACE_MS = 2000;
/**
 * Starting node, loading the runtime and the user's module may take this long (a loaded machine
 * takes over a second); it is not part of the measuring budget. A module whose top-level code does
 * not finish in time is reported as such.
 */
const STARTUP_LIMIT_MS = 15_000;
/** A child is killed this long (or half its share, if longer) after its share of the budget. */
const KILL_SLACK_MS = 1000;
/** A CI of a speedup containing 1 and within this factor of it reads "same speed"; wider, "inconclusive". */
const SAME_SPEED_WIDTH = 1.1;

function emptyStats(): BenchStats {
  return { medianNs: NaN, samples: 0, ciLow: NaN, ciHigh: NaN };
}

function checkArguments(spec: BenchSpec, opts: BenchOptions): void {
  if (!spec || typeof spec.before !== "string" || typeof spec.after !== "string" || !Array.isArray(spec.variables)) {
    throw new TypeError("runBenchmark: spec must be a BenchSpec { before: string, after: string, variables: [] }");
  }
  checkVariableNames(spec);
  const positiveInteger = (v: number | undefined, what: string, max: number) => {
    if (v !== undefined && !(Number.isInteger(v) && v > 0 && v <= max)) throw new RangeError(`runBenchmark: ${what} must be an integer in [1, ${max}], got ${v}`);
  };
  positiveInteger(opts.size, "size", 2 ** 31 - 1);
  for (const s of opts.sizes ?? []) positiveInteger(s, "sizes[]", 2 ** 31 - 1);
  if (opts.sizes !== undefined && opts.sizes.length === 0) throw new RangeError("runBenchmark: sizes must not be empty");
  positiveInteger(opts.timeBudgetMs, "timeBudgetMs", 24 * 3600 * 1000);
  positiveInteger(opts.memoryLimitMb, "memoryLimitMb", 1 << 20);
  positiveInteger(opts.processes, "processes", 16);
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) throw new RangeError(`runBenchmark: seed must be an integer, got ${opts.seed}`);
  for (const [t, what] of [[opts.tolerance, "tolerance"], [spec.tolerance, "spec.tolerance"]] as const) {
    if (t !== undefined && !(t >= 0 && t < 1)) throw new RangeError(`runBenchmark: ${what} must be in [0, 1), got ${t}`);
  }
}

interface ChildSamples {
  samples: number[];
  reps: number;
  restoresInputs: boolean;
  lost: number[];
}

interface ChildSize {
  size: number;
  digest?: string;
  scalars?: Record<string, number | boolean>;
  equivalent?: boolean;
  mismatch?: string | null;
  error?: string;
  before?: ChildSamples;
  after?: ChildSamples;
}

interface ChildMessage {
  /** The runtime and the variants are loaded: the measuring time starts. */
  ready?: boolean;
  /** Inputs built and equivalence checked at every size: the timing starts (the kill timer restarts). */
  checked?: boolean;
  /** Sent after each size's equivalence check and after each size's timing (all sizes so far). */
  partial?: boolean;
  error?: string;
  sizes?: ChildSize[];
}

export async function runBenchmark(spec: BenchSpec, opts: BenchOptions): Promise<BenchResult> {
  checkArguments(spec, opts);
  const sizes = [...new Set(opts.sizes ?? [opts.size ?? DEFAULTS.size])].sort((a, b) => a - b);
  const headline = opts.headlineSize !== undefined && sizes.includes(opts.headlineSize) ? opts.headlineSize : sizes[sizes.length - 1];
  const seed = opts.seed ?? DEFAULTS.seed;
  const budgetMs = opts.timeBudgetMs ?? DEFAULTS.timeBudgetMs;
  const memoryLimitMb = opts.memoryLimitMb ?? DEFAULTS.memoryLimitMb;
  const hasFix = opts.hasFix !== false;
  const processes = opts.processes ?? (budgetMs >= 1000 ? 2 : 1);
  // an explicit option wins; else what the fix declares (a reassociating sum: 1e-9); else exact
  const tolerance = opts.tolerance ?? spec.tolerance ?? 0;
  const result: BenchResult = {
    ruleId: opts.ruleId, file: opts.file, line: opts.line,
    before: emptyStats(), after: emptyStats(), speedup: NaN, speedupCI: [NaN, NaN], equivalent: false,
    inputs: {
      size: headline, seed,
      variables: spec.variables.map((v) => ({
        name: v.name, type: normalizeType(v.type), role: v.role, ...(typeof v.length === "number" ? { length: v.length } : {}),
      })),
    },
  };
  if (tolerance > 0) result.tolerance = tolerance;
  if (opts.sizeSource) result.sizeSource = opts.sizeSource;
  if (opts.sizeEvidence) result.sizeEvidence = opts.sizeEvidence;
  result.hasFix = hasFix;
  result.mode = opts.module ? "module" : "extract";
  if (opts.notes && opts.notes.length > 0) result.notes = [...opts.notes];
  const fail = (error: string) => { result.error = error; return result; };

  if (opts.signal?.aborted) return fail("aborted");
  let program: string;
  try {
    const plans: HarnessConfig["sizes"] = sizes.map((size) => ({ size, plan: planInputs(spec, { size }) }));
    const largest = plans[plans.length - 1].plan as InputPlan[];
    const inputMb = (3 * planBytes(largest)) / 2 ** 20; // pristine + one copy per variant
    if (inputMb > memoryLimitMb) {
      return fail(`inputs of size ${sizes[sizes.length - 1]} need ${Math.ceil(inputMb)} MB, over the memory limit (${memoryLimitMb} MB)`);
    }
    const runtimePath = opts.runtimePath ?? defaultRuntimePath();
    if (!existsSync(runtimePath)) return fail(`runtime not built: ${runtimePath} does not exist (run \`npm run build:runtime\`)`);
    const scalarOutputs = scalarOutputsOf(spec);
    let variants: VariantSource = { kind: "extract" };
    if (opts.module) {
      // the variants alone must compile first: their errors then name the original or the fix and a line
      compileVariant("before", spec.variables.map((v) => v.name), spec.before, scalarOutputs);
      if (hasFix) compileVariant("after", spec.variables.map((v) => v.name), spec.after, scalarOutputs);
      const bundled = await bundleModule(spec, opts.module, { runtimePath, scalarOutputs, hasFix });
      if ("error" in bundled) return fail(bundled.error);
      variants = bundled;
    }
    program = buildHarnessProgram(spec, runtimePath, {
      sizes: plans, seed, budgetMs, tolerance, scalarOutputs,
      targetSampleNs: TARGET_SAMPLE_NS, maxRounds: MAX_ROUNDS, hasAfter: hasFix,
    }, variants, { memoryLimitMb, graceMs: WATCHDOG_GRACE_MS, parentPid: process.pid });
  } catch (e) {
    if (e instanceof UnsupportedInputError || e instanceof HarnessCompileError) return fail(e.message);
    return fail(`cannot build the benchmark: ${e instanceof Error ? e.message : String(e)}`);
  }

  const started = Date.now();
  const loadAverage = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const runs: ChildSize[][] = [];
  const lateRuns: string[] = [];
  let firstMessage: ChildMessage | undefined;
  // the budget is measuring time, shared by the processes (start-up is not counted)
  const share = Math.floor(budgetMs / processes);
  for (let p = 0; p < processes; p++) {
    const outcome = await runChild(program, {
      budgetMs: share, reportedBudgetMs: budgetMs, memoryLimitMb, signal: opts.signal, lowPriority: opts.lowPriority,
    });
    const message = outcome.message;
    if (p === 0) firstMessage = message;
    const timedSizes = (message?.sizes ?? []).filter((c) => c.before && c.before.samples.length > 0).length;
    if (message?.sizes && !outcome.error && !message.error) runs.push(message.sizes);
    else if (outcome.error?.startsWith("time limit") && !message?.error && timedSizes > 0) {
      // the time limit ended a starved run (a loaded machine) after some sizes were timed: keep those
      runs.push(message!.sizes!);
      lateRuns.push(`run ${p + 1} of ${processes} ran out of time after ${timedSizes} of ${sizes.length} sizes (the machine is busy)`);
      continue;
    }
    if (outcome.error || !message || message.error || !message.sizes) {
      result.durationMs = Date.now() - started;
      takeEquivalence(result, message?.sizes ?? firstMessage?.sizes ?? [], headline);
      if (outcome.error) return fail(outcome.error);
      if (!message) return fail("the benchmark process sent no result");
      return fail(message.error ?? "the benchmark process sent no samples");
    }
  }
  result.durationMs = Date.now() - started;
  takeEquivalence(result, runs[0] ?? [], headline);

  const perSize: SizeResult[] = [];
  const reasons: string[] = [];
  let rounds = 0;
  let preemptedRounds = 0;
  for (let s = 0; s < sizes.length; s++) {
    const measured = runs.map((r) => r[s]).filter((c): c is ChildSize => !!c && !!c.before && c.before.samples.length > 0);
    if (measured.length === 0) {
      if (sizes.length === 1) return fail("the benchmark process sent no samples");
      continue; // not reached in the time: the sizes measured speak
    }
    const before = statsOf(measured.map((c) => c.before!));
    const entry: SizeResult = { size: sizes[s], before, speedup: NaN, speedupCI: [NaN, NaN], verdict: "unmeasured", noisy: false };
    const first = runs[0][s];
    if (first.equivalent !== undefined) entry.equivalent = first.equivalent;
    if (first.mismatch) entry.mismatch = first.mismatch;
    if (hasFix && measured.every((c) => c.after && c.after.samples.length > 0)) {
      entry.after = statsOf(measured.map((c) => c.after!));
      const paired = pairedSpeedup(measured.map((c) => ({
        before: c.before!.samples,
        after: c.after!.samples,
        lost: c.before!.samples.map((_, i) => Math.max(c.before!.lost[i] ?? 0, c.after!.lost[i] ?? 0)),
      })), { seed });
      entry.speedup = paired.speedup;
      entry.speedupCI = paired.ci;
      entry.noisy = paired.noise.length > 0;
      if (entry.noisy) entry.noise = paired.noise;
      entry.verdict = verdictOf(paired.speedup, paired.ci, entry.noisy);
      rounds += paired.rounds;
      preemptedRounds += paired.preemptedRounds;
      const at = sizes.length > 1 ? ` at ${sizes[s]} elements` : "";
      for (const r of paired.noise) reasons.push(r + at);
    }
    perSize.push(entry);
  }
  if (perSize.length === 0) return fail("the benchmark process sent no samples");
  result.sizes = perSize;
  const top = perSize.find((e) => e.size === headline) ?? perSize[perSize.length - 1];
  result.inputs.size = top.size;
  result.before = top.before;
  if (top.after) result.after = top.after;
  result.speedup = top.speedup;
  result.speedupCI = top.speedupCI;
  result.verdict = top.verdict;
  if (!hasFix) result.equivalent = true; // nothing to compare: the original against itself
  reasons.push(...lateRuns);
  result.noise = {
    noisy: perSize.some((e) => e.noisy) || lateRuns.length > 0, reasons, rounds, preemptedRounds, processes: runs.length,
    loadAverage, cpus: os.cpus().length,
  };
  return result;
}

/** Equivalence, digest and scalars from the child's per-size reports (all sizes must match). */
function takeEquivalence(result: BenchResult, sizes: readonly ChildSize[], headline: number): void {
  const top = sizes.find((c) => c.size === headline) ?? sizes[sizes.length - 1];
  if (top?.digest) result.inputs.digest = top.digest;
  if (top?.scalars) result.inputs.scalars = top.scalars;
  const checked = sizes.filter((c) => c.equivalent !== undefined);
  if (checked.length > 0) result.equivalent = checked.every((c) => c.equivalent);
  const differing = sizes.find((c) => c.mismatch);
  if (differing?.mismatch) result.mismatch = differing.mismatch + (sizes.length > 1 ? ` (at ${differing.size} elements)` : "");
}

function verdictOf(speedup: number, [low, high]: readonly number[], noisy: boolean): Verdict {
  if (!Number.isFinite(speedup) || !Number.isFinite(low) || !Number.isFinite(high)) return "unmeasured";
  if (low > 1) return "faster";
  if (high < 1) return "slower";
  return !noisy && low >= 1 / SAME_SPEED_WIDTH && high <= SAME_SPEED_WIDTH ? "same" : "inconclusive";
}

function statsOf(runs: readonly ChildSamples[]): BenchStats {
  const samples = runs.flatMap((s) => s.samples);
  const [ciLow, ciHigh] = medianCI(samples);
  return { medianNs: median(samples), samples: samples.length, ciLow, ciHigh, repetitions: runs[0]?.reps };
}

interface ChildOutcome {
  message?: ChildMessage;
  error?: string;
}

interface ChildRun {
  budgetMs: number;
  /** The budget named in a time-out message (the whole benchmark's). */
  reportedBudgetMs: number;
  memoryLimitMb: number;
  signal?: AbortSignal;
  lowPriority?: boolean;
}

/**
 * Runs the program in a child process (the program arrives on stdin: no temporary file to leave
 * behind), as the leader of its own process group, with a watchdog inside (parent death, resident
 * memory, deadline); always kills the group when done.
 */
async function runChild(program: string, { budgetMs, reportedBudgetMs, memoryLimitMb, signal, lowPriority }: ChildRun): Promise<ChildOutcome> {
  if (signal?.aborted) return { error: "aborted" };
  try {
    return await new Promise<ChildOutcome>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: "1" };
      delete env.NODE_OPTIONS; // the parent's loaders/inspectors (tsx, --inspect) must not shape the measurement
      const startedAt = Date.now();
      // argv[2]: when the budget started counting, so the child plans its rounds to end in time.
      const child = spawn(process.execPath, [`--max-old-space-size=${memoryLimitMb}`, "-", String(startedAt), String(budgetMs), String(STARTUP_LIMIT_MS)], {
        env, stdio: ["pipe", "pipe", "pipe", "ipc"], windowsHide: true, detached: USE_PROCESS_GROUPS,
      });
      track(child);
      if (lowPriority && child.pid !== undefined) {
        try {
          os.setPriority(child.pid, 19);
        } catch {
          // not permitted here: it runs at normal priority
        }
      }
      let message: ChildMessage | undefined;
      let error: string | undefined;
      let stdout = "";
      let stderr = "";
      const keepTail = (s: string, chunk: Buffer) => (s + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
      child.stdout?.on("data", (chunk: Buffer) => { stdout = keepTail(stdout, chunk); });
      child.stderr?.on("data", (chunk: Buffer) => { stderr = keepTail(stderr, chunk); });
      child.stdin?.on("error", () => undefined); // a child that dies early closes its stdin: reported by 'close'
      // A partial message (equivalence, sent before timing) is kept until the final one replaces it.
      let partial: ChildMessage | undefined;
      const stop = (why: string) => {
        if (error === undefined && message === undefined) error = why;
        killTree(child);
      };
      // start-up (node, the runtime, the user's module) has its own limit; the budget starts at 'ready'
      let timer = setTimeout(() => stop(`the benchmark process did not start within ${STARTUP_LIMIT_MS} ms (the module's top-level code may not finish)`), STARTUP_LIMIT_MS);
      child.on("message", (m) => {
        const msg = m as ChildMessage;
        if (msg.ready || msg.checked) {
          // ready: the equivalence check gets the share; checked: the timing gets it (it plans to stop at
          // 80%; on a starved CPU its minimum rounds may overrun, hence the slack)
          clearTimeout(timer);
          timer = setTimeout(() => stop(`time limit exceeded (${reportedBudgetMs} ms)`), budgetMs + (msg.checked ? Math.max(KILL_SLACK_MS, budgetMs / 2) : 0));
        } else if (msg.partial) partial = msg;
        else message = msg;
      });
      const onAbort = () => stop("aborted");
      signal?.addEventListener("abort", onAbort, { once: true });
      child.on("error", (e) => { error ??= `cannot start the benchmark process: ${e.message}`; });
      child.on("close", (code, killedBy) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (!message) message = parseStdoutResult(stdout);
        if (!message && error === undefined) error = describeExit(code, killedBy, stderr, memoryLimitMb);
        resolve({ message: message ?? partial, error });
      });
      child.stdin?.end(program);
    });
  } catch (e) {
    return { error: `cannot run the benchmark process: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The fallback channel when IPC is unavailable: the last line starting with the result prefix. */
function parseStdoutResult(stdout: string): ChildMessage | undefined {
  const at = stdout.lastIndexOf(HARNESS_RESULT_PREFIX);
  if (at < 0) return undefined;
  const line = stdout.slice(at + HARNESS_RESULT_PREFIX.length).split("\n")[0];
  try {
    return JSON.parse(line) as ChildMessage;
  } catch {
    return undefined; // truncated output: reported as a crash
  }
}

function describeExit(code: number | null, killedBy: NodeJS.Signals | null, stderr: string, memoryLimitMb: number): string {
  if (/heap out of memory|Allocation failed/i.test(stderr) || stderr.includes(MEMORY_LIMIT_MARKER)) return `memory limit exceeded (${memoryLimitMb} MB)`;
  const firstError = stderr.split("\n").map((l) => l.trim()).find((l) => /^\w*Error\b|^Error:/.test(l));
  const how = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
  return `the benchmark process ${how}${firstError ? `: ${firstError}` : stderr.trim() ? `: ${stderr.trim().split("\n").pop()}` : ""}`;
}
