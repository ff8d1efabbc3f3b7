// The last guard before a fix leaves the engine: its inserted text must parse, and in a JavaScript
// file it must not contain TypeScript syntax (`as`, annotations, `satisfies`, `!`, type arguments),
// which would turn a working .js file into a SyntaxError. Each edit's text is parsed on its own
// (cheap, whatever the file's size) as statements or, failing that, as an expression. The verdict on
// a text is remembered: a file's fixes share their runtime import and often their statements.
import { ts } from "ts-morph";
import type { Fix } from "./types";

/** Why the fix must not be offered, or undefined when every edit's text is valid in the file's language. */
export function fixSyntaxProblem(filePath: string, fix: Fix): string | undefined {
  const javaScript = /\.(m|c)?jsx?$/.test(filePath);
  const jsx = /x$/.test(filePath);
  for (const edit of fix.edits) {
    if (edit.newText.trim() === "") continue;
    const problem = snippetProblem(edit.newText, javaScript, jsx);
    if (problem) return problem;
  }
  return undefined;
}

/** Verdicts of snippetProblem by language and text ("" when the text is fine). */
const verdicts = new Map<string, string>();
/** Enough for every distinct fix text of a large file; past it the table starts over. */
const MAX_VERDICTS = 4096;

/** Why `text` cannot be inserted into a file of this language, or undefined when it can. */
function snippetProblem(text: string, javaScript: boolean, jsx: boolean): string | undefined {
  const key = `${javaScript ? "js" : "ts"}${jsx ? "x" : ""}\n${text}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    const parsed = parseSnippet(text, javaScript, jsx);
    const typeSyntax = parsed && javaScript ? firstTypeSyntax(parsed) : undefined;
    verdict = !parsed
      ? `the fix's text does not parse: ${JSON.stringify(text.slice(0, 80))}`
      : typeSyntax
        ? `the fix would write TypeScript syntax (${typeSyntax}) into a JavaScript file`
        : "";
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict || undefined;
}

interface WithParseDiagnostics {
  parseDiagnostics?: readonly ts.Diagnostic[];
}

/** The snippet as statements at module level, inside a function body, or as an expression; undefined when none parses. */
function parseSnippet(text: string, javaScript: boolean, jsx: boolean): ts.SourceFile | undefined {
  const kind = javaScript ? (jsx ? ts.ScriptKind.JSX : ts.ScriptKind.JS) : jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const wrappings = [text, `async function __arraylint_fix__() {\n${text}\n}`, `(${text});`];
  for (const source of wrappings) {
    // no parent pointers: firstTypeSyntax only walks down
    const sf = ts.createSourceFile(javaScript ? "snippet.js" : "snippet.ts", source, ts.ScriptTarget.Latest, false, kind);
    if (((sf as unknown as WithParseDiagnostics).parseDiagnostics ?? []).length === 0) return sf;
  }
  return undefined;
}

/** The first TypeScript-only construct in the tree, named for the message. */
function firstTypeSyntax(sf: ts.SourceFile): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isAsExpression(node)) found = "an `as` assertion";
    else if (ts.isSatisfiesExpression(node)) found = "`satisfies`";
    else if (ts.isTypeAssertionExpression(node)) found = "a `<T>` assertion";
    else if (ts.isNonNullExpression(node)) found = "a `!` assertion";
    else if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node)) found = "a type declaration";
    else if ("type" in node && (node as { type?: ts.Node }).type !== undefined && !ts.isTypeOfExpression(node) && (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionLike(node) || ts.isPropertyDeclaration(node))) found = "a type annotation";
    else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.typeArguments !== undefined) found = "type arguments";
    if (!found) ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
