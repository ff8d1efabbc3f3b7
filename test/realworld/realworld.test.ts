// The real-world evaluation set's loaders, fetcher and scoring, without the network: tarballs are
// made here with the system tar and served through file: URLs.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { listRules } from "../../server/engine/index";
import { score, type Report } from "../corpus/score";
import {
  IntegrityError,
  RealworldDataError,
  fetchPackage,
  fileKey,
  integrityOf,
  loadLabels,
  loadPackages,
  loadThresholds,
  parseLabels,
  parsePackages,
  sourceFiles,
  type PackageSpec,
} from "./realworld";

const RULES = listRules().map((r) => r.id as string);

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "arraylint-realworld-test-"));
}

/** A gzipped npm-style tarball (top folder "package/") holding `files`; returns its path. */
function makeTarball(dir: string, name: string, files: Record<string, string>): string {
  const src = path.join(dir, `${name}-src`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, "package", rel)), { recursive: true });
    writeFileSync(path.join(src, "package", rel), text);
  }
  const tgz = path.join(dir, `${name}.tgz`);
  execFileSync("tar", ["-czf", tgz, "-C", src, "package"]);
  return tgz;
}

function spec(tgz: string, overrides: Partial<PackageSpec> = {}): PackageSpec {
  return {
    name: "tiny",
    version: "1.0.0",
    integrity: overrides.integrity ?? integrityOf(readFileSync(tgz)),
    tarball: pathToFileURL(tgz).href,
    language: "js",
    files: ["src/sum.js"],
    sources: ["src"],
    description: "test package",
    ...overrides,
  };
}

const TINY = spec(path.join(os.tmpdir(), "unused.tgz"), { integrity: "sha512-" + "A".repeat(86) + "==" });

function label(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    package: "tiny",
    version: "1.0.0",
    path: "src/sum.js",
    function: "sum",
    line: 3,
    endLine: 5,
    rule: "manual-reduction",
    verdict: "positive",
    fix: "optional",
    note: "a plain sum",
    ...overrides,
  };
}

