// `package` mode: the runtime tarball arraylint carries, installed into the user's project with the
// project's own package manager (pnpm or yarn when their lockfile or package.json's `packageManager` says
// so, else npm) and saved in package.json's dependencies. The tarball is first copied into the project
// (vendor/arraylint-runtime-<version>.tgz), so the dependency reads `file:vendor/…tgz`: a path that works
// on every clone and in CI, never one into this machine's editor extensions folder.
// This runs a program: callers allow it only in a trusted workspace (the server) or on request (the CLI).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runtimeAssets, type RuntimeAssets } from "./assets";

export type PackageManager = "npm" | "pnpm" | "yarn";

/** The project folder the tarball is copied into (next to package.json). */
export const TARBALL_FOLDER = "vendor";

export class InstallError extends Error {
  override name = "InstallError";
}

/** The package manager the project uses, and what says so. */
export function detectPackageManager(packageRoot: string): { manager: PackageManager; reason: string } {
  try {
    const declared = (JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { packageManager?: unknown }).packageManager;
    const m = typeof declared === "string" ? /^(npm|pnpm|yarn)@/.exec(declared) : null;
    if (m) return { manager: m[1] as PackageManager, reason: `package.json's "packageManager" is ${declared}` };
  } catch {
    // no or broken package.json: the lockfiles decide
  }
  if (fs.existsSync(path.join(packageRoot, "pnpm-lock.yaml"))) return { manager: "pnpm", reason: "pnpm-lock.yaml" };
  if (fs.existsSync(path.join(packageRoot, "yarn.lock"))) return { manager: "yarn", reason: "yarn.lock" };
  return { manager: "npm", reason: fs.existsSync(path.join(packageRoot, "package-lock.json")) ? "package-lock.json" : "no other lockfile" };
}

/** The command that adds `name` from the project-relative tarball `relTarball` to the dependencies. */
export function installCommand(manager: PackageManager, name: string, relTarball: string): { command: string; args: string[] } {
  const spec = `${name}@file:./${relTarball.split(path.sep).join("/")}`;
  switch (manager) {
    case "pnpm":
      return { command: "pnpm", args: ["add", spec] };
    case "yarn":
      return { command: "yarn", args: ["add", spec] };
    default:
      return { command: "npm", args: ["install", "--save", "--no-audit", "--no-fund", spec] };
  }
}

export interface InstallResult {
  manager: PackageManager;
  /** The command line that ran, for messages. */
  commandLine: string;
  /** The tarball's copy inside the project. */
  tarball: string;
}

export interface InstallOptions {
  packageRoot: string;
  assets?: RuntimeAssets;
  manager?: PackageManager;
  signal?: AbortSignal;
  /** Each line the package manager prints (stdout and stderr). */
  onOutput?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT_LINES = 200;

/** Copies the tarball into the project and installs it; rejects with InstallError saying what failed. */
export async function installRuntime(opts: InstallOptions): Promise<InstallResult> {
  const assets = opts.assets ?? runtimeAssets();
  if (!assets.tarball) throw new InstallError("the runtime tarball is missing from this arraylint build (run `npm run build:runtime`)");
  if (!fs.existsSync(path.join(opts.packageRoot, "package.json"))) {
    throw new InstallError(`no package.json in ${opts.packageRoot}: create one (npm init -y), or vendor the runtime instead`);
  }
  const manager = opts.manager ?? detectPackageManager(opts.packageRoot).manager;
  const rel = path.join(TARBALL_FOLDER, path.basename(assets.tarball));
  const copy = path.join(opts.packageRoot, rel);
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(assets.tarball, copy);
  const { command, args } = installCommand(manager, assets.name, rel);
  const commandLine = `${command} ${args.join(" ")}`;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new InstallError(`${commandLine}: cancelled`));
    // npm, pnpm and yarn are .cmd scripts on Windows, which only a shell can start
    const child = spawn(command, args, {
      cwd: opts.packageRoot,
      env: opts.env ?? process.env,
      shell: process.platform === "win32",
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const onAbort = () => {
      try {
        // the package manager's own children (lifecycle scripts) die with it
        if (child.pid !== undefined && process.platform !== "win32") process.kill(-child.pid, "SIGTERM");
        else child.kill();
      } catch {
        // already gone
      }
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    let partial = "";
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split(/\r?\n/);
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > MAX_OUTPUT_LINES) output.shift();
        opts.onOutput?.(line);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (e: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener("abort", onAbort);
      reject(new InstallError(e.code === "ENOENT"
        ? `${command} was not found on PATH (the project uses ${manager}): install ${command}, or vendor the runtime instead`
        : `${commandLine} could not start: ${e.message}`));
    });
    child.on("close", (exitCode) => {
      opts.signal?.removeEventListener("abort", onAbort);
      if (partial.trim()) output.push(partial);
      resolve(exitCode);
    });
  });
  if (opts.signal?.aborted) throw new InstallError(`${commandLine}: cancelled`);
  if (code !== 0) {
    const tail = output.slice(-12).join("\n");
    throw new InstallError(`${commandLine} failed in ${opts.packageRoot} (exit ${code ?? "by a signal"})${tail ? `:\n${tail}` : ""}`);
  }
  return { manager, commandLine, tarball: copy };
}
