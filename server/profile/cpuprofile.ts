// "Profile first": where a program spends its time, from a V8 CPU profile (`node --cpu-prof`, or a
// .cpuprofile saved from Chrome DevTools' JavaScript profiler / a Performance-panel trace), mapped to
// source lines (through source maps where the profiled script has one) so each finding gets its
// share of the profiled time.
//
// A profile records, per sample, the function that was running (a node of the call tree) and, with
// positionTicks, the line inside it. Time is attributed to the line that was executing (self time):
// a loop's share is the samples on its lines, callbacks written inside it included; time in a helper
// the loop calls is the helper's (a profile does not record call sites).
import { existsSync, readFileSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, ProfileShare } from "../engine/types";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number; // 0-based
  columnNumber: number;
  scriptId?: string | number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
  parent?: number;
  positionTicks?: Array<{ line: number; ticks: number }>; // line 1-based
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime?: number;
  endTime?: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Samples per source line of each file (absolute paths), after source maps. */
export interface ProfileIndex {
  totalSamples: number;
  /** Mean sampling interval, µs (from the profile's times), when known. */
  intervalUs?: number;
  lines: Map<string, Map<number, number>>;
  /** Samples whose script could not be read or mapped (native code, node internals, evals). */
  unmappedSamples: number;
}

export class ProfileError extends Error {}

const MAX_PROFILE_BYTES = 512 * 2 ** 20;

/** Reads a .cpuprofile (or a DevTools trace with ProfileChunk events); ProfileError when it is neither. */
export function readProfile(file: string): CpuProfile {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new ProfileError(`cannot read the profile ${file}: no such file`);
  }
  if (!stat.isFile()) throw new ProfileError(`the profile ${file} is not a regular file`);
  if (stat.size > MAX_PROFILE_BYTES) throw new ProfileError(`the profile ${file} is over ${MAX_PROFILE_BYTES / 2 ** 20} MB`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ProfileError(`the profile ${file} is not JSON: ${(e as Error).message}`);
  }
  return toCpuProfile(json, file);
}

/** A .cpuprofile object as is; a trace (array of events or { traceEvents }) assembled from its Profile/ProfileChunk events. */
export function toCpuProfile(json: unknown, what = "the profile"): CpuProfile {
  if (json && typeof json === "object" && Array.isArray((json as CpuProfile).nodes)) return json as CpuProfile;
  const events = Array.isArray(json) ? json : (json as { traceEvents?: unknown[] } | null)?.traceEvents;
  if (!Array.isArray(events)) throw new ProfileError(`${what} is neither a .cpuprofile (nodes, samples) nor a DevTools trace (traceEvents)`);
  const nodes = new Map<number, ProfileNode>();
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const e of events as Array<{ name?: string; args?: { data?: { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } } }>) {
    if (e?.name !== "ProfileChunk" && e?.name !== "Profile") continue;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, { ...n, children: n.children ?? [] });
    samples.push(...(data?.cpuProfile?.samples ?? []));
    timeDeltas.push(...(data?.timeDeltas ?? []));
  }
  if (nodes.size === 0) throw new ProfileError(`${what} has no CPU profile (record it with the JavaScript profiler, or node --cpu-prof)`);
  return { nodes: [...nodes.values()], samples, timeDeltas };
}

/** The script's source map (inline or a .map file next to it), cached per script path. */
function sourceMapOf(script: string, cache: Map<string, { map: SourceMap; dir: string } | null>): { map: SourceMap; dir: string } | null {
  if (cache.has(script)) return cache.get(script)!;
  let found: { map: SourceMap; dir: string } | null = null;
  try {
    const text = readFileSync(script, "utf8");
    const m = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(text.slice(-100_000));
    if (m) {
      const url = m[1];
      if (url.startsWith("data:")) {
        const payload = url.slice(url.indexOf(",") + 1);
        const json = /;base64,/.test(url) ? Buffer.from(payload, "base64").toString("utf8") : decodeURIComponent(payload);
        found = { map: new SourceMap(JSON.parse(json)), dir: path.dirname(script) };
      } else {
        const mapFile = path.resolve(path.dirname(script), decodeURIComponent(url));
        if (existsSync(mapFile)) found = { map: new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))), dir: path.dirname(mapFile) };
      }
    }
  } catch {
    found = null; // unreadable script or map: its lines stay as they are
  }
  cache.set(script, found);
  return found;
}

function scriptPath(url: string): string | undefined {
  if (!url) return undefined;
  if (url.startsWith("file://")) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(url) ? url : undefined; // node:internal, evalmachine, http:// …
}

