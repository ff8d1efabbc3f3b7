// The bin (dist/cli.js, server/cli-bin.ts) loads the CLI bundle through V8's code cache: a `check` writes
// the cache into the user's cache folder, the next run uses it and prints the same, and a cache that does
// not fit (another build's, or garbage) costs only the compile.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ADD_TEN_SOURCE } from "../add-ten";

const repo = path.resolve(__dirname, "..", "..");
const cliJs = path.join(repo, "dist", "cli.js");

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function run(cwd: string, cacheHome: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheFiles = (cacheHome: string) => {
  const dir = path.join(cacheHome, "arraylint", "code-cache");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith("cli-")).map((f) => path.join(dir, f)) : [];
};

describe("the bin's code cache", () => {
  test("a check writes it, the next check uses it and prints the same; a broken cache is replaced", () => {
    const project = tempDir("arraylint-code-cache-project-");
    fs.writeFileSync(path.join(project, "add.ts"), ADD_TEN_SOURCE);
    const cacheHome = tempDir("arraylint-code-cache-home-");

    const version = run(project, cacheHome, "--version");
    assert.equal(version.status, 0);
    assert.deepEqual(cacheFiles(cacheHome), [], "only a check writes the cache");

    const first = run(project, cacheHome, "check", "add.ts", "--format", "json");
    assert.equal(first.status, 1, first.stderr);
    const written = cacheFiles(cacheHome);
    assert.equal(written.length, 1, "one cache file for this Node version and build");
    const size = fs.statSync(written[0]).size;
    assert.ok(size > 1_000_000, `the cache holds the compiled bundle (${size} bytes)`);

    const writtenAt = fs.statSync(written[0]).mtimeMs;
    const second = run(project, cacheHome, "check", "add.ts", "--format", "json");
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.status, first.status);
    // the bin writes the cache only when it had none or V8 refused it: an untouched file means V8 took it
    assert.equal(fs.statSync(written[0]).mtimeMs, writtenAt, "the second run used the cache");

    // garbage where the cache was: V8 rejects it, the run compiles, prints the same and writes a good cache
    fs.writeFileSync(written[0], "not a code cache");
    const third = run(project, cacheHome, "check", "add.ts", "--format", "json");
    assert.equal(third.stdout, first.stdout);
    assert.equal(third.stderr, first.stderr);
    assert.ok(fs.statSync(written[0]).size > 1_000_000, "a rejected cache is written again");
  });

  test("other builds' caches are kept up to four per Node version, the oldest dropped", () => {
    const project = tempDir("arraylint-code-cache-project-");
    fs.writeFileSync(path.join(project, "add.ts"), ADD_TEN_SOURCE);
    const cacheHome = tempDir("arraylint-code-cache-home-");
    const dir = path.join(cacheHome, "arraylint", "code-cache");
    fs.mkdirSync(dir, { recursive: true });
    const prefix = `cli-main-node${process.versions.node}-v8-${process.versions.v8}-${process.arch}-`;
    // five older builds of this Node version (oldest first), and a cache of another Node version
    const older = [1, 2, 3, 4, 5].map((n) => path.join(dir, `${prefix}1000-${n}.bin`));
    older.forEach((file, n) => {
      fs.writeFileSync(file, "an older build's cache");
      fs.utimesSync(file, new Date(1e12 + n * 1000), new Date(1e12 + n * 1000));
    });
    const otherNode = path.join(dir, `cli-main-node0.0.0-v8-0.0-${process.arch}-1000-1.bin`);
    fs.writeFileSync(otherNode, "another Node version's cache");
    fs.utimesSync(otherNode, new Date(1e12), new Date(1e12));

    assert.equal(run(project, cacheHome, "check", "add.ts", "--format", "json").status, 1);
    const left = new Set(fs.readdirSync(dir).map((f) => path.join(dir, f)));
    assert.equal(left.size, 5, [...left].join(", "));
    assert.deepEqual(older.filter((f) => left.has(f)), older.slice(2), "the three newest older builds stay");
    assert.ok(left.has(otherNode), "another Node version's cache is not this run's to drop");
  });

  test("an unwritable cache folder only costs the compile", () => {
    const project = tempDir("arraylint-code-cache-project-");
    fs.writeFileSync(path.join(project, "add.ts"), ADD_TEN_SOURCE);
    const home = tempDir("arraylint-code-cache-home-");
    const blocked = path.join(home, "file");
    fs.writeFileSync(blocked, "a file where the cache folder would go");
    const r = run(project, blocked, "check", "add.ts", "--format", "json");
    assert.equal(r.status, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout)[0].messages.length, 1);
    assert.equal(r.stderr.includes("internal error"), false, r.stderr);
  });
});
