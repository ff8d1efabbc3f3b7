// Runs the extension-host mocha suite (test/e2e/suite, the @vscode/test-electron run() contract)
// inside code-server's Node extension host, through the workbench's URL payload
// (extensionDevelopmentPath / extensionTestsPath). The exit code comes back via codeAutomationExit.
//
// env: BASE (http://127.0.0.1:PORT), WS_DIR (workspace folder), EXT_DEV_DIR (a stub extension: VS Code
// refuses to load a test runner without a development extension, and the real one is the installed .vsix),
// EXT_TESTS_DIR (the suite), RESULT_FILE (this script writes {passed, failed, pending} there for run.sh),
// LOG_FILE (every workbench log line), TIMEOUT_MS.
'use strict';
const fs = require('fs');
const util = require('util');
const { launch, seconds } = require('./lib/browser');

const need = (name) => process.env[name] || (console.error(`run-ext-tests: ${name} is not set`), process.exit(2));
const BASE = need('BASE');
const WS_DIR = need('WS_DIR');
const EXT_DEV_DIR = need('EXT_DEV_DIR');
const EXT_TESTS_DIR = need('EXT_TESTS_DIR');
const RESULT_FILE = need('RESULT_FILE');
const LOG_FILE = process.env.LOG_FILE || '/dev/null';
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS || 300000);
// code-server's remote authority is the page's host:port (the HTML's 'remote' value is a placeholder)
const AUTHORITY = new URL(BASE).host;

// What reaches the terminal: mocha's output (from the suite's start marker on) and errors about loading
// the tests; the workbench's own log lines go to LOG_FILE only.
const SUITE_START = 'arraylint-e2e-suite-start';
const RESULT_PREFIX = 'arraylint-e2e-result ';
const LOAD_ERROR = /test runner|extensionTestsPath|Cannot find module|SyntaxError|run\(\)/;

(async () => {
  const t0 = Date.now();
  fs.rmSync(RESULT_FILE, { force: true });
  const log = fs.createWriteStream(LOG_FILE);
  const browser = await launch();
  const { page } = browser;
  let finish;
  const exited = new Promise((resolve) => (finish = resolve));
  const output = [];
  let suiteStarted = false;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    log.write(`[${type}] ${line}\n`);
    output.push(line);
    if (line.startsWith(SUITE_START)) suiteStarted = true;
    else if (line.startsWith(RESULT_PREFIX)) return;
    else if (suiteStarted && type !== 'error' && type !== 'warn' && !line.startsWith('[')) console.log(line); // '[Component] …' = workbench
    else if (type === 'error' && (LOAD_ERROR.test(line) || line.includes(EXT_TESTS_DIR))) console.log(`  [extension host] ${line}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  page.on('pageerror', (e) => log.write(`[pageerror] ${e}\n`));
  page.on('console', (m) => log.write(`[console.${m.type()}] ${m.text()}\n`));

  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${AUTHORITY}${EXT_DEV_DIR}`],
    ['extensionTestsPath', `vscode-remote://${AUTHORITY}${EXT_TESTS_DIR}`],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(`${BASE}/?folder=${encodeURIComponent(WS_DIR)}&payload=${encodeURIComponent(payload)}`);
  const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  await browser.close();
  log.end();

  // the suite's index.js logs one `arraylint-e2e-result {json}` line when mocha is done
  const resultLine = output.find((line) => line.startsWith(RESULT_PREFIX));
  let result;
  if (resultLine) {
    result = JSON.parse(resultLine.slice(RESULT_PREFIX.length));
  } else {
    // the suite never got that far (not loaded, or crashed): count from mocha's epilogue, if any
    const count = (word) => Number((output.join('\n').match(new RegExp(`(\\d+) ${word}`)) || [0, 0])[1]);
    result = { passed: count('passing'), failed: count('failing'), pending: count('pending') };
  }
  const ok = code === 0 && result.failed === 0 && result.passed > 0;
  if (code === 'timeout') console.log(`  extension tests did not finish within ${TIMEOUT_MS / 1000}s`);
  if (!ok && result.passed + result.failed === 0) console.log(`  no test ran; see ${LOG_FILE}`);
  console.log(`ext-host suite: ${result.passed} passed, ${result.failed} failed, exit code ${code} (${seconds(t0)})`);
  fs.writeFileSync(RESULT_FILE, JSON.stringify({ ...result, failed: ok ? result.failed : Math.max(result.failed, 1) }));
  process.exit(ok ? 0 : 1);
})().catch((e) => {
  console.error('run-ext-tests:', e);
  process.exit(1);
});
