// Runtime import insertion for quick-fixes, in the file's own module system: `import * as nd from
// "<runtimeImport>";` in ES modules, `const nd = require("<runtimeImport>");` in CommonJS, once,
// after the last existing import (or at the top, after a BOM, a shebang and leading comments),
// reusing an existing import of the same specifier, keeping the file's line endings.
import { SyntaxKind, ts, type SourceFile } from "ts-morph";
import { identifierPattern } from "./syntax";
import type { TextEdit } from "../types";

export interface RuntimeImport {
  /** Local namespace name to write calls with, e.g. "nd". */
  name: string;
  /** The edit adding the import, absent when the file already has one. */
  edit?: TextEdit;
  /** The import declaration text (for Fix.addImports), empty when reused. */
  declaration?: string;
  /**
   * Set when the file's module system is unknown (a .js/.jsx script with no import, export or
   * require): the `require` the fix adds works only under CommonJS, so the fix is a refactor.
   */
  assumption?: string;
}

export type ModuleSystem = "esm" | "cjs" | "script";

/**
 * How the file loads modules: .mjs/.mts and any file with import/export syntax are ES modules;
 * .cjs/.cts and .js files calling require() are CommonJS; a .js/.jsx file with neither is a script
 * (a browser global script, a UMD bundle) whose module system the file does not tell. TypeScript
 * files default to ES module syntax (tsc emits what the project's settings ask for).
 */
export function moduleSystemOf(sourceFile: SourceFile): ModuleSystem {
  const path = sourceFile.getFilePath();
  if (/\.c[jt]s$/.test(path)) return "cjs";
  if (/\.m[jt]s$/.test(path)) return "esm";
  // compiler nodes: ts-morph's getImportDeclarations() and friends wrap every top-level statement
  const hasModuleSyntax = sourceFile.compilerNode.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || hasExportModifier(s));
  if (hasModuleSyntax) return "esm";
  if (!/\.jsx?$/.test(path)) return "esm";
  return /\brequire\s*\(/.test(sourceFile.getFullText()) ? "cjs" : "script";
}

function hasExportModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((m) => m.kind === SyntaxKind.ExportKeyword) ?? false);
}

/** Fix text may use type syntax (`as`, annotations, `satisfies`) only in TypeScript files. */
export function allowsTypeSyntax(sourceFile: SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sourceFile.getFilePath());
}

/** "\r\n" when the file's first line break is CRLF, else "\n". */
export function lineEndingOf(text: string): string {
  const lf = text.indexOf("\n");
  return lf > 0 && text[lf - 1] === "\r" ? "\r\n" : "\n";
}

/** The namespace name the fix should use and the edit that imports it when missing. */
export function ensureRuntimeImport(sourceFile: SourceFile, specifier: string, preferred = "nd"): RuntimeImport {
  // Every fix of a file asks the same question: answer it once per file version (the compiler's
  // SourceFile dies with the version), not once per fix (a walk of the file's statements each time).
  const key = `${specifier}\0${preferred}`;
  let perFile = importsInFile.get(sourceFile.compilerNode);
  if (!perFile) importsInFile.set(sourceFile.compilerNode, (perFile = new Map()));
  let answer = perFile.get(key);
  if (!answer) perFile.set(key, (answer = findOrPlanRuntimeImport(sourceFile, specifier, preferred)));
  return answer;
}

const importsInFile = new WeakMap<ts.SourceFile, Map<string, RuntimeImport>>();

function findOrPlanRuntimeImport(sourceFile: SourceFile, specifier: string, preferred: string): RuntimeImport {
  const compilerFile = sourceFile.compilerNode;
  const imports = compilerFile.statements.filter(ts.isImportDeclaration);
  for (const decl of imports) {
    if (!ts.isStringLiteral(decl.moduleSpecifier) || decl.moduleSpecifier.text !== specifier || decl.importClause?.isTypeOnly) continue;
    const bindings = decl.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return { name: bindings.name.getText(compilerFile) };
  }

  const text = sourceFile.getFullText();
  const system = moduleSystemOf(sourceFile);
  const commonJs = system !== "esm";
  if (commonJs) {
    // const nd = require("arraylint/runtime") already there: reuse its name.
    const existing = new RegExp(`(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*require\\(\\s*["']${escapeRegExp(specifier)}["']\\s*\\)`).exec(text);
    if (existing) return { name: existing[1] };
  }
  const name = freeName(sourceFile, preferred);
  const eol = lineEndingOf(text);
  const declaration = commonJs
    ? `const ${name} = require(${JSON.stringify(specifier)});`
    : `import * as ${name} from ${JSON.stringify(specifier)};`;
  const assumption = system === "script" ? "assumes this script runs as a CommonJS module, where require() is available" : undefined;
  const result = (edit: TextEdit): RuntimeImport => (assumption ? { name, declaration, edit, assumption } : { name, declaration, edit });

  // In CommonJS the require goes after the file's own top-level requires.
  const last = imports[imports.length - 1] ?? (commonJs ? lastTopLevelRequire(compilerFile) : undefined);
  if (last) {
    const at = endOfLine(text, last.end);
    return result({ start: at, end: at, newText: eol + declaration });
  }
  // "use strict" must stay the first statement of its file.
  const first = compilerFile.statements[0];
  if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)) {
    const at = endOfLine(text, first.end);
    return result({ start: at, end: at, newText: eol + declaration });
  }
  const at = afterLeadingComments(sourceFile);
  return result({ start: at, end: at, newText: declaration + eol + eol });
}

