// Where the rule docs live at run time, for diagnostics' codeDescription and SARIF's helpUri.
// The bundles run from dist/ (docs at dist/../docs/rules, shipped in the extension and the npm package);
// the sources run from server/format/ under tsx (docs two levels up). Both are found by walking up.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { repository } from "../../package.json";

let docsDirCache: string | undefined;

/** Absolute path of docs/rules. */
export function ruleDocsDir(): string {
  if (docsDirCache) return docsDirCache;
  const primary = path.join(__dirname, "..", "docs", "rules");
  let found: string | undefined = fs.existsSync(primary) ? primary : undefined;
  for (let dir = __dirname, i = 0; !found && i < 5; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "docs", "rules");
    if (fs.existsSync(candidate)) found = candidate;
  }
  docsDirCache = found ?? primary;
  return docsDirCache;
}

export function ruleDocsPath(ruleId: string): string {
  return path.join(ruleDocsDir(), `${ruleId}.md`);
}

/** file:// URI of the rule's docs page. */
export function ruleDocsUri(ruleId: string): string {
  // every diagnostic carries it: once per rule, not a URL conversion per finding
  let uri = docsUriCache.get(ruleId);
  if (uri === undefined) docsUriCache.set(ruleId, (uri = pathToFileURL(ruleDocsPath(ruleId)).href));
  return uri;
}

const docsUriCache = new Map<string, string>();

/**
 * The repository's web address, from package.json's "repository" (the one place it is written; a
 * placeholder host until the project is published): `git+https://host/x.git` → `https://host/x`.
 */
export const REPOSITORY_URL = repository.url.replace(/^git\+/, "").replace(/\.git$/, "").replace(/\/$/, "");

/** The rule's docs page in the repository (SARIF helpUri: the same address on every machine). */
export function ruleDocsWebUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
