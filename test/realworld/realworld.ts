// The public real-world evaluation set (issue 8): pinned npm packages (packages.json), hand-made
// labels (labels.json), and the fetcher that downloads, verifies and extracts the pinned tarballs into a cache.
// No network beyond the tarball URLs; a warm cache works offline. README.md beside this file says
// how the labels are made.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CorpusEntry } from "../corpus/score";

export const REALWORLD_DIR = __dirname;
export const PACKAGES_FILE = path.join(REALWORLD_DIR, "packages.json");
/** Package files read in this order; a missing optional file is skipped. */
export const PACKAGE_FILES: readonly { file: string; required: boolean }[] = [
  { file: PACKAGES_FILE, required: true },
];
/** Label files read in this order; a missing optional file is skipped. */
export const LABEL_FILES: readonly { file: string; required: boolean }[] = [
  { file: path.join(REALWORLD_DIR, "labels.json"), required: true },
];
export const THRESHOLDS_FILE = path.join(REALWORLD_DIR, "thresholds.json");

export type Language = "js" | "ts";

/** One pinned tarball. */
export interface TarballSpec {
  name: string;
  version: string;
  /** Subresource-integrity string of the tarball as the registry publishes it: "sha512-<base64>". */
  integrity: string;
  tarball: string;
}

export interface PackageSpec extends TarballSpec {
  language: Language;
  /** Labelled files, paths inside the tarball without the leading "package/". */
  files: string[];
  /**
   * Files and folders whose code makes up the package's source (the rest of it is measured for
   * unlabelled findings per 1k lines): e.g. ["src"] when a package ships src/ and a build of it.
   */
  sources: string[];
  description: string;
  /**
   * Pinned dependencies extracted into the package's node_modules/, as a user's install would
   * have them, where the package's types come from them (e.g. cheminfo-types' NumberArray).
   */
  dependencies?: TarballSpec[];
}

export interface Label extends CorpusEntry {
  package: string;
  version: string;
  /** Path inside the tarball, without "package/". */
  path: string;
  note: string;
  /** Which label file it came from (for error messages). */
  source: string;
}

export interface Thresholds {
  precision: number;
  recall: number;
  perRuleRecall: number;
  maxCrashes: number;
  minPackages: number;
  minSites: number;
}

/** A problem with the set's data files; the message names the file and entry. */
export class RealworldDataError extends Error {
  override name = "RealworldDataError";
}

/** The tarball's bytes are not the ones packages.json pins. */
export class IntegrityError extends Error {
  override name = "IntegrityError";
}

/** The key a label or report uses for a file: "<package>/<path>". */
export function fileKey(pkg: string, filePath: string): string {
  return `${pkg}/${filePath}`;
}

// ---------------------------------------------------------------------------------------------
// Loading and validating the data files
// ---------------------------------------------------------------------------------------------

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new RealworldDataError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RealworldDataError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const INTEGRITY = /^sha512-[A-Za-z0-9+/]{86}==$/;

function checkTarballSpec(p: Record<string, unknown>, fail: (what: string) => never): void {
  for (const key of ["name", "version", "integrity", "tarball"] as const) {
    if (typeof p[key] !== "string" || p[key] === "") fail(`"${key}" must be a non-empty string`);
  }
  if (!INTEGRITY.test(p.integrity as string)) fail(`"integrity" must be "sha512-<base64>" as npm publishes it, got ${JSON.stringify(p.integrity)}`);
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(p.version as string)) fail(`"version" must be an exact version, got ${JSON.stringify(p.version)}`);
}

