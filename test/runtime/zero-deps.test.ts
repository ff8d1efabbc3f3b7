// The runtime ships to users' projects and browsers: it must import nothing but its own files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve, relative, dirname } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../runtime");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "tools" ? [] : tsFiles(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

test("runtime/ imports only runtime/ files (no npm packages, no node: modules, nothing else in the repo)", () => {
  const files = tsFiles(ROOT);
  assert.ok(files.length > 50, "found the runtime's sources");
  const bad: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = resolve(dirname(file), spec);
      if (!spec.startsWith(".") || relative(ROOT, target).startsWith("..")) bad.push(`${relative(ROOT, file)}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
