// The calibration key of a fix: which measurement of `arraylint calibrate` speaks for it. Derived from
// the finding's BenchSpec only — the runtime call its fix makes (the `after` text) with the variables
// replaced by their dtypes and numbers by `k` — so the rules need not name their fix kinds.
//
//   nd.add(x, 10, { out: y })                       → elementwise-loop nd.add(Float64Array, k, { out: Float64Array })
//   nd.evaluate("t * 1.8 + 32", { t }, { out: t })  → elementwise-loop nd.evaluate("Float64Array * k + k", { Float64Array }, { out: Float64Array })
//
// The family groups keys by rule, first runtime function and first array's dtype
// ("elementwise-loop nd.evaluate [Float64Array]"); a key without its own measurement takes its
// family's most pessimistic one. Fixes without a runtime call (push-then-convert preallocates,
// oversized-dtype narrows) are keyed by their family alone.
import type { BenchSpec, RuleId } from "../engine/types";
import { normalizeType } from "../bench/inputs";

export interface CalibrationKey {
  key: string;
  family: string;
}

const IDENTIFIER = /(?<![\p{ID_Continue}$.])[\p{ID_Start}$_][\p{ID_Continue}$]*/gu;
const NUMBER = /(?<![\p{ID_Continue}$.])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\p{ID_Continue}$])/giu;

function typesOf(spec: BenchSpec): Map<string, string> {
  return new Map(spec.variables.map((v) => [v.name, normalizeType(v.type)]));
}

/** Variables → their dtypes, numbers → k, whitespace collapsed; inside string literals too (nd.evaluate's expression). */
function normalize(text: string, types: Map<string, string>): string {
  const replace = (s: string) => s.replace(NUMBER, "k").replace(IDENTIFIER, (id) => types.get(id) ?? id);
  return text
    .replace(/"([^"\\]*)"|'([^'\\]*)'/g, (_m, dq: string | undefined, sq: string | undefined) => `"${replace(dq ?? sq ?? "")}"`)
    .split(/("[^"]*")/)
    .map((part) => (part.startsWith('"') ? part : replace(part)))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

function firstArrayType(spec: BenchSpec): string {
  for (const v of spec.variables) {
    const t = normalizeType(v.type);
    if (/Array$|\[\]$/.test(t)) return t;
  }
  return "scalar";
}

export function calibrationKey(ruleId: RuleId, spec: BenchSpec): CalibrationKey {
  const types = typesOf(spec);
  const call = /\bnd\.(\w+)/.exec(spec.after)?.[1];
  const dtype = firstArrayType(spec);
  if (call) {
    const family = `${ruleId} nd.${call} [${dtype}]`;
    return { key: `${ruleId} ${normalize(spec.after, types)}`, family };
  }
  const ctorAfter = /\bnew (\w+Array)\b/.exec(spec.after)?.[1] ?? "?";
  if (ruleId === "oversized-dtype") {
    const ctorBefore = /\bnew (\w+Array)\b/.exec(spec.before)?.[1] ?? "?";
    const family = `${ruleId} ${ctorBefore}→${ctorAfter}`;
    return { key: family, family };
  }
  const family = `${ruleId} ${ruleId === "push-then-convert" ? "preallocate" : "rewrite"} ${ctorAfter}`;
  return { key: family, family };
}
