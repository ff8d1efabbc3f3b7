// ESLint's JSON formatter shape, so existing CI tooling that reads ESLint output reads ours.
import { countBySeverity, eslintSeverity, mergeEdits, type FileReport } from "./report";

export interface EslintMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Only for safe fixes that --fix applies: one replacement of offsets [start, end) in the file's text. */
  fix?: { range: [number, number]; text: string };
  /** Share of a CPU profile's samples on these lines (check --profile), 0..1. */
  profileShare?: number;
  /** The fix's measured speedup at the code's size (calibration or a benchmark of this code). */
  measured?: { speedup: number; ci: [number, number]; size: number; sizeKnown: boolean; source: string };
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: EslintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: never[];
  /** ESLint sets this when --fix changed the file. */
  output?: string;
}

export function toEslintResults(reports: FileReport[]): EslintResult[] {
  return reports.map((r) => {
    const messages: EslintMessage[] = r.findings.map((f) => {
      const m: EslintMessage = {
        ruleId: f.ruleId,
        severity: eslintSeverity(f),
        message: f.message,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
      };
      const merged = f.fix?.safe && f.fix.autoApply !== false ? mergeEdits(r.text, f.fix.edits) : undefined;
      if (merged) m.fix = { range: [merged.start, merged.end], text: merged.text };
      if (f.profile) m.profileShare = f.profile.share;
      if (f.measured) m.measured = { speedup: f.measured.speedup, ci: f.measured.ci, size: f.measured.size, sizeKnown: f.measured.sizeKnown, source: f.measured.source };
      return m;
    });
    const { errors, warnings } = countBySeverity([r]);
    const result: EslintResult = {
      filePath: r.filePath,
      messages,
      suppressedMessages: [],
      errorCount: errors,
      fatalErrorCount: 0,
      warningCount: warnings,
      fixableErrorCount: messages.filter((m) => m.fix && m.severity === 2).length,
      fixableWarningCount: messages.filter((m) => m.fix && m.severity === 1).length,
      usedDeprecatedRules: [],
    };
    if (r.output !== undefined) result.output = r.output;
    return result;
  });
}

export function formatEslintJson(reports: FileReport[]): string {
  return JSON.stringify(toEslintResults(reports), null, 2) + "\n";
}
