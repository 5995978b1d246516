#!/usr/bin/env bash
# Install what the tests need (see scripts/setup.sh), then run pytest with the arguments given,
# e.g. `bash scripts/test.sh -q -x tests/test_cli.py`.
set -euo pipefail
source "$(dirname "$0")/setup.sh" test   # sets PYTHON and changes to the checkout
# axe-core for the web page's accessibility tests, from the npm registry into build/ (never fetched by a test)
[ -f build/axe/node_modules/axe-core/axe.min.js ] || npm install --silent --no-audit --no-fund --prefix build/axe axe-core@4
exec "$PYTHON" -m pytest "$@"
