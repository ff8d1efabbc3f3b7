// `node --import tsx test/bench/server-start.bench.ts [--runs N] [--server a.js,b.js+--node-flag] [--node-args "--cpu-prof ..."] [--budget MS] [--cold]`: spawn → first diagnostics
// of dist/server.js over stdio on the generated ~3,000-line numeric file of analyzer.bench.ts (the start-up
// figure of issue 11), repeated and interleaved across the given server bundles, medians printed with the load.
// A benchmark, not a test: nothing here asserts a time.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  DidOpenTextDocumentNotification, ExitNotification, InitializeRequest, ShutdownRequest, InitializedNotification,
  StreamMessageReader, StreamMessageWriter, createMessageConnection,
} from "vscode-languageserver/node";
import { CLIENT_CAPABILITIES, RecordingClient } from "../lsp/harness";
import { numericFile } from "./numeric-file";

const repo = path.resolve(__dirname, "..", "..");
const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(arg("--runs") ?? 5);
// each server: a bundle, optionally with node flags of its own after "+" (`dist/server.js+--max-semi-space-size=16`)
const servers = (arg("--server") ?? path.join(repo, "dist", "server.js")).split(",");
// the per-file analysis budget (arraylint.analysisBudgetMs): a large one measures the whole analysis on a loaded machine
const budget = arg("--budget");
// --cold: every start without V8's code cache (an empty cache folder), as the first start after an install
const cold = args.includes("--cold");
const nodeArgs = (arg("--node-args") ?? "").split(" ").filter(Boolean);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

interface Timing { initializeMs: number; firstMs: number; cpuMs: number | undefined; findings: number }

/** User + system CPU time of a process so far (Linux: /proc; undefined elsewhere). */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms (USER_HZ)
  } catch {
    return undefined;
  }
}

async function once(server: string): Promise<Timing> {
  const [serverJs, ...flags] = server.split("+");
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-start-"));
  const file = path.join(workspace, "numeric.ts");
  const text = numericFile();
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...flags, path.resolve(serverJs), "--stdio"], {
    cwd: workspace,
    env: cold ? { ...process.env, XDG_CACHE_HOME: path.join(workspace, "cache") } : process.env,
  });
  try {
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new RecordingClient(conn);
    if (budget !== undefined) client.settings = { analysisBudgetMs: Number(budget) };
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(workspace).href, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }],
      capabilities: CLIENT_CAPABILITIES, initializationOptions: { trusted: false },
    });
    const initializeMs = performance.now() - started;
    await conn.sendNotification(InitializedNotification.type, {});
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text } });
    const first = await client.until("first diagnostics", () => client.diagnosticsFor(uri, 1), 120_000);
    const firstMs = performance.now() - started;
    const cpuMs = cpuMsOf(child.pid);
    // a clean exit, so that a --cpu-prof given in --node-args writes its profile
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    conn.dispose();
    return { initializeMs, firstMs, cpuMs, findings: first.diagnostics.length };
  } finally {
    child.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  console.log(`load before: ${load()}`);
  const results = new Map<string, Timing[]>(servers.map((s) => [s, []]));
  for (let r = 0; r < runs; r++) {
    for (const s of servers) results.get(s)!.push(await once(s));
  }
  for (const [s, ts] of results) {
    console.log(`${s}: spawn → first diagnostics median ${median(ts.map((t) => t.firstMs)).toFixed(0)} ms ` +
      `[${ts.map((t) => t.firstMs.toFixed(0)).join(", ")}], → initialize result ${median(ts.map((t) => t.initializeMs)).toFixed(0)} ms, ` +
      `server CPU by then ${ts[0].cpuMs === undefined ? "?" : median(ts.map((t) => t.cpuMs ?? 0)).toFixed(0)} ms [${ts.map((t) => t.cpuMs?.toFixed(0) ?? "?").join(", ")}], ` +
      `findings ${[...new Set(ts.map((t) => t.findings))].join("/")}`);
  }
  console.log(`load after: ${load()}`);
}

void main();
