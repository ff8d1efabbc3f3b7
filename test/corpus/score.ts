// Scoring of engine reports against the public corpus's expected.json, following the corpus
// README's conventions:
// - a report matches an entry of the same file and rule when the report's line lies within the
//   entry's [line, endLine] (the tightest such entry wins), or else when the entry's line lies
//   within the report's [line, endLine] (again the tightest);
// - matching a positive is a true positive, a second match of the same entry is a duplicate
//   (not counted); matching a negative or nothing is a false positive;
// - a report above the `// Cases` banner has no entry: a false positive;
// - an unmatched positive is a false negative.

export interface CorpusEntry {
  file: string;
  function: string;
  line: number;
  endLine: number;
  rule: string;
  verdict: "positive" | "negative";
  fix: "required" | "optional" | "none";
  note?: string;
}

/** One engine finding, lines 1-based. */
export interface Report {
  file: string;
  rule: string;
  line: number;
  endLine: number;
  safeFix: boolean;
}

export type Outcome = "tp" | "fp" | "duplicate";

export interface ScoredReport<E extends CorpusEntry = CorpusEntry> {
  report: Report;
  entry: E | undefined;
  outcome: Outcome;
  /** Why a false positive is one. */
  reason?: string;
}

export interface RuleScore {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** `E` carries what a label set adds to an entry (the real-world set's package, version and path). */
export interface Score<E extends CorpusEntry = CorpusEntry> {
  scored: ScoredReport<E>[];
  falseNegatives: E[];
  perRule: RuleScore[];
  total: RuleScore;
}

function span(e: { line: number; endLine: number }): number {
  return e.endLine - e.line;
}

function tightest<E extends CorpusEntry>(entries: E[]): E | undefined {
  return [...entries].sort((a, b) => span(a) - span(b) || a.line - b.line)[0];
}

/** The entry a report matches, or undefined. */
export function matchEntry<E extends CorpusEntry>(report: Report, entries: readonly E[]): E | undefined {
  const candidates = entries.filter((e) => e.file === report.file && e.rule === report.rule);
  const inside = candidates.filter((e) => e.line <= report.line && report.line <= e.endLine);
  // Sibling growth sites (vertices, normals, uvs declared on consecutive lines, converted together)
  // have overlapping ranges of equal span: the one declared on the report's line is the one meant.
  const startingHere = inside.filter((e) => e.line === report.line);
  if (startingHere.length > 0) return tightest(startingHere);
  if (inside.length > 0) return tightest(inside);
  return tightest(candidates.filter((e) => report.line <= e.line && e.line <= report.endLine));
}

/**
 * Scores `reports`. `bannerLines` maps a corpus file to the 1-based line of its `// Cases`
 * banner; a report before it is a false positive whatever the entries say.
 */
export function score<E extends CorpusEntry>(
  reports: readonly Report[],
  entries: readonly E[],
  bannerLines: ReadonlyMap<string, number>,
  rules: readonly string[],
): Score<E> {
  const matched = new Set<E>();
  const scored: ScoredReport<E>[] = [];
  for (const report of reports) {
    const banner = bannerLines.get(report.file) ?? 0;
    if (report.line < banner) {
      scored.push({ report, entry: undefined, outcome: "fp", reason: "above the `// Cases` banner" });
      continue;
    }
    const entry = matchEntry(report, entries);
    if (!entry) {
      scored.push({ report, entry, outcome: "fp", reason: "no expected entry" });
    } else if (entry.verdict === "negative") {
      scored.push({ report, entry, outcome: "fp", reason: "the entry is a negative" });
    } else if (matched.has(entry)) {
      scored.push({ report, entry, outcome: "duplicate" });
    } else {
      matched.add(entry);
      scored.push({ report, entry, outcome: "tp" });
    }
  }
  const falseNegatives = entries.filter((e) => e.verdict === "positive" && !matched.has(e));
  const perRule = rules.map((rule) =>
    tally(
      rule,
      scored.filter((s) => s.report.rule === rule),
      falseNegatives.filter((e) => e.rule === rule).length,
    ),
  );
  const total = tally("all rules", scored, falseNegatives.length);
  return { scored, falseNegatives, perRule, total };
}

function tally(rule: string, scored: ScoredReport<CorpusEntry>[], fn: number): RuleScore {
  const tp = scored.filter((s) => s.outcome === "tp").length;
  const fp = scored.filter((s) => s.outcome === "fp").length;
  // no reports: precision is vacuous (1); no positives: recall is vacuous (1)
  return { rule, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** A fixed-width text table of the per-rule scores. */
export function formatScoreTable(s: Score<CorpusEntry>): string {
  const header = ["rule", "TP", "FP", "FN", "precision", "recall"];
  const rows = [...s.perRule, s.total].map((r) => [
    r.rule,
    String(r.tp),
    String(r.fp),
    String(r.fn),
    r.precision.toFixed(3),
    r.recall.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** 1-based line of the `// Cases` banner comment, or 0 when the file has none. */
export function bannerLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => /^\s*\/\/\s*Cases\s*$/.test(l));
  return index + 1;
}
