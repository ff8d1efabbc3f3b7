// Benchmark children die with their parent. Each child is spawned as the leader of its own process
// group (detached) and registered here; the parent kills every live group when it exits normally,
// on SIGTERM/SIGINT/SIGHUP, and when it is aborted. A parent killed with SIGKILL runs none of this:
// the child's watchdog thread (harness-runtime.ts) notices that its parent changed and kills its
// own group.
import type { ChildProcess } from "node:child_process";

const live = new Set<ChildProcess>();
const SIGNALS: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP"];
const SIGNAL_EXIT_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
let installed = false;

/** Whether children are spawned as process-group leaders (POSIX); Windows has no process groups. */
export const USE_PROCESS_GROUPS = process.platform !== "win32";

/** Kills the child and everything in its process group; never throws. */
export function killTree(child: ChildProcess): void {
  if (child.pid !== undefined && USE_PROCESS_GROUPS) {
    try {
      process.kill(-child.pid, "SIGKILL");
      return;
    } catch {
      // the group is already gone (the child exited and reaped its group); fall through
    }
  }
  try {
    child.kill("SIGKILL");
  } catch {
    // already dead
  }
}

function killAll(): void {
  for (const child of live) killTree(child);
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // When nobody else handles the signal, keep its default meaning: the process ends.
  if (process.listenerCount(signal) <= 1) process.exit(SIGNAL_EXIT_CODES[signal] ?? 1);
}

const handlers = new Map<NodeJS.Signals, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAll);
  for (const [signal, handler] of handlers) process.on(signal, handler);
}

function uninstall(): void {
  if (!installed || live.size > 0) return;
  installed = false;
  process.removeListener("exit", killAll);
  for (const [signal, handler] of handlers) process.removeListener(signal, handler);
}

/** Tracks a benchmark child until it closes; the parent's exit and termination signals kill it. */
export function track(child: ChildProcess): void {
  live.add(child);
  install();
  child.once("close", () => {
    live.delete(child);
    // the group may still hold processes the user's code started: they go with the child
    killTree(child);
    uninstall();
  });
}

/** Number of benchmark children alive (tests). */
export function liveChildren(): number {
  return live.size;
}
