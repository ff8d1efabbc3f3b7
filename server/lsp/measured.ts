// The measurements the server weighs findings with: the calibration table of this runtime (the
// user's, measured in the background once per Node version, else the shipped default), benchmark
// results of this exact code (the lens), and a CPU profile the user loaded.
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import type { Finding, Explanation } from "../engine/index";
import { codeSizesOf } from "../bench/finding";
import { applyCalibration, autoApplyFilter, type MeasuredResult } from "../calibrate/apply";
import { calibrate } from "../calibrate/run";
import { calibrationFile, defaultCacheDir, loadCalibration, writeCalibration, type CalibrationTable } from "../calibrate/table";
import { HOT_SHARE, attachProfile, formatShare, type ProfileIndex } from "../profile/cpuprofile";

export interface JudgeContext {
  filePath: string;
  text: string;
  table?: CalibrationTable;
  profile?: ProfileIndex;
  /** A benchmark result for this exact finding (the lens cache). */
  measuredOf?: (f: Finding) => MeasuredResult | undefined;
  /** Report fixes that are slower everywhere as explanations (arraylint.explain). */
  explain?: boolean;
}

/**
 * Findings as the measurements say to report them: calibrated severities and figures (a fix slower
 * at every size is not reported, or only explained), then the profile: findings in hot code (≥ 2% of
 * the profiled time) keep their severity — a warning when nothing was measured — and say their
 * share; findings in cold code become hints.
 */
export function judgeFindings(findings: readonly Finding[], ctx: JudgeContext): { findings: Finding[]; explanations: Explanation[] } {
  const sizes = codeSizesOf(ctx.filePath, ctx.text, findings);
  const { findings: calibrated, silenced } = applyCalibration(findings, {
    table: ctx.table, codeSizesOf: (f) => sizes.get(f), measuredOf: ctx.measuredOf,
  });
  const explanations: Explanation[] = ctx.explain
    ? silenced.map(({ finding, assessment }) => ({
      ruleId: finding.ruleId,
      range: finding.range,
      message: `Not reported: its fix is slower at every size measured. ${assessment.sentence ?? ""}`.trim(),
    }))
    : [];
  if (!ctx.profile) return { findings: calibrated, explanations };
  const profiled = attachProfile(ctx.filePath, calibrated, ctx.profile, ctx.text).map((f) => {
    const hot = f.profile!.share >= HOT_SHARE;
    const severity = !hot ? "hint" : f.measured ? f.severity : f.severity === "error" ? "error" : "warning";
    return { ...f, severity, message: `${f.message} (${formatShare(f.profile!)})` } as Finding;
  });
  return { findings: profiled, explanations };
}

/** The filter fix-all and on-save pass to applySafeFixes: only fixes the measurements say are not slower. */
export function fixAllFilter(ctx: Omit<JudgeContext, "text" | "profile" | "explain">): (f: Finding, text: string) => boolean {
  return (f, text) => autoApplyFilter({
    table: ctx.table, codeSizesOf: (g) => codeSizesOf(ctx.filePath, text, [g]).get(g), measuredOf: ctx.measuredOf,
  })(f);
}

/**
 * This runtime's calibration table for the server: the one in the editor's global storage (or the
 * CLI's cache), else the shipped default; with a storage folder, measured in the background once per
 * Node version at the lowest priority, unless turned off.
 */
export class CalibrationService {
  table: CalibrationTable;
  source: "user" | "default";
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly storageDir: string | undefined, private readonly log: (m: string) => void) {
    const loaded = loadCalibration(storageDir ? [storageDir, defaultCacheDir()] : [defaultCacheDir()]);
    this.table = loaded.table;
    this.source = loaded.source;
  }

  /** Starts the background calibration after `delayMs` when there is no table of this runtime yet. */
  scheduleBackground(delayMs: number, onDone: () => void): void {
    if (this.source === "user" || !this.storageDir || this.timer || this.controller) return;
    const dir = this.storageDir;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.controller = new AbortController();
      this.log(`calibrating the fixes on Node ${process.versions.node} in the background (lowest priority)`);
      calibrate({ lowPriority: true, signal: this.controller.signal })
        .then((table) => {
          if (this.controller?.signal.aborted || table.entries.length === 0) return;
          mkdirSync(dir, { recursive: true });
          writeCalibration(calibrationFile(dir), table);
          this.table = table;
          this.source = "user";
          this.log(`calibration done: ${table.entries.length} fix kinds measured`);
          onDone();
        })
        .catch((e) => this.log(`background calibration failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => { this.controller = undefined; });
    }, delayMs);
    this.timer.unref?.();
  }

  /** Where a calibration of this runtime is saved: the editor's storage folder, else the CLI's cache. */
  saveFile(): string {
    return calibrationFile(this.storageDir ?? defaultCacheDir());
  }

  /** A calibration run on request (arraylint.calibrate): saved, and used from now on. */
  adopt(table: CalibrationTable): string {
    const file = this.saveFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeCalibration(file, table);
    this.table = table;
    this.source = "user";
    return file;
  }

  /** Stops a scheduled or running background calibration (a calibration on request replaces it). */
  cancelBackground(): void {
    this.dispose();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
  }
}