describe("realworld: label files", () => {
  test("a malformed entry gets an error naming the file, the entry and what is wrong", () => {
    const raw = [label(), label({ line: 9, endLine: 9, verdict: "pos" })];
    assert.throws(
      () => parseLabels(raw, "labels-x.json", [TINY], RULES),
      (err: Error) =>
        err instanceof RealworldDataError &&
        err.message.includes("labels-x.json entry #1") &&
        err.message.includes("tiny src/sum.js:9 manual-reduction") &&
        err.message.includes('"verdict" must be "positive" or "negative", got "pos"'),
    );
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ["an unknown rule", { rule: "loop-ish" }, "unknown rule"],
    ["a file that is not a labelled file", { path: "src/other.js" }, "is not one of tiny's labelled files"],
    ["a package not in packages.json", { package: "other" }, "is not in packages.json"],
    ["another version", { version: "2.0.0" }, "is not the pinned tiny@1.0.0"],
    ["an inverted line range", { line: 5, endLine: 3 }, "1 <= line <= endLine"],
    ["a missing note", { note: undefined }, '"note" must be a non-empty string'],
    ["a negative with a fix", { verdict: "negative", fix: "optional" }, 'a negative has fix "none"'],
  ];
  for (const [what, overrides, message] of bad) {
    test(`${what} is refused`, () => {
      assert.throws(() => parseLabels([label(overrides)], "labels.json", [TINY], RULES), (err: Error) => err instanceof RealworldDataError && err.message.includes(message));
    });
  }

  test("a second, optional label file is read when present, and a site labelled in both files is an error", () => {
    const dir = tempDir();
    try {
      const a = path.join(dir, "labels.json");
      const b = path.join(dir, "labels-b.json");
      const files = [
        { file: a, required: true },
        { file: b, required: false },
      ];
      writeFileSync(a, JSON.stringify([label()]));
      assert.equal(loadLabels([TINY], RULES, files).length, 1, "a missing optional file is skipped");
      writeFileSync(b, JSON.stringify([label({ line: 7, endLine: 8 })]));
      const both = loadLabels([TINY], RULES, files);
      assert.deepEqual(both.map((l) => [l.line, l.source]), [[3, a], [7, b]]);
      writeFileSync(b, JSON.stringify([label()]));
      assert.throws(() => loadLabels([TINY], RULES, files), /labelled twice/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a second, optional package file is read when present, and a package listed in both files is an error", () => {
    const dir = tempDir();
    try {
      const a = path.join(dir, "packages.json");
      const b = path.join(dir, "packages-b.json");
      const files = [
        { file: a, required: true },
        { file: b, required: false },
      ];
      writeFileSync(a, JSON.stringify([TINY]));
      assert.deepEqual(loadPackages(files).map((p) => p.name), ["tiny"], "a missing optional file is skipped");
      writeFileSync(b, JSON.stringify([{ ...TINY, name: "other" }]));
      assert.deepEqual(loadPackages(files).map((p) => p.name), ["tiny", "other"]);
      writeFileSync(b, JSON.stringify([TINY]));
      assert.throws(() => loadPackages(files), /package tiny is listed in both/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a package entry with a non-sha512 integrity or a range version is refused", () => {
    assert.throws(() => parsePackages([{ ...TINY, integrity: "sha1-abc" }]), /entry #0 \(tiny\): "integrity" must be "sha512-<base64>"/);
    assert.throws(() => parsePackages([{ ...TINY, version: "^1.0.0" }]), /"version" must be an exact version/);
    assert.throws(() => parsePackages([{ ...TINY, files: ["../escape.js"] }]), /"files" must be a non-empty array of relative paths/);
  });

  test("the committed packages, labels and thresholds load", () => {
    const packages = loadPackages();
    const labels = loadLabels(packages, RULES);
    const thresholds = loadThresholds();
    assert.ok(labels.length > 0);
    for (const p of packages) assert.ok(labels.some((l) => l.package === p.name), `${p.name} has no label`);
    assert.ok(thresholds.precision > 0 && thresholds.recall > 0);
  });
});

describe("realworld: fetcher", () => {
  test("verifies, caches and extracts a tarball; a warm cache needs no source", async () => {
    const dir = tempDir();
    try {
      const tgz = makeTarball(dir, "tiny", { "src/sum.js": "export const x = 1;\n" });
      const dep = makeTarball(dir, "dep", { "index.d.ts": "export type N = number[];\n" });
      const pkg = spec(tgz, {
        dependencies: [{ name: "@scope/dep", version: "2.0.0", integrity: integrityOf(readFileSync(dep)), tarball: pathToFileURL(dep).href }],
      });
      const cache = path.join(dir, "cache");
      const first = await fetchPackage(pkg, cache);
      assert.equal(first.from, "download");
      assert.equal(readFileSync(path.join(first.root, "src/sum.js"), "utf8"), "export const x = 1;\n");
      assert.ok(existsSync(path.join(first.root, "node_modules", "@scope", "dep", "index.d.ts")), "the dependency is in node_modules/");

      rmSync(tgz);
      rmSync(dep);
      const second = await fetchPackage(pkg, cache);
      assert.equal(second.from, "cache");
      assert.equal(second.root, first.root);
      assert.equal(readFileSync(path.join(second.root, "src/sum.js"), "utf8"), "export const x = 1;\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a tarball that does not match the pinned integrity is refused and not cached", async () => {
    const dir = tempDir();
    try {
      const tgz = makeTarball(dir, "tiny", { "src/sum.js": "export const x = 1;\n" });
      const other = makeTarball(dir, "other", { "src/sum.js": "export const x = 2;\n" });
      const pkg = spec(tgz, { integrity: integrityOf(readFileSync(other)) });
      const cache = path.join(dir, "cache");
      await assert.rejects(
        fetchPackage(pkg, cache),
        (err: Error) => err instanceof IntegrityError && /integrity mismatch for tiny@1\.0\.0: .* refusing to use it/.test(err.message),
      );
      assert.ok(!existsSync(path.join(cache, "tiny-1.0.0.tgz")), "the refused tarball was cached");
      assert.ok(!existsSync(path.join(cache, "extracted", "tiny-1.0.0")), "the refused tarball was extracted");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a corrupted cached tarball is replaced by a verified download", async () => {
    const dir = tempDir();
    try {
      const tgz = makeTarball(dir, "tiny", { "src/sum.js": "export const x = 1;\n" });
      const pkg = spec(tgz);
      const cache = path.join(dir, "cache");
      await fetchPackage(pkg, cache);
      writeFileSync(path.join(cache, "tiny-1.0.0.tgz"), "not a tarball");
      const messages: string[] = [];
      const again = await fetchPackage(pkg, cache, (m) => messages.push(m));
      assert.equal(again.from, "download");
      assert.match(messages.join("\n"), /does not match tiny@1\.0\.0's pinned integrity/);
      assert.equal(integrityOf(readFileSync(path.join(cache, "tiny-1.0.0.tgz"))), pkg.integrity);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("sourceFiles keeps code under the source roots and drops declarations, minified bundles and tests", () => {
    const dir = tempDir();
    try {
      for (const rel of ["src/a.js", "src/b.ts", "src/b.d.ts", "src/c.min.js", "src/__tests__/a.test.js", "src/d.spec.ts", "lib/a.js", "src/e.json"]) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), "");
      }
      assert.deepEqual(sourceFiles(spec(path.join(dir, "x.tgz"), { integrity: TINY.integrity }), dir), ["src/a.js", "src/b.ts"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("realworld: scoring", () => {
  test("labels of two packages with the same path do not match each other's findings", () => {
    const labels = parseLabels([label(), label({ package: "other", line: 3, endLine: 5 })], "labels.json", [TINY, { ...TINY, name: "other" }], RULES);
    const report: Report = { file: fileKey("other", "src/sum.js"), rule: "manual-reduction", line: 4, endLine: 4, safeFix: false };
    const result = score([report], labels, new Map(), RULES);
    assert.equal(result.total.tp, 1);
    assert.equal(result.scored[0].entry?.package, "other");
    assert.deepEqual(result.falseNegatives.map((e) => e.package), ["tiny"]);
  });
});
