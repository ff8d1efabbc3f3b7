// Building fix edits: replacing a statement while keeping its comments and indentation,
// adding the runtime import once, and describing the replaced code for the bench.
import { Node, SyntaxKind, ts, type SourceFile } from "ts-morph";
import type { BenchSpec, BenchVariable, Fix, TextEdit } from "../types";
import { allowsTypeSyntax, ensureRuntimeImport, lineEndingOf } from "./imports";
import { freeVariables } from "./scope";
import { hasDescendant } from "./candidates";

/** Comments inside `node` (they would be lost when the node is replaced). */
export function commentsInside(node: Node): string[] {
  const text = node.getText();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.SingleLineCommentTrivia || k === ts.SyntaxKind.MultiLineCommentTrivia) out.push(scanner.getTokenText());
  }
  return out;
}

/** Leading whitespace of the line `node` starts on. */
export function indentationOf(node: Node): string {
  const text = node.getSourceFile().getFullText();
  let i = node.getStart();
  while (i > 0 && text[i - 1] !== "\n") i--;
  const m = /^[ \t]*/.exec(text.slice(i));
  return m ? m[0] : "";
}

/**
 * The text that replaces `node`: the statement(s) in `replacement` (joined with the file's line
 * ending and the node's indentation), preceded by the comments that were inside the node.
 */
export function replacementText(node: Node, replacement: string[]): string {
  const sf = node.getSourceFile();
  const eol = lineEndingOf(sf.getFullText());
  const indent = indentationOf(node);
  const lines = [...commentsInside(node), ...replacement];
  return lines.join(eol + indent);
}

/** A fix replacing `node` by `replacement` statements written against namespace `ns`, plus the import. */
export function buildReplaceFix(opts: {
  node: Node;
  /** Builds the statements given the runtime namespace name. */
  statements: (ns: string) => string[];
  runtimeImport: string;
  title: (ns: string) => string;
  safe: boolean;
  assumption?: string;
  /** Replacing an expression: keep it on one line and leave comments where they are. */
  expression?: boolean;
}): { fix: Fix; afterForBench: string } {
  const sf: SourceFile = opts.node.getSourceFile();
  const imp = ensureRuntimeImport(sf, opts.runtimeImport);
  const newText = opts.expression ? opts.statements(imp.name).join(" ") : replacementText(opts.node, opts.statements(imp.name));
  const edits: TextEdit[] = [{ start: opts.node.getStart(), end: opts.node.getEnd(), newText }];
  if (imp.edit) edits.push({ ...imp.edit });
  // A script of unknown module system: the added require() is an assumption, never a safe fix.
  const assumption = [opts.assumption, imp.assumption].filter((a): a is string => a !== undefined).join("; ");
  const fix: Fix = {
    title: opts.title(imp.name) + (imp.assumption && !opts.assumption ? ` (${imp.assumption})` : ""),
    safe: opts.safe && !imp.assumption,
    edits,
    addImports: imp.declaration ? [imp.declaration] : [],
  };
  if (assumption) fix.assumption = assumption;
  return { fix, afterForBench: opts.statements("nd").join("\n") };
}

/**
 * `expression` typed as `type` in the file's language: `(e as T)` in TypeScript; in JavaScript a
 * JSDoc cast `/** @type {T} *\/ (e)`, which checkJs reads and every JS engine ignores.
 */
export function castText(sourceFile: SourceFile, expression: string, type: string): string {
  return allowsTypeSyntax(sourceFile) ? `(${expression} as ${type})` : `/** @type {${type}} */ (${expression})`;
}

/**
 * Bench description of the replaced statement: its free variables with roles. Arrays named in
 * `commonLength` (and scalars equal to that length) get `length: "n"`.
 */
/** `tolerance`: the rtol the bench compares outputs with, for a fix that reorders float arithmetic (else bit for bit). */
export function benchSpecFor(node: Node, after: string, commonLength: Set<string>, tolerance?: number): BenchSpec | undefined {
  // `this.scale` cannot become a parameter of a standalone harness: no bench for such code.
  if (hasDescendant(node, (n) => n.kind === SyntaxKind.ThisKeyword)) return undefined;
  const variables: BenchVariable[] = freeVariables(node).map((v) => {
    const isArray = v.type !== "number" && v.type !== "boolean";
    // A number the code assigns (an accumulator) is an output the bench compares too.
    const role: BenchVariable["role"] = v.written ? "output" : !isArray ? "scalar" : "input";
    const out: BenchVariable = { name: v.name, type: v.type, role };
    if (commonLength.has(v.name)) out.length = "n";
    return out;
  });
  return tolerance === undefined ? { before: node.getText(), after, variables } : { before: node.getText(), after, variables, tolerance };
}
