// From measurements to advice (server/calibrate): keys, interpolation, the assessment of a finding at
// its size, and what the CLI reports for the cases issue 10 names — the 9-element .reduce sum, the
// rank-4 dot and a number[] sum of unknown size — with the committed calibration table.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BenchSpec, Finding } from "../../server/engine/types";
import { applyCalibration, assessFinding } from "../../server/calibrate/apply";
import { calibrationKey } from "../../server/calibrate/key";
import { lookup, pointAt, runtimeId, type CalibrationTable } from "../../server/calibrate/table";
import { calibrate } from "../../server/calibrate/run";
import { runtimePath } from "../bench-harness/helpers";

const repo = path.resolve(__dirname, "../..");
const f64 = (name: string, role: "input" | "output" = "input") => ({ name, type: "Float64Array", role, length: "n" as const });
const addSpec: BenchSpec = { before: "for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;", after: "nd.add(x, 10, { out: y });", variables: [f64("x"), f64("y", "output")] };

function finding(spec: BenchSpec, safe = true): Finding {
  return {
    ruleId: "elementwise-loop", messageId: "call", message: "Element-wise loop.", severity: "warning",
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } }, start: 0, end: 10,
    fix: { title: "Replace the loop", safe, edits: [], addImports: [] }, bench: spec,
  };
}

/** A table with one entry for addSpec: `speedups` at sizes 16, 1e3, 1e5, 1e6, CIs ±3%. */
function table(speedups: number[]): CalibrationTable {
  const { key, family } = calibrationKey("elementwise-loop", addSpec);
  const sizes = [16, 1000, 100_000, 1_000_000];
  return {
    version: 1, runtime: runtimeId(), measuredAt: "2025-01-01T00:00:00Z", load: [0, 0, 0], cpus: 2, sizes,
    entries: [{ key, family, ruleId: "elementwise-loop", fixture: "t", safe: true, points: sizes.map((size, i) => ({ size, speedup: speedups[i], ci: [speedups[i] * 0.97, speedups[i] * 1.03] as [number, number] })) }],
  };
}

describe("keys and tables", () => {
  test("a key names the runtime call and the dtypes, not the variable names", () => {
    const renamed: BenchSpec = { ...addSpec, before: addSpec.before.replace(/x/g, "a"), after: "nd.add(a, 3.5, { out: b });", variables: [f64("a"), f64("b", "output")] };
    assert.deepEqual(calibrationKey("elementwise-loop", renamed), calibrationKey("elementwise-loop", addSpec));
    assert.equal(calibrationKey("elementwise-loop", addSpec).key, "elementwise-loop nd.add(Float64Array, k, { out: Float64Array });");
    const list = { ...addSpec, variables: [{ ...f64("x"), type: "number[]" }, f64("y", "output")] };
    assert.notEqual(calibrationKey("elementwise-loop", list).key, calibrationKey("elementwise-loop", addSpec).key);
  });

  test("log–log interpolation between calibrated sizes, clamped outside", () => {
    const points = [{ size: 10, speedup: 0.1, ci: [0.09, 0.11] as [number, number] }, { size: 1000, speedup: 10, ci: [9, 11] as [number, number] }];
    assert.ok(Math.abs(pointAt(points, 100)!.speedup - 1) < 1e-9);
    assert.equal(pointAt(points, 1)!.speedup, 0.1);
    assert.equal(pointAt(points, 1e6)!.speedup, 10);
  });

  test("a key without its own entry takes its family's most pessimistic measurement", () => {
    const t = table([0.5, 2, 2, 2]);
    const other = { ...t.entries[0], key: "other", points: t.entries[0].points.map((p) => ({ ...p, speedup: p.speedup * 0.5, ci: [p.ci[0] * 0.5, p.ci[1] * 0.5] as [number, number] })) };
    const found = lookup({ ...t, entries: [t.entries[0], other] }, "unknown key", t.entries[0].family)!;
    assert.equal(found.exact, false);
    assert.deepEqual(found.points.map((p) => p.speedup), [0.25, 1, 1, 1]);
  });
});

