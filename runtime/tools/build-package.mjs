// npm run build:runtime — builds the runtime into dist/runtime/, which is the folder of the
// `@arraylint/runtime` package (runtime/package.json is its manifest):
//   <entry>.mjs (ESM, platform-neutral) and <entry>.cjs (CommonJS) for every entry in ENTRIES,
//   the .d.ts tree from tsc (runtime/tsconfig.json), index.d.mts (the ESM face of the same types),
//   package.json, README.md, LICENSE.
// The bench harness requires dist/runtime/index.cjs and `arraylint/runtime` (this repository's own
// alias) points here too, so every consumer runs the same files users install.
// `--pack` then runs `npm pack` into dist/ (dist/arraylint-runtime-<version>.tgz) and checks the
// tarball: zero dependencies, under MAX_PACKED_BYTES, every path the manifest names is inside.
// Prints one line per step (the tsc step takes a while on a busy machine).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const RUNTIME = fileURLToPath(new URL("..", import.meta.url));
const REPO = path.dirname(RUNTIME);
export const OUT_DIR = path.join(REPO, "dist", "runtime");
export const MAX_PACKED_BYTES = 300_000;

/**
 * Bundled entry points: `name` becomes `<name>.mjs` and `<name>.cjs` at the package root. A file the
 * runtime loads by path at run time (e.g. a worker thread's script, `new URL("./worker.mjs",
 * import.meta.url)` / `path.join(__dirname, "worker.cjs")`) is one more line here; the package's
 * "files" globs (*.mjs, *.cjs) ship it without further changes. Only `index` is public (exports ".").
 */
export const ENTRIES = [{ name: "index", source: "index.ts" }];

const t0 = Date.now();
const step = (message) => console.log(`[build:runtime +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);

async function build() {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });

  step(`esbuild ${ENTRIES.map((e) => e.source).join(", ")} -> ESM + CJS`);
  const common = { bundle: true, logLevel: "warning", legalComments: "none" };
  await Promise.all(
    ENTRIES.flatMap((entry) => [
      esbuild.build({ ...common, entryPoints: [path.join(RUNTIME, entry.source)], platform: "neutral", format: "esm", outfile: path.join(OUT_DIR, `${entry.name}.mjs`) }),
      esbuild.build({ ...common, entryPoints: [path.join(RUNTIME, entry.source)], platform: "node", format: "cjs", outfile: path.join(OUT_DIR, `${entry.name}.cjs`) }),
    ]),
  );

  step("tsc: declarations (runtime/tsconfig.json)");
  execFileSync(process.execPath, [path.join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(RUNTIME, "tsconfig.json")], { stdio: "inherit" });
  // ESM consumers (nodenext/node16 `import`, bundlers) get types marked as ESM, so a default import that
  // the .mjs does not have is a type error instead of a run-time one; the declarations themselves are shared
  for (const entry of ENTRIES) {
    if (existsSync(path.join(OUT_DIR, `${entry.name}.d.ts`))) {
      writeFileSync(path.join(OUT_DIR, `${entry.name}.d.mts`), `export * from "./${entry.name}.js";\n`);
    }
  }

  const manifest = JSON.parse(readFileSync(path.join(RUNTIME, "package.json"), "utf8"));
  writeFileSync(path.join(OUT_DIR, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  copyFileSync(path.join(RUNTIME, "README.md"), path.join(OUT_DIR, "README.md"));
  copyFileSync(path.join(REPO, "LICENSE"), path.join(OUT_DIR, "LICENSE"));
  checkManifest(manifest);
  step(`built ${path.relative(REPO, OUT_DIR)}/ (${manifest.name}@${manifest.version})`);
  return manifest;
}

/** Every path the manifest promises exists, and every public subpath is reachable under node10 too. */
function checkManifest(manifest) {
  const targets = [];
  const collect = (value) => {
    if (typeof value === "string") targets.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect([manifest.main, manifest.module, manifest.types]);
  const missing = targets.filter((t) => !existsSync(path.join(OUT_DIR, t)));
  if (missing.length) throw new Error(`runtime/package.json names files the build did not produce: ${missing.join(", ")}`);
  if (manifest.dependencies && Object.keys(manifest.dependencies).length) throw new Error("@arraylint/runtime must have zero dependencies");
  // node10 resolution ignores "exports": a subpath entry needs a typesVersions mapping to be typed there
  const subpaths = Object.keys(manifest.exports).filter((k) => k !== "." && k !== "./package.json").map((k) => k.slice(2));
  const mapped = Object.keys(manifest.typesVersions?.["*"] ?? {});
  const unmapped = subpaths.filter((s) => !mapped.includes(s));
  if (unmapped.length) throw new Error(`exports subpaths without a typesVersions entry (node10 resolution): ${unmapped.join(", ")}`);
}

/** `npm pack` of the built folder into dist/; returns npm's report of the tarball. */
export function pack() {
  step("npm pack");
  const out = execFileSync("npm", ["pack", "--json", "--offline", "--pack-destination", path.dirname(OUT_DIR)], {
    cwd: OUT_DIR,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [report] = JSON.parse(out);
  const tarball = path.join(path.dirname(OUT_DIR), report.filename);
  const problems = [];
  if (report.size >= MAX_PACKED_BYTES) problems.push(`packed size ${report.size} B is not under ${MAX_PACKED_BYTES} B`);
  if (report.bundled?.length) problems.push(`bundles dependencies: ${report.bundled.join(", ")}`);
  if (problems.length) throw new Error(`${report.filename}: ${problems.join("; ")}`);
  step(`${path.relative(REPO, tarball)}: ${(report.size / 1e3).toFixed(0)} kB packed, ${(report.unpackedSize / 1e3).toFixed(0)} kB unpacked, ${report.entryCount} files, 0 dependencies`);
  return { ...report, tarball };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await build();
    if (process.argv.includes("--pack")) pack();
  } catch (e) {
    console.error(`build:runtime failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
