// runBenchmark end to end: real child processes, small inputs. Never asserts timings, only that
// the numbers exist and are consistent with each other.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { runBenchmark } from "../../server/bench/index";
import { BUDGET_MS, LOOP_PLUS_10, SIZE, options, spec, x, y } from "./helpers";

describe("runBenchmark: equivalence", () => {
  test("a correct fix: outputs match, both variants timed", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, "nd.add(x, 10, { out: y });"), options());
    assert.equal(r.error, undefined);
    assert.equal(r.equivalent, true);
    assert.equal(r.mismatch, undefined);
    for (const stats of [r.before, r.after]) {
      assert.ok(stats.samples >= 1, "at least one sample");
      assert.ok(stats.medianNs > 0 && Number.isFinite(stats.medianNs));
      assert.ok(stats.ciLow <= stats.medianNs && stats.medianNs <= stats.ciHigh, "the median lies in its CI");
      assert.ok((stats.repetitions ?? 0) >= 1);
    }
    // the median of per-round ratios, inside its CI
    assert.ok(r.speedupCI[0] <= r.speedup && r.speedup <= r.speedupCI[1], `${r.speedupCI[0]} ≤ ${r.speedup} ≤ ${r.speedupCI[1]}`);
    assert.deepEqual(r.sizes?.map((s) => s.size), [SIZE]);
    assert.equal(r.sizes?.[0].speedup, r.speedup);
    assert.ok(r.noise && r.noise.rounds > 0 && r.noise.processes >= 1);
    assert.deepEqual(
      { ruleId: r.ruleId, file: r.file, line: r.line, size: r.inputs.size, seed: r.inputs.seed },
      { ruleId: "elementwise-loop", file: "example.ts", line: 3, size: SIZE, seed: 1 },
    );
    assert.deepEqual(r.inputs.variables.map((v) => `${v.name}: ${v.type}`), ["x: Float64Array", "y: Float64Array"]);
  });

  test("a wrong fix: not equivalent, the mismatch names the first index and both values", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, "nd.add(x, 11, { out: y });"), options());
    assert.equal(r.error, undefined);
    assert.equal(r.equivalent, false);
    const m = /^y\[0\]: before (\S+), after (\S+) \((\d+) of (\d+) elements differ\)$/.exec(r.mismatch ?? "");
    assert.ok(m, `mismatch: ${r.mismatch}`);
    assert.equal(Number(m[2]) - Number(m[1]), 1);
    assert.equal(Number(m[4]), SIZE);
  });

  test("an in-place change of an input is caught even when the outputs agree", async () => {
    const before = "for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;";
    const after = "nd.multiply(x, 2, { out: x }); y.set(x);";
    const r = await runBenchmark(spec(before, after), options());
    assert.equal(r.equivalent, false);
    assert.match(r.mismatch ?? "", /^x\[0\]: before \S+, after \S+/);
  });

  test("identical in-place updates are equivalent (inputs restored between samples)", async () => {
    const inPlace = { ...x, role: "output" as const };
    const before = "for (let i = 0; i < x.length; i++) x[i] = x[i] * 0.5;";
    const r = await runBenchmark(spec(before, "nd.multiply(x, 0.5, { out: x });", [inPlace]), options());
    assert.equal(r.error, undefined);
    assert.equal(r.equivalent, true);
  });

  test("a scalar output (accumulator) is compared; reassociation needs a tolerance", async () => {
    const s = { name: "s", type: "number", role: "output" as const };
    const forward = "for (let i = 0; i < x.length; i++) s += x[i];";
    const pairwise = "let a = 0, b = 0; for (let i = 0; i < x.length; i += 2) { a += x[i]; b += x[i + 1] ?? 0; } s = a + b;";
    const exact = await runBenchmark(spec(forward, pairwise, [x, s]), options());
    assert.equal(exact.error, undefined);
    assert.equal(exact.equivalent, false, "two accumulators reorder the additions");
    assert.match(exact.mismatch ?? "", /^s: before \S+, after \S+$/);
    const tolerant = await runBenchmark(spec(forward, pairwise, [x, s]), options({ tolerance: 1e-9 }));
    assert.equal(tolerant.equivalent, true);
    assert.equal(tolerant.tolerance, 1e-9);
    // the fix may declare its tolerance in the spec (manual-reduction's reassociating sums do)
    const declared = await runBenchmark({ ...spec(forward, pairwise, [x, s]), tolerance: 1e-9 }, options());
    assert.equal(declared.equivalent, true);
    assert.equal(declared.tolerance, 1e-9);
    assert.equal(exact.tolerance, undefined, "an exact comparison reports no tolerance");
  });

  test("plain number[] inputs work with the runtime", async () => {
    const p = { name: "p", type: "readonly number[]", role: "input" as const, length: "n" as const };
    const before = "for (let i = 0; i < p.length; i++) y[i] = p[i] * 2;";
    const r = await runBenchmark(spec(before, "nd.multiply(p, 2, { out: y });", [p, y]), options());
    assert.equal(r.error, undefined);
    assert.equal(r.equivalent, true);
    const wrong = await runBenchmark(spec(before, "nd.multiply(p, 3, { out: y });", [p, y]), options());
    assert.match(wrong.mismatch ?? "", /^y\[0\]: /);
  });

  test("return values are compared", async () => {
    const r = await runBenchmark(spec("return x[0] + 1;", "return x[0] + 2;", [x]), options());
    assert.equal(r.equivalent, false);
    assert.match(r.mismatch ?? "", /^return value: before \S+, after \S+$/);
  });
});

