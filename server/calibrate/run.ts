// `arraylint calibrate`: measure every fixture's fix (fixtures.ts) on this runtime at the calibration
// sizes, in child processes like any benchmark. Slow by design (a minute or two); the server runs it in
// the background at the lowest priority, once per Node version.
import os from "node:os";
import { Engine } from "../engine/index";
import type { Finding } from "../engine/types";
import { runBenchmark } from "../bench/index";
import { CALIBRATION_FIXTURES, type CalibrationFixture } from "./fixtures";
import { calibrationKey } from "./key";
import { CALIBRATION_VERSION, runtimeId, type CalibrationEntry, type CalibrationTable } from "./table";

/** Calibrated sizes: tiny (shapes, strides, kernels), small, medium, large. */
export const CALIBRATION_SIZES = [4, 16, 100, 1_000, 10_000, 100_000, 1_000_000];

export interface CalibrateOptions {
  /** Measuring time per fixture, all sizes together (default 3000 ms). */
  timeBudgetMs?: number;
  sizes?: number[];
  fixtures?: CalibrationFixture[];
  runtimePath?: string;
  lowPriority?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, entry: CalibrationEntry | undefined, error?: string) => void;
}

/** The fixture's findings that have a benchmark (a fixture may yield two: a dtype fix and a loop fix). */
function benchmarkable(engine: Engine, fixture: CalibrationFixture, index: number): Finding[] {
  const { findings } = engine.analyze(`/arraylint-calibration/fixture${index}.ts`, fixture.source);
  return findings.filter((f) => f.bench && f.fix);
}

export async function calibrate(opts: CalibrateOptions = {}): Promise<CalibrationTable> {
  const sizes = opts.sizes ?? CALIBRATION_SIZES;
  const fixtures = opts.fixtures ?? CALIBRATION_FIXTURES;
  const engine = new Engine();
  const table: CalibrationTable = {
    version: CALIBRATION_VERSION,
    runtime: runtimeId(),
    measuredAt: new Date().toISOString(),
    load: os.loadavg().map((l) => Math.round(l * 100) / 100),
    cpus: os.cpus().length,
    sizes,
    entries: [],
  };
  const jobs = fixtures.flatMap((fixture, i) => benchmarkable(engine, fixture, i).map((finding) => ({ fixture, finding })));
  let done = 0;
  for (const { fixture, finding } of jobs) {
    if (opts.signal?.aborted) break;
    const { key, family } = calibrationKey(finding.ruleId, finding.bench!);
    if (table.entries.some((e) => e.key === key)) {
      opts.onProgress?.(++done, jobs.length, undefined);
      continue;
    }
    const measure = (timeBudgetMs: number) => runBenchmark(finding.bench!, {
      ruleId: finding.ruleId, file: fixture.name, line: finding.range.start.line + 1,
      sizes, timeBudgetMs, runtimePath: opts.runtimePath,
      lowPriority: opts.lowPriority, signal: opts.signal, sizeSource: "option",
    });
    const budget = opts.timeBudgetMs ?? 3000;
    let r = await measure(budget);
    // a busy machine can starve a run past its time limit: once more with twice the time
    if (r.error?.startsWith("time limit") && !opts.signal?.aborted) r = await measure(2 * budget);
    if (r.error || !r.equivalent || !r.sizes) {
      opts.onProgress?.(++done, jobs.length, undefined, r.error ?? r.mismatch ?? "no result");
      continue;
    }
    const entry: CalibrationEntry = {
      key, family, ruleId: finding.ruleId, fixture: fixture.name, safe: finding.fix!.safe,
      points: r.sizes.filter((s) => Number.isFinite(s.speedup)).map((s) => ({
        size: s.size, speedup: round(s.speedup), ci: [round(s.speedupCI[0]), round(s.speedupCI[1])], ...(s.noisy ? { noisy: true } : {}),
      })),
    };
    table.entries.push(entry);
    opts.onProgress?.(++done, jobs.length, entry);
  }
  return table;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
