// The one position model of arraylint: every offset ↔ line/character conversion (diagnostics, code
// actions, code lenses, disable comments, the CLI's line:column, JSON and SARIF) goes through here.
// It follows LSP exactly, not TypeScript:
//   - line breaks are "\n", "\r\n" and "\r" only. U+2028/U+2029 are ordinary characters here, although
//     TypeScript's line map (ts.getLineAndCharacterOfPosition) starts a new line at them;
//   - a character is a UTF-16 code unit (an astral character counts 2);
//   - offsets index the text exactly as given: a byte order mark at offset 0 is character 0 of line 0.
// Pure: no I/O, no LSP or vscode imports (the engine owns it; server/lsp and the CLI use it too).
import type { Position, Range } from "./types";

const LF = 10;
const CR = 13;
export const BOM = "\uFEFF";

/** 1 when `text` starts with a byte order mark, else 0. */
export function bomLength(text: string): 0 | 1 {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** Offsets where each line starts: 0, then the offset after every "\n", "\r\n" or lone "\r". */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(i + 1);
    } else if (c === LF) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** Offset ↔ position for one text (build it once per analysed text; lookups are binary searches). */
export class LineMap {
  private readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of `offset` (clamped to the text). */
  lineAt(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset where `line` starts (clamped: past the last line is the end of the text). */
  lineStart(line: number): number {
    if (line < 0) return 0;
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }

  /** Offset of the end of `line`'s content, before its line break. */
  lineEnd(line: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.beforeLineBreak(next, this.starts[line]);
  }

  /** The text of `line` without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** LSP position of `offset`. An offset inside a "\r\n" pair maps to the end of its line, as LSP does. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(o);
    const start = this.starts[line];
    return { line, character: this.beforeLineBreak(o, start) - start };
  }

  /** Offset of an LSP position; a character past the end of its line is clamped to the line's end. */
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** "\r\n" when the text's first line break is CRLF, "\r" for a lone CR, else "\n". */
  lineBreak(): string {
    if (this.starts.length < 2) return "\n";
    const at = this.starts[1];
    if (this.text.charCodeAt(at - 1) === LF) return this.text.charCodeAt(at - 2) === CR ? "\r\n" : "\n";
    return "\r";
  }

  private beforeLineBreak(offset: number, lineStart: number): number {
    let o = offset;
    while (o > lineStart && isLineBreak(this.text.charCodeAt(o - 1))) o--;
    return o;
  }
}
