// Making the runtime available in a user's project (server/runtime-setup): the vendored single-file
// runtime compiles under tsc's strictest settings with every moduleResolution and runs; the resolver
// answers like tsc and Node do (paths, types, vendored copies, cache invalidation); the package manager
// is detected from the project and a real `npm install` of the bundled tarball adds the dependency.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import {
  InstallError, RuntimeResolver, VENDOR_MARKER, bundleDeclarations, detectPackageManager, findVendoredRuntimes, installCommand,
  installRuntime, moduleFormatFor, relativeSpecifier, runtimeAssets, vendorRuntime,
} from "../../server/runtime-setup/index";

const repo = path.resolve(__dirname, "..", "..");
const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");

function scratch(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `arraylint-${name}-`));
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** tsc -p dir: its exit status and output. */
function typecheck(dir: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

const STRICTEST = {
  strict: true, skipLibCheck: false, noUnusedLocals: true, noUnusedParameters: true, exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true, noImplicitOverride: true, isolatedModules: true, lib: ["es2022"], types: [], target: "es2022",
};

const USE = (specifier: string) => `import * as nd from ${JSON.stringify(specifier)};
export function addTen(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  nd.add(x, 10, { out: y });
  return y;
}
export const total: number = nd.sum(addTen(new Float64Array([1, 2, 3]))) as number;
export const grid: nd.NDArray = nd.zeros([2, 2]);
export const variance = nd.var(grid);
export const kind: nd.DType = "float64";
nd.testing.assertAllclose(grid, grid);
`;

describe("the vendored runtime (one .mjs/.cjs and one declaration file)", () => {
  before(() => runtimeAssets()); // fails with "run npm run build:runtime" when dist/runtime is missing

  test("its declarations export exactly what the package's index.d.ts exports", () => {
    const dir = scratch("decl");
    const bundled = path.join(dir, "bundle.d.ts");
    fs.writeFileSync(bundled, bundleDeclarations(path.join(runtimeAssets().packageDir, "index.d.ts")));
    const original = path.join(runtimeAssets().packageDir, "index.d.ts");
    const program = ts.createProgram([bundled, original], { strict: true, types: [], noEmit: true, lib: ["lib.es2022.d.ts"] });
    const checker = program.getTypeChecker();
    const exportsOf = (file: string) => {
      const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      return checker.getExportsOfModule(symbol).map((s) => s.getName()).sort();
    };
    const names = exportsOf(bundled);
    assert.ok(names.length > 100, `the runtime exports its API (${names.length} names)`);
    assert.deepEqual(names, exportsOf(original));
    const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(bundled));
    assert.deepEqual(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
  });

  const cases = [
    { name: "nodenext, an ES module package", pkg: { type: "module" }, options: { module: "nodenext" }, file: "src/main.ts" },
    { name: "node10 (module commonjs), a CommonJS package", pkg: {}, options: { module: "commonjs", moduleResolution: "node10" }, file: "src/main.ts" },
    { name: "bundler", pkg: {}, options: { module: "esnext", moduleResolution: "bundler", verbatimModuleSyntax: true }, file: "src/main.ts" },
    { name: "nodenext, an .mts file in a CommonJS package", pkg: {}, options: { module: "nodenext" }, file: "src/main.mts" },
  ];
  for (const c of cases) {
    test(`compiles with the strictest settings and runs: ${c.name}`, () => {
      const dir = scratch("vendor");
      write(dir, {
        "package.json": JSON.stringify({ name: "scratch", private: true, ...c.pkg }),
        "tsconfig.json": JSON.stringify({ compilerOptions: { ...STRICTEST, ...c.options, outDir: "out" }, include: ["src"] }),
      });
      const file = path.join(dir, c.file);
      const format = moduleFormatFor(file);
      const vendored = vendorRuntime(path.join(dir, "src", "vendor"), format);
      assert.equal(path.extname(vendored.file), format === "esm" ? ".mjs" : ".cjs");
      write(dir, { [c.file]: USE(relativeSpecifier(file, vendored.file)) });
      const checked = typecheck(dir);
      assert.equal(checked.status, 0, checked.output);
      // the types are real, not `any`: a wrong use is an error
      write(dir, { [c.file]: USE(relativeSpecifier(file, vendored.file)) + "export const wrong: string = nd.zeros([1]);\n" });
      assert.match(typecheck(dir).output, /TS2322/);
      // and the emitted JavaScript runs against the vendored file
      fs.cpSync(path.join(dir, "src", "vendor"), path.join(dir, "out", "vendor"), { recursive: true });
      const js = path.join(dir, "out", path.basename(c.file).replace(/ts$/, "js"));
      const printed = execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(js)}); console.log(m.total, m.kind)`], { encoding: "utf8" });
      assert.equal(printed.trim(), "36 float64");
    });
  }

  test("the files say what they are, so arraylint skips them and finds them again", () => {
    const dir = scratch("marker");
    const v = vendorRuntime(path.join(dir, "lib", "vendor"), "esm");
    assert.ok(fs.readFileSync(v.file, "utf8").startsWith(VENDOR_MARKER + "\n"));
    assert.match(fs.readFileSync(v.file, "utf8").slice(0, 600), /@ts-nocheck/);
    write(dir, { "node_modules/x/arraylint-runtime.mjs": VENDOR_MARKER, "other/arraylint-runtime.mjs": "// someone else's file\n" });
    assert.deepEqual(findVendoredRuntimes(dir), [v.file]);
  });
});

describe("RuntimeResolver", () => {
  const stubPackage = (dir: string, withTypes = true) => write(dir, {
    "node_modules/@arraylint/runtime/package.json": JSON.stringify({ name: "@arraylint/runtime", version: "0.1.0", main: "index.js", ...(withTypes ? { types: "index.d.ts" } : {}) }),
    "node_modules/@arraylint/runtime/index.js": "exports.add = () => 0;\n",
    ...(withTypes ? { "node_modules/@arraylint/runtime/index.d.ts": "export declare function add(a: unknown, b: unknown): unknown;\n" } : {}),
  });

  test("an empty project does not resolve the runtime; installed, it does (after invalidate)", () => {
    const dir = scratch("resolve");
    write(dir, { "package.json": "{}", "src/a.ts": "" });
    const resolver = new RuntimeResolver();
    const file = path.join(dir, "src", "a.ts");
    const before = resolver.check(file, "@arraylint/runtime");
    assert.equal(before.resolves, false);
    assert.equal(before.importSpecifier, undefined);
    assert.equal(before.packageRoot, dir);
    stubPackage(dir);
    assert.equal(resolver.check(file, "@arraylint/runtime").resolves, false, "cached until invalidated");
    resolver.invalidate();
    const after = resolver.check(file, "@arraylint/runtime");
    assert.equal(after.resolves, true);
    assert.equal(after.importSpecifier, "@arraylint/runtime");
    assert.equal(after.resolvedTo, path.join(dir, "node_modules", "@arraylint", "runtime", "index.d.ts"));
  });

  test("a cached answer expires after its time to live", () => {
    const dir = scratch("ttl");
    write(dir, { "package.json": "{}" });
    let now = 0;
    const resolver = new RuntimeResolver({ ttlMs: 1000, now: () => now });
    const file = path.join(dir, "a.ts");
    assert.equal(resolver.check(file, "@arraylint/runtime").resolves, false);
    stubPackage(dir);
    now = 999;
    assert.equal(resolver.check(file, "@arraylint/runtime").resolves, false);
    now = 1000;
    assert.equal(resolver.check(file, "@arraylint/runtime").resolves, true);
  });

  test("TypeScript needs the types; JavaScript only the module", () => {
    const dir = scratch("types");
    write(dir, { "package.json": "{}" });
    stubPackage(dir, false);
    const resolver = new RuntimeResolver();
    assert.equal(resolver.check(path.join(dir, "a.ts"), "@arraylint/runtime").resolves, false);
    assert.equal(resolver.check(path.join(dir, "a.js"), "@arraylint/runtime").resolves, true);
  });

  test("tsconfig paths count, through `extends` too", () => {
    const dir = scratch("paths");
    write(dir, {
      "package.json": "{}",
      "tsconfig.base.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@nd": ["lib/nd/index.ts"] } } }),
      "tsconfig.json": JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { strict: true } }),
      "lib/nd/index.ts": "export const add = 1;\n",
    });
    const resolver = new RuntimeResolver();
    assert.equal(resolver.check(path.join(dir, "src", "a.ts"), "@nd").resolves, true);
    assert.equal(resolver.check(path.join(dir, "src", "a.ts"), "@other").resolves, false);
  });

  test("a vendored runtime in the project is imported by its relative path, in the file's format", () => {
    const dir = scratch("vendored");
    write(dir, { "package.json": JSON.stringify({ type: "module" }) });
    const esm = vendorRuntime(path.join(dir, "src", "vendor"), "esm");
    const resolver = new RuntimeResolver();
    const a = resolver.check(path.join(dir, "src", "deep", "a.ts"), "@arraylint/runtime");
    assert.equal(a.resolves, false);
    assert.equal(a.vendored, esm.file);
    assert.equal(a.importSpecifier, "../vendor/arraylint-runtime.mjs");
    const cjs = vendorRuntime(path.join(dir, "src", "vendor"), "cjs");
    resolver.invalidate();
    assert.equal(resolver.check(path.join(dir, "src", "b.cts"), "@arraylint/runtime").vendored, cjs.file);
    assert.equal(resolver.check(path.join(dir, "src", "b.ts"), "@arraylint/runtime").vendored, esm.file);
  });

  test("moduleFormatFor: extension first, then package.json's type", () => {
    const dir = scratch("format");
    write(dir, { "package.json": "{}", "esm/package.json": JSON.stringify({ type: "module" }) });
    assert.equal(moduleFormatFor(path.join(dir, "a.ts")), "cjs");
    assert.equal(moduleFormatFor(path.join(dir, "a.mts")), "esm");
    assert.equal(moduleFormatFor(path.join(dir, "esm", "a.ts")), "esm");
    assert.equal(moduleFormatFor(path.join(dir, "esm", "a.cjs")), "cjs");
  });
});

describe("package mode: the project's package manager installs the bundled tarball", () => {
  test("detectPackageManager: packageManager field, then lockfiles, then npm", () => {
    const dir = scratch("pm");
    write(dir, { "package.json": "{}" });
    assert.equal(detectPackageManager(dir).manager, "npm");
    write(dir, { "yarn.lock": "" });
    assert.equal(detectPackageManager(dir).manager, "yarn");
    write(dir, { "pnpm-lock.yaml": "" });
    assert.equal(detectPackageManager(dir).manager, "pnpm");
    write(dir, { "package.json": JSON.stringify({ packageManager: "yarn@4.1.0" }) });
    assert.deepEqual(detectPackageManager(dir), { manager: "yarn", reason: `package.json's "packageManager" is yarn@4.1.0` });
    assert.deepEqual(installCommand("pnpm", "@arraylint/runtime", "vendor/r.tgz"), { command: "pnpm", args: ["add", "@arraylint/runtime@file:./vendor/r.tgz"] });
    assert.deepEqual(installCommand("yarn", "@arraylint/runtime", "vendor/r.tgz").args, ["add", "@arraylint/runtime@file:./vendor/r.tgz"]);
  });

  test("npm installs it offline and saves a project-relative dependency; the resolver then finds it", async () => {
    const dir = scratch("npm");
    write(dir, { "package.json": JSON.stringify({ name: "scratch", version: "1.0.0", private: true }, null, 2) });
    const lines: string[] = [];
    const r = await installRuntime({ packageRoot: dir, onOutput: (l) => lines.push(l) });
    assert.equal(r.manager, "npm");
    assert.equal(r.tarball, path.join(dir, "vendor", path.basename(runtimeAssets().tarball!)));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    assert.equal(pkg.dependencies["@arraylint/runtime"], `file:vendor/${path.basename(runtimeAssets().tarball!)}`);
    assert.ok(fs.existsSync(path.join(dir, "node_modules", "@arraylint", "runtime", "index.d.ts")));
    assert.equal(new RuntimeResolver().check(path.join(dir, "a.ts"), "@arraylint/runtime").resolves, true);
  });

  test("a package manager that is not installed, or fails, is a clear InstallError", async () => {
    const dir = scratch("pm-missing");
    write(dir, { "package.json": "{}" });
    await assert.rejects(
      installRuntime({ packageRoot: dir, manager: "pnpm", env: { ...process.env, PATH: path.join(dir, "no-such-bin") } }),
      (e: unknown) => e instanceof InstallError && /pnpm was not found on PATH/.test(e.message),
    );
    write(dir, { "package.json": "{ not json" });
    await assert.rejects(installRuntime({ packageRoot: dir }), (e: unknown) => e instanceof InstallError && /npm install .* failed in .*\(exit \d+\)/.test(e.message));
    await assert.rejects(installRuntime({ packageRoot: path.join(dir, "nowhere") }), /no package\.json in/);
  });
});
