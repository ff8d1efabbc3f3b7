// What the status bar item says, as a pure function of what the client knows (no vscode import, so
// it is unit-tested with node's runner). The extension feeds it from the language client's state,
// the documents sent but not yet answered with diagnostics, running commands and the active editor.

export type ServerState = "starting" | "running" | "stopped";

export interface StatusFacts {
  server: ServerState;
  /** A benchmark or calibration the client started and the server has not answered yet. */
  running: { benchmarks: number; calibrating: boolean };
  /** The active editor holds a document arraylint checks. */
  activeIsChecked: boolean;
  /** The active document was sent to the server and its diagnostics have not come back yet. */
  activeIsAnalysing: boolean;
  /** arraylint diagnostics on the active document, by severity. */
  findings: { problems: number; infos: number };
}

export interface StatusView {
  /** Label with a leading codicon, e.g. "$(sync~spin) arraylint". */
  text: string;
  tooltip: string;
  /** Drawn in the theme's error colours (the server is down). */
  error: boolean;
  /** Worth showing even when the active editor is not a TypeScript/JavaScript file. */
  visible: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function describeStatus(f: StatusFacts): StatusView {
  const click = "Click to show the arraylint output.";
  if (f.server === "stopped") {
    return { text: "$(error) arraylint", tooltip: `arraylint: the language server is not running (run "arraylint: Restart server"). ${click}`, error: true, visible: true };
  }
  if (f.running.calibrating) {
    return { text: "$(watch) arraylint: calibrating", tooltip: `arraylint: measuring each fix kind on this machine. ${click}`, error: false, visible: true };
  }
  if (f.running.benchmarks > 0) {
    const what = f.running.benchmarks === 1 ? "a benchmark" : `${f.running.benchmarks} benchmarks`;
    return { text: "$(watch) arraylint: benchmarking", tooltip: `arraylint: running ${what} in a separate Node process. ${click}`, error: false, visible: true };
  }
  if (f.server === "starting") {
    return { text: "$(sync~spin) arraylint", tooltip: `arraylint: starting the language server. ${click}`, error: false, visible: f.activeIsChecked };
  }
  if (f.activeIsAnalysing) {
    return { text: "$(sync~spin) arraylint: analysing", tooltip: `arraylint: analysing this file. ${click}`, error: false, visible: f.activeIsChecked };
  }
  const { problems, infos } = f.findings;
  if (problems + infos === 0) {
    return { text: "$(check) arraylint", tooltip: `arraylint: no findings in this file. ${click}`, error: false, visible: f.activeIsChecked };
  }
  const icon = problems > 0 ? "$(warning)" : "$(info)";
  return { text: `${icon} arraylint: ${plural(problems + infos, "finding")}`, tooltip: `arraylint: ${plural(problems + infos, "finding")} in this file (Problems panel). ${click}`, error: false, visible: f.activeIsChecked };
}
