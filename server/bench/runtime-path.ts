// Where the built runtime (dist/runtime/index.cjs) is, for the harness's require().
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Directory of this code: dist/ when bundled (dist/server.js, dist/cli.js), server/bench/ under tsx. */
function hereDir(): string {
  return typeof __dirname === "string" ? __dirname : process.cwd();
}

function isArraylintPackage(dir: string): boolean {
  try {
    return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).name === "arraylint";
  } catch {
    return false; // no package.json here, or not JSON
  }
}

/**
 * The runtime next to the running bundle (dist/runtime/index.cjs beside dist/server.js), else,
 * when running from the TypeScript sources, the dist/ of the enclosing arraylint package.
 * Returns a path even when nothing is built; runBenchmark checks that it exists.
 */
export function defaultRuntimePath(from: string = hereDir()): string {
  const besideBundle = path.join(from, "runtime", "index.cjs");
  if (existsSync(besideBundle)) return besideBundle;
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (isArraylintPackage(dir)) return path.join(dir, "dist", "runtime", "index.cjs");
    if (path.dirname(dir) === dir) break;
  }
  return besideBundle;
}
