// Config loading (server/config.ts) and how editor settings merge over it (server/lsp/settings.ts).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, findConfigFile, globToRegExp, isIncluded, loadConfigFor, parseConfig, toAnalyzeOptions } from "../../server/config";
import { DEFAULT_SETTINGS, analyzeOptionsFor, normalizeSettings } from "../../server/lsp/settings";
import { mergeEdits } from "../../server/format/report";
import { GitIgnore } from "../../server/gitignore";
import { spawnSync } from "node:child_process";

describe("globToRegExp", () => {
  const table: Array<[glob: string, path: string, matches: boolean]> = [
    ["src/**", "src/a.ts", true],
    ["src/**", "src/deep/er/a.ts", true],
    ["src/**", "lib/a.ts", false],
    ["**/*.gen.ts", "a.gen.ts", true],
    ["**/*.gen.ts", "x/y/a.gen.ts", true],
    ["**/*.gen.ts", "x/y/a.ts", false],
    ["*.ts", "a.ts", true],
    ["*.ts", "x/a.ts", false], // a single star stays within one folder
    ["src/*.{ts,tsx}", "src/a.tsx", true],
    ["src/*.{ts,tsx}", "src/a.js", false],
    ["src/?.ts", "src/a.ts", true],
    ["src/?.ts", "src/ab.ts", false],
    ["generated", "generated/a.ts", true], // a bare folder name covers what is below it
    ["./src/a.ts", "src/a.ts", true],
    ["src/a.ts", "src/a+ts", false], // regex metacharacters are literal
    ["src/[ab].ts", "src/b.ts", true],
    ["src/[!ab].ts", "src/b.ts", false],
  ];
  for (const [glob, p, expected] of table) {
    test(`${glob} ${expected ? "matches" : "does not match"} ${p}`, () => {
      assert.equal(globToRegExp(glob).test(p), expected);
    });
  }
});

