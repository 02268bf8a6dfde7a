#!/usr/bin/env bash
# Accessibility and phone-width check of a built site in headless Chromium with axe-core:
# WCAG 2 A/AA and best-practice rules, at 1280 px and 390 px, and any horizontal overflow.
#
#   scripts/a11y.sh [SITE_OUTPUT_DIR] [PAGE ...]      default: public/ and its main pages
#
# Needs Debian's chromium and npm (installs playwright-core and axe-core into a temp folder).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-public}
shift || true
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=("" "2565/anti-corruption/" "2565/anti-corruption/6m/" "2565/anti-corruption/integrity/" "oit/")
tools=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$tools"' EXIT
(cd "$tools" && npm install --silent playwright-core axe-core >/dev/null)
port=$((20000 + RANDOM % 10000))
(cd "$out" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
NODE_PATH="$tools/node_modules" node "$here/a11y.js" "http://127.0.0.1:$port/" "${pages[@]}"
