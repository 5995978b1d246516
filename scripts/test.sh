#!/usr/bin/env bash
# Install what the tests need (see scripts/setup.sh), then run pytest with the arguments given,
# e.g. `bash scripts/test.sh -q -x tests/test_cli.py`.
set -euo pipefail
source "$(dirname "$0")/setup.sh" test   # sets PYTHON and changes to the checkout
exec "$PYTHON" -m pytest "$@"
