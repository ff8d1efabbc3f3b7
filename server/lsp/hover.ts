// The hover on a finding: what it is and why (the rule's details, with the measured figure the
// calibration or a benchmark of this code gave), and a preview of the rewrite built from the fix's edits.
import type { Finding, LineMap, TextEdit } from "../engine/index";
import { ruleDocsUri } from "../format/docs";

/** Lines of each side of the preview; longer rewrites are cut with "…". */
const PREVIEW_LINES = 12;

function fence(text: string): string {
  // a fence longer than any backtick run inside, so user code cannot close it
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return "`".repeat(longest + 1);
}

function cut(lines: string[]): string[] {
  return lines.length <= PREVIEW_LINES ? lines : [...lines.slice(0, PREVIEW_LINES - 1), "…"];
}

/** A diff of the fix: the lines its edits touch, before and after. */
export function rewritePreview(lines: LineMap, edits: TextEdit[]): string {
  const out: string[] = [];
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const first = lines.lineAt(e.start);
    const last = lines.lineAt(Math.max(e.start, e.end - 1));
    const before = lines.text.slice(lines.lineStart(first), lines.lineEnd(last));
    const head = lines.text.slice(lines.lineStart(first), e.start);
    const tail = lines.text.slice(e.end, lines.lineEnd(last));
    const insertion = e.start === e.end;
    // an insertion at a line start (the runtime import) adds lines without touching the one it precedes
    const after = insertion && head === "" ? e.newText.replace(/\r?\n$/, "") : head + e.newText + tail;
    const removed = insertion && head === "" ? [] : before.split(/\r\n|\r|\n/);
    out.push(...cut(removed).map((l) => `- ${l}`), ...cut(after.split(/\r\n|\r|\n/)).map((l) => `+ ${l}`));
  }
  return out.join("\n");
}

function ciText(ci: [number, number]): string | undefined {
  return Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? `95% confidence interval ${ci[0].toFixed(2)}–${ci[1].toFixed(2)}×` : undefined;
}

/** Markdown for the findings under the cursor. */
export function findingHover(findings: Finding[], lines: LineMap): string {
  const parts: string[] = [];
  for (const f of findings) {
    const section = [`**arraylint** \`${f.ruleId}\`: ${f.message}`];
    if (f.details) section.push(f.details);
    const ci = f.measured ? ciText(f.measured.ci) : undefined;
    if (ci) section.push(`*${f.measured!.source === "benchmark" ? "Benchmark of this code" : "Calibration"}: ${ci}.*`);
    if (f.profile) section.push(`*${(100 * f.profile.share).toFixed(1)}% of the loaded CPU profile's samples are on these lines.*`);
    if (f.fix && f.fix.edits.length > 0) {
      const kind = f.fix.safe ? "safe fix" : `refactor, assumes ${f.fix.assumption ?? "what its title says"}`;
      const preview = rewritePreview(lines, f.fix.edits);
      const f3 = fence(preview);
      section.push(`**${f.fix.title}** (${kind}):\n\n${f3}diff\n${preview}\n${f3}`);
    }
    section.push(`[Documentation of ${f.ruleId}](${ruleDocsUri(f.ruleId)})`);
    parts.push(section.join("\n\n"));
  }
  return parts.join("\n\n---\n\n");
}
