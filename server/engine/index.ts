// Public API of the engine: what server/lsp, server/cli and server/bench may import.
// STUB: the signatures are the contract; the bodies are being written (engine owner replaces them).
import type { AnalyzeOptions, AnalyzeResult, TextEdit } from "./types";
import type { RuleMeta } from "./rule";

export * from "./types";
export type { RuleMeta } from "./rule";

export const DEFAULT_OPTIONS: AnalyzeOptions = { runtimeImport: "arraylint/runtime" };

/**
 * One engine per workspace folder: a ts-morph Project whose open documents are overlays.
 * `analyze` never throws on bad input (syntax errors, unresolved types): it yields fewer findings.
 */
export class Engine {
  constructor(_init: { rootDir?: string; tsconfigPath?: string } = {}) {}
  /** Set `text` as the content of `filePath` (an overlay; the file need not exist on disk) and analyse it. */
  analyze(_filePath: string, _text: string, _options: AnalyzeOptions = DEFAULT_OPTIONS): AnalyzeResult {
    return { findings: [], explanations: [] };
  }
  /** Drop the overlay of a closed document. */
  forget(_filePath: string): void {}
}

/** Applies non-overlapping edits to `text` (any order in the array). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Repeatedly applies every safe fix until none is left (bounded); returns the new text and how many fixes ran. */
export function applySafeFixes(
  _engine: Engine,
  _filePath: string,
  text: string,
  _options: AnalyzeOptions = DEFAULT_OPTIONS,
): { text: string; applied: number } {
  return { text, applied: 0 };
}

/** Metadata of every rule, in a stable order. */
export function listRules(): Array<RuleMeta & { docs: string }> {
  return [];
}
