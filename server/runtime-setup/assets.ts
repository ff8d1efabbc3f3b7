// The runtime files arraylint carries: dist/runtime/ (the @arraylint/runtime package folder: index.mjs,
// index.cjs, the .d.ts tree) and dist/arraylint-runtime-<version>.tgz (its `npm pack`). The .vsix and the
// CLI's npm package ship both next to the bundles (dist/server.js, dist/cli.js); under tsx the sources
// find them in the repository's dist/ (built by `npm run build:runtime`).
import * as fs from "node:fs";
import * as path from "node:path";

export interface RuntimeAssets {
  /** The package folder: index.mjs, index.cjs, index.d.ts and its tree, package.json. */
  packageDir: string;
  name: string;
  version: string;
  /** The packed tarball, when it was built. */
  tarball?: string;
}

export class RuntimeAssetsError extends Error {
  override name = "RuntimeAssetsError";
}

let cached: RuntimeAssets | undefined;

/** The bundled runtime; throws RuntimeAssetsError naming the build step when it is missing. */
export function runtimeAssets(): RuntimeAssets {
  if (cached) return cached;
  const candidates = [__dirname, path.join(__dirname, "..", "dist"), path.join(__dirname, "..", "..", "dist")];
  for (const dist of candidates) {
    const packageDir = path.join(dist, "runtime");
    const manifest = path.join(packageDir, "package.json");
    if (!fs.existsSync(path.join(packageDir, "index.mjs")) || !fs.existsSync(manifest)) continue;
    const { name, version } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name: string; version: string };
    const tarball = path.join(dist, `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
    cached = { packageDir, name, version, tarball: fs.existsSync(tarball) ? tarball : undefined };
    return cached;
  }
  throw new RuntimeAssetsError(`the bundled runtime is missing (looked for runtime/index.mjs in ${candidates.join(", ")}); run \`npm run build:runtime\``);
}