describe("parseConfig", () => {
  test("reads every option", () => {
    const c = parseConfig(
      { rules: { "elementwise-loop": "warn", "oversized-dtype": 0, "manual-reduction": ["error", {}] }, include: "src/**", exclude: ["**/gen/**"], runtimeImport: "my-nd", minArraySize: 64, explain: true, fix: { allowReassociation: true } },
      "cfg",
      "/p",
    );
    assert.deepEqual(c.rules, { "elementwise-loop": "warning", "oversized-dtype": "off", "manual-reduction": "error" });
    assert.deepEqual([c.include, c.exclude, c.runtimeImport, c.minArraySize, c.explain, c.allowReassociation], [["src/**"], ["**/gen/**"], "my-nd", 64, true, true]);
    assert.deepEqual(toAnalyzeOptions(c, { rules: ["elementwise-loop"] }), {
      runtimeImport: "my-nd", severities: c.rules, explain: true, allowReassociation: true, rules: ["elementwise-loop"], minArraySize: 64,
    });
  });

  const invalid: Array<[unknown, RegExp]> = [
    [[], /must be a JSON object/],
    [{ rulez: {} }, /unknown option "rulez"/],
    [{ rules: { "no-such-rule": "off" } }, /unknown rule "no-such-rule"/],
    [{ rules: { "elementwise-loop": "loud" } }, /rules\.elementwise-loop: expected one of/],
    [{ include: [1] }, /"include": expected a glob or an array of globs/],
    [{ runtimeImport: "" }, /"runtimeImport" must be a non-empty module specifier/],
    [{ minArraySize: -1 }, /"minArraySize" must be a non-negative number/],
    [{ fix: { allowReassociation: "yes" } }, /"fix.allowReassociation" must be true or false/],
  ];
  for (const [raw, message] of invalid) {
    test(`rejects ${JSON.stringify(raw)} naming the problem`, () => {
      assert.throws(() => parseConfig(raw, "cfg", "/p"), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});

describe("config files on disk", () => {
  test("the nearest arraylint.config.json or package.json \"arraylint\" key wins; globs are relative to it", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-config-"));
    try {
      fs.mkdirSync(path.join(root, "pkg", "src", "deep"), { recursive: true });
      fs.writeFileSync(path.join(root, "arraylint.config.json"), JSON.stringify({ rules: { "elementwise-loop": "error" } }));
      fs.writeFileSync(path.join(root, "pkg", "package.json"), JSON.stringify({ name: "pkg", arraylint: { exclude: ["src/deep/**"] } }));
      const inPkg = path.join(root, "pkg", "src", "deep", "a.ts");
      assert.equal(findConfigFile(path.dirname(inPkg)), path.join(root, "pkg", "package.json"));
      const config = loadConfigFor(inPkg);
      assert.equal(config.baseDir, path.join(root, "pkg"));
      assert.equal(isIncluded(config, inPkg), false);
      assert.equal(isIncluded(config, path.join(root, "pkg", "src", "b.ts")), true);
      // a package.json without the key is passed over
      fs.writeFileSync(path.join(root, "pkg", "package.json"), JSON.stringify({ name: "pkg" }));
      assert.deepEqual(loadConfigFor(inPkg).rules, { "elementwise-loop": "error" });
      // the stop folder bounds the search (an editor's workspace folder)
      assert.equal(findConfigFile(path.join(root, "pkg", "src"), path.join(root, "pkg")), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("editor settings over the config file", () => {
  test("normalizeSettings reads VS Code's nested section and flat keys, and ignores bad values with a warning", () => {
    const warnings: string[] = [];
    const s = normalizeSettings({ enable: false, "fix.allowReassociation": true, bench: { size: 500, timeBudgetMs: "fast" }, rules: { "oversized-dtype": "off", nope: "off" } }, (w) => warnings.push(w));
    assert.deepEqual(s, { ...DEFAULT_SETTINGS, enable: false, fix: { allowReassociation: true }, bench: { size: 500, timeBudgetMs: 4000 }, rules: { "oversized-dtype": "off" } });
    assert.equal(warnings.length, 2, warnings.join("\n"));
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
  });

  test("a setting at its default leaves the config file's value; a changed setting or rule severity wins", () => {
    const config = parseConfig({ runtimeImport: "cfg-nd", explain: true, rules: { "elementwise-loop": "error", "oversized-dtype": "off" } }, "cfg", "/p");
    const defaults = analyzeOptionsFor(config, DEFAULT_SETTINGS);
    assert.equal(defaults.runtimeImport, "cfg-nd");
    assert.equal(defaults.explain, true);
    const changed = analyzeOptionsFor(config, { ...DEFAULT_SETTINGS, runtimeImport: "editor-nd", rules: { "elementwise-loop": "hint" } });
    assert.equal(changed.runtimeImport, "editor-nd");
    assert.deepEqual(changed.severities, { "elementwise-loop": "hint", "oversized-dtype": "off" });
  });
});

describe("mergeEdits (ESLint's single-replacement fix)", () => {
  test("folds an import at the top and a loop replacement into one span, keeping the text between", () => {
    const text = "const a = 1;\nfor (;;) x();\n";
    const merged = mergeEdits(text, [{ start: 13, end: 26, newText: "y();" }, { start: 0, end: 0, newText: "import z;\n" }])!;
    assert.deepEqual([merged.start, merged.end], [0, 26]);
    assert.equal(text.slice(0, merged.start) + merged.text + text.slice(merged.end), "import z;\nconst a = 1;\ny();\n");
  });
});

describe("config files and .gitignore are read safely", () => {
  test("an arraylint.config.json that is a FIFO is a configuration error at once, not a hang", (t) => {
    // named pipes are a POSIX thing: skipped on Windows only, elsewhere a missing mkfifo fails the test
    if (process.platform === "win32") {
      t.skip("no mkfifo on Windows");
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-cfg-fifo-"));
    try {
      const fifo = path.join(dir, "arraylint.config.json");
      const made = spawnSync("mkfifo", [fifo]);
      assert.equal(made.status, 0, `mkfifo failed: ${made.stderr}`);
      const t0 = performance.now();
      assert.throws(() => loadConfigFor(path.join(dir, "a.ts")), (e: unknown) => e instanceof ConfigError && /a FIFO \(named pipe\), not a regular file/.test(e.message));
      assert.ok(performance.now() - t0 < 1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("gitignore rules: anchoring, folders only, negation, **, escapes; the last match wins", () => {
    const base = path.resolve("/repo");
    const ignore = GitIgnore.fromText("# comment\n/build/\n*.log\n!keep.log\ndocs/**/gen\n\\#hash\nsub/x.ts\nfolder/\n", base);
    const table: Array<[string, boolean, boolean]> = [
      ["build", true, true],
      ["build", false, false], // "build/" matches folders only
      ["src/build", true, false], // anchored by the leading slash
      ["a.log", false, true],
      ["deep/er/b.log", false, true], // no slash: any depth
      ["keep.log", false, false], // negated
      ["docs/gen", true, true], // "**/" matches zero folders
      ["docs/a/b/gen", true, true],
      ["#hash", false, true],
      ["sub/x.ts", false, true],
      ["other/sub/x.ts", false, false], // a middle slash anchors too
      ["x/folder", true, true],
    ];
    for (const [rel, isDir, ignored] of table) assert.equal(ignore.ignores(path.join(base, rel), isDir), ignored, `${rel}${isDir ? "/" : ""}`);
  });
});
