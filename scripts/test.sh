#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  need=""
  for pair in qpdf:qpdf pdftotext:poppler-utils zbarimg:zbar-tools soffice:libreoffice-impress; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
  done
  [ -d /usr/share/fonts/truetype/liberation2 ] || need="$need fonts-liberation2"
  if [ -n "$need" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
  fi
fi
python -m pip install -q -e '.[test]'
python -m pytest "$@"
