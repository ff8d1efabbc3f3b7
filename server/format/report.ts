// What every output format is built from: one entry per checked file.
import type { AnalysisNote, Finding, TextEdit } from "../engine/index";

export interface FileReport {
  /** Absolute path. */
  filePath: string;
  /** The file's text as analysed (after --fix, the fixed text): offsets in findings index into it. */
  text: string;
  findings: Finding[];
  /** Set when --fix changed the file: the new content. */
  output?: string;
  /** Why the file was analysed only partly or not at all (engine notes, or the reader's: too large, unreadable). */
  notes?: AnalysisNote[];
}

/** A fix whose merged replacement would carry more unchanged text than this is left out of JSON/SARIF output. */
export const MAX_MERGED_FIX_CARRY = 64 * 1024;

/** ESLint-style severities: 2 error, 1 everything else (ESLint has no info/hint). */
export function eslintSeverity(f: Finding): 1 | 2 {
  return f.severity === "error" ? 2 : 1;
}

export function countBySeverity(reports: FileReport[]): { errors: number; warnings: number; fixable: number } {
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  for (const r of reports) {
    for (const f of r.findings) {
      if (eslintSeverity(f) === 2) errors++;
      else warnings++;
      if (f.fix?.safe && f.fix.autoApply !== false) fixable++; // what --fix would apply
    }
  }
  return { errors, warnings, fixable };
}

/**
 * Folds a fix's edits into one replacement of the span they cover (ESLint's `fix` is a single
 * `{range, text}`; the unchanged text between edits is carried into `text`). Undefined when that
 * would carry more than MAX_MERGED_FIX_CARRY characters: a runtime import at the top and a loop far
 * below would otherwise copy most of the file into every fix (a 5 MB file's JSON ran out of memory).
 * Such a fix is still applied by --fix and offered in the editor.
 */
export function mergeEdits(text: string, edits: TextEdit[]): { start: number; end: number; text: string } | undefined {
  if (edits.length === 0) return undefined;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const start = sorted[0].start;
  const end = Math.max(...sorted.map((e) => e.end));
  const edited = sorted.reduce((n, e) => n + (e.end - e.start), 0);
  if (end - start - edited > MAX_MERGED_FIX_CARRY) return undefined;
  let out = "";
  let cursor = start;
  for (const e of sorted) {
    out += text.slice(cursor, e.start) + e.newText;
    cursor = Math.max(cursor, e.end);
  }
  out += text.slice(cursor, end);
  return { start, end, text: out };
}
