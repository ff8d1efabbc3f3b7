// rememberLibraryPackageLookups: the package.json lookups TypeScript makes above the in-memory standard
// library for every new program (over 200 failed stat calls per edit) go to the disk once per path; every
// other path is asked every time (a workspace's package.json may come and go).
import { test } from "node:test";
import assert from "node:assert/strict";
import { InMemoryFileSystemHost } from "ts-morph";
import { rememberLibraryPackageLookups } from "../../server/engine/index";

test("the library folder's package.json lookups reach the disk once; other paths every time", () => {
  const fileSystem = new InMemoryFileSystemHost();
  const asked: string[] = [];
  const fileExistsSync = fileSystem.fileExistsSync.bind(fileSystem);
  fileSystem.fileExistsSync = (p: string) => (asked.push(p), fileExistsSync(p));
  rememberLibraryPackageLookups(fileSystem);
  const libraryPaths = ["/node_modules/typescript/lib/package.json", "/node_modules/typescript/package.json", "/node_modules/package.json", "/package.json"];
  fileSystem.writeFileSync("/ws/package.json", "{}");
  for (let round = 0; round < 3; round++) {
    for (const p of libraryPaths) assert.equal(fileSystem.fileExistsSync(p), false);
    assert.equal(fileSystem.fileExistsSync("/ws/package.json"), true);
  }
  assert.deepEqual(asked.filter((p) => libraryPaths.includes(p)).sort(), [...libraryPaths].sort(), "each library lookup asked once");
  assert.equal(asked.filter((p) => p === "/ws/package.json").length, 3, "the workspace's asked every time");
  fileSystem.deleteSync("/ws/package.json");
  assert.equal(fileSystem.fileExistsSync("/ws/package.json"), false, "and its answer follows the disk");
});
