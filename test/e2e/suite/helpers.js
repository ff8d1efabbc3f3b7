// Shared helpers for the extension-host tests (plain CommonJS: the extension host loads it as is).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'arraylint.arraylint';
const FIXTURE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'add-ten.ts'), 'utf8');
/** 0-based line of the fixture's `for` statement. */
const LOOP_LINE = FIXTURE.split('\n').findIndex((line) => line.trimStart().startsWith('for ('));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
async function until(what, probe, ms = 60000) {
  const deadline = Date.now() + ms;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await sleep(200);
  }
}

/** Folder the tests write their files into: the first workspace folder, else a temp folder. */
function workFolder() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (folder) return folder.uri;
  return vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'arraylint-e2e-')));
}

/** Writes `text` to a new file `name` in the work folder and shows it in an editor. */
async function openFile(name, text = FIXTURE) {
  const uri = vscode.Uri.joinPath(workFolder(), name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  return { uri, document, editor };
}

/** Closes the file's editors without saving and deletes it. */
async function discardFile(uri) {
  for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString())) {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.workspace.fs.delete(uri).then(undefined, () => {});
}

const codeOf = (diagnostic) =>
  diagnostic.code !== null && typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;

/** arraylint's elementwise-loop diagnostics currently published for `uri`. */
function loopDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'arraylint' && codeOf(d) === 'elementwise-loop');
}

/** Code lenses of `uri`, resolved (the provider may fill the command in lazily). */
async function codeLenses(uri) {
  return (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 100)) || [];
}

async function benchmarkLens(uri) {
  const lenses = await codeLenses(uri);
  return lenses.find((lens) => lens.command && /Benchmark/.test(lens.command.title));
}

/** Replaces the whole text of `document` (an unsaved edit, as typing would make). */
async function setText(document, text) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('workspace.applyEdit refused the edit');
}

module.exports = {
  EXTENSION_ID, FIXTURE, LOOP_LINE, sleep, until, openFile, discardFile, codeOf, loopDiagnostics, codeLenses,
  benchmarkLens, setText,
};
