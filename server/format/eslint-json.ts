// ESLint's JSON formatter shape, so existing CI tooling that reads ESLint output reads ours.
import type { Finding, TextEdit } from "../engine/index";
import { countBySeverity, eslintSeverity, mergeEdits, type FileReport } from "./report";

interface EslintFix {
  range: [number, number];
  text: string;
}

export interface EslintMessage {
  /** null for messages about the file itself (a parsing error, an incomplete analysis), as in ESLint. */
  ruleId: string | null;
  /** ESLint's flag for a file that could not be parsed. */
  fatal?: boolean;
  severity: 1 | 2;
  message: string;
  /** The rule's message key; absent on notes (rule-less messages such as a syntax error). */
  messageId?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * Only for safe fixes that --fix applies (not measured slower): one replacement of offsets
   * [start, end) in the file's text. The fixes of one file never overlap, so they apply together in
   * one pass (ESLint's fixer): the runtime import the fixes share is carried by the first of them
   * only. A safe fix that would overlap an earlier one is left for the next `arraylint check --fix` pass.
   */
  fix?: EslintFix;
  /** Refactors (correct under a stated assumption) and safe fixes measured slower: each applies on its own, import included. */
  suggestions?: Array<{ desc: string; fix: EslintFix }>;
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
    const onePass = onePassFixes(r.text, r.findings);
    const messages: EslintMessage[] = r.findings.map((f) => {
      const m: EslintMessage = {
        ruleId: f.ruleId,
        severity: eslintSeverity(f),
        message: f.message,
        messageId: f.messageId,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
      };
      const fix = onePass.get(f);
      if (fix) m.fix = fix;
      if (f.fix && !isAutoApplied(f)) {
        const merged = mergeEdits(r.text, f.fix.edits);
        if (merged) m.suggestions = [{ desc: f.fix.title, fix: { range: [merged.start, merged.end], text: merged.text } }];
      }
      if (f.profile) m.profileShare = f.profile.share;
      if (f.measured) m.measured = { speedup: f.measured.speedup, ci: f.measured.ci, size: f.measured.size, sizeKnown: f.measured.sizeKnown, source: f.measured.source };
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

/**
 * The safe fixes of one file as non-overlapping single replacements, in source order: an edit
 * identical to one an earlier fix already carries (the shared runtime import) is dropped from the
 * later fix, and a fix whose span would still overlap an earlier one gets none this pass.
 */
/** A safe fix that `--fix` applies: not measured slower (calibration or a benchmark of this code). */
function isAutoApplied(f: Finding): boolean {
  return f.fix !== undefined && f.fix.safe && f.fix.autoApply !== false;
}

function onePassFixes(text: string, findings: Finding[]): Map<Finding, EslintFix> {
  const out = new Map<Finding, EslintFix>();
  const taken: TextEdit[] = [];
  const spans: Array<[number, number]> = [];
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (!f.fix || !isAutoApplied(f)) continue;
    const own = f.fix.edits.filter((e) => !taken.some((t) => t.start === e.start && t.end === e.end && t.newText === e.newText));
    const merged = mergeEdits(text, own);
    if (!merged) continue;
    const overlaps = spans.some(([s, e]) => (merged.start === merged.end && s === e ? merged.start === s : merged.start < e && s < merged.end));
    if (overlaps) continue;
    taken.push(...own);
    spans.push([merged.start, merged.end]);
    out.set(f, { range: [merged.start, merged.end], text: merged.text });
  }
  return out;
}

export function formatEslintJson(reports: FileReport[]): string {
  return JSON.stringify(toEslintResults(reports), null, 2) + "\n";
}
