// The benchmark child dies with its parent: SIGKILL of the CLI during a benchmark leaves no process
// behind (the child's watchdog sees its parent change), SIGTERM kills the child's process group.
// Real processes: the built CLI (npm test builds it) on a fixture.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const repo = path.resolve(__dirname, "../..");
const cli = path.join(repo, "dist", "cli.js");
const fixture = path.join(__dirname, "fixtures", "module.ts");

/** Live (not zombie) benchmark processes (node --max-old-space-size=… -) whose parent is `ppid`. */
function benchChildrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'
      const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(parent) !== ppid || state === "Z") continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (argv.some((a) => a.startsWith("--max-old-space-size="))) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The CLI benchmarking a loop for a minute (a long budget), and its benchmark child once it runs. */
async function benchmarking(): Promise<{ cliProcess: ChildProcess; child: number }> {
  const cliProcess = spawn(process.execPath, [cli, "bench", `${fixture}:23`, "--size", "100000", "--time-budget", "60000"], { stdio: "ignore" });
  const child = await until("the benchmark child", () => benchChildrenOf(cliProcess.pid!)[0]);
  return { cliProcess, child };
}

const linux = process.platform === "linux" && existsSync("/proc/self/stat");

describe("process hygiene", { skip: !linux && "reads /proc" }, () => {
  test("SIGKILL of the CLI during a benchmark leaves no child after 2 s", async () => {
    const { cliProcess, child } = await benchmarking();
    assert.ok(alive(child));
    cliProcess.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(alive(child), false, `benchmark child ${child} still runs after its parent was killed`);
  });

  test("SIGTERM of the CLI kills the benchmark child and ends the CLI", async () => {
    const { cliProcess, child } = await benchmarking();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => cliProcess.on("exit", (code, signal) => r({ code, signal })));
    cliProcess.kill("SIGTERM");
    // 143 from the handler that kills the children; between two benchmark children no handler is
    // installed and SIGTERM's default action ends the CLI (there is then no child to kill)
    const { code, signal } = await exited;
    assert.ok(code === 143 || signal === "SIGTERM", `the CLI ended with code ${code}, signal ${signal}`);
    await until("the child to die", () => (alive(child) ? undefined : true), 2000);
  });
});
