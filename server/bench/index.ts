// Public API of the bench: turn a finding's BenchSpec into a before/after run in a separate Node process.
//
// runBenchmark: plan the inputs from the variables' types → generate a CommonJS harness (harness.ts)
// → run it in a child process (process.execPath; ELECTRON_RUN_AS_NODE=1 so Electron behaves as node)
// with --max-old-space-size and a kill timer → the child checks equivalence on fresh copies, warms
// up, times interleaved rounds and sends raw samples back over IPC → medians and CIs here (stats.ts).
// Failures of the user's code or of the child come back as result.error, never as an exception;
// only invalid arguments throw.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchSpec, RuleId } from "../engine/types";
import { formatDurationPair, formatEquivalence, formatSpeed } from "./format";
import { HarnessCompileError, buildHarnessProgram, checkVariableNames, scalarOutputsOf } from "./harness";
import { HARNESS_RESULT_PREFIX } from "./harness-runtime";
import { UnsupportedInputError, normalizeType, planBytes, planInputs } from "./inputs";
import { defaultRuntimePath } from "./runtime-path";
import { median, medianCI, speedupCI } from "./stats";

export { defaultRuntimePath } from "./runtime-path";
export { formatDuration, formatDurationPair, formatEquivalence, formatRatio, formatSpeed } from "./format";

export interface BenchStats {
  medianNs: number;
  samples: number;
  ciLow: number;
  ciHigh: number;
  /** Calls per sample (each sample is the mean of this many back-to-back calls, ≥ ~5 ms in all). */
  repetitions?: number;
}

/** The bench contract's result (DESIGN.md): what `arraylint bench --json` prints and the LSP command returns. */
export interface BenchResult {
  ruleId: RuleId;
  file: string;
  line: number; // 1-based
  before: BenchStats;
  after: BenchStats;
  /** before.medianNs / after.medianNs; < 1 means the fix is slower. */
  speedup: number;
  speedupCI: [number, number];
  /** Outputs and mutated inputs of both variants are equal. */
  equivalent: boolean;
  inputs: {
    size: number;
    seed: number;
    variables: Array<{ name: string; type: string; role?: string }>;
    /** FNV-1a of the synthesized inputs: equal digests mean the same data. */
    digest?: string;
    /** The values given to number/boolean variables. */
    scalars?: Record<string, number | boolean>;
  };
  /** First difference when not equivalent, e.g. "y[0]: before 10.5, after 11.5 (10000 of 10000 elements differ)". */
  mismatch?: string;
  /** Wall time of the whole run, child start to result. */
  durationMs?: number;
  /** Present when the run failed (time limit, crash, compile error); the numbers are then 0/NaN. */
  error?: string;
  /** The relative tolerance the equivalence check allowed (a reassociating fix); absent when exact. */
  tolerance?: number;
}

export interface BenchOptions {
  ruleId: RuleId;
  file: string;
  line: number;
  size?: number; // default 1e6
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
  /** --max-old-space-size of the child, MB; default 2048. Also caps the synthesized inputs (3 copies). */
  memoryLimitMb?: number;
}

const DEFAULTS = { size: 1e6, timeBudgetMs: 4000, seed: 1, memoryLimitMb: 2048 };
/** A sample is this many ns of back-to-back calls, so timer resolution and call overhead vanish. */
const TARGET_SAMPLE_NS = 5e6;
const MAX_ROUNDS = 400;
const OUTPUT_TAIL_CHARS = 4000;

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
  positiveInteger(opts.timeBudgetMs, "timeBudgetMs", 24 * 3600 * 1000);
  positiveInteger(opts.memoryLimitMb, "memoryLimitMb", 1 << 20);
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) throw new RangeError(`runBenchmark: seed must be an integer, got ${opts.seed}`);
  for (const [t, what] of [[opts.tolerance, "tolerance"], [spec.tolerance, "spec.tolerance"]] as const) {
    if (t !== undefined && !(t >= 0 && t < 1)) throw new RangeError(`runBenchmark: ${what} must be in [0, 1), got ${t}`);
  }
}

interface ChildSamples {
  samples: number[];
  reps: number;
  restoresInputs: boolean;
}

interface ChildMessage {
  /** Sent after the equivalence check, before timing; no samples. */
  partial?: boolean;
  error?: string;
  equivalent?: boolean;
  mismatch?: string | null;
  digest?: string;
  scalars?: Record<string, number | boolean>;
  before?: ChildSamples;
  after?: ChildSamples;
}

