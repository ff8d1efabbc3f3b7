// The @arraylint/runtime package as a user gets it: `npm pack` of dist/runtime (built by `npm run
// build:runtime`, which npm test's pretest runs), installed offline into scratch projects that compile
// `import * as nd from "@arraylint/runtime"` with the repository's tsc under each module resolution users
// have (node10 = "module": "commonjs", node16/nodenext as ESM and as CommonJS, bundler) and then run it.
// No network: the tarball has no dependencies to fetch.
import assert from "node:assert/strict";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import * as esbuild from "esbuild";

const REPO = path.resolve(__dirname, "..", "..");
const PACKAGE_DIR = path.join(REPO, "dist", "runtime");
const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const MAX_PACKED_BYTES = 300_000;

interface PackReport {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  bundled: string[];
  files: { path: string }[];
}

/** What every scratch project prints: the same values from the ESM and the CommonJS build. */
const PROGRAM = `import * as nd from "@arraylint/runtime";

declare const console: { log(text: string): void }; // no lib "dom" and no @types/node: the package needs neither
const x = new Float64Array([1, 2, 3]);
const y = new Float64Array(3);
nd.add(x, 10, { out: y });
const a: nd.NDArray = nd.arange(6).reshape(2, 3);
const total: number = nd.sum(a);
const columns: number[] = Array.from(nd.sum(a, 0).data);
console.log(JSON.stringify({ y: Array.from(y), total, columns, dtype: a.dtype }));
`;
const EXPECTED = { y: [11, 12, 13], total: 15, columns: [3, 5, 7], dtype: "float64" };

interface Scratch {
  name: string;
  type: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
  /** The file Node loads for the package in this project. */
  loads: "index.cjs" | "index.mjs";
  /** Run the tsc output (true) or an esbuild bundle of main.ts, as a bundler user would (false). */
  runTscOutput: boolean;
}

const STRICT = { target: "es2022", lib: ["es2022"], types: [], strict: true, skipLibCheck: false, outDir: "out", rootDir: "." };
const SCRATCH: Scratch[] = [
  { name: "node10 (module commonjs)", type: "commonjs", compilerOptions: { ...STRICT, module: "commonjs", moduleResolution: "node10" }, loads: "index.cjs", runTscOutput: true },
  { name: "nodenext, ESM project", type: "module", compilerOptions: { ...STRICT, module: "nodenext", moduleResolution: "nodenext" }, loads: "index.mjs", runTscOutput: true },
  { name: "nodenext, CommonJS project", type: "commonjs", compilerOptions: { ...STRICT, module: "nodenext", moduleResolution: "nodenext" }, loads: "index.cjs", runTscOutput: true },
  { name: "bundler (esbuild)", type: "module", compilerOptions: { ...STRICT, module: "esnext", moduleResolution: "bundler", noEmit: true }, loads: "index.mjs", runTscOutput: false },
];

const execFileAsync = promisify(execFile);

