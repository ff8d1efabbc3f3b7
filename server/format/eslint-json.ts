// ESLint's JSON formatter shape, so existing CI tooling that reads ESLint output reads ours.
import { countBySeverity, eslintSeverity, mergeEdits, type FileReport } from "./report";

export interface EslintMessage {
  /** null for messages about the file itself (a parsing error, an incomplete analysis), as in ESLint. */
  ruleId: string | null;
  /** ESLint's flag for a file that could not be parsed. */
  fatal?: boolean;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Only for safe fixes: one replacement of offsets [start, end) in the file's text. */
  fix?: { range: [number, number]; text: string };
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
      const merged = f.fix?.safe ? mergeEdits(r.text, f.fix.edits) : undefined;
      if (merged) m.fix = { range: [merged.start, merged.end], text: merged.text };
      return m;
    });
    // ESLint's shapes: a file that does not parse gets one fatal "Parsing error" message; an analysis
    // that could not finish gets a warning without a rule, like ESLint's notice about an ignored file
    let fatal = 0;
    let noteWarnings = 0;
    for (const n of r.notes ?? []) {
      if (n.kind === "generated") continue;
      const at = n.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const position = { line: at.start.line + 1, column: at.start.character + 1, endLine: at.end.line + 1, endColumn: at.end.character + 1 };
      if (n.kind === "syntax-error") {
        fatal++;
        messages.push({ ruleId: null, fatal: true, severity: 2, message: `Parsing error: ${n.message}`, ...position });
      } else {
        noteWarnings++;
        messages.push({ ruleId: null, severity: 1, message: `arraylint: ${n.message}`, ...position });
      }
    }
    const { errors, warnings } = countBySeverity([r]);
    const result: EslintResult = {
      filePath: r.filePath,
      messages,
      suppressedMessages: [],
      errorCount: errors + fatal,
      fatalErrorCount: fatal,
      warningCount: warnings + noteWarnings,
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
