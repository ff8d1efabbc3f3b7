// check --profile on a real profile of examples/: examples-driver.ts bundled by esbuild with a source
// map, run under `node --cpu-prof`, and the CLI ranks the findings of examples/ by their share of it.
// Also the profile reader on its own: source maps, DevTools traces, bad input.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { ProfileError, indexProfile, readProfile, shareOfLines, toCpuProfile } from "../../server/profile/cpuprofile";

const repo = path.resolve(__dirname, "../..");
const cli = path.join(repo, "dist", "cli.js");
let dir = "";
let profileFile = "";

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "arraylint-profile-"));
  const bundle = path.join(dir, "driver.js");
  await build({ entryPoints: [path.join(__dirname, "examples-driver.ts")], bundle: true, platform: "node", format: "cjs", sourcemap: true, outfile: bundle, logLevel: "silent" });
  const run = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "250", bundle, "1.5"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const written = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  assert.ok(written, "node --cpu-prof wrote a profile");
  profileFile = path.join(dir, written);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("a profile of examples/", () => {
  test("samples map through the source map to the examples' lines", () => {
    const index = indexProfile(readProfile(profileFile));
    assert.ok(index.totalSamples > 100, `${index.totalSamples} samples`);
    const files = [...index.lines.keys()].map((f) => path.relative(repo, f));
    assert.ok(files.includes(path.join("examples", "mandelbrot.ts")), `mapped files: ${files.join(", ")}`);
    // escapeTime's loop is where the Mandelbrot spends its time
    assert.ok(shareOfLines(index, path.join(repo, "examples", "mandelbrot.ts"), 1, 16).share > 0.05);
  });

  test("check --profile ranks the findings by their share of the profiled time", () => {
    const r = spawnSync(process.execPath, [cli, "check", "examples", "--profile", profileFile, "--format", "json"], { cwd: repo, encoding: "utf8" });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ line: number; message: string; profileShare?: number }> }>;
    const messages = results.flatMap((f) => f.messages.map((m) => ({ ...m, file: path.basename(f.filePath) })));
    assert.ok(messages.length >= 4);
    assert.ok(messages.every((m) => typeof m.profileShare === "number"), "every finding carries its share");
    const hot = messages.filter((m) => m.profileShare! > 0);
    assert.ok(hot.length >= 3, `findings seen in the profile: ${hot.map((m) => `${m.file}:${m.line}`).join(", ")}`);
    assert.ok(messages.every((m) => /% of profiled time\)|not in the profile\)/.test(m.message)));
    // the text output lists them hottest first
    const text = spawnSync(process.execPath, [cli, "check", "examples", "--profile", profileFile], { cwd: repo, encoding: "utf8" }).stdout;
    const shares = [...text.matchAll(/\(([\d.]+)% of profiled time\)/g)].map((m) => Number(m[1]));
    assert.ok(shares.length >= 3);
    const firstPerFile = text.split("\n\n").map((block) => Number(/\(([\d.]+)% of profiled time\)/.exec(block)?.[1] ?? -1)).filter((v) => v >= 0);
    assert.deepEqual(firstPerFile, [...firstPerFile].sort((a, b) => b - a), "files ordered by their hottest finding");
    const sarif = JSON.parse(spawnSync(process.execPath, [cli, "check", "examples", "--profile", profileFile, "--format", "sarif"], { cwd: repo, encoding: "utf8" }).stdout);
    assert.ok(sarif.runs[0].results.some((res: { properties?: { profileShare?: number } }) => (res.properties?.profileShare ?? 0) > 0));
  });
});

describe("profile input", () => {
  test("a DevTools trace with ProfileChunk events reads like a .cpuprofile", () => {
    const node = (id: number, url: string, line: number) => ({ id, callFrame: { functionName: "f", url, lineNumber: line, columnNumber: 0 } });
    const trace = { traceEvents: [
      { name: "Profile", args: { data: { cpuProfile: { nodes: [node(1, "", 0)] } } } },
      { name: "ProfileChunk", args: { data: { cpuProfile: { nodes: [node(2, "file:///tmp/a.js", 4)], samples: [2, 2, 1] }, timeDeltas: [1, 1, 1] } } },
    ] };
    const index = indexProfile(toCpuProfile(trace));
    assert.equal(index.totalSamples, 3);
    assert.deepEqual(shareOfLines(index, "/tmp/a.js", 5, 5).samples, 2);
  });

  test("bad input is a clear error", () => {
    const junk = path.join(dir, "junk.cpuprofile");
    writeFileSync(junk, "{ not json");
    assert.throws(() => readProfile(junk), (e: unknown) => e instanceof ProfileError && /is not JSON/.test((e as Error).message));
    assert.throws(() => readProfile(path.join(dir, "missing.cpuprofile")), /no such file/);
    assert.throws(() => toCpuProfile({ hello: 1 }), /neither a \.cpuprofile/);
    const r = spawnSync(process.execPath, [cli, "check", "examples", "--profile", junk], { cwd: repo, encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not JSON/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  });
});