/** The original position of a generated line (1-based in, 1-based out), through the map's first mapping on that line. */
function mapLine(sm: { map: SourceMap; dir: string }, line: number): { file: string; line: number } | undefined {
  for (const column of [0, 1e7]) {
    const entry = sm.map.findEntry(line - 1, column) as { generatedLine?: number; originalSource?: string; originalLine?: number };
    if (entry && entry.generatedLine === line - 1 && entry.originalSource !== undefined && entry.originalLine !== undefined) {
      const source = entry.originalSource;
      const file = source.startsWith("file://") ? fileURLToPath(source) : path.resolve(sm.dir, source);
      return { file, line: entry.originalLine + 1 };
    }
  }
  return undefined;
}

/** Samples per original source line. */
export function indexProfile(profile: CpuProfile): ProfileIndex {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // hit counts from the sample list when present (DevTools exports may leave hitCount at 0)
  const hits = new Map<number, number>();
  if (profile.samples && profile.samples.length > 0) {
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  } else {
    for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  }
  const maps = new Map<string, { map: SourceMap; dir: string } | null>();
  const lines = new Map<string, Map<number, number>>();
  let total = 0;
  let unmapped = 0;
  const add = (file: string, line: number, count: number) => {
    let perLine = lines.get(file);
    if (!perLine) lines.set(file, (perLine = new Map()));
    perLine.set(line, (perLine.get(line) ?? 0) + count);
  };
  for (const [id, count] of hits) {
    const node = byId.get(id);
    if (!node || count === 0) continue;
    // idle time is not the program's
    if (node.callFrame.functionName === "(idle)") continue;
    total += count;
    const script = scriptPath(node.callFrame.url);
    if (!script) {
      unmapped += count;
      continue;
    }
    const sm = sourceMapOf(script, maps);
    // per-line ticks when the profile has them (node --cpu-prof does), else the function's first line
    const ticks = node.positionTicks && node.positionTicks.length > 0
      ? node.positionTicks
      : [{ line: node.callFrame.lineNumber + 1, ticks: count }];
    const ticksTotal = ticks.reduce((s, t) => s + t.ticks, 0) || 1;
    for (const t of ticks) {
      const share = (count * t.ticks) / ticksTotal;
      const mapped = sm ? mapLine(sm, t.line) : { file: script, line: t.line };
      if (mapped) add(path.resolve(mapped.file), mapped.line, share);
      else unmapped += share;
    }
  }
  const duration = profile.endTime !== undefined && profile.startTime !== undefined ? profile.endTime - profile.startTime : undefined;
  const sampleCount = profile.samples?.length ?? 0;
  return { totalSamples: total, intervalUs: duration && sampleCount ? duration / sampleCount : undefined, lines, unmappedSamples: unmapped };
}

/** The share of the profiled samples on lines [startLine, endLine] (1-based) of a file. */
export function shareOfLines(index: ProfileIndex, file: string, startLine: number, endLine: number): ProfileShare {
  const perLine = index.lines.get(path.resolve(file));
  let samples = 0;
  if (perLine) for (const [line, count] of perLine) if (line >= startLine && line <= endLine) samples += count;
  return { share: index.totalSamples > 0 ? samples / index.totalSamples : 0, samples: Math.round(samples), totalSamples: index.totalSamples };
}

/**
 * Findings with their share of the profiled time attached. A finding's code is its range, widened to
 * its benchmark's original text when `text` is given (push-then-convert and oversized-dtype flag a
 * declaration; the time is in the loop that follows it).
 */
export function attachProfile(file: string, findings: readonly Finding[], index: ProfileIndex, text?: string): Finding[] {
  const lineAt = (offset: number) => (text === undefined ? 0 : text.slice(0, offset).split(/\r\n|\r|\n/).length);
  return findings.map((f) => {
    let start = f.range.start.line + 1;
    let end = f.range.end.line + 1;
    if (text !== undefined && f.bench) {
      const at = nearest(text, f.bench.before, f.start);
      if (at !== undefined) {
        start = Math.min(start, lineAt(at));
        end = Math.max(end, lineAt(at + f.bench.before.length));
      }
    }
    return { ...f, profile: shareOfLines(index, file, start, end) };
  });
}

function nearest(text: string, snippet: string, near: number): number | undefined {
  let best: number | undefined;
  for (let at = text.indexOf(snippet); at >= 0 && snippet.length > 0; at = text.indexOf(snippet, at + 1)) {
    if (best === undefined || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best;
}

/** A finding's share as the messages say it: "12% of profiled time", "0.4% of profiled time", "not in the profile". */
export function formatShare(p: ProfileShare): string {
  if (p.samples === 0) return "not in the profile";
  const pct = 100 * p.share;
  return `${pct >= 10 ? pct.toFixed(0) : pct >= 1 ? pct.toFixed(1) : pct.toFixed(2)}% of profiled time`;
}

/** At least this share of the profile makes a finding hot (a warning in the editor); below it, a hint. */
export const HOT_SHARE = 0.02;