async function run(command: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await execFileAsync(command, args, { cwd, encoding: "utf8", maxBuffer: 16 << 20 })).stdout;
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    throw new Error(`${path.basename(command)} ${args.join(" ")} (in ${cwd}) exited ${err.code}:\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
}

async function writeProject(dir: string, s: Scratch, tarball: string, source = PROGRAM): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true, type: s.type }, null, 2));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: s.compilerOptions, files: ["main.ts"] }, null, 2));
  writeFileSync(path.join(dir, "main.ts"), source);
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], dir);
}

/** Installs the tarball into a new project, compiles it with tsc, runs it; returns what it printed and which build Node loaded. */
async function compileAndRun(dir: string, s: Scratch, tarball: string): Promise<{ printed: unknown; loaded: string }> {
  await writeProject(dir, s, tarball);
  await run(process.execPath, [TSC, "-p", "."], dir);
  let program = path.join(dir, "out", "main.js");
  if (!s.runTscOutput) {
    program = path.join(dir, "bundle.mjs");
    await esbuild.build({ absWorkingDir: dir, entryPoints: ["main.ts"], bundle: true, platform: "node", format: "esm", logLevel: "warning", outfile: program });
  }
  const printed = JSON.parse(await run(process.execPath, [program], dir));
  // the condition that applies here picks the matching build (import -> .mjs, require -> .cjs)
  const resolved =
    s.type === "module"
      ? await run(process.execPath, ["--input-type=module", "-e", 'console.log(import.meta.resolve("@arraylint/runtime"))'], dir)
      : await run(process.execPath, ["-e", 'console.log(require.resolve("@arraylint/runtime"))'], dir);
  return { printed, loaded: path.basename(resolved.trim()) };
}

/** A promise whose rejection is only observed when a test awaits it (the projects are prepared concurrently). */
function deferred<T>(p: Promise<T>): () => Promise<T> {
  p.catch(() => {});
  return () => p;
}

describe("@arraylint/runtime as an npm package", () => {
  let work: string;
  let report: PackReport;
  let tarball: string;

  const outcomes = new Map<string, () => Promise<{ printed: unknown; loaded: string }>>();
  let defaultImport: () => Promise<{ status: number | null; stdout: string }>;

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), "arraylint-runtime-package-"));
    const out = execFileSync("npm", ["pack", "--json", "--offline", "--pack-destination", work], { cwd: PACKAGE_DIR, encoding: "utf8" });
    [report] = JSON.parse(out) as PackReport[];
    tarball = path.join(work, report.filename);
    // the projects are independent: prepare them all at once (npm install and tsc mostly wait)
    for (const s of SCRATCH) outcomes.set(s.name, deferred(compileAndRun(path.join(work, s.name.replace(/\W+/g, "-")), s, tarball)));
    const nodenextEsm = SCRATCH[1]!;
    const dir = path.join(work, "nodenext-default-import");
    defaultImport = deferred(
      writeProject(dir, nodenextEsm, tarball, `import nd from "@arraylint/runtime";\nexport const total: number = nd.sum(nd.arange(3));\n`).then(() =>
        spawnSync(process.execPath, [TSC, "-p", "."], { cwd: dir, encoding: "utf8" }),
      ),
    );
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("packs with zero dependencies, under 300 kB, with both builds and their types", () => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8"));
    assert.equal(manifest.name, "@arraylint/runtime");
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      assert.deepEqual(Object.keys(manifest[field] ?? {}), [], `${field} is empty`);
    }
    assert.deepEqual(report.bundled, []);
    assert.ok(report.size < MAX_PACKED_BYTES, `packed size ${report.size} B < ${MAX_PACKED_BYTES} B`);
    const files = new Set(report.files.map((f) => f.path));
    for (const required of ["package.json", "README.md", "LICENSE", "index.mjs", "index.cjs", "index.d.ts", "index.d.mts"]) {
      assert.ok(files.has(required), `${required} is in the tarball`);
    }
    // every declaration a shipped one imports is shipped too (a missing one turns types into errors or any)
    for (const f of files) {
      if (!f.endsWith(".d.ts")) continue;
      const text = readFileSync(path.join(PACKAGE_DIR, f), "utf8");
      for (const [, spec] of text.matchAll(/from "(\.[^"]+)"/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), spec!));
        assert.ok(files.has(`${target}.d.ts`) || files.has(`${target}/index.d.ts`), `${f} imports ${spec}, which is shipped`);
      }
    }
    console.log(`  ${report.filename}: ${(report.size / 1e3).toFixed(0)} kB packed, ${(report.unpackedSize / 1e3).toFixed(0)} kB unpacked, ${report.entryCount} files`);
  });

  for (const s of SCRATCH) {
    it(`compiles and runs import * as nd from "@arraylint/runtime" with ${s.name}`, async () => {
      const { printed, loaded } = await outcomes.get(s.name)!();
      assert.deepEqual(printed, EXPECTED);
      assert.equal(loaded, s.loads);
    });
  }

  it("types the ESM build as ESM: a default import (which index.mjs does not have) is a compile error under nodenext", async () => {
    const r = await defaultImport();
    assert.notEqual(r.status, 0, "tsc rejects the default import");
    assert.match(r.stdout, /TS1192|has no default export/, r.stdout);
  });
});