export function parsePackages(raw: unknown, source = PACKAGES_FILE): PackageSpec[] {
  if (!Array.isArray(raw)) throw new RealworldDataError(`${source} must be a JSON array of packages`);
  const seen = new Set<string>();
  return raw.map((p, i) => {
    const where = `${source} entry #${i}${isObject(p) && typeof p.name === "string" ? ` (${p.name})` : ""}`;
    const fail = (what: string): never => {
      throw new RealworldDataError(`${where}: ${what}`);
    };
    if (!isObject(p)) return fail("must be an object");
    checkTarballSpec(p, fail);
    for (const key of ["language", "description"] as const) {
      if (typeof p[key] !== "string" || p[key] === "") fail(`"${key}" must be a non-empty string`);
    }
    if (p.language !== "js" && p.language !== "ts") fail(`"language" must be "js" or "ts", got ${JSON.stringify(p.language)}`);
    for (const key of ["files", "sources"] as const) {
      const list = p[key];
      if (!Array.isArray(list) || list.length === 0 || !list.every((f) => typeof f === "string" && f !== "" && !f.startsWith("/") && !f.split("/").includes(".."))) {
        fail(`"${key}" must be a non-empty array of relative paths inside the tarball`);
      }
    }
    if (p.dependencies !== undefined) {
      if (!Array.isArray(p.dependencies)) fail(`"dependencies" must be an array of pinned tarballs`);
      (p.dependencies as unknown[]).forEach((d, j) => {
        if (!isObject(d)) fail(`dependency #${j} must be an object`);
        checkTarballSpec(d as Record<string, unknown>, (what) => fail(`dependency #${j}: ${what}`));
      });
    }
    if (seen.has(p.name as string)) fail(`package ${p.name} is listed twice`);
    seen.add(p.name as string);
    return p as unknown as PackageSpec;
  });
}

/** Every package file that exists (packages.json must), validated; a package listed twice is an error. */
export function loadPackages(files = PACKAGE_FILES): PackageSpec[] {
  const packages: PackageSpec[] = [];
  const sourceOf = new Map<string, string>();
  for (const { file, required } of files) {
    if (!required && !existsSync(file)) continue;
    for (const p of parsePackages(readJson(file), file)) {
      const first = sourceOf.get(p.name);
      if (first) throw new RealworldDataError(`package ${p.name} is listed in both ${first} and ${file}`);
      sourceOf.set(p.name, file);
      packages.push(p);
    }
  }
  return packages;
}

const VERDICTS = ["positive", "negative"];
const FIXES = ["required", "optional", "none"];

/**
 * Validates one label file's entries against the packages and rule ids. Every error names the
 * file, the entry's index and its site, and what is wrong.
 */
export function parseLabels(raw: unknown, source: string, packages: readonly PackageSpec[], ruleIds: readonly string[]): Label[] {
  if (!Array.isArray(raw)) throw new RealworldDataError(`${source} must be a JSON array of labels`);
  const byName = new Map(packages.map((p) => [p.name, p]));
  return raw.map((e, i) => {
    const site = isObject(e) ? ` (${e.package} ${e.path}:${e.line} ${e.rule})` : "";
    const fail = (what: string): never => {
      throw new RealworldDataError(`${source} entry #${i}${site}: ${what}`);
    };
    if (!isObject(e)) return fail("must be an object");
    for (const key of ["package", "version", "path", "function", "rule", "verdict", "fix", "note"] as const) {
      if (typeof e[key] !== "string" || (e[key] as string).trim() === "") fail(`"${key}" must be a non-empty string`);
    }
    const pkg = byName.get(e.package as string) ?? fail(`package ${JSON.stringify(e.package)} is not in packages.json`);
    if (pkg.version !== e.version) fail(`version ${e.version} is not the pinned ${pkg.name}@${pkg.version}`);
    if (!pkg.files.includes(e.path as string)) fail(`${e.path} is not one of ${pkg.name}'s labelled files (${pkg.files.join(", ")})`);
    if (!ruleIds.includes(e.rule as string)) fail(`unknown rule ${JSON.stringify(e.rule)} (rules: ${ruleIds.join(", ")})`);
    if (!VERDICTS.includes(e.verdict as string)) fail(`"verdict" must be "positive" or "negative", got ${JSON.stringify(e.verdict)}`);
    if (!FIXES.includes(e.fix as string)) fail(`"fix" must be "required", "optional" or "none", got ${JSON.stringify(e.fix)}`);
    if (e.verdict === "negative" && e.fix !== "none") fail(`a negative has fix "none", got ${JSON.stringify(e.fix)}`);
    if (!Number.isInteger(e.line) || !Number.isInteger(e.endLine) || (e.line as number) < 1 || (e.endLine as number) < (e.line as number)) {
      fail(`"line"/"endLine" must be integers with 1 <= line <= endLine, got ${JSON.stringify(e.line)}-${JSON.stringify(e.endLine)}`);
    }
    return {
      package: pkg.name,
      version: pkg.version,
      path: e.path as string,
      file: fileKey(pkg.name, e.path as string),
      function: e.function as string,
      line: e.line as number,
      endLine: e.endLine as number,
      rule: e.rule as string,
      verdict: e.verdict as Label["verdict"],
      fix: e.fix as Label["fix"],
      note: e.note as string,
      source,
    };
  });
}

