// The real-editor suite (test/e2e/suite) under a downloaded desktop VS Code, for machines that can reach
// Microsoft's download servers (ours cannot: there `npm run test:e2e` runs the same suite in code-server).
//   npx vscode-test            with @vscode/test-cli installed: reads the default export below
//   node .vscode-test.mjs      with @vscode/test-electron only (a devDependency): runTests() with index.js's run()
// Unlike test:e2e this loads the extension from the repository (extensionDevelopmentPath), not from a .vsix;
// run `npm run build` first.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = dirname(fileURLToPath(import.meta.url));
const suite = join(repo, "test", "e2e", "suite");

/** A throwaway workspace folder: the suite writes its .ts files there. */
function makeWorkspace() {
  const folder = mkdtempSync(join(tmpdir(), "arraylint-vscode-test-"));
  cpSync(join(repo, "test", "e2e", "fixtures", "tsconfig.json"), join(folder, "tsconfig.json"));
  // the workspace resolves the runtime as a project that has it (the tsconfig's paths), like test/e2e/run.sh's
  const tarball = readdirSync(join(repo, "dist")).find((f) => /^arraylint-runtime-.+\.tgz$/.test(f));
  mkdirSync(join(folder, ".arraylint-runtime"));
  execFileSync("tar", ["xzf", join(repo, "dist", tarball), "-C", join(folder, ".arraylint-runtime"), "--strip-components=1"]);
  mkdirSync(join(folder, ".vscode"));
  // small benchmark inputs keep the lens test short
  writeFileSync(join(folder, ".vscode", "settings.json"),
    JSON.stringify({ "arraylint.bench.size": 100000, "arraylint.bench.timeBudgetMs": 3000 }, null, 2));
  return folder;
}

const workspaceFolder = makeWorkspace();

export default [
  {
    label: "arraylint real-editor suite",
    files: "test/e2e/suite/**/*.test.js",
    extensionDevelopmentPath: repo,
    workspaceFolder,
    version: "stable",
    launchArgs: ["--disable-extensions"],
    mocha: { ui: "bdd", timeout: 120000 },
  },
];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { runTests } = await import("@vscode/test-electron");
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(suite, "index.js"),
      launchArgs: [workspaceFolder, "--disable-extensions"],
    });
  } catch (error) {
    console.error(`real-editor suite failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
