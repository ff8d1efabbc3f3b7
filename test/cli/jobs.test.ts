// `check --jobs N`: worker threads give the output of one thread (order, findings, summary, exit code),
// from the TypeScript source (tsx) and from the bundle (dist/cli.js); a worker that dies loses no file.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../server/cli";
import { parseJobs, workerCount } from "../../server/cli-jobs";

const repo = path.resolve(__dirname, "..", "..");
const cliJs = path.join(repo, "dist", "cli.js");
const corpusCases = path.resolve(repo, "..", "shared", "corpus", "cases");

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function run(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { status, stdout, stderr };
}

/** examples/ (findings in several files, a nested folder) plus a few public corpus cases when present, and one syntax error. */
function makeTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-jobs-"));
  fs.cpSync(path.join(repo, "examples"), path.join(dir, "examples"), { recursive: true });
  if (fs.existsSync(corpusCases)) {
    for (const name of fs.readdirSync(corpusCases).sort().slice(0, 4)) {
      fs.mkdirSync(path.join(dir, "corpus"), { recursive: true });
      fs.copyFileSync(path.join(corpusCases, name), path.join(dir, "corpus", name));
    }
  }
  // a loaded machine must not turn a file's 2 s budget into a difference between the two runs
  fs.writeFileSync(path.join(dir, "arraylint.config.json"), JSON.stringify({ analysisBudgetMs: 600_000 }));
  fs.writeFileSync(path.join(dir, "broken.ts"), "export function f(x: number[] {\n  for (let i = 0; i < x.length; i++\n");
  return dir;
}

let tree = "";
before(() => {
  tree = makeTree();
  if (!fs.existsSync(cliJs)) {
    // `npm test` builds first; a lone run of this file builds the CLI it needs
    const built = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
    assert.equal(built.status, 0, `npm run build:server failed:\n${built.stderr}`);
  }
});
after(() => fs.rmSync(tree, { recursive: true, force: true }));

describe("check --jobs", () => {
  test("--jobs 2 prints byte-identical JSON, text and summary to --jobs 1, with the same exit code", async () => {
    for (const format of ["json", "text"]) {
      const one = await run(tree, "check", ".", "--format", format, "--jobs", "1");
      const two = await run(tree, "check", ".", "--format", format, "--jobs", "2");
      assert.ok(one.stdout.includes("elementwise-loop"), `the tree has findings:\n${one.stdout}`);
      assert.equal(two.stdout, one.stdout, format);
      assert.equal(two.stderr, one.stderr, format);
      assert.equal(two.status, one.status);
      assert.equal(one.status, 1);
    }
    const files = (JSON.parse((await run(tree, "check", ".", "--format", "json", "--jobs", "2")).stdout) as Array<{ filePath: string }>).map((r) => r.filePath);
    assert.ok(files.length >= 7, files.join("\n"));
  });

  test("the bundle's workers (dist/cli.js --jobs 2) print what one thread prints", async () => {
    const one = await run(tree, "check", ".", "--format", "json", "--jobs", "1");
    const bundled = spawnSync(process.execPath, [cliJs, "check", ".", "--format", "json", "--jobs", "2"], { cwd: tree, encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(bundled.stderr, one.stderr);
    assert.equal(bundled.stdout, one.stdout);
    assert.equal(bundled.status, one.status);
  });

  test("a file whose worker dies is reported (exit 2, its name on stderr) and every other file is still checked", async () => {
    const one = JSON.parse((await run(tree, "check", ".", "--format", "json", "--jobs", "1")).stdout) as Array<{ filePath: string }>;
    process.env.ARRAYLINT_TEST_CRASH_WORKER_ON = "growth.ts";
    let crashed: Run;
    try {
      crashed = await run(tree, "check", ".", "--format", "json", "--jobs", "2");
    } finally {
      delete process.env.ARRAYLINT_TEST_CRASH_WORKER_ON;
    }
    assert.equal(crashed.status, 2);
    assert.match(crashed.stderr, /internal error while checking .*growth\.ts: the worker thread checking it stopped/);
    const reported = (JSON.parse(crashed.stdout) as Array<{ filePath: string }>).map((r) => r.filePath);
    assert.deepEqual(reported, one.map((r) => r.filePath).filter((f) => path.basename(f) !== "growth.ts"));
  });

  test("--fix stays on one thread (a worker would crash on the hook)", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-jobs-fix-"));
    fs.cpSync(path.join(tree, "examples"), copy, { recursive: true });
    process.env.ARRAYLINT_TEST_CRASH_WORKER_ON = "growth.ts";
    try {
      const r = await run(copy, "check", ".", "--fix", "--runtime", "skip", "--jobs", "2");
      assert.doesNotMatch(r.stderr, /worker thread/);
      assert.ok(r.stdout.includes("growth.ts"), r.stdout);
    } finally {
      delete process.env.ARRAYLINT_TEST_CRASH_WORKER_ON;
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  test("--jobs rejects what is not a positive whole number; the default follows the cores on big runs", async () => {
    for (const bad of ["0", "-1", "1.5", "two", ""]) {
      const r = await run(tree, "check", ".", `--jobs=${bad}`);
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--jobs expects a positive whole number/);
    }
    assert.equal(parseJobs("3"), 3);
    assert.equal(workerCount(4, 2), 2, "never more workers than files");
    assert.equal(workerCount(undefined, 3), 1, "a small run stays on one thread by default");
    assert.equal(workerCount(undefined, 100), 1, "one thread unless --jobs asks (it measured faster)");
  });
});