/** Every label file that exists (labels.json must), validated; a site labelled twice is an error. */
export function loadLabels(packages: readonly PackageSpec[], ruleIds: readonly string[], files = LABEL_FILES): Label[] {
  const labels: Label[] = [];
  for (const { file, required } of files) {
    if (!required && !existsSync(file)) continue;
    labels.push(...parseLabels(readJson(file), file, packages, ruleIds));
  }
  const seen = new Map<string, Label>();
  for (const l of labels) {
    const key = `${l.file}:${l.line}-${l.endLine}:${l.rule}`;
    const first = seen.get(key);
    if (first) {
      throw new RealworldDataError(`${l.file}:${l.line}-${l.endLine} ${l.rule} is labelled twice (${first.source} and ${l.source})`);
    }
    seen.set(key, l);
  }
  return labels;
}

export function loadThresholds(file = THRESHOLDS_FILE): Thresholds {
  const raw = readJson(file);
  if (!isObject(raw)) throw new RealworldDataError(`${file} must be a JSON object`);
  const keys = ["precision", "recall", "perRuleRecall", "maxCrashes", "minPackages", "minSites"] as const;
  for (const key of keys) {
    if (typeof raw[key] !== "number" || !Number.isFinite(raw[key])) throw new RealworldDataError(`${file}: "${key}" must be a number`);
  }
  return raw as unknown as Thresholds;
}

// ---------------------------------------------------------------------------------------------
// Fetching: download (or read a file: URL), verify sha512, cache, extract
// ---------------------------------------------------------------------------------------------

export function defaultCacheDir(): string {
  return process.env.ARRAYLINT_REALWORLD_CACHE || path.join(os.homedir(), ".cache", "arraylint", "realworld");
}

/** "sha512-<base64>" of `bytes`. */
export function integrityOf(bytes: Uint8Array): string {
  return "sha512-" + createHash("sha512").update(bytes).digest("base64");
}

function safeName(spec: TarballSpec): string {
  return `${spec.name.replace(/^@/, "").replace(/\//g, "+")}-${spec.version}`;
}

