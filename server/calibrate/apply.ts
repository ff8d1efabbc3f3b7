// From measurements to advice: the pure functions the CLI and the language server apply to the
// engine's findings. A finding's fix is judged by what was measured for it — a benchmark of this
// exact code when there is one, else the calibration of its fix kind on this runtime — at the size
// the code runs (or, when the code does not show it, the unknown-size default):
// - severity: kept (a warning) only where the fix is measured ≥ 1.2× faster; information where it is
//   about the same, or faster only at sizes the code does not reach; silent where it is slower at
//   every size measured;
// - automatic fixing (--fix, fix-all, on save, the preferred quick-fix): only a safe fix measured not
//   slower (95% CI lower bound ≥ 0.95) at every size the code may run; a slower one stays a manual
//   quick-fix whose title gives the figure.
import { MAX_MESSAGE_LENGTH } from "../engine/rule";
import type { BenchSpec, Finding, Severity } from "../engine/types";
import { formatRatio } from "../bench/format";
import { PROCESS_SPREAD } from "../bench/stats";
import { calibrationKey } from "./key";
import { lookup, pointAt, runtimeId, sameRuntime, type CalibrationPoint, type CalibrationTable } from "./table";

/** A warning needs a fix measured at least this much faster (and a CI above 1). */
export const WARN_SPEEDUP = 1.2;
/** An automatic fix needs the speedup's 95% CI lower bound at least this high. */
export const NOT_SLOWER = 0.95;
/** The size a finding is judged at when the code does not show its size. */
export const UNKNOWN_SIZE_DEFAULT = 100_000;
/** Arrays the code does not size are assumed to hold at least this many elements when fixing automatically. */
export const UNKNOWN_MIN_SIZE = 1_000;

/** What a measurement of this exact code says (a subset of the bench's BenchResult). */
export interface MeasuredResult {
  error?: string;
  equivalent: boolean;
  hasFix?: boolean;
  sizeSource?: "code" | "option" | "sweep";
  sizes?: Array<{ size: number; speedup: number; speedupCI: [number, number]; noisy?: boolean }>;
}

export interface AssessContext {
  table?: CalibrationTable;
  /** The sizes the code runs the finding's statements at; empty or absent when it does not show them. */
  codeSizes?: readonly number[];
  /** A benchmark of this exact code (the lens, `arraylint bench`); wins over the calibration. */
  measured?: MeasuredResult;
}

export type AssessmentStatus = "faster" | "about-the-same" | "faster-elsewhere" | "slower-everywhere" | "unmeasured";

export interface Assessment {
  status: AssessmentStatus;
  /** What happens to the finding's severity. */
  severity: "keep" | "info" | "silent";
  /** Whether --fix, fix-all, on-save and the preferred quick-fix may apply the fix. */
  autoApply: boolean;
  /** The figure the advice rests on. */
  figure?: { speedup: number; ci: [number, number]; size: number; sizeKnown: boolean; source: "benchmark" | "calibration"; exact: boolean };
  /** The measurement in one sentence, where it was made included: "Measured on this runtime: 1,791× slower at 9 elements." */
  sentence?: string;
  /** The same figure for the message itself, short: "Measured: 1,791× slower at 9 elements." */
  short?: string;
  /** For a safe fix that is not applied automatically because it is slower: "measured 2.1× slower here". */
  slowerHere?: string;
}

function speedText(speedup: number): string {
  if (speedup >= 1) return `${formatRatio(speedup)} faster`;
  const ratio = 1 / speedup;
  return `${ratio >= 1000 ? Math.round(ratio).toLocaleString("en-US") + "×" : formatRatio(ratio)} slower`;
}

function sizeText(n: number): string {
  return n >= 1e4 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : Math.round(n).toLocaleString("en-US");
}

const fasterAt = (p: CalibrationPoint) => p.speedup >= WARN_SPEEDUP && p.ci[0] > 1;
const slowerAt = (p: CalibrationPoint) => p.ci[1] < 1;
const notSlower = (p: CalibrationPoint) => p.ci[0] >= NOT_SLOWER;

