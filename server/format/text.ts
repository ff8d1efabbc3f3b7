// Human-readable output, grouped by file like ESLint's "stylish".
import * as path from "node:path";
import { countBySeverity, type FileReport } from "./report";

const SEVERITY_WORD = { error: "error", warning: "warning", info: "info", hint: "hint" } as const;

export function formatText(reports: FileReport[], cwd: string = process.cwd()): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    lines.push(path.relative(cwd, r.filePath) || r.filePath);
    for (const f of r.findings) {
      const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const fix = f.fix ? (f.fix.safe ? (f.fix.autoApply === false ? "  (fix offered, not applied by --fix)" : "  (fixable)") : "  (refactor offered)") : "";
      lines.push(`  ${where.padEnd(8)} ${SEVERITY_WORD[f.severity].padEnd(8)} ${f.message}  ${f.ruleId}${fix}`);
    }
    lines.push("");
  }
  const { errors, warnings, fixable } = countBySeverity(reports);
  const total = errors + warnings;
  const fixed = reports.filter((r) => r.output !== undefined).length;
  if (fixed > 0) lines.push(`fixed ${fixed} file${fixed === 1 ? "" : "s"} in place`);
  if (total === 0) {
    lines.push(`no problems (${reports.length} file${reports.length === 1 ? "" : "s"} checked)`);
  } else {
    lines.push(
      `✖ ${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`,
    );
    if (fixable > 0) lines.push(`  ${fixable} fixable with the \`--fix\` option.`);
  }
  return lines.join("\n") + "\n";
}
