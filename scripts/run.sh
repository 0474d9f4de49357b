#!/usr/bin/env bash
# Entry point behind `npm start` and `npm test`: works on a fresh machine with only Node 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=10.34.8

# Native modules (better-sqlite3) must build against the local Node headers, never download them.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "› installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || { echo "could not install pnpm globally; using npx"; }
fi
pnpm() { if command -v pnpm >/dev/null 2>&1 && [ "$(command pnpm --version)" = "$PNPM_VERSION" ]; then command pnpm "$@"; else npx -y "pnpm@$PNPM_VERSION" "$@"; fi; }

if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "› installing dependencies"
  pnpm install --frozen-lockfile
fi

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium'." >&2
    exit 1
  fi
}

# The ingest benchmark's load generator: wrk (C, a few µs of CPU a request, where autocannon's JavaScript
# took 25-50 µs on the same two cores as the server). Without it the suite falls back to autocannon.
ensure_wrk() {
  if command -v wrk >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing Debian's wrk for the ingest benchmark"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null ||
      echo "could not install wrk: the ingest benchmark uses autocannon" >&2
  else
    echo "wrk is not installed ('sudo apt-get install -y wrk'): the ingest benchmark uses autocannon" >&2
  fi
}

case "${1:-}" in
  start) shift; pnpm run start:product "$@" ;;
  test) ensure_chromium; pnpm run test:all ;;
  bench) shift; ensure_chromium; ensure_wrk; pnpm run bench:all "$@" ;;
  *) echo "usage: scripts/run.sh start|test|bench" >&2; exit 2 ;;
esac
