// One module declaration file for the whole runtime: the vendored runtime is a single .mjs/.cjs, so its
// types must be a single .d.mts/.d.cts too. TypeScript has no declaration bundler, so this folds the
// .d.ts tree `tsc` wrote into dist/runtime/ into one file: every source file becomes a namespace of its
// own (the files declare private helpers under the same names, e.g. two `Operand` types), imports
// between them become `import X = $file.Y` aliases, and the entry's exports are re-exported at the top.
// The result is checked with tsc under node10, node16/nodenext and bundler resolution in the tests.
import * as fs from "node:fs";
import * as path from "node:path";
import { ts } from "ts-morph";

export class DeclarationBundleError extends Error {
  override name = "DeclarationBundleError";
}

interface DeclarationFile {
  file: string;
  /** The namespace the file's declarations live in, e.g. `$core_ndarray`. */
  namespace: string;
  source: ts.SourceFile;
}

const isRelative = (specifier: string) => specifier.startsWith("./") || specifier.startsWith("../");

/** The .d.ts file a relative specifier names (`./x`, `./x.js`, `./dir` → dir/index). */
function resolveDeclaration(fromFile: string, specifier: string): string {
  const base = path.resolve(path.dirname(fromFile), specifier.replace(/\.[cm]?js$/, ""));
  for (const candidate of [`${base}.d.ts`, path.join(base, "index.d.ts")]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new DeclarationBundleError(`${fromFile}: cannot find the declarations of "${specifier}"`);
}

function specifierOf(node: ts.ImportDeclaration | ts.ExportDeclaration): string | undefined {
  const spec = node.moduleSpecifier;
  return spec && ts.isStringLiteral(spec) ? spec.text : undefined;
}

/** Every file reachable from `entry` through relative imports, re-exports and import types. */
function collect(entry: string): DeclarationFile[] {
  const files = new Map<string, DeclarationFile>();
  const used = new Set<string>();
  const rootDir = path.dirname(entry);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    let namespace = "$" + path.relative(rootDir, file).replace(/\.d\.ts$/, "").replace(/[^A-Za-z0-9_$]/g, "_");
    while (used.has(namespace)) namespace += "_";
    used.add(namespace);
    files.set(file, { file, namespace, source });
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && specifierOf(node)) {
        const spec = specifierOf(node)!;
        if (!isRelative(spec)) throw new DeclarationBundleError(`${file}: imports "${spec}"; the runtime must not depend on other packages`);
        queue.push(resolveDeclaration(file, spec));
      } else if (ts.isImportTypeNode(node)) {
        const spec = importTypeSpecifier(node);
        if (!isRelative(spec)) throw new DeclarationBundleError(`${file}: refers to import("${spec}")`);
        queue.push(resolveDeclaration(file, spec));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...files.values()];
}

function importTypeSpecifier(node: ts.ImportTypeNode): string {
  const arg = node.argument;
  if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) return arg.literal.text;
  throw new DeclarationBundleError(`unsupported import type ${node.getText()}`);
}

/** Names of the declarations a file exports itself (`export declare function f`, `export interface I`). */
function declaredExports(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const s of source.statements) {
    const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) ||
      ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && s.name && ts.isIdentifier(s.name)) {
      names.push(s.name.text);
    }
  }
  return names;
}

/** Names a file exports (its own exported declarations and its re-exports), for `export *`. */
function exportedNames(f: DeclarationFile, byFile: Map<string, DeclarationFile>, seen = new Set<string>()): string[] {
  if (seen.has(f.file)) return [];
  seen.add(f.file);
  const names = declaredExports(f.source);
  for (const s of f.source.statements) {
    if (!ts.isExportDeclaration(s)) continue;
    const spec = specifierOf(s);
    if (s.exportClause && ts.isNamedExports(s.exportClause)) names.push(...s.exportClause.elements.map((e) => e.name.text));
    else if (s.exportClause && ts.isNamespaceExport(s.exportClause)) names.push(s.exportClause.name.text);
    else if (spec) names.push(...exportedNames(byFile.get(resolveDeclaration(f.file, spec))!, byFile, seen));
  }
  return [...new Set(names)];
}

