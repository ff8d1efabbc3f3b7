// What every output format is built from: one entry per checked file.
import type { Finding, TextEdit } from "../engine/index";

export interface FileReport {
  /** Absolute path. */
  filePath: string;
  /** The file's text as analysed (after --fix, the fixed text): offsets in findings index into it. */
  text: string;
  findings: Finding[];
  /** Set when --fix changed the file: the new content. */
  output?: string;
}

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
 * `{range, text}`; the unchanged text between edits is carried into `text`).
 */
export function mergeEdits(text: string, edits: TextEdit[]): { start: number; end: number; text: string } | undefined {
  if (edits.length === 0) return undefined;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const start = sorted[0].start;
  const end = Math.max(...sorted.map((e) => e.end));
  let out = "";
  let cursor = start;
  for (const e of sorted) {
    out += text.slice(cursor, e.start) + e.newText;
    cursor = Math.max(cursor, e.end);
  }
  out += text.slice(cursor, end);
  return { start, end, text: out };
}
