#!/usr/bin/env bash
# Install kitgen from this checkout into a virtual environment, with the Debian/Ubuntu packages it needs.
#
#   bash scripts/setup.sh          kitgen itself (then: .venv/bin/kitgen build)
#   bash scripts/setup.sh test     also what the tests need (scripts/test.sh does this, then runs them)
#
# Works on a stock Debian 12 / Ubuntu 24.04, where pip refuses to install into the system Python (PEP 668)
# and there is no `python`: it calls python3, and installs into the active virtual environment, or else
# makes and uses .venv in the checkout. The argument names pyproject.toml extras, comma-separated.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
EXTRAS="${1:-}"

# Debian/Ubuntu packages, one a line: "package:what shows it is there:extra that needs it (empty: always)".
# What shows it is there is a command, an absolute path, or ensurepip (the module `python3 -m venv` needs).
APT_PACKAGES=(
  python3-venv:ensurepip:
  qpdf:qpdf:test
  poppler-utils:pdftotext:test
  zbar-tools:zbarimg:test
  libreoffice-impress:soffice:test
  fonts-liberation2:/usr/share/fonts/truetype/liberation2:test
  chromium:chromium:test
  chromium-driver:chromedriver:test
  npm:npm:test
)

missing_packages() {
  local entry package probe extra
  for entry in "${APT_PACKAGES[@]}"; do
    IFS=: read -r package probe extra <<<"$entry"
    [ -z "$extra" ] || [[ ",$EXTRAS," == *",$extra,"* ]] || continue
    if [ "$probe" = ensurepip ]; then
      [ -n "${VIRTUAL_ENV:-}" ] || python3 -c "import ensurepip" >/dev/null 2>&1 || echo "$package"
    elif [ "${probe:0:1}" = / ]; then
      [ -e "$probe" ] || echo "$package"
    else
      command -v "$probe" >/dev/null 2>&1 || echo "$package"
    fi
  done
}

need="$(missing_packages | tr '\n' ' ')"
if [ -n "${need// /}" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
  else
    echo "Please install (or the equivalent on this system): $need" >&2
  fi
fi

if [ -n "${VIRTUAL_ENV:-}" ]; then
  PYTHON="$VIRTUAL_ENV/bin/python3"     # the active virtual environment's
  [ -x "$PYTHON" ] || PYTHON=python3
else
  [ -x .venv/bin/python3 ] || python3 -m venv .venv
  PYTHON=.venv/bin/python3
fi

# Install (again) only when the packaging files or the extras changed since the last install there.
stamp="$("$PYTHON" -c 'import sys; print(sys.prefix)')/.kitgen-installed"
wanted="$(cat pyproject.toml setup.py MANIFEST.in 2>/dev/null | cksum) [$EXTRAS] $(pwd)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  "$PYTHON" -m pip install -q --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}"
  echo "$wanted" > "$stamp"
fi
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "kitgen is installed: run $(dirname "$PYTHON")/kitgen (or activate the environment: . $(dirname "$PYTHON")/activate)"
fi
