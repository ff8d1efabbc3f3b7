// server/code-cache.ts: a bundle started through V8's code cache runs as `require` would run it, writes its
// cache at exit, uses it on the next start, and never runs a cache made from other source text.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const codeCache = path.resolve(__dirname, "..", "..", "server", "code-cache.ts");

/** Starts `bundle` in a fresh node process through runWithCodeCache; what it printed. */
function start(bundle: string, cacheDir: string): { cache: string; exports: { answer: number; dirname: string; filename: string; joined: string } } {
  const script = `const { runWithCodeCache } = require(${JSON.stringify(codeCache)});\n` +
    `const r = runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)});\n` +
    "process.stdout.write(JSON.stringify(r));";
  const run = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

function bundleText(answer: number): string {
  return `"use strict";\nconst path = require("node:path");\nfunction answer() { return ${answer}; }\n` +
    "module.exports = { answer: answer(), dirname: __dirname, filename: __filename, joined: path.join('a', 'b') };\n";
}

describe("code cache (server/code-cache.ts)", () => {
  it("runs the bundle like require, writes the cache at exit, uses it next time, and never for other source text", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-code-cache-"));
    try {
      const bundle = path.join(dir, "bundle.js");
      const cacheDir = path.join(dir, "cache");
      fs.writeFileSync(bundle, bundleText(41));

      const first = start(bundle, cacheDir);
      assert.equal(first.cache, "none");
      assert.deepEqual(first.exports, { answer: 41, dirname: dir, filename: bundle, joined: path.join("a", "b") });
      assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".bin")).length, 1, "a cache is written at exit");

      const second = start(bundle, cacheDir);
      assert.equal(second.cache, "used");
      assert.equal(second.exports.answer, 41);

      // same length, other text: V8 checks only the length, so the cache must not be found at all
      fs.writeFileSync(bundle, bundleText(42));
      const changed = start(bundle, cacheDir);
      assert.equal(changed.cache, "none");
      assert.equal(changed.exports.answer, 42);
      assert.equal(start(bundle, cacheDir).cache, "used");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