/** Whether `name` can be the local name of an alias (`import var = …` cannot). */
function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED_WORDS.has(name);
}

const RESERVED_WORDS = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with implements interface let package private " +
    "protected public static yield await").split(" "),
);

/** A declaration statement's text (with its JSDoc) inside a namespace: no `declare`, import types rewritten. */
function statementText(f: DeclarationFile, s: ts.Statement, namespaceOf: (spec: string) => string, addExport: boolean): string {
  const text = f.source.text;
  const start = s.getFullStart();
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const hasExport = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  // `declare class Arena {…} export type { Arena }`: the declaration itself becomes the export
  if (addExport && !hasExport) replacements.push({ start: s.getStart(), end: s.getStart(), text: "export " });
  // `declare` is implied (and an error) inside an ambient namespace
  for (const m of (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined) ?? []) {
    if (m.kind !== ts.SyntaxKind.DeclareKeyword) continue;
    let end = m.getEnd();
    while (text[end] === " ") end++;
    replacements.push({ start: m.getStart(), end, text: "" });
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportTypeNode(node)) {
      const ns = namespaceOf(importTypeSpecifier(node));
      const head = `${node.isTypeOf ? "typeof " : ""}${ns}`;
      if (node.qualifier) replacements.push({ start: node.getStart(), end: node.qualifier.getStart(), text: head + "." });
      else if (!node.typeArguments) replacements.push({ start: node.getStart(), end: node.getEnd(), text: head });
      else throw new DeclarationBundleError(`${f.file}: unsupported import type ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(s);
  // from the end; at one offset the removal of `declare ` before the insertion of `export `
  replacements.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text.slice(start, s.getEnd());
  for (const r of replacements) out = out.slice(0, r.start - start) + r.text + out.slice(r.end - start);
  return out.replace(/^\s*\n/, "");
}

function namespaceBody(f: DeclarationFile, byFile: Map<string, DeclarationFile>, isEntry: boolean): string[] {
  const namespaceOf = (spec: string) => byFile.get(resolveDeclaration(f.file, spec))!.namespace;
  const lines: string[] = [];
  // local name → the entity an import names, so `export { a }` of an imported `a` can alias it too
  const imported = new Map<string, string>();
  for (const s of f.source.statements) {
    if (!ts.isImportDeclaration(s) || !s.importClause) continue; // a side-effect import has no declarations
    const ns = namespaceOf(specifierOf(s)!);
    const clause = s.importClause;
    if (clause.name) imported.set(clause.name.text, `${ns}.default`);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) imported.set(bindings.name.text, ns);
    else if (bindings) for (const e of bindings.elements) imported.set(e.name.text, `${ns}.${(e.propertyName ?? e.name).getText()}`);
  }
  for (const [local, entity] of imported) lines.push(`import ${local} = ${entity};`);
  // `declare class Arena … export type { Arena }`: the declaration itself becomes the export
  const exportedLocally = new Set<string>();
  for (const s of f.source.statements) {
    if (!ts.isExportDeclaration(s) || specifierOf(s) || !s.exportClause || !ts.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) {
      if (!imported.has((e.propertyName ?? e.name).getText()) && !e.propertyName) exportedLocally.add(e.name.text);
    }
  }
  for (const s of f.source.statements) {
    if (ts.isImportDeclaration(s)) continue;
    if (ts.isExportDeclaration(s)) {
      const spec = specifierOf(s);
      // the entry's re-exports become the file's top-level exports (entryExports)
      if (isEntry && spec) continue;
      if (!spec) {
        // `export {}` only marks the file as a module; `export { a as b }` of an imported `a` re-exports its entity
        for (const e of s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements : []) {
          if (exportedLocally.has(e.name.text)) continue;
          const entity = imported.get((e.propertyName ?? e.name).getText());
          if (!entity || !isIdentifierName(e.name.text)) throw new DeclarationBundleError(`${f.file}: unsupported local export ${s.getText()}`);
          lines.push(`export import ${e.name.text} = ${entity};`);
        }
        continue;
      }
      const ns = namespaceOf(spec);
      const names = s.exportClause && ts.isNamedExports(s.exportClause)
        ? s.exportClause.elements.map((e) => [e.name.text, (e.propertyName ?? e.name).getText()] as const)
        : s.exportClause && ts.isNamespaceExport(s.exportClause)
          ? [[s.exportClause.name.text, ""] as const]
          : exportedNames(byFile.get(resolveDeclaration(f.file, spec))!, byFile).map((n) => [n, n] as const);
      for (const [name, property] of names) {
        if (!isIdentifierName(name)) throw new DeclarationBundleError(`${f.file}: cannot re-export "${name}" inside a namespace`);
        lines.push(`export import ${name} = ${property ? `${ns}.${property}` : ns};`);
      }
      continue;
    }
    if (ts.isExportAssignment(s) || (ts.isModuleDeclaration(s) && s.name.kind === ts.SyntaxKind.StringLiteral)) {
      throw new DeclarationBundleError(`${f.file}: unsupported statement ${s.getText().slice(0, 60)}`);
    }
    lines.push(statementText(f, s, namespaceOf, declaresOneOf(s, exportedLocally)));
  }
  return lines;
}

function declaresOneOf(s: ts.Statement, names: Set<string>): boolean {
  if (names.size === 0) return false;
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && names.has(d.name.text));
  const name = (s as { name?: ts.Node }).name;
  return !!name && ts.isIdentifier(name) && names.has(name.text);
}

/**
 * The declarations of the .d.ts tree under `entry` (e.g. dist/runtime/index.d.ts) as one module
 * declaration file with the entry's exports. Throws DeclarationBundleError on a construct it cannot
 * fold (a package import, a default export assignment, a global augmentation).
 */
export function bundleDeclarations(entry: string, header = ""): string {
  const files = collect(path.resolve(entry));
  const byFile = new Map(files.map((f) => [f.file, f]));
  const out: string[] = [];
  if (header) out.push(header.trimEnd());
  for (const f of files) {
    const body = namespaceBody(f, byFile, f === files[0]);
    out.push(`declare namespace ${f.namespace} {`);
    for (const chunk of body) out.push(chunk.split("\n").map((l) => (l ? "  " + l : l)).join("\n"));
    out.push("}");
  }
  // the entry's exports at the top level: `export { alias as name }` also allows names like `var`
  const exports = entryExports(files[0], byFile);
  exports.forEach(([, target], i) => out.push(`import $export${i} = ${target};`));
  out.push(`export { ${exports.map(([name], i) => `$export${i} as ${name}`).join(", ")} };`);
  return out.join("\n") + "\n";
}

/** [exported name, entity it aliases] for every export of the entry file. */
function entryExports(entry: DeclarationFile, byFile: Map<string, DeclarationFile>): Array<[string, string]> {
  const result = new Map<string, string>();
  for (const name of declaredExports(entry.source)) result.set(name, `${entry.namespace}.${name}`);
  for (const s of entry.source.statements) {
    if (!ts.isExportDeclaration(s) || !specifierOf(s)) continue;
    const target = byFile.get(resolveDeclaration(entry.file, specifierOf(s)!))!;
    if (s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) result.set(e.name.text, `${target.namespace}.${(e.propertyName ?? e.name).getText()}`);
    } else if (s.exportClause && ts.isNamespaceExport(s.exportClause)) {
      result.set(s.exportClause.name.text, target.namespace);
    } else {
      for (const name of exportedNames(target, byFile)) if (!result.has(name)) result.set(name, `${target.namespace}.${name}`);
    }
  }
  return [...result];
}
