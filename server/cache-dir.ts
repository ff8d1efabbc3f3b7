// Where arraylint keeps what it learns about this machine (calibration tables, compiled code).
import os from "node:os";
import path from "node:path";

/** ~/.cache/arraylint (XDG_CACHE_HOME, or %LOCALAPPDATA% on Windows). */
export function defaultCacheDir(): string {
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, "arraylint");
  if (process.platform === "win32" && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, "arraylint");
  return path.join(os.homedir(), ".cache", "arraylint");
}
