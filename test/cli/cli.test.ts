// The built CLI (dist/cli.js) on temporary projects: output formats, exit codes, --fix, config, rules, bench.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import type * as Sarif from "sarif";

const repo = path.resolve(__dirname, "..", "..");
const cliJs = path.join(repo, "dist", "cli.js");
const SARIF_SCHEMA = path.join(repo, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");

const ADD_TEN = [
  "export function addTen(x: Float64Array): Float64Array {",
  "  const y = new Float64Array(x.length);",
  "  for (let i = 0; i < x.length; i++) {",
  "    y[i] = x[i] + 10;",
  "  }",
  "  return y;",
  "}",
  "",
].join("\n");
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
    assert.match(rule.helpUri!, /^file:\/\/.*\/docs\/rules\/elementwise-loop\.md$/);
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
