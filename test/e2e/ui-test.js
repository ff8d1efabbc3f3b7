// UI end-to-end test: code-server's workbench in Debian chromium (playwright-core). Opens the fixture,
// waits for the squiggle and the Benchmark lens, runs the benchmark from the lens, applies the quick fix
// with Ctrl+. and checks the saved file on disk. Screenshots go to SHOTS_DIR.
//
// env: BASE, WS_DIR (workspace folder; the fixture is copied to WS_DIR/add-ten.ts), FIXTURE, SHOTS_DIR, LOG_FILE.
'use strict';
const fs = require('fs');
const path = require('path');
const { launch, seconds } = require('./lib/browser');

const need = (name) => process.env[name] || (console.error(`ui-test: ${name} is not set`), process.exit(2));
const BASE = need('BASE');
const WS_DIR = need('WS_DIR');
const FIXTURE = need('FIXTURE');
const SHOTS_DIR = need('SHOTS_DIR');
const LOG_FILE = process.env.LOG_FILE || '/dev/null';
const FILE_NAME = 'add-ten.ts';
const FILE = path.join(WS_DIR, FILE_NAME);

/** Size of the window for the quick-fix shot the README shows. */
const README_VIEWPORT = { width: 900, height: 400 };

const checks = [];
const screenshots = [];

