// `arraylint check --fix` in projects that do not have the runtime its fixes import: refused by default
// (exit 2 naming the choices, nothing written), `--runtime skip`, `--runtime vendor` (one file, imported
// relatively, and `tsc --noEmit` is clean), `--runtime package` (a real offline npm install of the
// bundled tarball); and the text output's colours (a terminal only; NO_COLOR / FORCE_COLOR).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { colorEnabled } from "../../server/cli";
import { ADD_TEN_SOURCE } from "../add-ten";

const repo = path.resolve(__dirname, "..", "..");
const cliJs = path.join(repo, "dist", "cli.js");
const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");

const ADD_TEN = ADD_TEN_SOURCE;

const dirs: string[] = [];
function bareProject(pkg: Record<string, unknown> = { name: "bare", version: "1.0.0", private: true }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-cli-runtime-"));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, "src"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", noEmit: true, skipLibCheck: false, lib: ["es2022"], types: [] }, include: ["src"] }));
  fs.writeFileSync(path.join(dir, "src", "add.ts"), ADD_TEN);
  return dir;
}

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function typecheck(dir: string) {
  const r = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

before(() => {
  if (!fs.existsSync(cliJs)) {
    const built = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
  }
});
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("check --fix where the project does not resolve the runtime", () => {
  test("by default the fix is refused: exit 2, the choices named, the file unchanged", () => {
    const dir = bareProject();
    const r = cli(dir, ["check", "src", "--fix"]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /1 fix not applied in src\/add\.ts: it imports "@arraylint\/runtime", which this project does not resolve/);
    assert.match(r.stderr, /--runtime package .*\n.*--runtime vendor .*\n.*--runtime skip/);
    assert.equal(fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8"), ADD_TEN);
    assert.match(r.stdout, /elementwise-loop/, "the finding is still reported");
  });

  test("--runtime skip leaves such fixes out and exits as a run with findings does", () => {
    const dir = bareProject();
    const r = cli(dir, ["check", "src", "--fix", "--runtime", "skip"]);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /not applied/);
    assert.equal(fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8"), ADD_TEN);
  });

  test("--runtime vendor writes one file (ES module build in a type:module package) and the fix imports it; tsc is clean", () => {
    const dir = bareProject({ name: "esm", private: true, type: "module" });
    const r = cli(dir, ["check", "src", "--fix", "--runtime", "vendor"]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /wrote the runtime to src\/vendor\/arraylint-runtime\.mjs/);
    const fixed = fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8");
    assert.match(fixed, /^import \* as nd from "\.\/vendor\/arraylint-runtime\.mjs";$/m);
    assert.ok(fs.existsSync(path.join(dir, "src", "vendor", "arraylint-runtime.d.mts")));
    const checked = typecheck(dir);
    assert.equal(checked.status, 0, checked.output);
    // the walk skips vendor/ and the file is @generated: a second run has nothing to say
    assert.equal(cli(dir, ["check", "src"]).status, 0);
  });

  test("--runtime vendor --runtime-dir: a CommonJS package gets the CommonJS build where it was asked", () => {
    const dir = bareProject();
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", target: "es2020", noEmit: true, lib: ["es2020"], types: [] }, include: ["src"] }));
    const r = cli(dir, ["check", "src", "--fix", "--runtime", "vendor", "--runtime-dir", "lib/nd"]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8"), /from "\.\.\/lib\/nd\/arraylint-runtime\.cjs"/);
    const checked = typecheck(dir);
    assert.equal(checked.status, 0, checked.output);
  });

  test("--runtime package installs the bundled tarball with npm (offline) and the fix imports the package; tsc is clean", () => {
    const dir = bareProject({ name: "pkg", version: "1.0.0", private: true, type: "module" });
    const r = cli(dir, ["check", "src", "--fix", "--runtime", "package"]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /added the runtime \(npm install --save .*\)/);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    assert.match(pkg.dependencies["@arraylint/runtime"], /^file:vendor\/arraylint-runtime-[\d.]+\.tgz$/);
    assert.match(fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8"), /^import \* as nd from "@arraylint\/runtime";$/m);
    const checked = typecheck(dir);
    assert.equal(checked.status, 0, checked.output);
  });

  test("--runtime package fails clearly where there is no package.json, and the options are checked", () => {
    const dir = bareProject();
    fs.rmSync(path.join(dir, "package.json"));
    const r = cli(dir, ["check", "src", "--fix", "--runtime", "package"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no package\.json above .*add\.ts: create one \(npm init -y\), or use --runtime vendor/);
    assert.doesNotMatch(r.stderr, /--help/);
    for (const [args, message] of [
      [["check", "src", "--fix", "--runtime", "bogus"], /--runtime must be package, vendor or skip/],
      [["check", "src", "--runtime", "vendor"], /--runtime and --runtime-dir go with --fix/],
      [["check", "src", "--fix", "--runtime-dir", "x"], /--runtime-dir goes with --runtime vendor/],
    ] as const) {
      const u = cli(dir, [...args]);
      assert.equal(u.status, 2);
      assert.match(u.stderr, message);
    }
  });
});

describe("colour in the text output", () => {
  test("colorEnabled: FORCE_COLOR decides when set, then NO_COLOR, then a terminal", () => {
    assert.equal(colorEnabled(true, {}), true);
    assert.equal(colorEnabled(false, {}), false);
    assert.equal(colorEnabled(undefined, {}), false);
    assert.equal(colorEnabled(true, { TERM: "dumb" }), false);
    assert.equal(colorEnabled(true, { NO_COLOR: "1" }), false);
    assert.equal(colorEnabled(true, { NO_COLOR: "" }), true, "an empty NO_COLOR is not set (no-color.org)");
    assert.equal(colorEnabled(false, { FORCE_COLOR: "1" }), true);
    assert.equal(colorEnabled(false, { FORCE_COLOR: "" }), true);
    assert.equal(colorEnabled(true, { FORCE_COLOR: "0" }), false);
    assert.equal(colorEnabled(true, { FORCE_COLOR: "false", NO_COLOR: "" }), false);
  });

  test("a pipe gets no escape codes; FORCE_COLOR=1 colours; NO_COLOR wins over nothing", () => {
    const dir = bareProject();
    const esc = /\u001b\[/;
    const piped = cli(dir, ["check", "src"]);
    assert.equal(piped.status, 1);
    assert.doesNotMatch(piped.stdout, esc);
    const forced = cli(dir, ["check", "src"], { FORCE_COLOR: "1" });
    assert.match(forced.stdout, /\u001b\[33mwarning/);
    assert.match(forced.stdout, /\u001b\[4msrc\/add\.ts\u001b\[24m/);
    assert.doesNotMatch(cli(dir, ["check", "src"], { NO_COLOR: "1" }).stdout, esc);
    assert.doesNotMatch(cli(dir, ["check", "src", "--format", "json"], { FORCE_COLOR: "1" }).stdout, esc, "machine formats never");
  });
});