export async function runBenchmark(spec: BenchSpec, opts: BenchOptions): Promise<BenchResult> {
  checkArguments(spec, opts);
  const size = opts.size ?? DEFAULTS.size;
  const seed = opts.seed ?? DEFAULTS.seed;
  const budgetMs = opts.timeBudgetMs ?? DEFAULTS.timeBudgetMs;
  const memoryLimitMb = opts.memoryLimitMb ?? DEFAULTS.memoryLimitMb;
  // an explicit option wins; else what the fix declares (a reassociating sum: 1e-9); else exact
  const tolerance = opts.tolerance ?? spec.tolerance ?? 0;
  const result: BenchResult = {
    ruleId: opts.ruleId, file: opts.file, line: opts.line,
    before: emptyStats(), after: emptyStats(), speedup: NaN, speedupCI: [NaN, NaN], equivalent: false,
    inputs: { size, seed, variables: spec.variables.map((v) => ({ name: v.name, type: normalizeType(v.type), role: v.role })) },
  };
  if (tolerance > 0) result.tolerance = tolerance;
  const fail = (error: string) => { result.error = error; return result; };

  if (opts.signal?.aborted) return fail("aborted");
  let program: string;
  try {
    const plan = planInputs(spec, { size });
    const inputMb = (3 * planBytes(plan)) / 2 ** 20; // pristine + one copy per variant
    if (inputMb > memoryLimitMb) {
      return fail(`inputs of size ${size} need ${Math.ceil(inputMb)} MB, over the memory limit (${memoryLimitMb} MB)`);
    }
    const runtimePath = opts.runtimePath ?? defaultRuntimePath();
    if (!existsSync(runtimePath)) return fail(`runtime not built: ${runtimePath} does not exist (run \`npm run build:runtime\`)`);
    const scalarOutputs = scalarOutputsOf(spec);
    program = buildHarnessProgram(spec, runtimePath, {
      plan, seed, budgetMs, tolerance, scalarOutputs,
      targetSampleNs: TARGET_SAMPLE_NS, maxRounds: MAX_ROUNDS,
    });
  } catch (e) {
    if (e instanceof UnsupportedInputError || e instanceof HarnessCompileError) return fail(e.message);
    return fail(`cannot build the benchmark: ${e instanceof Error ? e.message : String(e)}`);
  }

  const started = Date.now();
  const outcome = await runChild(program, { budgetMs, memoryLimitMb, signal: opts.signal });
  result.durationMs = Date.now() - started;
  const message = outcome.message;
  if (message) {
    if (message.digest) result.inputs.digest = message.digest;
    if (message.scalars) result.inputs.scalars = message.scalars;
    if (message.equivalent !== undefined) result.equivalent = message.equivalent;
    if (message.mismatch) result.mismatch = message.mismatch;
  }
  if (outcome.error) return fail(outcome.error);
  if (!message) return fail("the benchmark process sent no result");
  if (message.error) return fail(message.error);
  if (!message.before || !message.after || message.before.samples.length === 0 || message.after.samples.length === 0) {
    return fail("the benchmark process sent no samples");
  }

  result.before = statsOf(message.before);
  result.after = statsOf(message.after);
  result.speedup = result.before.medianNs / result.after.medianNs;
  result.speedupCI = speedupCI(message.before.samples, message.after.samples, { seed });
  return result;
}

function statsOf(s: ChildSamples): BenchStats {
  const [ciLow, ciHigh] = medianCI(s.samples);
  return { medianNs: median(s.samples), samples: s.samples.length, ciLow, ciHigh, repetitions: s.reps };
}

interface ChildOutcome {
  message?: ChildMessage;
  error?: string;
}

/** Writes the program to a temporary directory, runs it, and always removes the directory and the child. */
async function runChild(program: string, { budgetMs, memoryLimitMb, signal }: { budgetMs: number; memoryLimitMb: number; signal?: AbortSignal }): Promise<ChildOutcome> {
  let dir: string | undefined;
  try {
    dir = await mkdtemp(path.join(os.tmpdir(), "arraylint-bench-"));
    const file = path.join(dir, "harness.cjs");
    await writeFile(file, program, "utf8");
    if (signal?.aborted) return { error: "aborted" };
    return await new Promise<ChildOutcome>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: "1" };
      delete env.NODE_OPTIONS; // the parent's loaders/inspectors (tsx, --inspect) must not shape the measurement
      // argv[2]: when the budget started counting, so the child plans its rounds to end in time.
      const child = spawn(process.execPath, [`--max-old-space-size=${memoryLimitMb}`, file, String(Date.now())], {
        cwd: dir, env, stdio: ["ignore", "pipe", "pipe", "ipc"], windowsHide: true,
      });
      let message: ChildMessage | undefined;
      let error: string | undefined;
      let stdout = "";
      let stderr = "";
      const keepTail = (s: string, chunk: Buffer) => (s + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
      child.stdout?.on("data", (chunk: Buffer) => { stdout = keepTail(stdout, chunk); });
      child.stderr?.on("data", (chunk: Buffer) => { stderr = keepTail(stderr, chunk); });
      // A partial message (equivalence, sent before timing) is kept until the final one replaces it.
      let partial: ChildMessage | undefined;
      child.on("message", (m) => {
        if ((m as ChildMessage).partial) partial = m as ChildMessage;
        else message = m as ChildMessage;
      });
      const stop = (why: string) => {
        if (error === undefined && message === undefined) error = why;
        child.kill("SIGKILL");
      };
      const timer = setTimeout(() => stop(`time limit exceeded (${budgetMs} ms)`), budgetMs);
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
    });
  } catch (e) {
    return { error: `cannot run the benchmark process: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
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
  if (/heap out of memory|Allocation failed/i.test(stderr)) return `memory limit exceeded (${memoryLimitMb} MB)`;
  const firstError = stderr.split("\n").map((l) => l.trim()).find((l) => /^\w*Error\b|^Error:/.test(l));
  const how = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
  return `the benchmark process ${how}${firstError ? `: ${firstError}` : stderr.trim() ? `: ${stderr.trim().split("\n").pop()}` : ""}`;
}

/**
 * One line for a code lens / table: "before 2.31 ms · after 0.42 ms · 5.5× faster · outputs match".
 * A slower fix says "1.8× slower"; a speedup whose 95% CI contains 1 says "≈ same speed".
 */
export function formatBenchResult(r: BenchResult): string {
  if (r.error) return `benchmark failed: ${r.error}`;
  const [before, after] = formatDurationPair(r.before.medianNs, r.after.medianNs);
  const parts = [`before ${before}`, `after ${after}`];
  parts.push(formatSpeed(r), `outputs ${formatEquivalence(r)}`);
  return parts.join(" · ");
}
