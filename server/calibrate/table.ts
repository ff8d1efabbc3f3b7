// The calibration table: per fix kind (key.ts), the fix's speedup measured on this runtime at each
// calibrated size. A committed default (measured on the development machine) serves until the user's
// own runtime is calibrated (`arraylint calibrate`, or the server in the background); the user's
// table lives in a cache folder per Node version.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import defaultTable from "./default-calibration.json";
import { defaultCacheDir } from "../cache-dir";

export const CALIBRATION_VERSION = 1;

export interface CalibrationPoint {
  size: number;
  speedup: number;
  ci: [number, number];
  noisy?: boolean;
}

export interface CalibrationEntry {
  key: string;
  family: string;
  ruleId: string;
  /** The fixture it was measured on. */
  fixture: string;
  /** Whether the rule called the measured fix safe. */
  safe: boolean;
  points: CalibrationPoint[];
}

export interface CalibrationTable {
  version: number;
  runtime: { node: string; v8: string; platform: string; arch: string; cpu: string };
  /** ISO date of the measurement. */
  measuredAt: string;
  /** os.loadavg() when it started, and the number of CPUs: how busy the machine was. */
  load: number[];
  cpus: number;
  sizes: number[];
  entries: CalibrationEntry[];
}

/** os.cpus() reads every core's state (0.1 ms and more; the calibration asks once per finding): asked once. */
let cpuModel: string | undefined;

/** What identifies a runtime for calibration: a table measured on another one is not this one's. */
export function runtimeId(): CalibrationTable["runtime"] {
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpu: (cpuModel ??= os.cpus()[0]?.model?.trim() ?? "unknown"),
  };
}

export function sameRuntime(a: CalibrationTable["runtime"], b: CalibrationTable["runtime"]): boolean {
  return a.node === b.node && a.v8 === b.v8 && a.platform === b.platform && a.arch === b.arch;
}

/** The table shipped with arraylint (measured on the development machine; see its `measuredAt`, `load`). */
export function defaultCalibration(): CalibrationTable {
  return defaultTable as CalibrationTable;
}

// ~/.cache/arraylint (XDG_CACHE_HOME, or %LOCALAPPDATA% on Windows): where the CLI keeps the user's tables
export { defaultCacheDir };

/** The file of this runtime's table in a folder: one per Node version, platform and architecture. */
export function calibrationFile(dir: string): string {
  return path.join(dir, `calibration-node${process.versions.node}-${process.platform}-${process.arch}.json`);
}

/** A table read from disk, checked for shape; undefined when missing, unreadable, of another version or another runtime. */
export function readCalibration(file: string): CalibrationTable | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const table = JSON.parse(readFileSync(file, "utf8")) as CalibrationTable;
    if (table.version !== CALIBRATION_VERSION || !Array.isArray(table.entries) || !table.runtime) return undefined;
    if (!sameRuntime(table.runtime, runtimeId())) return undefined;
    return table;
  } catch {
    return undefined; // a half-written or hand-edited file: calibrate again
  }
}

export function writeCalibration(file: string, table: CalibrationTable): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(table, null, 1) + "\n");
  renameSync(tmp, file); // readers never see half a file
}

/** This runtime's table from the given folders (first found), else the shipped default. */
export function loadCalibration(dirs: readonly string[] = [defaultCacheDir()]): { table: CalibrationTable; source: "user" | "default"; file?: string } {
  for (const dir of dirs) {
    const file = calibrationFile(dir);
    const table = readCalibration(file);
    if (table) return { table, source: "user", file };
  }
  return { table: defaultCalibration(), source: "default" };
}

/** The speedup at `size`, interpolated on log–log scales between calibrated sizes (clamped outside them). */
export function pointAt(points: readonly CalibrationPoint[], size: number): CalibrationPoint | undefined {
  const sorted = points.filter((p) => Number.isFinite(p.speedup) && p.speedup > 0).sort((a, b) => a.size - b.size);
  if (sorted.length === 0) return undefined;
  if (size <= sorted[0].size) return { ...sorted[0], size };
  const last = sorted[sorted.length - 1];
  if (size >= last.size) return { ...last, size };
  const k = sorted.findIndex((p) => p.size >= size);
  const a = sorted[k - 1];
  const b = sorted[k];
  const t = (Math.log(size) - Math.log(a.size)) / (Math.log(b.size) - Math.log(a.size));
  const lerp = (x: number, y: number) => Math.exp(Math.log(x) + t * (Math.log(y) - Math.log(x)));
  return { size, speedup: lerp(a.speedup, b.speedup), ci: [lerp(a.ci[0], b.ci[0]), lerp(a.ci[1], b.ci[1])], noisy: a.noisy || b.noisy };
}

/** The measurement for a key: its own entry, else the most pessimistic of its family at each size. */
export function lookup(table: CalibrationTable, key: string, family: string): { points: CalibrationPoint[]; exact: boolean; entries: CalibrationEntry[] } | undefined {
  const exact = table.entries.find((e) => e.key === key);
  if (exact) return { points: exact.points, exact: true, entries: [exact] };
  const members = table.entries.filter((e) => e.family === family);
  if (members.length === 0) return undefined;
  const sizes = [...new Set(members.flatMap((e) => e.points.map((p) => p.size)))].sort((a, b) => a - b);
  const points: CalibrationPoint[] = [];
  for (const size of sizes) {
    const at = members.map((e) => pointAt(e.points, size)).filter((p): p is CalibrationPoint => !!p);
    if (at.length === 0) continue;
    points.push({
      size,
      speedup: Math.min(...at.map((p) => p.speedup)),
      ci: [Math.min(...at.map((p) => p.ci[0])), Math.min(...at.map((p) => p.ci[1]))],
      noisy: at.some((p) => p.noisy),
    });
  }
  return { points, exact: false, entries: members };
}
