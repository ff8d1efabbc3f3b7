// Human-readable output, grouped by file like ESLint's "stylish".
import * as path from "node:path";
import { countBySeverity, type FileReport } from "./report";

const SEVERITY_WORD = { error: "error", warning: "warning", info: "info", hint: "hint" } as const;

/** ANSI styles, only when the caller says the output is a terminal that wants colour (cli.ts colorEnabled). */
type Style = (s: string) => string;
const ansi = (open: number, close: number): Style => (s) => `\u001b[${open}m${s}\u001b[${close}m`;
const STYLES = { red: ansi(31, 39), yellow: ansi(33, 39), blue: ansi(34, 39), dim: ansi(2, 22), bold: ansi(1, 22), underline: ansi(4, 24) };
const PLAIN: typeof STYLES = { red: String, yellow: String, blue: String, dim: String, bold: String, underline: String };

export interface TextOptions {
  /** Colour severities, file names and the summary (never into pipes: the CLI decides). */
  color?: boolean;
}

function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The closing lines about files not (fully) analysed: syntax errors, incomplete analyses, generated
 * code skipped. Shared by the text output and the CLI's stderr next to JSON/SARIF.
 */
export function summaryLines(reports: FileReport[]): string[] {
  const count = (pred: (kind: string) => boolean) => reports.filter((r) => r.notes?.some((n) => pred(n.kind))).length;
  const syntax = count((k) => k === "syntax-error");
  const incomplete = count((k) => k !== "syntax-error" && k !== "generated");
  const generated = count((k) => k === "generated");
  const lines: string[] = [];
  if (syntax > 0) {
    lines.push(`${plural(syntax, "file has", "files have")} syntax errors, not analysed`);
  }
  if (incomplete > 0) lines.push(`${plural(incomplete, "file was", "files were")} not fully analysed: the run is incomplete (exit status 2)`);
  if (generated > 0) lines.push(`${plural(generated, "file")} skipped as generated or minified code (--include-generated to analyse)`);
  return lines;
}

export function formatText(reports: FileReport[], cwd: string = process.cwd(), opts: TextOptions = {}): string {
  const c = opts.color ? STYLES : PLAIN;
  const severityStyle = { error: c.red, warning: c.yellow, info: c.blue, hint: c.dim } as const;
  const lines: string[] = [];
  for (const r of reports) {
    const notes = r.notes ?? [];
    if (r.findings.length === 0 && notes.length === 0) continue;
    lines.push(c.underline(path.relative(cwd, r.filePath) || r.filePath));
    for (const f of r.findings) {
      const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const fix = f.fix ? (f.fix.safe ? (f.fix.autoApply === false ? "  (fix offered, not applied by --fix)" : "  (fixable)") : "  (refactor offered)") : "";
      lines.push(`  ${c.dim(where.padEnd(8))} ${severityStyle[f.severity](SEVERITY_WORD[f.severity].padEnd(8))} ${f.message}  ${c.dim(f.ruleId)}${fix}`);
    }
    for (const n of notes) {
      const where = n.range ? `${n.range.start.line + 1}:${n.range.start.character + 1}` : "";
      lines.push(`  ${c.dim(where.padEnd(8))} ${c.dim("note".padEnd(8))} ${n.message}`);
    }
    lines.push("");
  }
  const { errors, warnings, fixable } = countBySeverity(reports);
  const total = errors + warnings;
  const fixed = reports.filter((r) => r.output !== undefined).length;
  if (fixed > 0) lines.push(`fixed ${fixed} file${fixed === 1 ? "" : "s"} in place`);
  const notAnalysed = summaryLines(reports);
  if (total === 0) {
    const what = reports.some((r) => r.notes?.some((n) => n.kind !== "generated")) ? "no findings in what was analysed" : "no problems";
    lines.push(`${what} (${reports.length} file${reports.length === 1 ? "" : "s"} checked)`);
  } else {
    const summary = `✖ ${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`;
    lines.push(c.bold((errors > 0 ? c.red : c.yellow)(summary)));
    if (fixable > 0) lines.push(`  ${fixable} fixable with the \`--fix\` option.`);
  }
  lines.push(...notAnalysed);
  return lines.join("\n") + "\n";
}
