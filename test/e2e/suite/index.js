// Extension-host test entry, the @vscode/test-electron contract: `run()` returns a promise that
// rejects when a test fails. Used by test/e2e/run-ext-tests.js (code-server) and .vscode-test.mjs.
'use strict';
const fs = require('fs');
const path = require('path');

// The extension host's module paths do not include the repository: load mocha from its node_modules.
const REPO = path.resolve(__dirname, '..', '..', '..');
const Mocha = require(path.join(REPO, 'node_modules', 'mocha'));

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 120000, slow: 10000 });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  console.log('arraylint-e2e-suite-start'); // run-ext-tests.js shows the extension host's output from here on
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats || {};
      // one machine-readable line for run-ext-tests.js (the extension host's console reaches the page)
      console.log(`arraylint-e2e-result ${JSON.stringify({ passed: passes, failed, pending })}`);
      if (failures) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
};
