// The status bar item's wording (client/status.ts): which state wins, counts and visibility.
// The extension-host suite (test/e2e/suite) checks the item is fed from the real client.
import assert from "node:assert/strict";
import { test } from "node:test";
import { describeStatus, type StatusFacts } from "../../client/status";

const IDLE: StatusFacts = {
  server: "running",
  running: { benchmarks: 0, calibrating: false },
  activeIsChecked: true,
  activeIsAnalysing: false,
  findings: { problems: 0, infos: 0 },
};
const facts = (over: Partial<StatusFacts>): StatusFacts => ({ ...IDLE, ...over });

test("idle on a checked file: a check mark, shown; hidden on other files", () => {
  assert.deepEqual(describeStatus(IDLE), { text: "$(check) arraylint", tooltip: "arraylint: no findings in this file. Click to show the arraylint output.", error: false, visible: true });
  assert.equal(describeStatus(facts({ activeIsChecked: false })).visible, false);
});

test("findings are counted with the singular and plural, a warning icon only for warnings and errors", () => {
  assert.equal(describeStatus(facts({ findings: { problems: 1, infos: 0 } })).text, "$(warning) arraylint: 1 finding");
  assert.equal(describeStatus(facts({ findings: { problems: 2, infos: 1 } })).text, "$(warning) arraylint: 3 findings");
  assert.equal(describeStatus(facts({ findings: { problems: 0, infos: 2 } })).text, "$(info) arraylint: 2 findings");
});

test("analysing spins until the diagnostics arrive", () => {
  const v = describeStatus(facts({ activeIsAnalysing: true, findings: { problems: 4, infos: 0 } }));
  assert.equal(v.text, "$(sync~spin) arraylint: analysing");
});

test("a running benchmark or calibration wins over analysing and shows on any editor", () => {
  const bench = describeStatus(facts({ activeIsAnalysing: true, activeIsChecked: false, running: { benchmarks: 2, calibrating: false } }));
  assert.equal(bench.text, "$(watch) arraylint: benchmarking");
  assert.match(bench.tooltip, /2 benchmarks/);
  assert.equal(bench.visible, true);
  const calibration = describeStatus(facts({ running: { benchmarks: 1, calibrating: true } }));
  assert.equal(calibration.text, "$(watch) arraylint: calibrating");
});

test("a stopped server wins over everything, in error colours, visible everywhere, and names the way out", () => {
  const v = describeStatus(facts({ server: "stopped", activeIsChecked: false, running: { benchmarks: 1, calibrating: true } }));
  assert.equal(v.text, "$(error) arraylint");
  assert.equal(v.error, true);
  assert.equal(v.visible, true);
  assert.match(v.tooltip, /Restart server/);
});

test("starting spins without claiming an analysis", () => {
  assert.equal(describeStatus(facts({ server: "starting" })).text, "$(sync~spin) arraylint");
});

test("every tooltip says what a click does", () => {
  const all: Partial<StatusFacts>[] = [{}, { server: "stopped" }, { server: "starting" }, { activeIsAnalysing: true }, { running: { benchmarks: 1, calibrating: false } }, { findings: { problems: 1, infos: 0 } }];
  for (const over of all) assert.match(describeStatus(facts(over)).tooltip, /Click to show the arraylint output\.$/);
});