async function download(url: string): Promise<Uint8Array> {
  if (url.startsWith("file:")) return readFileSync(fileURLToPath(url));
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    throw new Error(`cannot download ${url}: ${(err as Error).message}${cause ? ` (${cause.message})` : ""}`);
  }
  if (!response.ok) throw new Error(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The verified tarball of `spec` in `cacheDir`, downloaded when it is not cached. A cached tarball
 * is re-verified on every use; one that does not match is discarded and downloaded again. A
 * download that does not match the pinned integrity is refused (IntegrityError) and never cached.
 */
export async function fetchTarball(
  spec: TarballSpec,
  cacheDir = defaultCacheDir(),
  log: (message: string) => void = () => {},
): Promise<{ path: string; from: "cache" | "download" }> {
  mkdirSync(cacheDir, { recursive: true });
  const tarPath = path.join(cacheDir, `${safeName(spec)}.tgz`);
  if (existsSync(tarPath)) {
    if (integrityOf(readFileSync(tarPath)) === spec.integrity) return { path: tarPath, from: "cache" };
    log(`cached ${tarPath} does not match ${spec.name}@${spec.version}'s pinned integrity; downloading it again`);
    rmSync(tarPath, { force: true });
  }
  const bytes = await download(spec.tarball);
  const actual = integrityOf(bytes);
  if (actual !== spec.integrity) {
    throw new IntegrityError(
      `integrity mismatch for ${spec.name}@${spec.version}: ${spec.tarball} has ${actual}, packages.json pins ${spec.integrity}; refusing to use it`,
    );
  }
  const partial = `${tarPath}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, tarPath);
  return { path: tarPath, from: "download" };
}

/** Extracts an npm tarball into `dir`, dropping its single top folder ("package/" for almost all). */
function extract(tarPath: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["-xzf", tarPath, "-C", dir, "--strip-components=1", "--no-same-owner"], { stdio: ["ignore", "ignore", "pipe"] });
}

export interface FetchResult {
  /** The extracted package folder; labels' paths are relative to it. */
  root: string;
  /** "download" when any of its tarballs had to be downloaded. */
  from: "cache" | "download";
}

/**
 * The pinned package, verified and extracted under `cacheDir`, with its pinned dependencies in
 * its node_modules/. Extraction is redone when the pinned integrities change.
 */
export async function fetchPackage(pkg: PackageSpec, cacheDir = defaultCacheDir(), log: (message: string) => void = () => {}): Promise<FetchResult> {
  const deps = pkg.dependencies ?? [];
  const main = await fetchTarball(pkg, cacheDir, log);
  const depTars: { path: string; from: "cache" | "download" }[] = [];
  for (const dep of deps) depTars.push(await fetchTarball(dep, cacheDir, log));
  const root = path.join(cacheDir, "extracted", safeName(pkg));
  const stamp = path.join(root, ".arraylint-integrity");
  const expected = [pkg.integrity, ...deps.map((d) => `${d.name}@${d.version} ${d.integrity}`)].join("\n");
  if (!(existsSync(stamp) && readFileSync(stamp, "utf8") === expected)) {
    rmSync(root, { recursive: true, force: true });
    extract(main.path, root);
    deps.forEach((dep, i) => extract(depTars[i].path, path.join(root, "node_modules", ...dep.name.split("/"))));
    writeFileSync(stamp, expected);
  }
  const from = [main, ...depTars].some((t) => t.from === "download") ? "download" : "cache";
  return { root, from };
}

// ---------------------------------------------------------------------------------------------
// The package's source files
// ---------------------------------------------------------------------------------------------

const SOURCE_EXTENSION = /\.(m|c)?[jt]sx?$/;
const NOT_SOURCE = [/\.d\.(m|c)?ts$/, /\.min\.(m|c)?js$/, /(^|\/)(__tests__|test|tests|node_modules)\//, /\.(test|spec)\.[^/]+$/];

function walk(root: string, rel: string, out: string[]): void {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  if (statSync(abs).isFile()) {
    out.push(rel);
    return;
  }
  for (const name of readdirSync(abs).sort()) walk(root, rel === "" ? name : `${rel}/${name}`, out);
}

/** Source files of the package under its `sources` (no declarations, minified bundles or tests), sorted. */
export function sourceFiles(pkg: PackageSpec, root: string): string[] {
  const out: string[] = [];
  for (const s of pkg.sources) walk(root, s, out);
  return [...new Set(out)].filter((f) => SOURCE_EXTENSION.test(f) && !NOT_SOURCE.some((re) => re.test(f))).sort();
}
