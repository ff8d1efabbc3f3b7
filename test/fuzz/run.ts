// `npm run fuzz:fixes [-- --runs N --rule ID --seed S]`: the long differential run over every generator.
import { parseArgs } from "node:util";
import { fuzzTarget, type FixFuzzTarget } from "./fix-fuzzer";
import { ALL_TARGETS } from "./generators/index";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10000" }, rule: { type: "string" }, seed: { type: "string" } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const targets: FixFuzzTarget[] = ALL_TARGETS.filter((t) => !values.rule || t.rule === values.rule);
if (targets.length === 0) throw new Error(`no generator for rule ${values.rule}`);

console.log(`fuzz:fixes — seed ${seed}, ${runs} programs per target, ${targets.length} targets`);
const perRule = new Map<string, { runs: number; fixed: number; failures: number }>();
let failures = 0;
for (const t of targets) {
  const started = Date.now();
  const r = fuzzTarget(t, { numRuns: runs, seed });
  const row = perRule.get(t.rule) ?? { runs: 0, fixed: 0, failures: 0 };
  row.runs += r.runs;
  row.fixed += r.fixed;
  if (r.failure) row.failures++;
  perRule.set(t.rule, row);
  console.log(`${r.failure ? "FAIL" : "ok  "} ${t.rule.padEnd(18)} ${t.name.padEnd(52)} ${String(r.runs).padStart(6)} programs, ${String(r.fixed).padStart(6)} fixed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.failure) {
    failures++;
    console.log(r.failure.split("\n").map((l) => "    " + l).join("\n"));
  }
}
console.log("\nper rule:");
for (const [rule, row] of perRule) console.log(`  ${rule.padEnd(18)} ${row.runs} programs, ${row.fixed} with a safe fix applied, ${row.failures} differing targets`);
process.exitCode = failures > 0 ? 1 : 0;
