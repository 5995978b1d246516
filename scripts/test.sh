#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  need=""
  for pair in qpdf:qpdf pdftotext:poppler-utils zbarimg:zbar-tools soffice:libreoffice-impress chromium:chromium chromedriver:chromium-driver npm:npm; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
  done
  [ -d /usr/share/fonts/truetype/liberation2 ] || need="$need fonts-liberation2"
  if [ -n "$need" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
  fi
fi
python -m pip install -q -e '.[test]'
# axe-core for the web page's accessibility tests, from the npm registry into build/ (never fetched by a test)
[ -f build/axe/node_modules/axe-core/axe.min.js ] || npm install --silent --no-audit --no-fund --prefix build/axe axe-core@4
python -m pytest "$@"