function measuredPoints(m: MeasuredResult | undefined): CalibrationPoint[] | undefined {
  if (!m || m.error || !m.equivalent || m.hasFix === false || !m.sizes) return undefined;
  const points = m.sizes
    .filter((s) => Number.isFinite(s.speedup) && Number.isFinite(s.speedupCI[0]))
    .map((s) => ({ size: s.size, speedup: s.speedup, ci: s.speedupCI, noisy: s.noisy }));
  return points.length > 0 ? points : undefined;
}

/** What the measurements say about one finding's fix. Pure. */
export function assessFinding(finding: Finding, ctx: AssessContext): Assessment {
  const unmeasured: Assessment = { status: "unmeasured", severity: "keep", autoApply: false };
  if (!finding.bench || !finding.fix) return unmeasured;
  let points = measuredPoints(ctx.measured);
  let source: "benchmark" | "calibration" = "benchmark";
  let exact = true;
  let sizeKnown = (ctx.codeSizes?.length ?? 0) > 0;
  let codeSizes = [...(ctx.codeSizes ?? [])];
  if (points) {
    // a benchmark of this code measured the code's sizes, the user's --size, or a sweep
    if (ctx.measured!.sizeSource !== "sweep") {
      sizeKnown = true;
      codeSizes = points.map((p) => p.size);
    }
  } else {
    if (!ctx.table) return unmeasured;
    const { key, family } = calibrationKey(finding.ruleId, finding.bench);
    const found = lookup(ctx.table, key, family);
    if (!found || found.points.length === 0) return unmeasured;
    points = found.points;
    source = "calibration";
    exact = found.exact;
  }
  // the CI floor a benchmark applies (bench/stats.ts), also for tables measured before it
  points = points.map((p) => ({ ...p, ci: [Math.min(p.ci[0], p.speedup / (1 + PROCESS_SPREAD)), Math.max(p.ci[1], p.speedup * (1 + PROCESS_SPREAD))] }));
  const measuredSizes = points.map((p) => p.size);
  const plausibleSizes = sizeKnown ? codeSizes
    : measuredSizes.filter((s) => s >= UNKNOWN_MIN_SIZE).length > 0 ? measuredSizes.filter((s) => s >= UNKNOWN_MIN_SIZE) : measuredSizes;
  const plausible = plausibleSizes.map((s) => pointAt(points!, s)).filter((p): p is CalibrationPoint => !!p);
  const all = measuredSizes.map((s) => pointAt(points!, s)).filter((p): p is CalibrationPoint => !!p);
  const headlineSize = sizeKnown ? Math.max(...codeSizes) : UNKNOWN_SIZE_DEFAULT;
  const headline = pointAt(points, headlineSize)!;

  let status: AssessmentStatus;
  if (sizeKnown ? plausible.every(fasterAt) : fasterAt(headline)) status = "faster";
  else if (all.every(slowerAt) && (sizeKnown ? plausible.every(slowerAt) : true)) status = "slower-everywhere";
  else if (sizeKnown ? plausible.every(slowerAt) : slowerAt(headline)) status = "faster-elsewhere";
  else status = "about-the-same";
  const severity = status === "faster" ? "keep" : status === "slower-everywhere" ? "silent" : "info";
  const autoApply = finding.fix.safe && plausible.length > 0 && plausible.every(notSlower);

  const where = `${sizeText(headlineSize)} elements${sizeKnown ? "" : " (size not in the code)"}`;
  // a table measured on another runtime (the shipped default) says where it was measured
  const onWhat = source === "benchmark" ? "for this code"
    : ctx.table && !sameRuntime(ctx.table.runtime, runtimeId()) ? `on Node ${ctx.table.runtime.node.replace(/^v/, "")} (shipped measurements)` : "on this runtime";
  const sentence = `Measured ${onWhat}: ${speedText(headline.speedup)} at ${where}.`;
  const short = `Measured: ${speedText(headline.speedup)} at ${sizeText(headlineSize)}${sizeKnown ? " elements" : " (size unknown)"}.`;
  const assessment: Assessment = {
    status, severity, autoApply, sentence, short,
    figure: { speedup: headline.speedup, ci: headline.ci, size: headlineSize, sizeKnown, source, exact },
  };
  if (finding.fix.safe && !autoApply) {
    const worst = plausible.reduce((a, b) => (b.ci[0] < a.ci[0] ? b : a), plausible[0]);
    if (worst) {
      const at = sizeKnown && plausible.length === 1 ? "here" : `at ${sizeText(worst.size)} elements`;
      assessment.slowerHere = worst.speedup < 1 ? `measured ${speedText(worst.speedup)} ${at}` : `not measured faster ${at} (CI from ${worst.ci[0].toFixed(2)}×)`;
    }
  }
  return assessment;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export interface CalibrationContext {
  table?: CalibrationTable;
  /** The sizes the code shows for a finding (sizes.ts); undefined when it does not. */
  codeSizesOf?: (finding: Finding) => readonly number[] | undefined;
  /** A benchmark of this exact code, when one was run (the LSP's lens cache). */
  measuredOf?: (finding: Finding) => MeasuredResult | undefined;
}

export interface CalibratedFindings {
  /** The findings to report: severities and messages follow the measurements; fixes say whether they may apply automatically. */
  findings: Finding[];
  /** Findings whose fix is slower at every size measured: not reported (explain mode shows them). */
  silenced: Array<{ finding: Finding; assessment: Assessment }>;
}

/**
 * The findings as the measurements say to report them. A finding is never raised above its
 * configured severity; its message gains the measured figure; its fix gains `autoApply` (and, when
 * safe but slower, a title giving the figure). Findings without a measured fix are unchanged, except
 * that a safe fix nobody measured is not applied automatically.
 */
export function applyCalibration(findings: readonly Finding[], ctx: CalibrationContext): CalibratedFindings {
  const out: Finding[] = [];
  const silenced: CalibratedFindings["silenced"] = [];
  for (const f of findings) {
    const a = assessCached(f, ctx.table, ctx.codeSizesOf?.(f), ctx.measuredOf?.(f));
    if (a.severity === "silent") {
      silenced.push({ finding: f, assessment: a });
      continue;
    }
    const next: Finding = { ...f };
    if (a.severity === "info" && SEVERITY_RANK[f.severity] > SEVERITY_RANK.info) next.severity = "info";
    // The message stays one short line (MAX_MESSAGE_LENGTH): the figure joins it when it fits, and
    // the hover always has it with where it was measured.
    if (a.short && f.message.length + 1 + a.short.length <= MAX_MESSAGE_LENGTH) next.message = `${f.message} ${a.short}`;
    if (a.sentence) next.details = f.details ? `${a.sentence}\n\n${f.details}` : a.sentence;
    if (a.figure) next.measured = { ...a.figure, status: a.status };
    if (f.fix) {
      next.fix = { ...f.fix, autoApply: a.autoApply };
      if (a.slowerHere) next.fix.title = `${f.fix.title}, ${a.slowerHere}`;
    }
    out.push(next);
  }
  return { findings: out, silenced };
}

/**
 * assessFinding without a benchmark of the code depends only on the finding's bench spec and fix safety,
 * the table and the sizes: remembered per spec object (the server judges every finding after every edit;
 * a finding carried past a local edit keeps its spec), recomputed when the table or the sizes differ.
 */
function assessCached(f: Finding, table: CalibrationTable | undefined, codeSizes: readonly number[] | undefined, measured: MeasuredResult | undefined): Assessment {
  if (measured || !f.bench || !f.fix) return assessFinding(f, { table, codeSizes, measured });
  const key = `${f.fix.safe}|${codeSizes?.join(",") ?? "-"}`;
  const known = assessedBySpec.get(f.bench);
  if (known && known.table === table && known.key === key) return known.assessment;
  const assessment = assessFinding(f, { table, codeSizes, measured });
  assessedBySpec.set(f.bench, { table, key, assessment });
  return assessment;
}

const assessedBySpec = new WeakMap<BenchSpec, { table: CalibrationTable | undefined; key: string; assessment: Assessment }>();

/** For applySafeFixes: apply a safe fix only when the measurements say it is not slower. */
export function autoApplyFilter(ctx: CalibrationContext): (finding: Finding) => boolean {
  return (f) => assessFinding(f, { table: ctx.table, codeSizes: ctx.codeSizesOf?.(f), measured: ctx.measuredOf?.(f) }).autoApply;
}
