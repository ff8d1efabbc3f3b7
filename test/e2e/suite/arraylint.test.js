// arraylint inside a real VS Code extension host: the packaged extension, its language server and the
// real `vscode` API (diagnostics, code actions, code lenses, commands). Runs under code-server
// (npm run test:e2e) and under @vscode/test-electron (.vscode-test.mjs).
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const {
  EXTENSION_ID, FIXTURE, LOOP_LINE, sleep, until, openFile, discardFile, codeOf, loopDiagnostics, codeLenses,
  benchmarkLens, setText,
} = require('./helpers');

describe('arraylint in the extension host', function () {
  const opened = [];
  const open = async (name, text) => {
    const file = await openFile(name, text);
    opened.push(file.uri);
    return file;
  };
  after(async () => {
    for (const uri of opened) await discardFile(uri);
  });

  describe('activation and diagnostics', () => {
    let file;
    before(async () => {
      file = await open('diagnostics.ts');
    });

    it(`activates ${EXTENSION_ID} on a TypeScript file`, async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed (installed: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')})`);
      await until('the extension to activate', () => extension.isActive);
      console.log(`      loaded from ${extension.extensionPath}`);
    });

    it('publishes an elementwise-loop diagnostic on the loop', async () => {
      const t0 = Date.now();
      const [diagnostic] = await until('an arraylint elementwise-loop diagnostic', () => {
        const found = loopDiagnostics(file.uri);
        return found.length ? found : undefined;
      });
      console.log(`      first diagnostic after ${Date.now() - t0} ms: ${diagnostic.message}`);
      assert.strictEqual(loopDiagnostics(file.uri).length, 1, 'exactly one finding in the fixture');
      assert.strictEqual(diagnostic.source, 'arraylint');
      assert.strictEqual(codeOf(diagnostic), 'elementwise-loop');
      assert.strictEqual(diagnostic.range.start.line, LOOP_LINE, 'the range starts at the for statement');
      assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      const target = typeof diagnostic.code === 'object' && diagnostic.code.target;
      assert.ok(target && /docs\/rules\/elementwise-loop\.md$/.test(target.toString()),
        `the code links to the rule's docs page (got ${target})`);
    });
  });

  describe('quick fix', () => {
    let file;
    before(async () => {
      file = await open('quickfix.ts');
    });

    it('offers a preferred quick fix that replaces the loop with an nd call and adds the import', async () => {
      const [diagnostic] = await until('the diagnostic', () => {
        const found = loopDiagnostics(file.uri);
        return found.length ? found : undefined;
      }, 30000); // the server is warm by now
      const actions = await vscode.commands.executeCommand(
        'vscode.executeCodeActionProvider', file.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const titles = (actions || []).map((a) => a.title);
      const fix = (actions || []).find((a) => /^Replace loop with nd\./.test(a.title));
      assert.ok(fix, `a "Replace loop with nd.…" action is offered (got: ${titles.join(' | ') || 'none'})`);
      assert.ok(fix.isPreferred, 'the safe fix is the preferred action');
      assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind is quickfix (got ${fix.kind && fix.kind.value})`);
      assert.ok(fix.edit, 'the fix carries a workspace edit');
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit accepted the fix');

      const text = file.document.getText();
      assert.match(text, /import \* as nd from ["']@arraylint\/runtime["']/, 'the runtime import was added');
      console.log(`      "${fix.title}" gives:\n${text.replace(/^/gm, '        | ')}`);
      assert.match(text, /\bnd\.[A-Za-z]+\(/, 'the loop became an nd.… call');
      assert.doesNotMatch(text, /for \(let i = 0/, 'the loop is gone');
      assert.doesNotMatch(text, /y\[i\] = x\[i\] \+ 10/, 'the loop body is gone');
      await until('the finding to disappear after the fix', () => loopDiagnostics(file.uri).length === 0, 30000);
    });
  });

  describe('benchmark code lens', () => {
    let file;
    before(async () => {
      file = await open('lens.ts');
    });

    it('shows a Benchmark lens on the finding', async () => {
      const lens = await until('a code lens titled …Benchmark…', () => benchmarkLens(file.uri));
      console.log(`      lens: ${lens.command.title}`);
      assert.strictEqual(lens.range.start.line, LOOP_LINE, 'the lens sits on the loop');
      assert.strictEqual(lens.command.command, 'arraylint.runBenchmark');
      assert.ok(Array.isArray(lens.command.arguments) && lens.command.arguments.length === 2, 'arguments are [uri, line]');
    });

    it('runs the benchmark and the lens then shows the measured result', async () => {
      const lens = await until('the Benchmark lens', () => benchmarkLens(file.uri));
      const t0 = Date.now();
      const result = await vscode.commands.executeCommand(lens.command.command, ...lens.command.arguments);
      console.log(`      benchmark took ${Date.now() - t0} ms: ${JSON.stringify(result)}`);
      assert.ok(result && typeof result === 'object', `the command returns the bench result object (got ${JSON.stringify(result)})`);
      assert.strictEqual(result.error, undefined, `the benchmark ran (error: ${result.error})`);
      assert.strictEqual(result.ruleId, 'elementwise-loop');
      assert.strictEqual(result.equivalent, true, 'outputs of the loop and of the fix are equal');
      assert.ok(Number.isFinite(result.speedup) && result.speedup > 0, `speedup is a positive number (got ${result.speedup})`);
      for (const side of ['before', 'after']) {
        assert.ok(result[side] && result[side].medianNs > 0 && result[side].samples > 0, `${side} was measured`);
      }
      const measured = await until('the lens to show the measured result', async () => {
        const lenses = await codeLenses(file.uri);
        return lenses.find((l) => l.command && /faster|slower|same/.test(l.command.title) && /outputs match/.test(l.command.title));
      }, 30000);
      console.log(`      lens after the run: ${measured.command.title}`);
      assert.strictEqual(measured.range.start.line, LOOP_LINE);
    });
  });

  describe('half-typed code', () => {
    let file;
    before(async () => {
      file = await open('half-typed.ts');
      await until('the diagnostic on the complete file', () => loopDiagnostics(file.uri).length === 1, 30000);
    });

    const lines = FIXTURE.split('\n');
    const loopEnd = lines.findIndex((line, i) => i > LOOP_LINE && line.trim() === '}');
    const cases = [
      ['the loop lost its closing brace', lines.filter((_, i) => i !== loopEnd).join('\n')],
      ['the loop has no body yet', [...lines.slice(0, LOOP_LINE + 1)].join('\n').replace(/\s*\{\s*$/, '\n')],
      ['the loop header is unfinished', [...lines.slice(0, LOOP_LINE), '  for (let i = 0; i < x.'].join('\n')],
    ];
    for (const [what, text] of cases) {
      it(`survives an edit where ${what}`, async () => {
        await setText(file.document, text);
        assert.strictEqual(file.document.getText(), text);
        // the server re-analyses the broken text: the old finding goes and no new one appears
        await until('the stale finding to be withdrawn', () => loopDiagnostics(file.uri).length === 0, 30000);
        await sleep(1000);
        assert.deepStrictEqual(loopDiagnostics(file.uri).map((d) => d.range.start.line), [], 'no finding on broken code');
        // every provider still answers
        assert.ok(Array.isArray(vscode.languages.getDiagnostics(file.uri)));
        const lenses = await codeLenses(file.uri);
        assert.ok(Array.isArray(lenses));
        assert.ok(!lenses.some((l) => l.command && /Benchmark/.test(l.command.title)), 'no Benchmark lens on broken code');
        const actions = await vscode.commands.executeCommand(
          'vscode.executeCodeActionProvider', file.uri, new vscode.Range(LOOP_LINE, 0, LOOP_LINE, 0));
        assert.ok(Array.isArray(actions || []));
      });
    }

    it('is still alive: restoring the text brings the finding back', async () => {
      await setText(file.document, FIXTURE);
      const found = await until('the finding to come back', () => {
        const d = loopDiagnostics(file.uri);
        return d.length ? d : undefined;
      }, 30000);
      assert.strictEqual(found[0].range.start.line, LOOP_LINE);
    });
  });
});
