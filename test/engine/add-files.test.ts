// Engine.addFiles: the files of a CLI run join the project at once, so one program (and one type checker)
// serves every analysis of the run, and the findings are those of analysing the files one by one.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Project } from "ts-morph";
import { Engine, type AnalyzeResult } from "../../server/engine/index";
import { ADD_TEN_SOURCE } from "../add-ten";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-add-files-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const FILES: Record<string, string> = {
  // independent modules: without addFiles each one joins the project (a new program) when analysed
  "a.ts": ADD_TEN_SOURCE,
  "b.ts": "import { scale } from './c';\nexport function total(x: Float64Array): number {\n  let s = 0;\n  for (let i = 0; i < x.length; i++) s += scale * x[i];\n  return s;\n}\n",
  "c.ts": "export const scale = 2;\n",
  "d.js": "export function squares(n) {\n  const out = [];\n  for (let i = 0; i < n; i++) out.push(i * i);\n  return new Float64Array(out);\n}\n",
  // skipped by analyze before it is loaded: addFiles leaves it out too
  "gen.ts": "// @generated\nexport function g(x: Float64Array): void {\n  for (let i = 0; i < x.length; i++) x[i] = x[i] + 1;\n}\n",
};
for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
const paths = Object.keys(FILES).map((name) => path.join(dir, name));

/** The engine's ts-morph project (private: what the test observes is which program each analysis used). */
const projectOf = (engine: Engine) => (engine as unknown as { project: Project }).project;
const withoutTimings = (r: AnalyzeResult) => ({ ...r, timings: undefined });

test("after addFiles, every file of the run is analysed with one program, with the findings of one-by-one analysis", () => {
  const joined = new Engine({ rootDir: dir });
  joined.addFiles(paths.map((p) => ({ filePath: p, text: fs.readFileSync(p, "utf8") })));
  assert.equal(projectOf(joined).getSourceFile(path.join(dir, "gen.ts")), undefined, "generated code is not loaded for its own sake");
  const program = projectOf(joined).getProgram().compilerObject;
  const results = paths.map((p) => joined.analyze(p, fs.readFileSync(p, "utf8")));
  assert.equal(projectOf(joined).getProgram().compilerObject, program, "no file joined the project during the run");

  const oneByOne = new Engine({ rootDir: dir });
  const expected = paths.map((p) => oneByOne.analyze(p, fs.readFileSync(p, "utf8")));
  assert.deepEqual(results.map(withoutTimings), expected.map(withoutTimings));
  assert.ok(expected.flatMap((r) => r.findings).length >= 3, "the files have findings to compare");
  assert.equal(expected[4].notes[0]?.kind, "generated");
});

test("addFiles with includeGenerated loads generated code too; an unparsable or missing file is left to analyze", () => {
  const engine = new Engine({ rootDir: dir });
  const gen = path.join(dir, "gen.ts");
  engine.addFiles([
    { filePath: gen, text: FILES["gen.ts"], includeGenerated: true },
    { filePath: path.join(dir, "missing.ts"), text: "export const x = 1;\n" },
  ]);
  assert.notEqual(projectOf(engine).getSourceFile(gen), undefined);
  assert.equal(projectOf(engine).getSourceFile(path.join(dir, "missing.ts")), undefined);
  assert.equal(engine.analyze(gen, FILES["gen.ts"], { runtimeImport: "@arraylint/runtime", includeGenerated: true }).findings.length, 1);
});
