// The built CLI (dist/cli.js) on temporary projects: output formats, exit codes, --fix, config, rules, bench.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv from "ajv";
import type * as Sarif from "sarif";
import { ADD_TEN_SOURCE } from "../add-ten";

const repo = path.resolve(__dirname, "..", "..");
const cliJs = path.join(repo, "dist", "cli.js");
const SARIF_SCHEMA = path.join(repo, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");

const ADD_TEN = ADD_TEN_SOURCE;
const LOOP_LINE = 3; // 1-based
const CLEAN = "export function first(x: Float64Array): number {\n  return x[0];\n}\n";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh project: src/add.ts (one finding), src/clean.ts, and loops under node_modules/ and dist/ that must be skipped. */
function makeProject(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-cli-"));
  const files: Record<string, string> = {
    "src/add.ts": ADD_TEN,
    "src/clean.ts": CLEAN,
    "node_modules/dep/index.ts": ADD_TEN,
    "dist/add.ts": ADD_TEN,
    "src/types.d.ts": "export declare const n: number;\n",
    // the project has the runtime its fixes import (runtime-fix.test.ts covers projects without it)
    "node_modules/@arraylint/runtime/package.json": JSON.stringify({ name: "@arraylint/runtime", version: "0.1.0", types: "index.d.ts" }),
    "node_modules/@arraylint/runtime/index.d.ts": "export declare function add(a: unknown, b: unknown, o?: unknown): unknown;\n",
    ...extra,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const projects: string[] = [];
function project(extra?: Record<string, string>): string {
  const dir = makeProject(extra);
  projects.push(dir);
  return dir;
}

before(() => {
  if (!fs.existsSync(cliJs)) {
    // `npm test` builds first; a lone run of this file builds the CLI it needs
    const built = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
    assert.equal(built.status, 0, `npm run build:server failed:\n${built.stderr}`);
  }
});
after(() => projects.forEach((p) => fs.rmSync(p, { recursive: true, force: true })));

interface EslintJson {
  filePath: string;
  messages: Array<{ ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number; fix?: { range: [number, number]; text: string } }>;
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

describe("arraylint check", () => {
  test("text: findings grouped by file, exit 1; a clean folder exits 0", () => {
    const dir = project();
    const r = cli(dir, "check", "src");
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^src[\\/]add\.ts$/m);
    assert.match(r.stdout, new RegExp(`^  ${LOOP_LINE}:3 +warning .*elementwise-loop`, "m"));
    assert.match(r.stdout, /1 problem \(0 errors, 1 warning\)/);
    assert.doesNotMatch(r.stdout, /clean\.ts|node_modules|dist/);
    fs.rmSync(path.join(dir, "src", "add.ts"));
    const clean = cli(dir, "check", ".");
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /no problems \(1 file checked\)/, "node_modules/, dist/ and .d.ts files are not walked");
  });

  test("json: ESLint's formatter shape, 1-based positions, a fix only for safe fixes", () => {
    const dir = project();
    const r = cli(dir, "check", "src", "--format", "json");
    assert.equal(r.status, 1, r.stderr);
    const results = JSON.parse(r.stdout) as EslintJson[];
    assert.deepEqual(results.map((f) => path.relative(dir, f.filePath)).sort(), [path.join("src", "add.ts"), path.join("src", "clean.ts")]);
    const add = results.find((f) => f.filePath.endsWith("add.ts"))!;
    const clean = results.find((f) => f.filePath.endsWith("clean.ts"))!;
    assert.deepEqual(clean.messages, []);
    assert.equal(add.messages.length, 1);
    const [m] = add.messages;
    assert.equal(m.ruleId, "elementwise-loop");
    assert.equal(m.severity, 1);
    assert.equal(m.line, LOOP_LINE);
    assert.equal(m.column, 3);
    assert.equal(m.endLine, LOOP_LINE + 2);
    assert.equal(m.endColumn, 4);
    assert.deepEqual([add.errorCount, add.warningCount, add.fixableErrorCount, add.fixableWarningCount], [0, 1, 0, 1]);
    assert.ok(m.fix, "safe fix present");
    const [start, end] = m.fix.range;
    const fixed = ADD_TEN.slice(0, start) + m.fix.text + ADD_TEN.slice(end);
    assert.doesNotMatch(fixed, /for \(/);
    assert.match(fixed, /import \* as nd from "@arraylint\/runtime";/);
    assert.match(fixed, /nd\.add\(x, 10, \{ out: y \}\)/);
  });

  test("sarif: valid against the SARIF 2.1.0 schema, with rule metadata and regions", () => {
    const dir = project();
    const r = cli(dir, "check", "src", "--format", "sarif");
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    // the OASIS schema is draft-04 ("id" instead of "$id"); ajv 8 reads it once that key is renamed
    const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, "utf8")) as Record<string, unknown>;
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // the validator is not vacuous: a result without a message is rejected
    const broken = structuredClone(log);
    delete (broken.runs[0].results![0] as Partial<Sarif.Result>).message;
    assert.equal(validate(broken), false);

    assert.equal(log.version, "2.1.0");
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, "arraylint");
    const rule = run.tool.driver.rules!.find((d) => d.id === "elementwise-loop")!;
    assert.ok(rule.shortDescription?.text);
    // the docs page in the repository (package.json "repository"), never this machine's file:// path
    assert.equal(rule.helpUri, "https://example.invalid/arraylint/blob/main/docs/rules/elementwise-loop.md");
    assert.ok(run.tool.driver.rules!.every((d) => !d.helpUri!.startsWith("file:")));
    assert.deepEqual(run.originalUriBaseIds?.["%SRCROOT%"], { uri: pathToFileURL(dir).href + "/" });
    assert.equal(rule.defaultConfiguration?.level, "warning");
    assert.equal(run.results!.length, 1);
    const [result] = run.results!;
    assert.equal(result.ruleId, "elementwise-loop");
    assert.equal(run.tool.driver.rules![result.ruleIndex!].id, "elementwise-loop");
    assert.equal(result.level, "warning");
    const loc = result.locations![0].physicalLocation!;
    assert.deepEqual(loc.artifactLocation, { uri: "src/add.ts", uriBaseId: "%SRCROOT%" });
    assert.equal(loc.region!.startLine, LOOP_LINE);
    assert.equal(loc.region!.startColumn, 3);
    assert.equal(loc.region!.endLine, LOOP_LINE + 2);
    assert.ok(result.fixes?.[0]?.artifactChanges[0].replacements[0].insertedContent?.text?.includes("nd.add"));
  });

  test("--fix rewrites the file in place with the safe fix and then reports what is left", () => {
    const dir = project();
    const r = cli(dir, "check", "src", "--fix");
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /fixed 1 file in place/);
    const fixed = fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8");
    assert.doesNotMatch(fixed, /for \(/);
    assert.match(fixed, /^import \* as nd from "@arraylint\/runtime";/m);
    assert.match(fixed, /nd\.add\(x, 10, \{ out: y \}\)/);
    assert.equal(fs.readFileSync(path.join(dir, "src", "clean.ts"), "utf8"), CLEAN, "files without fixes are untouched");
    const again = cli(dir, "check", "src", "--fix");
    assert.equal(again.status, 0);
    assert.equal(fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8"), fixed, "idempotent");
  });

  test("--fix never applies a safe fix measured slower; --calibration off goes by the rules alone", () => {
    // a max loop's safe fix (nd.nanmax) measured slower at every size in the committed calibration
    const MAX = "export function peak(x: Float64Array): number {\n  let m = -Infinity;\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > m) m = x[i];\n  }\n  return m;\n}\n";
    const dir = project({ "src/max.ts": MAX });
    const engineOnly = cli(dir, "check", "src/max.ts", "--calibration", "off", "--format", "json");
    assert.equal((JSON.parse(engineOnly.stdout) as EslintJson[])[0].messages.length, 1, "the engine flags the loop with a safe fix");
    assert.equal(cli(dir, "check", "src", "--fix").status, 0, "the max loop is not reported: its fix is slower everywhere");
    assert.equal(fs.readFileSync(path.join(dir, "src", "max.ts"), "utf8"), MAX, "and not rewritten");
    assert.doesNotMatch(fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8"), /for \(/, "the add loop, measured faster, is fixed");
    const rulesOnly = project({ "src/max.ts": MAX });
    cli(rulesOnly, "check", "src", "--fix", "--calibration", "off");
    assert.doesNotMatch(fs.readFileSync(path.join(rulesOnly, "src", "max.ts"), "utf8"), /for \(/, "--calibration off: every safe fix applies");
  });

  test("--rule filters; --max-warnings decides the exit code", () => {
    const dir = project();
    assert.equal(cli(dir, "check", "src", "--rule", "push-then-convert").status, 0);
    assert.equal(cli(dir, "check", "src", "--rule", "push-then-convert,elementwise-loop").status, 1);
    assert.equal(cli(dir, "check", "src", "--max-warnings", "1").status, 0);
    assert.equal(cli(dir, "check", "src", "--max-warnings", "0").status, 1);
  });

  test("configuration: severities, off, include/exclude from arraylint.config.json or package.json", () => {
    const off = project({ "arraylint.config.json": JSON.stringify({ rules: { "elementwise-loop": "off" } }) });
    assert.equal(cli(off, "check", "src").status, 0);

    const error = project({ "package.json": JSON.stringify({ name: "p", arraylint: { rules: { "elementwise-loop": "error" } } }) });
    const r = cli(error, "check", "src", "--format", "json");
    assert.equal(r.status, 1);
    const add = (JSON.parse(r.stdout) as EslintJson[]).find((f) => f.filePath.endsWith("add.ts"))!;
    assert.equal(add.messages[0].severity, 2);
    assert.equal(add.errorCount, 1);
    assert.equal(cli(error, "check", "src", "--max-warnings", "10").status, 1, "errors fail regardless of --max-warnings");

    const excluded = project({ "arraylint.config.json": JSON.stringify({ exclude: ["src/add.ts"] }) });
    const ex = cli(excluded, "check", ".");
    assert.equal(ex.status, 0, ex.stdout);
    // a file named explicitly is checked even when excluded, like ESLint
    assert.equal(cli(excluded, "check", "src/add.ts").status, 1);

    const included = project({ "lib/add.ts": ADD_TEN, "arraylint.config.json": JSON.stringify({ include: ["lib/**"] }) });
    const inc = cli(included, "check", ".", "--format", "json");
    assert.deepEqual((JSON.parse(inc.stdout) as EslintJson[]).map((f) => path.relative(included, f.filePath)), [path.join("lib", "add.ts")]);

    const explicit = project({ "cfg/strict.json": JSON.stringify({ rules: { "elementwise-loop": "off" } }) });
    assert.equal(cli(explicit, "check", "src", "--config", "cfg/strict.json").status, 0);
  });

  test("usage and configuration errors exit 2 with a clear message", () => {
    const dir = project();
    const cases: Array<[string[], RegExp]> = [
      [[], /Usage:/],
      [["check"], /needs at least one file or folder/],
      [["check", "missing/"], /no such file or folder: missing\//],
      [["check", "src", "--format", "xml"], /--format must be text, json or sarif/],
      [["check", "src", "--bogus"], /Unknown option '--bogus'/],
      [["check", "src", "--rule", "no-such-rule"], /unknown rule "no-such-rule"/],
      [["check", "src", "--max-warnings=-1"], /--max-warnings expects a non-negative integer/],
      [["frobnicate"], /unknown command "frobnicate"/],
      [["bench", "src/add.ts"], /bench expects FILE:LINE/],
    ];
    for (const [args, message] of cases) {
      const r = cli(dir, ...args);
      assert.equal(r.status, 2, `arraylint ${args.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, message, `arraylint ${args.join(" ")}`);
    }
    fs.writeFileSync(path.join(dir, "arraylint.config.json"), "{ rules: ");
    const bad = cli(dir, "check", "src");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /arraylint\.config\.json: invalid JSON/);
    fs.writeFileSync(path.join(dir, "arraylint.config.json"), JSON.stringify({ rules: { "elementwise-loop": "loud" } }));
    assert.match(cli(dir, "check", "src").stderr, /rules\.elementwise-loop: expected one of "error", "warning", "info", "hint", "off", got "loud"/);
  });
});

describe("arraylint check: files it cannot (fully) analyse, and what it skips", () => {
  const noStack = (r: Run) => assert.doesNotMatch(r.stdout + r.stderr, /internal error|\n\s+at .*:\d+:\d+\)?/, "no stack trace");

  test("a FIFO, a character device, a 10,000-deep file and a 5 MB file: a note each, no stack, exit 2 (incomplete)", (t) => {
    const deep = "export const v = " + "(\n".repeat(10_000) + "1" + "\n)".repeat(10_000) + ";\n";
    const fn = (i: number) => `export function f${i}(x: Float64Array, y: Float64Array): void {\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + ${i};\n}\n`;
    const huge = Array.from({ length: 45_000 }, (_, i) => fn(i)).join("");
    assert.ok(huge.length > 5e6);
    const dir = project({ "src/deep.ts": deep, "src/huge.js": huge });
    const cases: Array<[string, RegExp]> = [
      ["src/deep.ts", /src[\\/]deep\.ts\n\s+note\s+the parser could not finish \(nesting too deep/],
      ["src/huge.js", /not analysed: \d\.\d MB is over the 2 MB file size limit/],
    ];
    if (fs.existsSync("/dev/zero")) cases.push(["/dev/zero", /not analysed: a character device, not a regular file/]);
    try {
      spawnSync("mkfifo", [path.join(dir, "src", "pipe.ts")]);
    } catch {
      t.diagnostic("mkfifo unavailable");
    }
    if (fs.existsSync(path.join(dir, "src", "pipe.ts"))) cases.push(["src/pipe.ts", /not analysed: a FIFO \(named pipe\), not a regular file/]);
    for (const [file, note] of cases) {
      const r = cli(dir, "check", file);
      assert.equal(r.status, 2, `${file}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, note, file);
      assert.match(r.stdout, /1 file was not fully analysed: the run is incomplete/);
      noStack(r);
    }
    // the folder walk passes the FIFO by; the other files are checked and the run is still incomplete
    const all = cli(dir, "check", "src", "--format", "json");
    assert.equal(all.status, 2, all.stderr);
    const results = JSON.parse(all.stdout) as EslintJson[];
    const deepResult = results.find((f) => f.filePath.endsWith("deep.ts"))!;
    assert.deepEqual(deepResult.messages.map((m) => [m.ruleId, m.severity]), [[null, 1]]);
    assert.match(deepResult.messages[0].message, /^arraylint: the parser could not finish/);
    assert.equal(results.find((f) => f.filePath.endsWith("add.ts"))!.messages[0].ruleId, "elementwise-loop");
    assert.match(all.stderr, /huge\.js: not analysed: \d\.\d MB is over/);
    assert.match(all.stderr, /2 files were not fully analysed/);
    noStack(all);
    // a larger cap reads the 5 MB file; the JSON output stays small (no fix copies the file) and the budget bounds the time
    const capped = cli(dir, "check", "src/huge.js", "--max-file-size", "8MB", "--format", "json");
    assert.ok([1, 2].includes(capped.status!), capped.stderr);
    assert.ok(capped.stdout.length < 20e6, `${capped.stdout.length} characters of JSON`);
    noStack(capped);
  });

  test("sarif carries the notes as toolExecutionNotifications and executionSuccessful: false", () => {
    const dir = project({ "src/deep.ts": "export const v = " + "[\n".repeat(10_000) + "\n]".repeat(10_000) + ";\n", "src/broken.ts": "let x = (;\n" });
    const r = cli(dir, "check", "src", "--format", "sarif");
    assert.equal(r.status, 2, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const invocation = log.runs[0].invocations![0];
    assert.equal(invocation.executionSuccessful, false);
    const notes = invocation.toolExecutionNotifications!.map((n) => [n.descriptor?.id, n.level, n.locations?.[0].physicalLocation?.artifactLocation?.uri]);
    assert.deepEqual(notes, [["syntax-error", "error", "src/broken.ts"], ["parse-failed", "warning", "src/deep.ts"]]);
    const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, "utf8")) as Record<string, unknown>;
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  test("a file with a syntax error: not analysed, no fix; exit 1, and 2 with --fix, which leaves it unchanged", () => {
    const broken = ADD_TEN.replace("const y = new Float64Array(x.length);", "const y = new Float64Array(x.length;");
    const dir = project({ "src/broken.ts": broken });
    const r = cli(dir, "check", "src/broken.ts");
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /1 file has syntax errors, not analysed/);
    assert.match(r.stdout, /2:\d+ +note +syntax error at line 2: '\)' expected; not analysed/);
    const json = JSON.parse(cli(dir, "check", "src/broken.ts", "--format", "json").stdout) as Array<EslintJson & { fatalErrorCount: number }>;
    assert.deepEqual(json[0].messages.map((m) => [m.ruleId, m.severity, (m as { fatal?: boolean }).fatal, m.line]), [[null, 2, true, 2]]);
    assert.equal(json[0].fatalErrorCount, 1);
    const fixed = cli(dir, "check", "src", "--fix");
    assert.equal(fixed.status, 2, fixed.stdout + fixed.stderr);
    assert.equal(fs.readFileSync(path.join(dir, "src", "broken.ts"), "utf8"), broken, "the broken file is left alone");
    assert.doesNotMatch(fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8"), /for \(/, "the other file is fixed");
  });

  test("a path with nothing to analyse exits 2 with a clear message", () => {
    const dir = project({ "docs/readme.md": "# hi\n", "only-tests/a.test.ts": ADD_TEN, "vendored/vendor/a.ts": ADD_TEN });
    fs.mkdirSync(path.join(dir, "empty"));
    for (const p of ["docs", "only-tests", "vendored", "empty"]) {
      const r = cli(dir, "check", p);
      assert.equal(r.status, 2, `${p}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /no TypeScript or JavaScript files to check in /);
    }
  });

  test("the walk skips vendored, .gitignored and test files unless --no-default-ignore; named files are always checked", () => {
    const dir = project({
      "src/vendor/lib.ts": ADD_TEN,
      "src/third_party/lib.ts": ADD_TEN,
      "libs/lib.ts": ADD_TEN,
      "build/out.ts": ADD_TEN,
      "src/gen/keep.ts": ADD_TEN,
      "src/gen/drop.ts": ADD_TEN,
      "src/__tests__/a.ts": ADD_TEN,
      "src/add.test.ts": ADD_TEN,
      "src/add.spec.mjs": ADD_TEN.replace(/: \w+/g, ""),
      ".gitignore": "# build output\n/build/\nsrc/gen/*\n!src/gen/keep.ts\n",
    });
    const files = (r: Run) => (JSON.parse(r.stdout) as EslintJson[]).map((f) => path.relative(dir, f.filePath).split(path.sep).join("/")).sort();
    const walked = cli(dir, "check", ".", "--format", "json");
    assert.deepEqual(files(walked), ["src/add.ts", "src/clean.ts", "src/gen/keep.ts"]);
    const everything = cli(dir, "check", ".", "--format", "json", "--no-default-ignore");
    assert.deepEqual(files(everything), [
      "build/out.ts", "libs/lib.ts", "src/__tests__/a.ts", "src/add.spec.mjs", "src/add.test.ts", "src/add.ts", "src/clean.ts",
      "src/gen/drop.ts", "src/gen/keep.ts", "src/third_party/lib.ts", "src/vendor/lib.ts",
    ]);
    assert.deepEqual(files(cli(dir, "check", "src/vendor/lib.ts", "src/add.test.ts", "--format", "json")), ["src/add.test.ts", "src/vendor/lib.ts"]);
    fs.writeFileSync(path.join(dir, "arraylint.config.json"), JSON.stringify({ ignoreTests: false }));
    assert.ok(files(cli(dir, "check", "src", "--format", "json")).includes("src/add.test.ts"), "ignoreTests: false takes test files");
  });

  test("generated and minified code is skipped with a note (exit 0), --include-generated analyses it", () => {
    const minified = Array.from({ length: 60 }, (_, i) => `function f${i}(a,b){for(var i=0;i<a.length;i++)b[i]=a[i]+${i};return b}`).join(";") + "\n";
    const dir = project({ "src/add.ts": CLEAN, "src/bundle.min.js": minified, "src/gen.ts": "// @generated by a tool\n" + ADD_TEN });
    const r = cli(dir, "check", "src");
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /note +skipped: minified code/);
    assert.match(r.stdout, /note +skipped: marked @generated/);
    assert.match(r.stdout, /2 files skipped as generated or minified code \(--include-generated to analyse\)/);
    assert.equal(cli(dir, "check", "src", "--include-generated").status, 1);
  });

  test("a BOM file: columns as editors show them, and --fix keeps the BOM first", () => {
    const dir = project({ "src/add.ts": "\uFEFF" + ADD_TEN.replace(/\n/g, "\r\n") });
    const json = JSON.parse(cli(dir, "check", "src/add.ts", "--format", "json").stdout) as EslintJson[];
    assert.deepEqual([json[0].messages[0].line, json[0].messages[0].column], [LOOP_LINE, 3]);
    assert.equal(cli(dir, "check", "src/add.ts", "--fix").status, 0);
    const fixed = fs.readFileSync(path.join(dir, "src", "add.ts"), "utf8");
    assert.ok(fixed.startsWith('\uFEFFimport * as nd from "@arraylint/runtime";\r\n'), JSON.stringify(fixed.slice(0, 60)));
    assert.doesNotMatch(fixed, /[^\r]\n/, "CRLF kept");
  });

  test("--max-file-size: sizes like 1kB, and a clear error for nonsense", () => {
    const dir = project();
    const r = cli(dir, "check", "src/add.ts", "--max-file-size", "100");
    assert.equal(r.status, 2);
    assert.match(r.stdout, /not analysed: \d+ bytes is over the 100 bytes file size limit/);
    assert.equal(cli(dir, "check", "src/add.ts", "--max-file-size", "1kB").status, 1);
    const bad = cli(dir, "check", "src", "--max-file-size", "big");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--max-file-size expects a size like 2MB/);
  });
});

describe("arraylint rules / --help / --version", () => {
  test("rules --json lists every rule with its docs; rules prints them", () => {
    const r = cli(repo, "rules", "--json");
    assert.equal(r.status, 0, r.stderr);
    const rules = JSON.parse(r.stdout) as Array<{ id: string; summary: string; defaultSeverity: string; fixability: string; docsPath: string; docs: string }>;
    assert.deepEqual(rules.map((x) => x.id), ["elementwise-loop", "push-then-convert", "manual-reduction", "oversized-dtype"]);
    for (const rule of rules) {
      assert.equal(rule.docsPath, `docs/rules/${rule.id}.md`);
      assert.equal(typeof rule.docs, "string");
      assert.ok(["error", "warning", "info", "hint"].includes(rule.defaultSeverity));
    }
    const text = cli(repo, "rules");
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^elementwise-loop {2}\(warning, fix: safe\)$/m);
  });

  test("--version prints the package version, --help the usage", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as { version: string };
    assert.equal(cli(repo, "--version").stdout.trim(), version);
    const help = cli(repo, "--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /arraylint check PATHS\.\.\./);
    assert.match(help.stdout, /arraylint bench FILE:LINE/);
  });
});

describe("arraylint bench", () => {
  test("FILE:LINE runs the finding's before/after benchmark in a child process and prints the result object", () => {
    const dir = project();
    const r = cli(dir, "bench", `src/add.ts:${LOOP_LINE}`, "--json", "--size", "20000", "--time-budget", "3000");
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const result = JSON.parse(r.stdout) as { ruleId: string; file: string; line: number; equivalent: boolean; before: { medianNs: number }; after: { medianNs: number }; speedup: number; inputs: { size: number }; error?: string };
    assert.equal(result.error, undefined);
    assert.equal(result.ruleId, "elementwise-loop");
    assert.equal(result.file, path.join(dir, "src", "add.ts"));
    assert.equal(result.line, LOOP_LINE);
    assert.equal(result.inputs.size, 20000);
    assert.equal(result.equivalent, true);
    assert.ok(result.before.medianNs > 0 && result.after.medianNs > 0 && result.speedup > 0);
    // a line inside the loop finds the same finding; text output is the one-line summary
    const text = cli(dir, "bench", `src/add.ts:${LOOP_LINE + 1}`, "--size", "20000", "--time-budget", "3000");
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^at 20,000 elements: before .* · after .*outputs match/);
  });

  test("a line without a finding has nothing to measure: exit 1 and a message, not a usage error", () => {
    const dir = project();
    const r = cli(dir, "bench", "src/add.ts:1");
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /nothing to measure: no arraylint finding at src\/add\.ts:1 \(findings start at lines? [\d, ]*\b3\b/);
    assert.doesNotMatch(r.stderr, /--help/);
  });
});
