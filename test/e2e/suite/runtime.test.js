// Issue 12 in the real extension host: a project with its own package.json and no arraylint runtime
// gets the quick-fix together with "adding the arraylint runtime to this project", in `package` mode
// (npm installs the tarball the .vsix carries) and in `vendor` mode (one file in the folder the input
// box asks for); afterwards `tsc --noEmit` in that project reports 0 errors and the fixed function
// returns what the original returned. Then the other code actions (disable for the line, merged into
// an existing directive; disable for the file; show documentation) and the hover.
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { FIXTURE, LOOP_LINE, sleep, until, discardFile, loopDiagnostics } = require('./helpers');

const REPO = path.resolve(__dirname, '..', '..', '..');
const ts = require(path.join(REPO, 'node_modules', 'typescript'));
/** Node for child processes: the extension host's own binary (ELECTRON_RUN_AS_NODE where it is Electron). */
const NODE_ENV = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };

const workspaceDir = () => vscode.workspace.workspaceFolders[0].uri.fsPath;

/** A project inside the workspace: ES module package.json, the strictest tsconfig, src/signal.ts; no runtime. */
function makeProject(name) {
  const dir = path.join(workspaceDir(), name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, lib: ['es2022'], types: [] },
    include: ['src'],
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'src', 'signal.ts'), FIXTURE);
  return dir;
}

async function openPath(file) {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(document);
  return { uri: document.uri, document, editor };
}

const findingOf = (uri) => until('the elementwise-loop finding', () => loopDiagnostics(uri)[0], 60000);

async function quickFixes(uri, range) {
  return (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) || [];
}

/** tsc --noEmit -p dir with the repository's TypeScript: [exit status, output]. */
function typecheck(dir) {
  try {
    execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', dir], { env: NODE_ENV, encoding: 'utf8' });
    return [0, ''];
  } catch (e) {
    return [e.status, `${e.stdout || ''}${e.stderr || ''}`];
  }
}

/** Runs the original and the fixed addTen (transpiled next to the source, so their imports resolve) on the same input. */
function compareResults(srcDir, original, fixed) {
  const emit = (text) => ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(path.join(srcDir, 'original.check.mjs'), emit(original));
  fs.writeFileSync(path.join(srcDir, 'fixed.check.mjs'), emit(fixed));
  fs.writeFileSync(path.join(srcDir, 'compare.check.mjs'), [
    'import { addTen as original } from "./original.check.mjs";',
    'import { addTen as fixed } from "./fixed.check.mjs";',
    'const x = Float64Array.from([1.5, -2, 3e6, Math.PI, -0, NaN, 1e-300, -1e308]);',
    'const a = original(x), b = fixed(x);',
    'console.log(JSON.stringify({ same: a.length === b.length && a.every((v, i) => Object.is(v, b[i])), original: [...a].map(String), fixed: [...b].map(String) }));',
  ].join('\n'));
  return JSON.parse(execFileSync(process.execPath, [path.join(srcDir, 'compare.check.mjs')], { env: NODE_ENV, encoding: 'utf8' }));
}

