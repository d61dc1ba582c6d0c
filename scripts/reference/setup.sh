#!/usr/bin/env bash
# Creates (or reuses) the reference client's virtual environment: <repo>/.venv-ref with
# resonite-io==0.7.0 from PyPI (it brings grpclib, betterproto2, h2, psutil, numpy).
# Idempotent: a venv that already has the pinned version is left alone. Prints the venv's
# python path on stdout as its last line.
#
# Python 3.12 is looked up as: $REFERENCE_PYTHON, then pyenv's 3.12.x, then python3.12 on PATH.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${REFERENCE_VENV:-$repo/.venv-ref}"
pin="resonite-io==0.7.0"

have_pin() {
  [ -x "$venv/bin/python" ] &&
    "$venv/bin/python" -c 'import sys
from importlib import metadata
sys.exit(0 if metadata.version("resonite-io") == "0.7.0" else 1)' 2>/dev/null
}

if have_pin; then
  echo "$venv/bin/python"
  exit 0
fi

find_python() {
  if [ -n "${REFERENCE_PYTHON:-}" ]; then
    echo "$REFERENCE_PYTHON"
    return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    local root
    root="$(pyenv root)"
    local candidate
    for candidate in "$root"/versions/3.12.1 "$root"/versions/3.12.*; do
      if [ -x "$candidate/bin/python3.12" ]; then
        echo "$candidate/bin/python3.12"
        return
      fi
    done
  fi
  if command -v python3.12 >/dev/null 2>&1 && python3.12 -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' 2>/dev/null; then
    command -v python3.12
    return
  fi
}

python="$(find_python)"
if [ -z "$python" ] || ! "$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' 2>/dev/null; then
  echo "scripts/reference/setup.sh: no Python 3.12 found (tried \$REFERENCE_PYTHON, pyenv versions 3.12.*, python3.12 on PATH)." >&2
  echo "Install one (e.g. 'pyenv install 3.12.1') or set REFERENCE_PYTHON=/path/to/python3.12." >&2
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv with $python" >&2
  "$python" -m venv "$venv"
fi
echo "installing $pin into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pin" >&2
have_pin || { echo "scripts/reference/setup.sh: $pin did not install into $venv" >&2; exit 1; }
echo "$venv/bin/python"
