// `arraylint check --jobs N`: the files of a check spread over worker threads, each with its own Engine.
// The worker runs the same per-file steps as the one-thread loop in cli.ts without --fix (read, analyse,
// keep the --rule findings, keep an overlay only while it equals the disk); the calling thread judges the findings with the
// measurements and keeps the files' order, so the output is the one --jobs 1 prints.
// The worker entry is this module itself: in the esbuild bundle that is dist/cli-main.js (loaded through
// dist/cli.js, the bin), under tsx server/cli-jobs.ts, with tsx's hook registered in the worker.
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Engine, type AnalyzeOptions, type Finding, type RuleId } from "./engine/index";
import { SourceReadError, readSourceFile, splitBom } from "./source-files";
import type { FileReport } from "./format/report";

/** One file to check, as the one-thread loop would check it. */
export interface FileJob {
  file: string;
  options: AnalyzeOptions;
  maxFileSize: number;
  /** --rule: only these rules' findings are kept. */
  rules?: RuleId[];
}

/** A file's report (findings not yet judged by the measurements), or the internal error that stopped it. */
export type FileOutcome = { report: FileReport; analysed: boolean } | { error: string };

/**
 * The number of workers for `files` files: --jobs N as given (at most one per file), else one thread.
 * One thread is the default because it measured faster: one engine reuses one program for every file
 * (three src/ 8.2 s on one thread, 12.8 s with two workers that each build the same import graph;
 * image-js 5.5 vs 6.6 s, ml-spectra-processing 5.0 vs 5.7 s, 2 cores, load 2.6).
 */
export function workerCount(jobsFlag: number | undefined, files: number): number {
  if (jobsFlag !== undefined) return Math.max(1, Math.min(jobsFlag, files));
  return 1;
}

/** Parses --jobs: a positive whole number; undefined when it is not one. */
export function parseJobs(text: string): number | undefined {
  const n = Number(text);
  return /^\s*\d+\s*$/.test(text) && Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** The one-thread loop's steps for a file without --fix. Never throws: an internal error becomes the outcome. */
export function checkOneFile(engine: Engine, job: FileJob): FileOutcome {
  let raw: string;
  try {
    raw = readSourceFile(job.file, job.maxFileSize, { includeGenerated: job.options.includeGenerated });
  } catch (e) {
    if (!(e instanceof SourceReadError)) return { error: describe(e) };
    return { report: { filePath: job.file, text: "", findings: [], notes: [{ kind: e.kind, message: e.message }] }, analysed: false };
  }
  let overlayIsOnDisk = false;
  try {
    // columns and offsets are those of the text editors show, without the BOM (as in cli.ts)
    const { text } = splitBom(raw);
    const { findings, notes } = engine.analyze(job.file, text, job.options);
    overlayIsOnDisk = true; // the text read is the file on disk (workers never --fix)
    const rules = job.rules;
    const kept = rules ? findings.filter((f: Finding) => rules.includes(f.ruleId)) : findings;
    return { report: { filePath: job.file, text, findings: kept, output: undefined, notes }, analysed: true };
  } catch (e) {
    return { error: describe(e) };
  } finally {
    // as in cli.ts: an overlay that differs from the disk would leak into the next file's imports;
    // one equal to the disk stays, and with it the program the next file reuses
    if (!overlayIsOnDisk) engine.forget(job.file);
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

const WORKER_TAG = "arraylint-check-worker";
/**
 * Test hook: a worker that is handed a file with this base name dies (an uncaught exception outside the
 * per-file try/catch, as an out-of-memory or a native crash would), so tests can check the file is reported.
 */
const CRASH_HOOK_ENV = "ARRAYLINT_TEST_CRASH_WORKER_ON";

type ToWorker = { index: number; job: FileJob };
type FromWorker = { index: number; outcome: FileOutcome };

/**
 * Checks `jobs` on `workers` worker threads (dynamic: an idle worker takes the next file) and returns the
 * outcomes in the jobs' order. A worker that dies takes only its current file with it: that file's outcome
 * is an error saying so, and a new worker takes the rest.
 */
export function checkInWorkers(jobs: readonly FileJob[], init: { workers: number; cwd: string }): Promise<FileOutcome[]> {
  const outcomes: Array<FileOutcome | undefined> = new Array(jobs.length).fill(undefined);
  let next = 0;
  let done = 0;
  let live = 0;
  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (done === jobs.length && live === 0) resolve(outcomes.map((o, i) => o ?? { error: `${jobs[i].file} was never checked` }));
    };
    const start = () => {
      live++;
      const worker = new Worker(workerEntry(), { eval: true, workerData: { tag: WORKER_TAG, cwd: init.cwd, jobs } satisfies WorkerInit });
      let current: number | undefined;
      let ended = false;
      const feed = () => {
        if (next < jobs.length) {
          current = next++;
          worker.postMessage({ index: current, job: jobs[current] } satisfies ToWorker);
        } else {
          current = undefined;
          void worker.terminate();
        }
      };
      const fail = (reason: string) => {
        if (current !== undefined && outcomes[current] === undefined) {
          outcomes[current] = { error: `the worker thread checking it stopped: ${reason}` };
          done++;
        }
        current = undefined;
      };
      worker.on("message", (msg: FromWorker) => {
        if (outcomes[msg.index] === undefined) done++;
        outcomes[msg.index] = msg.outcome;
        feed();
      });
      worker.on("error", (e) => fail(describe(e)));
      worker.on("exit", (code) => {
        if (ended) return;
        ended = true;
        fail(`exit code ${code}`);
        live--;
        // the files it did not get go to a new worker
        if (next < jobs.length) start();
        finishIfDone();
      });
      worker.once("online", feed);
    };
    const n = Math.max(1, Math.min(init.workers, jobs.length));
    if (jobs.length === 0) return resolve([]);
    for (let i = 0; i < n; i++) start();
  });
}

