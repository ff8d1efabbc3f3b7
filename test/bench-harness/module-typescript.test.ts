// Module mode without esbuild (the .vsix ships no node_modules): the built CLI benchmarks findings that
// need their module while `require("esbuild")` fails, compiling the modules with the TypeScript compiler
// it carries into a CommonJS registry — imported functions and constants, `./x.js` naming x.ts, a folder
// index, a JSON file, a package from node_modules, an import cycle.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repo = path.resolve(__dirname, "..", "..");
const cliJs = path.join(repo, "dist", "cli.js");
const fixtures = path.join(__dirname, "fixtures");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-module-ts-"));
const blockEsbuild = path.join(scratch, "block-esbuild.cjs");

before(() => {
  if (!fs.existsSync(cliJs) || !fs.existsSync(path.join(repo, "dist", "runtime", "index.cjs"))) {
    const built = spawnSync("npm", ["run", "build:runtime", "--silent"], { cwd: repo, encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
    const server = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
    assert.equal(server.status, 0, server.stderr);
  }
  fs.writeFileSync(blockEsbuild, `const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "esbuild" || request.startsWith("esbuild/")) {
    process.stderr.write("[test] esbuild was asked for\\n");
    throw Object.assign(new Error("Cannot find module 'esbuild' (not installed here)"), { code: "MODULE_NOT_FOUND" });
  }
  return resolve.call(this, request, ...rest);
};
`);
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface BenchJson {
  mode?: string;
  error?: string;
  equivalent: boolean;
  notes?: string[];
  before: { medianNs: number };
}

/** `arraylint bench FILE:LINE --json` with esbuild impossible to load. */
function benchWithoutEsbuild(fileLine: string, cwd: string): BenchJson {
  const r = spawnSync(process.execPath, ["-r", blockEsbuild, cliJs, "bench", fileLine, "--json", "--size", "2000", "--time-budget", "600"], { cwd, encoding: "utf8" });
  assert.doesNotMatch(r.stderr, /esbuild was asked for/);
  assert.ok(r.stdout.trim().startsWith("{"), `bench printed JSON (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as BenchJson;
}

describe("module mode with the TypeScript compiler (no esbuild)", () => {
  test("a loop calling a same-file helper, and one calling an imported function (fixtures/module.ts)", () => {
    for (const line of [11, 17]) {
      const r = benchWithoutEsbuild(`${path.join(fixtures, "module.ts")}:${line}`, repo);
      assert.equal(r.error, undefined, `line ${line}: ${r.error}`);
      assert.equal(r.mode, "module", `line ${line} ran inside its module`);
      assert.equal(r.equivalent, true);
      assert.ok(r.before.medianNs > 0);
      assert.ok(!(r.notes ?? []).some((n) => /esbuild/.test(n)), JSON.stringify(r.notes));
    }
  });

  test("./x.js naming x.ts, a folder index, JSON, a package and an import cycle all load as in the program", () => {
    const project = path.join(scratch, "project");
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "p", private: true }),
      "node_modules/tiny-pkg/package.json": JSON.stringify({ name: "tiny-pkg", main: "index.js" }),
      "node_modules/tiny-pkg/index.js": "exports.fromPackage = 0.125;\n",
      "src/table.json": JSON.stringify({ bias: 0.5 }),
      "src/consts.ts": [
        'import { fromPackage } from "tiny-pkg";',
        'import table from "./table.json";',
        'import { lazyOffset } from "./util";',
        "export const OFFSET: number = 2 + fromPackage + table.bias;",
        "export const check = () => lazyOffset();",
        "",
      ].join("\n"),
      "src/util/index.ts": 'import { OFFSET } from "../consts.js";\nexport const BIAS: number = 0.25;\nexport function lazyOffset(): number {\n  return OFFSET;\n}\n',
      "src/signal.ts": [
        'import { OFFSET } from "./consts.js";',
        'import { BIAS } from "./util";',
        "",
        "export function shift(x: Float64Array, y: Float64Array): void {",
        "  for (let i = 0; i < x.length; i++) {",
        "    y[i] = x[i] + OFFSET + BIAS;",
        "  }",
        "}",
        "",
      ].join("\n"),
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
      fs.writeFileSync(path.join(project, name), text);
    }
    const r = benchWithoutEsbuild("src/signal.ts:5", project);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.mode, "module");
    assert.equal(r.equivalent, true, "the fix reads the same imported constants");
  });

  test("an import that does not resolve is a clear error, not a crash", () => {
    const project = path.join(scratch, "broken");
    fs.mkdirSync(path.join(project, "src"), { recursive: true });
    fs.writeFileSync(path.join(project, "src", "signal.ts"), [
      'import { count } from "./missing";',
      "function len(v: Float64Array): number {",
      "  return count(v);",
      "}",
      "export function shift(x: Float64Array, y: Float64Array): void {",
      "  for (let i = 0; i < len(x); i++) {",
      "    y[i] = x[i] + 1;",
      "  }",
      "}",
      "",
    ].join("\n"));
    const r = benchWithoutEsbuild("src/signal.ts:6", project);
    assert.match(r.error ?? "", /cannot bundle signal\.ts with its imports: "\.\/missing" \(imported by signal\.ts\) does not resolve/);
  });
});