describe("assessing a finding at its size", () => {
  test("faster at the code's size: kept, applied automatically", () => {
    const a = assessFinding(finding(addSpec), { table: table([0.3, 2, 2.5, 1.8]), codeSizes: [100_000] });
    assert.deepEqual([a.status, a.severity, a.autoApply], ["faster", "keep", true]);
    assert.equal(a.sentence, "Measured on this runtime: 2.5× faster at 1e5 elements.");
  });

  test("slower at the code's size but faster at sizes it does not reach: information, not applied, the title gives the figure", () => {
    const a = assessFinding(finding(addSpec), { table: table([0.3, 2, 2.5, 1.8]), codeSizes: [16] });
    assert.deepEqual([a.status, a.severity, a.autoApply], ["faster-elsewhere", "info", false]);
    assert.equal(a.slowerHere, "measured 3.3× slower here");
  });

  test("about the same: information", () => {
    const a = assessFinding(finding(addSpec), { table: table([0.3, 1.05, 1.05, 1.05]), codeSizes: [] });
    assert.deepEqual([a.status, a.severity, a.autoApply], ["about-the-same", "info", true]);
  });

  test("slower at every size: silent", () => {
    const a = assessFinding(finding(addSpec), { table: table([0.01, 0.1, 0.2, 0.2]) });
    assert.deepEqual([a.status, a.severity, a.autoApply], ["slower-everywhere", "silent", false]);
  });

  test("unknown size: judged at 1e5, applied only when not slower from 1,000 elements up", () => {
    const a = assessFinding(finding(addSpec), { table: table([0.3, 0.9, 2, 2]) });
    assert.deepEqual([a.status, a.severity, a.autoApply], ["faster", "keep", false]);
    assert.equal(a.slowerHere, "measured 1.1× slower at 1,000 elements");
  });

  test("a benchmark of this exact code wins over the calibration", () => {
    const measured = { equivalent: true, sizeSource: "code" as const, sizes: [{ size: 9, speedup: 0.001, speedupCI: [0.0009, 0.0011] as [number, number] }] };
    const a = assessFinding(finding(addSpec), { table: table([2, 2, 2, 2]), measured });
    assert.deepEqual([a.status, a.autoApply, a.figure?.source], ["slower-everywhere", false, "benchmark"]);
  });

  test("not measured: unchanged severity, a safe fix is not applied automatically", () => {
    const a = assessFinding(finding(addSpec), {});
    assert.deepEqual([a.status, a.severity, a.autoApply], ["unmeasured", "keep", false]);
  });

  test("applyCalibration never raises a severity and drops fixes slower everywhere", () => {
    const hint = { ...finding(addSpec), severity: "hint" as const };
    const { findings } = applyCalibration([hint], { table: table([0.3, 2, 2.5, 1.8]), codeSizesOf: () => [16] });
    assert.equal(findings[0].severity, "hint");
    assert.match(findings[0].fix!.title, /, measured 3\.3× slower here$/);
    assert.equal(findings[0].fix!.autoApply, false);
    const { findings: none, silenced } = applyCalibration([finding(addSpec)], { table: table([0.01, 0.1, 0.2, 0.2]) });
    assert.deepEqual([none.length, silenced.length], [0, 1]);
  });
});

describe("the committed calibration on issue 10's cases (arraylint check)", () => {
  const fixture = path.join(repo, "test", "bench-harness", "fixtures", "sizes.ts");
  const lineOf = (text: string) => readFileSync(fixture, "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

  test("the 9-element .reduce sum, the rank-4 dot and a number[] sum of unknown size are at most information", () => {
    const r = spawnSync(process.execPath, [path.join(repo, "dist", "cli.js"), "check", fixture, "--format", "json"], { encoding: "utf8" });
    const messages = (JSON.parse(r.stdout) as Array<{ messages: Array<{ line: number; severity: number; message: string; measured?: { size: number } }> }>)[0].messages;
    const at = (line: number) => messages.find((m) => m.line === line);
    const reduce9 = at(lineOf("return k3.reduce"));
    const reduce64 = at(lineOf("return KERNEL.reduce"));
    const dot4 = at(lineOf("s += a[i] * b[i]") - 1);
    const unknownSum = at(lineOf("for (let i = 0; i < values.length; i++) s += values[i];"));
    // ESLint severity 1 covers warning and information: the figure and the size tell them apart
    assert.equal(reduce9, undefined, "a 9-element literal is too small to report at all (sizes.ts)");
    assert.ok(reduce64, "the 64-element .reduce sum is reported as information, with its measured slowdown");
    assert.match(reduce64.message, /Measured: [\d,.]+× slower at 64 elements\./);
    assert.ok(reduce64.message.length <= 120, `one short line: ${reduce64.message}`);
    assert.equal(reduce64.measured?.size, 64);
    assert.ok(dot4, "the rank-4 dot is reported as information");
    assert.match(dot4.message, /slower at 4 elements\./);
    assert.equal(unknownSum, undefined, "a number[] sum slower at every size is not reported");
    const text = spawnSync(process.execPath, [path.join(repo, "dist", "cli.js"), "check", fixture], { encoding: "utf8" }).stdout;
    for (const line of [lineOf("return KERNEL.reduce"), lineOf("s += a[i] * b[i]") - 1]) {
      assert.match(text, new RegExp(`^  ${line}:\\d+ +info `, "m"), `line ${line} is information:\n${text}`);
    }
  });
});

describe("calibrate", () => {
  test("measures a fixture's fix at the given sizes", async () => {
    const t = await calibrate({ sizes: [16, 4096], timeBudgetMs: 800, runtimePath, fixtures: [{ name: "add", source: "export function run(x: Float64Array): Float64Array {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    y[i] = x[i] + 10;\n  }\n  return y;\n}\n" }] });
    assert.equal(t.entries.length, 1);
    assert.equal(t.entries[0].key, "elementwise-loop nd.add(Float64Array, k, { out: Float64Array });");
    assert.deepEqual(t.entries[0].points.map((p) => p.size), [16, 4096]);
    assert.ok(t.entries[0].points.every((p) => p.speedup > 0 && p.ci[0] <= p.ci[1]));
    assert.equal(t.runtime.node, process.version);
  });
});
