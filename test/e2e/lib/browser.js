// Debian chromium driven by playwright-core, with every route off this machine aborted.
// playwright-core is installed by setup.sh outside the repository; PLAYWRIGHT_CORE is its path.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  // nothing but loopback resolves, so no request can leave the machine even if a route slips through
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Launches chromium with a fresh profile; returns { context, page, blockedOrigins, close }. */
async function launch({ viewport = { width: 1400, height: 850 } } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(process.env.CHROME_PROFILES_DIR || os.tmpdir(), 'chrome-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  const blockedOrigins = new Set();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') {
      blockedOrigins.add(url.origin);
      return route.abort();
    }
    return route.continue();
  });
  const page = context.pages()[0] || (await context.newPage());
  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return { context, page, blockedOrigins, close };
}

const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

module.exports = { launch, seconds };