/**
 * The worker's code: this module, which is dist/cli-main.js in the bundle (required through the bin, dist/cli.js); from the TypeScript source (tests run
 * under tsx) tsx's CommonJS hook is registered first, since a worker does not inherit the parent's loader hooks.
 */
function workerEntry(): string {
  const self = JSON.stringify(__filename);
  if (/\.[cm]?ts$/.test(__filename)) return `require("tsx/cjs"); require(${self});`;
  // dist/cli-main.js: through the bin beside it, which loads the bundle from V8's code cache (cli-bin.ts)
  const bin = path.join(path.dirname(__filename), "cli.js");
  return path.basename(__filename) === "cli-main.js" && fs.existsSync(bin) ? `require(${JSON.stringify(bin)});` : `require(${self});`;
}

interface WorkerInit {
  tag: string;
  cwd: string;
  /** Every file of the run: all join the worker's project before the first analysis, as on one thread. */
  jobs: readonly FileJob[];
}

/**
 * Adds the jobs' files to the engine's project at once (Engine.addFiles: one program for the run, as the
 * one-thread loop in cli.ts does); files that cannot be read are left to checkOneFile, which reports them.
 */
export function addJobFiles(engine: Engine, jobs: readonly FileJob[]): void {
  const files: Array<{ filePath: string; text: string; includeGenerated?: boolean }> = [];
  for (const job of jobs) {
    try {
      const text = splitBom(readSourceFile(job.file, job.maxFileSize, { includeGenerated: job.options.includeGenerated })).text;
      files.push({ filePath: job.file, text, includeGenerated: job.options.includeGenerated });
    } catch {
      // checkOneFile reads it again and reports why it could not
    }
  }
  engine.addFiles(files);
}

/** Inside a check worker: analyse each file the parent sends with one Engine, answer with its outcome. */
function runWorker({ cwd, jobs }: WorkerInit): void {
  const engine = new Engine({ rootDir: cwd });
  addJobFiles(engine, jobs);
  const crashOn = process.env[CRASH_HOOK_ENV];
  parentPort!.on("message", ({ index, job }: ToWorker) => {
    if (crashOn && path.basename(job.file) === crashOn) {
      setImmediate(() => {
        throw new Error(`${CRASH_HOOK_ENV}: crashing on ${job.file}`);
      });
      return;
    }
    parentPort!.postMessage({ index, outcome: checkOneFile(engine, job) } satisfies FromWorker);
  });
}

/** Whether this thread is a check worker (cli.ts's entry point then does not run `main`). */
export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG;
}

if (isCheckWorker()) runWorker(workerData as WorkerInit);