describe("runBenchmark: failures become result.error", () => {
  test("an endless fixed variant hits the time limit and is killed", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, "while (true) {}"), options());
    assert.equal(r.error, `time limit exceeded (${BUDGET_MS} ms)`);
    assert.ok(Number.isNaN(r.speedup));
  });

  test("a time limit hit while timing still reports the equivalence check", async () => {
    // the first call (the equivalence run) returns; every later one (warm-up) never does
    const after = "globalThis.calls = (globalThis.calls ?? 0) + 1; if (globalThis.calls > 1) while (true) {} nd.add(x, 10, { out: y });";
    const r = await runBenchmark(spec(LOOP_PLUS_10, after), options());
    assert.equal(r.error, `time limit exceeded (${BUDGET_MS} ms)`);
    assert.equal(r.equivalent, true);
    assert.match(r.inputs.digest ?? "", /^[0-9a-f]{8}$/);
  });

  test("a syntax error in the fix is reported without running anything", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, "nd.add(x, 10, { out: y );"), options());
    assert.match(r.error ?? "", /^the fixed code does not compile: .+ \(line 1\)$/);
    assert.equal(r.durationMs, undefined, "no child process was started");
  });

  test("an exception in the fix: not equivalent, with the message", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, 'throw new RangeError("boom");'), options());
    assert.equal(r.error, "the fixed code threw RangeError: boom");
    assert.equal(r.equivalent, false);
  });

  test("an exception in the original is reported as such", async () => {
    const r = await runBenchmark(spec("undefinedHelper(x);", "nd.add(x, 10, { out: y });"), options());
    assert.equal(r.error, "the original code threw ReferenceError: undefinedHelper is not defined");
  });

  test("a crashing child process", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, "process.exit(3);"), options());
    assert.match(r.error ?? "", /^the benchmark process exited with code 3/);
  });

  test("abort kills the child", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await runBenchmark(spec("while (true) {}", "nd.add(x, 10, { out: y });"), options({ signal: controller.signal, timeBudgetMs: 20_000 }));
    assert.equal(r.error, "aborted");
  });

  test("a runtime that is not built", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, "nd.add(x, 10, { out: y });"), options({ runtimePath: "/nonexistent/dist/runtime/index.cjs" }));
    assert.match(r.error ?? "", /^runtime not built: \/nonexistent\/dist\/runtime\/index\.cjs does not exist/);
  });

  test("a type the bench cannot synthesize", async () => {
    const map = { name: "m", type: "Map<string, number>", role: "input" as const };
    const r = await runBenchmark(spec("m.clear();", "m.clear();", [map]), options());
    assert.match(r.error ?? "", /^cannot synthesize an input for m: Map<string, number>/);
  });

  test("inputs over the memory limit are refused before starting", async () => {
    const r = await runBenchmark(spec(LOOP_PLUS_10, "nd.add(x, 10, { out: y });"), options({ size: 1e7, memoryLimitMb: 64 }));
    assert.match(r.error ?? "", /^inputs of size 10000000 need 458 MB, over the memory limit \(64 MB\)$/);
  });

  test("invalid arguments throw", async () => {
    await assert.rejects(runBenchmark(spec(LOOP_PLUS_10, ""), options({ size: 0 })), RangeError);
    await assert.rejects(runBenchmark(spec(LOOP_PLUS_10, "", [{ ...x, name: "x-1" }]), options()), TypeError);
    await assert.rejects(runBenchmark({ before: 1 } as never, options()), TypeError);
  });
});

describe("runBenchmark: seeded inputs", () => {
  test("the same seed gives the same inputs, another seed different ones", async () => {
    const k = { name: "k", type: "number", role: "scalar" as const };
    const s = spec("for (let i = 0; i < x.length; i++) y[i] = x[i] * k;", "nd.multiply(x, k, { out: y });", [x, y, k]);
    const [a, b, c] = [
      await runBenchmark(s, options({ seed: 7 })),
      await runBenchmark(s, options({ seed: 7 })),
      await runBenchmark(s, options({ seed: 8 })),
    ];
    for (const r of [a, b, c]) assert.equal(r.error, undefined);
    assert.match(a.inputs.digest ?? "", /^[0-9a-f]{8}$/);
    assert.equal(a.inputs.digest, b.inputs.digest);
    assert.deepEqual(a.inputs.scalars, b.inputs.scalars);
    assert.notEqual(a.inputs.digest, c.inputs.digest);
    assert.notDeepEqual(a.inputs.scalars, c.inputs.scalars);
    const kValue = a.inputs.scalars?.k as number;
    assert.ok(kValue >= 1.5 && kValue <= 9.5, `k = ${kValue}`);
  });
});
