// The docs embedded in the bundle (server/engine/docs.ts) must equal docs/rules/*.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderDocsModule } from "../../server/engine/generate-docs";

test("server/engine/docs.ts is up to date with docs/rules/*.md (run: node --import tsx server/engine/generate-docs.ts)", () => {
  const root = join(__dirname, "..", "..");
  const current = readFileSync(join(root, "server", "engine", "docs.ts"), "utf8");
  assert.equal(current, renderDocsModule(root));
});
