// The extension's own commands and live settings, in the real extension host: Fix all, Benchmark at
// cursor, Calibrate, Show output, Restart server, editor.codeActionsOnSave with source.fixAll.arraylint,
// and settings changes that take effect without a restart.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { FIXTURE, LOOP_LINE, sleep, until, openFile, discardFile, codeOf, loopDiagnostics, setText } = require('./helpers');

const COMMANDS = {
  fixAll: 'arraylint.fixAll',
  benchmarkAtCursor: 'arraylint.benchmarkAtCursor',
  calibrate: 'arraylint.calibrateMachine',
  showOutput: 'arraylint.showOutput',
  restart: 'arraylint.restartServer',
  loadProfile: 'arraylint.loadProfileFromFile',
  clearProfile: 'arraylint.clearProfile',
};

/** Two loops with safe fixes and one line that is fine. */
const TWO_LOOPS = `${FIXTURE}
export function double(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    y[i] = x[i] * 2;
  }
  return y;
}
`;

const arraylintDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'arraylint');
const withFinding = (uri, ms = 60000) =>
  until('the elementwise-loop finding', () => {
    const found = loopDiagnostics(uri);
    return found.length ? found : undefined;
  }, ms);

describe('arraylint commands and settings', function () {
  const opened = [];
  const open = async (name, text) => {
    const file = await openFile(name, text);
    opened.push(file.uri);
    return file;
  };
  const global = vscode.ConfigurationTarget.Global;
  const touched = [];
  /** Sets a user setting for this test run; after() puts every one back as it was (run.sh's user settings too). */
  const setSetting = async (section, key, value) => {
    const inspected = vscode.workspace.getConfiguration(section).inspect(key);
    touched.push([section, key, inspected && inspected.globalValue]);
    await vscode.workspace.getConfiguration(section).update(key, value, global);
  };
  after(async () => {
    for (const [section, key, previous] of touched.reverse()) await vscode.workspace.getConfiguration(section).update(key, previous, global);
    for (const uri of opened) await discardFile(uri);
  });

  it('registers every palette command', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of Object.values(COMMANDS)) assert.ok(all.includes(id), `${id} is registered`);
    const manifest = vscode.extensions.getExtension('arraylint.arraylint').packageJSON;
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepStrictEqual([...contributed].sort(), Object.values(COMMANDS).sort(), 'package.json contributes exactly these commands');
  });

  describe('Fix all safe problems in this file', () => {
    it('applies every safe fix of the active file with one shared import, and the findings go', async () => {
      const file = await open('fix-all.ts', TWO_LOOPS);
      await until('two findings', () => loopDiagnostics(file.uri).length === 2, 60000);
      const edits = await vscode.commands.executeCommand(COMMANDS.fixAll);
      assert.ok(edits >= 1, `the command reports the edits it applied (got ${edits})`);
      const text = file.document.getText();
      console.log(`      fixed:\n${text.replace(/^/gm, '        | ')}`);
      assert.strictEqual((text.match(/import \* as nd from/g) || []).length, 1, 'one runtime import');
      assert.strictEqual((text.match(/\bnd\.[A-Za-z]+\(/g) || []).length, 2, 'both loops became nd. calls');
      assert.doesNotMatch(text, /for \(let i = 0/, 'no loop is left');
      await until('the findings to disappear', () => loopDiagnostics(file.uri).length === 0, 30000);
    });

    it('says so and changes nothing when the file has no safe fix', async () => {
      const clean = 'export const answer = 42;\n';
      const file = await open('fix-all-clean.ts', clean);
      await sleep(500);
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.fixAll), 0);
      assert.strictEqual(file.document.getText(), clean);
    });
  });

  describe('editor.codeActionsOnSave with source.fixAll.arraylint', () => {
    it('fixes the file when it is saved', async () => {
      await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.arraylint': 'explicit' });
      const file = await open('on-save.ts', FIXTURE);
      await withFinding(file.uri);
      // an edit makes the document dirty, as typing would; saving then runs the code actions on save
      await setText(file.document, FIXTURE + '\n');
      await withFinding(file.uri, 30000);
      assert.ok(await file.document.save(), 'the document saved');
      const text = file.document.getText();
      assert.match(text, /\bnd\.add\(/, `the save fixed the loop:\n${text}`);
      assert.match(Buffer.from(await vscode.workspace.fs.readFile(file.uri)).toString('utf8'), /\bnd\.add\(/, 'the fixed text is on disk');
      await setSetting('editor', 'codeActionsOnSave', undefined);
    });
  });

  describe('Benchmark the finding at the cursor', () => {
    it('benchmarks the finding on the cursor line and returns the measured result', async () => {
      const file = await open('bench-at-cursor.ts', FIXTURE);
      await withFinding(file.uri);
      file.editor.selection = new vscode.Selection(LOOP_LINE + 1, 4, LOOP_LINE + 1, 4); // inside the loop body
      const t0 = Date.now();
      const result = await vscode.commands.executeCommand(COMMANDS.benchmarkAtCursor);
      console.log(`      took ${Date.now() - t0} ms: ${result && result.summary}`);
      assert.ok(result && typeof result === 'object', `a result object (got ${JSON.stringify(result)})`);
      assert.strictEqual(result.error, undefined, `the benchmark ran (error: ${result.error})`);
      assert.strictEqual(result.ruleId, 'elementwise-loop');
      assert.strictEqual(result.equivalent, true);
    });
  });

  describe('Calibrate', () => {
    it('runs the server\'s arraylint.calibrate (one fix kind at one size here: reported, not saved)', async function () {
      assert.ok((await vscode.commands.getCommands(true)).includes('arraylint.calibrate'), 'the server offers arraylint.calibrate');
      const t0 = Date.now();
      const result = await vscode.commands.executeCommand(COMMANDS.calibrate, { fixtures: ['add scalar, Float64Array'], sizes: [1000], timeBudgetMs: 300 });
      console.log(`      ${Date.now() - t0} ms: ${result && result.summary}`);
      assert.ok(result && result.cancelled === false, `the server's reply (got ${JSON.stringify(result && result.summary)})`);
      assert.strictEqual(result.entries, 1);
      assert.match(result.summary, /measured 1 fix kind on Node .* \(a subset: not saved\)/);
      // the server is still there
      const file = await open('after-calibrate.ts', FIXTURE);
      await withFinding(file.uri);
    });
  });

  describe('Restart server and Show output', () => {
    it('restarts the language server, which then analyses again', async () => {
      const file = await open('restart.ts', FIXTURE);
      await withFinding(file.uri);
      // a stopping client withdraws its server's diagnostics: seeing them go proves a real restart
      let withdrawn = false;
      const watch = vscode.languages.onDidChangeDiagnostics(() => {
        if (loopDiagnostics(file.uri).length === 0) withdrawn = true;
      });
      try {
        assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.restart), true);
      } finally {
        watch.dispose();
      }
      assert.ok(withdrawn, 'the old server\'s diagnostics were withdrawn (the server stopped)');
      // the new server gets the open documents again: an edit is analysed by it
      await setText(file.document, FIXTURE.replace('x[i] + 10', 'x[i] + 11'));
      const [d] = await withFinding(file.uri, 60000);
      assert.strictEqual(d.range.start.line, LOOP_LINE);
    });

    it('shows the arraylint output channel with the client\'s log', async () => {
      await vscode.commands.executeCommand(COMMANDS.showOutput);
      const channel = await until('the arraylint output channel document', () =>
        vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /arraylint/i.test(d.uri.toString())), 15000);
      await until('the restart to be logged', () => /restarting the language server/.test(channel.getText()), 15000);
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });
  });

  describe('settings take effect without a restart', () => {
    let file;
    before(async () => {
      file = await open('settings.ts', FIXTURE);
      await withFinding(file.uri);
    });

    it('arraylint.rules: a severity change re-publishes the finding with the new severity', async () => {
      assert.strictEqual(loopDiagnostics(file.uri)[0].severity, vscode.DiagnosticSeverity.Warning);
      await setSetting('arraylint', 'rules', { 'elementwise-loop': 'error' });
      await until('the finding as an error', () => loopDiagnostics(file.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 30000);
      await setSetting('arraylint', 'rules', { 'elementwise-loop': 'off' });
      await until('the finding to go (rule off)', () => arraylintDiagnostics(file.uri).length === 0, 30000);
      await setSetting('arraylint', 'rules', undefined);
      await until('the warning back', () => loopDiagnostics(file.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Warning), 30000);
    });

    it('arraylint.enable: false withdraws the findings, true brings them back', async () => {
      await setSetting('arraylint', 'enable', false);
      await until('no arraylint diagnostics', () => arraylintDiagnostics(file.uri).length === 0, 30000);
      await sleep(1000);
      assert.deepStrictEqual(arraylintDiagnostics(file.uri).map(codeOf), []);
      await setSetting('arraylint', 'enable', undefined);
      await withFinding(file.uri, 30000);
    });

    it('arraylint.runtimeImport: the quick fix imports the new specifier', async () => {
      await setSetting('arraylint', 'runtimeImport', 'my-ndarray');
      const importOf = async () => {
        const [d] = loopDiagnostics(file.uri);
        if (!d) return undefined;
        const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', file.uri, d.range, vscode.CodeActionKind.QuickFix.value);
        // "my-ndarray" resolves nowhere: the plain fix (with its edit) next to the one adding the runtime
        const fix = (actions || []).find((a) => /^Replace loop with nd\./.test(a.title) && a.edit);
        const texts = fix && fix.edit ? fix.edit.entries().flatMap(([, edits]) => edits.map((e) => e.newText)) : [];
        return texts.map((t) => /from "([^"]+)"/.exec(t)).filter(Boolean).map((m) => m[1])[0];
      };
      await until('the fix to import "my-ndarray"', async () => (await importOf()) === 'my-ndarray', 30000);
      await setSetting('arraylint', 'runtimeImport', undefined);
      await until('the fix to import "@arraylint/runtime" again', async () => (await importOf()) === '@arraylint/runtime', 30000);
    });

    const codesOf = (uri) => arraylintDiagnostics(uri).map(codeOf);

    it('arraylint.maxFileSize: below the file\'s size it is not analysed (an information diagnostic says so)', async () => {
      await setSetting('arraylint', 'maxFileSize', 100);
      await until('the too-large note', () => codesOf(file.uri).join() === 'too-large', 30000);
      await setSetting('arraylint', 'maxFileSize', undefined);
      await withFinding(file.uri, 30000);
    });

    it('arraylint.analysisBudgetMs: a budget that runs out at once says so instead of the finding', async () => {
      await setSetting('arraylint', 'analysisBudgetMs', 0.001);
      await until('the budget note', () => codesOf(file.uri).join() === 'budget', 30000);
      await setSetting('arraylint', 'analysisBudgetMs', undefined);
      await withFinding(file.uri, 30000);
    });

    it('arraylint.ignoreTests: a test file\'s findings go and come back', async () => {
      const test = await open('signal.test.ts', FIXTURE);
      await withFinding(test.uri);
      await setSetting('arraylint', 'ignoreTests', true);
      await until('the test file to be left alone', () => arraylintDiagnostics(test.uri).length === 0, 30000);
      assert.ok(loopDiagnostics(file.uri).length === 1, 'other files keep their findings');
      await setSetting('arraylint', 'ignoreTests', undefined);
      await withFinding(test.uri, 30000);
    });

    it('arraylint.bench.size and bench.timeBudgetMs reach the next benchmark', async () => {
      await setSetting('arraylint', 'bench.size', 2000);
      await setSetting('arraylint', 'bench.timeBudgetMs', 500);
      await vscode.window.showTextDocument(file.document);
      const result = await until('a benchmark with the new settings', async () => {
        const r = await vscode.commands.executeCommand('arraylint.runBenchmark', file.uri.toString(), LOOP_LINE);
        return r && r.inputs && r.inputs.size === 2000 ? r : undefined;
      }, 60000);
      console.log(`      ${result.summary}`);
      assert.strictEqual(result.equivalent, true);
    });
  });
});