/** The last top-level `const x = require("…")` statement (any declaration kind, destructuring too). */
function lastTopLevelRequire(sourceFile: ts.SourceFile): ts.Statement | undefined {
  let last: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const requires = statement.declarationList.declarations.some((d) => {
      const init = d.initializer;
      return init !== undefined && ts.isCallExpression(init) && init.expression.getText(sourceFile) === "require";
    });
    if (requires) last = statement;
  }
  return last;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A name that does not collide with anything declared or referenced in the file. The names are kept
 * per top-level statement, keyed by the compiler node: after an edit TypeScript's incremental parser
 * reuses the unchanged statements, so only the edited one is walked again (a walk of the whole file was
 * a tenth of an edit's analysis). ts-morph reuses the SourceFile wrapper when a file's text is replaced,
 * so nothing is keyed on wrappers (an `nd` declared in the new text would be missed).
 */
const namesInStatement = new WeakMap<ts.Node, Set<string>>();

function freeName(sourceFile: SourceFile, preferred: string): string {
  const compilerFile = sourceFile.compilerNode;
  const statements = compilerFile.statements;
  // A name the text never spells is not used (a skeleton's statements are parsed anew on every edit, so
  // walking them all was 2 ms of each); a `\u` escape can spell one without its letters.
  const escapes = compilerFile.text.includes("\\u");
  const used = (name: string): boolean =>
    (escapes || identifierPattern(name).test(compilerFile.text)) &&
    statements.some((statement) => namesIn(statement).has(name));
  if (!used(preferred)) return preferred;
  for (let k = 2; ; k++) if (!used(preferred + k)) return preferred + k;
}

function namesIn(statement: ts.Statement): Set<string> {
  let names = namesInStatement.get(statement);
  if (!names) {
    // a walk over compiler nodes: ts-morph's forEachDescendant wraps every node
    const found = new Set<string>();
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) found.add(n.text);
      ts.forEachChild(n, visit);
    };
    visit(statement);
    namesInStatement.set(statement, (names = found));
  }
  return names;
}

/** Offset just before the line break that ends the line containing `offset`. */
function endOfLine(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
  return i;
}

/**
 * Where a first import goes: after a shebang and any header comment runs that are followed
 * by a blank line (a licence, a file header); a comment directly above code (a JSDoc) stays
 * with its code, so the import goes above it.
 */
function afterLeadingComments(sourceFile: SourceFile): number {
  const text = sourceFile.getFullText();
  const first = sourceFile.compilerNode.statements[0];
  const codeStart = first ? first.getStart(sourceFile.compilerNode) : text.length;
  // A byte order mark stays the first character of the file.
  const bom = text.startsWith("\uFEFF") ? 1 : 0;
  let insertAt = text.startsWith("#!", bom) ? startOfNextLine(text, bom) : bom;
  let cursor = insertAt;
  let inRun = false;
  while (cursor < codeStart && cursor < text.length) {
    const next = startOfNextLine(text, cursor);
    const line = text.slice(cursor, next).trim();
    if (line.length === 0) {
      // A blank line closes a header run: the import may go after it.
      if (inRun) insertAt = next;
      inRun = false;
      if (!inRun && insertAt === cursor) insertAt = next;
    } else if (/^(\/\/|\/\*|\*)/.test(line) || line.endsWith("*/")) {
      inRun = true;
    } else {
      break;
    }
    cursor = next;
  }
  return Math.min(insertAt, codeStart);
}

function startOfNextLine(text: string, offset: number): number {
  const lf = text.indexOf("\n", offset);
  return lf < 0 ? text.length : lf + 1;
}
