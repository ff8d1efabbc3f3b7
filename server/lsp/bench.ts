// The benchmark side of the server: results cached per (document, finding text), lens titles,
// and the `arraylint.runBenchmark` command. The benchmark itself runs in a child process (server/bench).
import type { CodeLens } from "vscode-languageserver/node";
import type { Finding } from "../engine/index";
import type { BenchOptions, BenchResult } from "../bench/index";

export const BENCH_COMMAND = "arraylint.runBenchmark";
/** `[path]`: weigh findings by a CPU profile (.cpuprofile); no argument unloads it. */
export const LOAD_PROFILE_COMMAND = "arraylint.loadProfile";

/** What the command returns: the bench contract's result plus the one-line summary the lens shows. */
export type BenchCommandResult = BenchResult & { summary: string };

/** Results and in-flight runs, keyed by document and the finding's own text, so edits elsewhere keep a result. */
export class BenchCache {
  private results = new Map<string, BenchCommandResult>();
  private running = new Map<string, Promise<BenchCommandResult>>();

  static key(uri: string, text: string, f: Finding): string {
    return `${uri}\u0000${f.ruleId}\u0000${text.slice(f.start, f.end)}`;
  }

  result(key: string): BenchCommandResult | undefined {
    return this.results.get(key);
  }

  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  /** Runs `start` unless the same benchmark is already running, in which case its promise is shared. */
  async run(key: string, start: () => Promise<BenchCommandResult>, onStarted?: () => void): Promise<BenchCommandResult> {
    const existing = this.running.get(key);
    if (existing) return existing;
    const p = start();
    this.running.set(key, p);
    onStarted?.();
    try {
      const result = await p;
      this.results.set(key, result);
      return result;
    } finally {
      this.running.delete(key);
    }
  }

  forgetDocument(uri: string): void {
    for (const key of this.results.keys()) if (key.startsWith(uri + "\u0000")) this.results.delete(key);
  }

  clear(): void {
    this.results.clear();
  }
}

/** A result object for a run that could not happen (the bench threw), so callers always get the contract's shape. */
export function failedBenchResult(opts: BenchOptions, error: string): BenchResult {
  const zero = { medianNs: NaN, samples: 0, ciLow: NaN, ciHigh: NaN };
  return {
    ruleId: opts.ruleId,
    file: opts.file,
    line: opts.line,
    before: zero,
    after: { ...zero },
    speedup: NaN,
    speedupCI: [NaN, NaN],
    equivalent: false,
    inputs: { size: opts.size ?? 1e6, seed: opts.seed ?? 1, variables: [] },
    error,
  };
}

export function benchLenses(
  uri: string,
  text: string,
  findings: Finding[],
  cache: BenchCache,
  /** Why benchmarks may not run (the lens says so), or undefined when they may. */
  blocked: "untrusted" | "not-enabled" | undefined,
): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const f of findings) {
    // a finding without a fix gets its original timed; a declaration (oversized-dtype) has nothing to time
    if (!f.bench && (f.fix || f.ruleId === "oversized-dtype")) continue;
    const key = BenchCache.key(uri, text, f);
    const result = cache.result(key);
    const what = f.bench ? "Benchmark fix" : "Time this code (no fix)";
    // a codicon, not an emoji: the editor's own font has it
    const title = blocked === "untrusted"
      ? `$(watch) ${what} (disabled in an untrusted workspace)`
      : blocked === "not-enabled"
        ? `$(watch) ${what} (disabled: the editor has not enabled running workspace code)`
      : cache.isRunning(key)
        ? "$(watch) Benchmarking…"
        : result
          ? `$(watch) ${result.summary}`
          : `$(watch) ${what}`;
    const at = { line: f.range.start.line, character: f.range.start.character };
    lenses.push({ range: { start: at, end: at }, command: { title, command: BENCH_COMMAND, arguments: [uri, f.range.start.line] } });
  }
  return lenses;
}
