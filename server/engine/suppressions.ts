// Suppression comments and generated-file markers.
//   // arraylint-disable-next-line RULE[, RULE…] -- reason
//   /* arraylint-disable RULE */ … /* arraylint-enable RULE */   (no RULE: every rule)
//   /* arraylint-disable */ at the top: the whole file
//   // @generated  (in the file's leading comments): the file is skipped
// Comments are found with the TypeScript scanner, so look-alikes inside strings are ignored.
// Lines are LSP lines (positions.ts): "disable-next-line" means the next line the editor shows.
import { ts } from "ts-morph";
import { LineMap } from "./positions";

interface Region {
  /** undefined: every rule. */
  rule: string | undefined;
  start: number;
  end: number;
}

export interface Suppressions {
  /** True when the file is marked `@generated`. */
  generated: boolean;
  isSuppressed(ruleId: string, startOffset: number): boolean;
}

export interface CommentToken {
  text: string;
  pos: number;
  end: number;
}

/** Visits every token and comment of `text` with its [pos, end), template literals rescanned as template text. */
function scanTokens(text: string, visit: (kind: ts.SyntaxKind, pos: number, end: number) => void): void {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  // Brace depth at which each open template literal's `${` was seen, so the text after its
  // `}` is rescanned as template text rather than code. Regex literals may still be misread
  // as division; that only risks a missed suppression, never a crash.
  const templateDepths: number[] = [];
  let depth = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead) {
      templateDepths.push(depth);
    } else if (kind === ts.SyntaxKind.OpenBraceToken) {
      depth++;
    } else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templateDepths.pop();
      } else {
        depth = Math.max(0, depth - 1);
      }
    }
    visit(kind, scanner.getTokenStart(), scanner.getTokenEnd());
  }
}

/** Every comment of `text` with its [pos, end) (the LSP merges new disable rules into existing directives). */
export function scanComments(text: string): CommentToken[] {
  const comments: CommentToken[] = [];
  scanTokens(text, (kind, pos, end) => {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      comments.push({ text: text.slice(pos, end), pos, end });
    }
  });
  return comments;
}

/**
 * [pos, end) of every comment, string or template literal of `text` that runs across a line break
 * (one scan; sorted by position).
 */
export function multiLineTokens(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  scanTokens(text, (kind, pos, end) => {
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) return;
    if (/[\r\n]/.test(text.slice(pos, end))) spans.push([pos, end]);
  });
  return spans;
}

/**
 * Whether the start of a line, `lineStart`, lies inside a comment or template literal that runs across
 * it: text inserted there would become part of that token (a disable comment line, say). `spans` is
 * multiLineTokens(text), computed once for many questions.
 */
export function isInsideToken(spans: ReadonlyArray<[number, number]>, lineStart: number): boolean {
  return spans.some(([pos, end]) => pos < lineStart && lineStart < end);
}

/** Rule ids named in a directive body like ` elementwise-loop, manual-reduction -- why`. */
function parseRuleList(body: string): string[] {
  const withoutReason = body.split(/\s--\s|\s--$/)[0] ?? "";
  return withoutReason
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `text` is the document's text exactly as analysed; offsets passed to isSuppressed index into it. */
export function parseSuppressions(text: string, lines: LineMap = new LineMap(text)): Suppressions {
  // a directive or marker spells one of these in its comment: most files have none, and are not scanned
  if (!text.includes("arraylint-") && !text.includes("@generated")) return { generated: false, isSuppressed: () => false };
  const comments = scanComments(text);
  const firstCodeOffset = firstNonTriviaOffset(text);
  const generated = comments.some((c) => c.pos <= firstCodeOffset && /@generated\b/.test(c.text));

  const nextLine: Array<{ line: number; rules: string[] }> = [];
  const regions: Region[] = [];
  const open = new Map<string | undefined, number>();

  for (const c of comments) {
    const body = c.text.startsWith("//") ? c.text.slice(2) : c.text.slice(2, -2);
    const m = /^\s*arraylint-(disable-next-line|disable-line|disable|enable)\b(.*)$/s.exec(body);
    if (!m) continue;
    const directive = m[1];
    const rules = parseRuleList(m[2] ?? "");
    if (directive === "disable-next-line") {
      nextLine.push({ line: lines.lineAt(c.end) + 1, rules });
    } else if (directive === "disable-line") {
      nextLine.push({ line: lines.lineAt(c.pos), rules });
    } else if (directive === "disable") {
      const keys = rules.length > 0 ? rules : [undefined];
      for (const k of keys) if (!open.has(k)) open.set(k, c.end);
    } else {
      const keys = rules.length > 0 ? rules : [...open.keys()];
      for (const k of keys) {
        const start = open.get(k);
        if (start === undefined) continue;
        regions.push({ rule: k, start, end: c.pos });
        open.delete(k);
      }
    }
  }
  for (const [rule, start] of open) regions.push({ rule, start, end: text.length + 1 });

  return {
    generated,
    isSuppressed(ruleId, startOffset) {
      const line = lines.lineAt(startOffset);
      for (const d of nextLine) {
        if (d.line === line && (d.rules.length === 0 || d.rules.includes(ruleId))) return true;
      }
      for (const r of regions) {
        if ((r.rule === undefined || r.rule === ruleId) && startOffset >= r.start && startOffset < r.end) return true;
      }
      return false;
    },
  };
}

/** Offset of the first token that is not a comment, shebang or whitespace. */
function firstNonTriviaOffset(text: string): number {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  scanner.scan();
  return scanner.getTokenStart();
}

/** Below this many characters a file is never called minified (a short file with one long line is just short). */
const MINIFIED_MIN_LENGTH = 2000;
/** A line longer than this is not written by hand. */
const LONG_LINE = 500;

/** Signatures of bundler and compiler output (a comment mentioning the tool is not enough). */
const GENERATOR_SIGNATURES: Array<[RegExp, string]> = [
  [/__webpack_require__|webpackBootstrap/, "webpack output"],
  [/var Module\s*=\s*typeof Module\s*!==?\s*["']undefined["']|\b_emscripten_\w+|\bemscripten_(?:stack|get|set|run)\w*/, "emscripten output"],
  [/^\s*(?:\/\/|\/\*+|\*)\s*(?:Code generated .*DO NOT EDIT|This file (?:was|is) (?:automatically|auto-)generated|<auto-generated)/im, "a generated-file header"],
];

/**
 * Why `text` looks generated or minified, judged by its content (the `@generated` marker is
 * parseSuppressions' business), or undefined for code a person wrote and maintains.
 */
export function detectGeneratedCode(text: string): string | undefined {
  // the signatures sit in a bundle's prologue or epilogue: looking at both ends keeps this O(1) on huge files
  const ends = text.length > 131072 ? text.slice(0, 65536) + "\n" + text.slice(-65536) : text;
  for (const [pattern, what] of GENERATOR_SIGNATURES) if (pattern.test(ends)) return what;
  if (text.length < MINIFIED_MIN_LENGTH) return undefined;
  let onLongLines = 0;
  let whitespace = 0;
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10 || c === 13) {
      if (i - lineStart > LONG_LINE) onLongLines += i - lineStart;
      lineStart = i + 1;
      whitespace++;
    } else if (c === 32 || c === 9) {
      whitespace++;
    }
  }
  if (onLongLines * 2 >= text.length) return `minified code (${Math.round((100 * onLongLines) / text.length)}% of it on lines over ${LONG_LINE} characters)`;
  if (whitespace * 20 < text.length) return `minified code (${((100 * whitespace) / text.length).toFixed(1)}% whitespace)`;
  return undefined;
}