(async () => {
  const t0 = Date.now();
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  fs.copyFileSync(FIXTURE, FILE); // a pristine copy: the test saves the fixed file over it
  const log = fs.createWriteStream(LOG_FILE);
  const browser = await launch();
  const { page } = browser;
  page.on('pageerror', (e) => log.write(`[pageerror] ${e}\n`));
  page.on('console', (m) => log.write(`[console.${m.type()}] ${m.text()}\n`));

  const shot = async (name) => {
    const file = path.join(SHOTS_DIR, name);
    await page.screenshot({ path: file });
    screenshots.push(file);
  };
  /** One named check: runs `body`, records pass/fail, stops the test at the first failure. */
  const check = async (name, body) => {
    const t = Date.now();
    try {
      const detail = await body();
      checks.push({ name, ok: true });
      console.log(`  ✔ ${name} (${seconds(t)})${detail ? `: ${detail}` : ''}`);
    } catch (e) {
      checks.push({ name, ok: false });
      console.log(`  ✖ ${name} (${seconds(t)}): ${String(e.message || e).split('\n')[0]}`);
      throw e;
    }
  };

  const editor = page.locator('.monaco-editor').filter({ has: page.locator('.view-lines') }).first();
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Benchmark' });
  const measuredLens = page.locator('.monaco-editor .codelens-decoration', { hasText: /faster|slower|same/ });

  try {
    await check('workbench opens the workspace', async () => {
      await page.goto(`${BASE}/?folder=${encodeURIComponent(WS_DIR)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE_NAME }).waitFor({ timeout: 90000 });
    });

    await check('opening the file shows the elementwise-loop squiggle', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE_NAME }).click();
      await editor.locator('.view-lines').waitFor();
      await editor.locator('.squiggly-warning').first().waitFor({ timeout: 90000 });
      const status = await page.locator('#status\\.problems').getAttribute('aria-label').catch(() => null);
      return status ? `status bar: ${status}` : undefined;
    });

    await check('the status bar item counts the finding', async () => {
      const item = page.locator('.statusbar-item', { hasText: /arraylint: 1 finding/ });
      await item.first().waitFor({ timeout: 30000 });
      return (await item.first().innerText()).trim();
    });

    await check('the Benchmark code lens is shown', async () => {
      await lens.first().waitFor({ timeout: 60000 });
      const text = (await lens.first().innerText()).trim();
      await shot('1-squiggle-and-lens.png');
      return text;
    });

    await check('the Problems panel lists the finding', async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'elementwise-loop' }).first();
      await row.waitFor({ timeout: 15000 });
      const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
      await shot('2-problems-panel.png');
      await page.keyboard.press('Control+Shift+M'); // toggle the panel closed again
      return text;
    });

    await check('clicking the lens runs the benchmark and shows the measured result', async () => {
      await lens.first().click();
      await measuredLens.first().waitFor({ timeout: 120000 });
      const text = (await measuredLens.first().innerText()).replace(/\s+/g, ' ').trim();
      await shot('3-measured-lens.png');
      if (!/outputs match/.test(text)) throw new Error(`measured lens does not say "outputs match": ${text}`);
      return text;
    });

    await check('Ctrl+. offers "Replace loop with nd.…" and applying it rewrites the editor', async () => {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('F8'); // next problem: puts the cursor on the finding
      await page.waitForTimeout(500);
      await page.keyboard.press('Escape'); // close the problem peek
      // the README's screenshot (images/readme/quick-fix.png): squiggle, measured lens, quick-fix menu and
      // status bar in one compact frame, so the side bar goes and the window shrinks first
      await page.keyboard.press('Control+B');
      // the secondary side bar (empty here) too, if the workbench opened it
      if (await page.locator('.part.auxiliarybar').isVisible().catch(() => false)) await page.keyboard.press('Control+Alt+B');
      await page.setViewportSize(README_VIEWPORT);
      await page.waitForTimeout(500);
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Replace loop with nd.' }).first();
      await fix.waitFor({ timeout: 30000 });
      const title = (await fix.innerText()).trim();
      await fix.hover();
      await shot('4-quick-fix-menu.png');
      await fix.click();
      await page.waitForFunction(
        () => [...document.querySelectorAll('.monaco-editor .view-lines')].some((v) => /\bnd\.[A-Za-z]+\(/.test(v.textContent)),
        null, { timeout: 15000 });
      return title;
    });

    await check('after Ctrl+S the file on disk holds the nd. call and no loop', async () => {
      await page.keyboard.press('Control+S');
      const deadline = Date.now() + 15000;
      let disk = '';
      while (Date.now() < deadline) {
        disk = fs.readFileSync(FILE, 'utf8');
        if (/\bnd\.[A-Za-z]+\(/.test(disk)) break;
        await page.waitForTimeout(250);
      }
      if (!/\bnd\.[A-Za-z]+\(/.test(disk)) throw new Error(`no nd. call on disk:\n${disk}`);
      if (/for \(let i = 0/.test(disk) || /y\[i\] = x\[i\] \+ 10/.test(disk)) throw new Error(`the loop is still on disk:\n${disk}`);
      if (!/import \* as nd from ["']@arraylint\/runtime["']/.test(disk)) throw new Error(`no runtime import on disk:\n${disk}`);
      // the finding is gone, and with it its squiggle and its lens
      await editor.locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 30000 });
      await page.locator('.monaco-editor .codelens-decoration', { hasText: /Benchmark|outputs match/ }).first()
        .waitFor({ state: 'detached', timeout: 15000 });
      await shot('5-after-fix-saved.png');
      const line = disk.split('\n').find((l) => /\bnd\.[A-Za-z]+\(/.test(l));
      return line.trim();
    });
  } catch {
    await shot('failure.png').catch(() => {});
  } finally {
    log.end();
    const passed = checks.filter((c) => c.ok).length;
    const failed = checks.length - passed;
    if (browser.blockedOrigins.size) console.log(`  blocked off-machine requests to: ${[...browser.blockedOrigins].join(', ')}`);
    console.log(`  screenshots:\n${screenshots.map((s) => `    ${s}`).join('\n')}`);
    console.log(`ui test: ${passed} passed, ${failed} failed (${seconds(t0)})`);
    await browser.close();
    if (process.env.RESULT_FILE) fs.writeFileSync(process.env.RESULT_FILE, JSON.stringify({ passed, failed }));
    process.exit(failed || !passed ? 1 : 0);
  }
})().catch((e) => {
  console.error('ui-test:', e);
  process.exit(1);
});