describe('a project without the arraylint runtime', function () {
  const opened = [];
  const projects = [];
  const touched = [];
  after(async () => {
    for (const key of touched) await vscode.workspace.getConfiguration('arraylint').update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const uri of opened) await discardFile(uri);
    for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('package mode: the quick-fix npm-installs the bundled runtime and applies the fix; tsc is clean and the results match', async () => {
    const dir = makeProject('needs-runtime-package');
    projects.push(dir);
    const file = await openPath(path.join(dir, 'src', 'signal.ts'));
    opened.push(file.uri);
    const diagnostic = await findingOf(file.uri);
    const actions = await quickFixes(file.uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    const add = actions.find((a) => /, adding the arraylint runtime to this project \(npm install\)$/.test(a.title));
    assert.ok(add, `the quick-fix offers to add the runtime (got: ${titles.join(' | ')})`);
    assert.ok(add.isPreferred, 'it is the preferred fix');
    assert.ok(!add.edit && add.command, 'it runs a command: nothing changes before the runtime is there');
    assert.ok(titles.some((t) => /\(leaves the import of "@arraylint\/runtime" unresolved\)$/.test(t)), 'the plain fix says what it leaves');

    const t0 = Date.now();
    const reply = await vscode.commands.executeCommand(add.command.command, ...add.command.arguments);
    console.log(`      ${Date.now() - t0} ms: ${reply && reply.summary}`);
    assert.ok(reply && reply.applied, `the runtime was added and the fix applied (${JSON.stringify(reply)})`);
    const fixed = file.document.getText();
    assert.match(fixed, /^import \* as nd from "@arraylint\/runtime";$/m);
    assert.match(fixed, /\bnd\.add\(x, 10, \{ out: y \}\);/);
    assert.ok(await file.document.save(), 'saved');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.match(pkg.dependencies['@arraylint/runtime'], /^file:vendor\/arraylint-runtime-[\d.]+\.tgz$/, 'a dependency every clone can install');
    await until('the finding to go', () => loopDiagnostics(file.uri).length === 0, 30000);

    const [status, output] = typecheck(dir);
    assert.strictEqual(status, 0, `tsc --noEmit in the project:\n${output}`);
    const result = compareResults(path.join(dir, 'src'), FIXTURE, fixed);
    assert.ok(result.same, `the fixed function returns the original's result: ${JSON.stringify(result)}`);
  });

  it('vendor mode (the setting changed without a restart): one file in the folder the input box asks for; tsc is clean and the results match', async () => {
    const dir = makeProject('needs-runtime-vendor');
    projects.push(dir);
    touched.push('runtime.mode');
    await vscode.workspace.getConfiguration('arraylint').update('runtime.mode', 'vendor', vscode.ConfigurationTarget.Global);
    const file = await openPath(path.join(dir, 'src', 'signal.ts'));
    opened.push(file.uri);
    const diagnostic = await findingOf(file.uri);
    const add = await until('the vendor-mode quick-fix', async () =>
      (await quickFixes(file.uri, diagnostic.range)).find((a) => /, adding the arraylint runtime to this project \(as one vendored file\)$/.test(a.title)), 30000);

    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand(add.command.command, ...add.command.arguments)).finally(() => { settled = true; });
    // the client asks for the folder (prefilled src/vendor): accept the suggestion as a user pressing Enter would
    for (let i = 0; i < 60 && !settled; i++) {
      await sleep(500);
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const reply = await running;
    assert.ok(reply && reply.applied, `the runtime was vendored and the fix applied (${JSON.stringify(reply)})`);
    const vendored = path.join(dir, 'src', 'vendor', 'arraylint-runtime.mjs');
    assert.ok(fs.existsSync(vendored) && fs.existsSync(vendored.replace(/\.mjs$/, '.d.mts')), 'the runtime and its declarations are in src/vendor');
    const fixed = file.document.getText();
    assert.match(fixed, /^import \* as nd from "\.\/vendor\/arraylint-runtime\.mjs";$/m);
    assert.ok(await file.document.save(), 'saved');
    assert.ok(!fs.existsSync(path.join(dir, 'node_modules')), 'nothing was installed');

    const [status, output] = typecheck(dir);
    assert.strictEqual(status, 0, `tsc --noEmit in the project:\n${output}`);
    const result = compareResults(path.join(dir, 'src'), FIXTURE, fixed);
    assert.ok(result.same, `the fixed function returns the original's result: ${JSON.stringify(result)}`);
    await vscode.workspace.getConfiguration('arraylint').update('runtime.mode', undefined, vscode.ConfigurationTarget.Global);
  });
});

describe('disable, documentation and hover', function () {
  const opened = [];
  const openText = async (name, text) => {
    const file = path.join(workspaceDir(), name);
    fs.writeFileSync(file, text);
    const f = await openPath(file);
    opened.push(f.uri);
    return f;
  };
  after(async () => {
    for (const uri of opened) await discardFile(uri);
  });

  it('"Disable … for this line" joins an existing arraylint-disable-next-line comment', async () => {
    const lines = FIXTURE.split('\n');
    const text = [...lines.slice(0, LOOP_LINE), '  // arraylint-disable-next-line manual-reduction -- kept as written', ...lines.slice(LOOP_LINE)].join('\n');
    const file = await openText('disable-line.ts', text);
    const diagnostic = await findingOf(file.uri);
    const action = (await quickFixes(file.uri, diagnostic.range)).find((a) => a.title === 'Disable arraylint elementwise-loop for this line');
    assert.ok(action && action.edit);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual(file.document.lineAt(LOOP_LINE).text, '  // arraylint-disable-next-line manual-reduction, elementwise-loop -- kept as written');
    assert.strictEqual(file.document.lineCount, text.split('\n').length, 'no second comment');
    await until('the finding to go', () => loopDiagnostics(file.uri).length === 0, 30000);
  });

  it('"Disable … for the entire file" puts one comment at the top and the finding goes', async () => {
    const file = await openText('disable-file.ts', FIXTURE);
    const diagnostic = await findingOf(file.uri);
    const action = (await quickFixes(file.uri, diagnostic.range)).find((a) => a.title === 'Disable arraylint elementwise-loop for the entire file');
    assert.ok(action && action.edit);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual(file.document.lineAt(0).text, '/* arraylint-disable elementwise-loop */');
    await until('the finding to go', () => loopDiagnostics(file.uri).length === 0, 30000);
  });

  it('"Show documentation" opens the rule\'s page as a Markdown preview', async () => {
    const file = await openText('docs.ts', FIXTURE);
    const diagnostic = await findingOf(file.uri);
    const action = (await quickFixes(file.uri, diagnostic.range)).find((a) => a.title === 'Show documentation for arraylint elementwise-loop');
    assert.ok(action && action.command, 'offered as a command');
    const reply = await vscode.commands.executeCommand(action.command.command, ...action.command.arguments);
    assert.ok(reply && reply.shown, JSON.stringify(reply));
    const tab = await until('a tab with the docs page', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /elementwise-loop\.md/.test(t.label)), 15000);
    console.log(`      opened: ${tab.label}`);
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  });

  it('the hover on a finding has the why, the measured figure and a preview of the rewrite', async () => {
    const file = await openText('hover.ts', FIXTURE);
    await findingOf(file.uri);
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', file.uri, new vscode.Position(LOOP_LINE + 1, 6))) || [];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((v) => /\*\*arraylint\*\*/.test(v));
    assert.ok(text, `an arraylint hover (got ${hovers.length} hovers)`);
    assert.match(text, /Measured .*: .* at /);
    assert.match(text, /```diff[\s\S]*\+ +nd\.add\(x, 10, \{ out: y \}\);/);
  });
});
