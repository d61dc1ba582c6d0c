#!/usr/bin/env bash
# Our `resoio` against the reference `resoio` (resonite-io 0.7.0), command line by command line:
# builds resoio and resoio-test-server, ensures the reference venv (scripts/reference/setup.sh;
# pip needs PyPI the first time), then runs compare.py over every cases/*.txt (or the files
# given). Prints a PASS/FAIL line per case and `N passed, N failed`; exits 1 when a case failed.
#
#   bash scripts/reference/cli/run.sh [-k SUBSTRING] [-v] [-j JOBS] [CASE_FILE ...]
#
# The reference executable is the venv's bin/resoio; RESOIO_REFERENCE=/path/to/resoio overrides.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$repo/scripts/reference/cli"
cd "$repo"

python="$(bash "$repo/scripts/reference/setup.sh" | tail -n 1)"
reference="${RESOIO_REFERENCE:-$(dirname "$python")/resoio}"
[ -x "$reference" ] || { echo "no reference resoio at $reference" >&2; exit 1; }

echo "== cli comparison: build resoio and resoio-test-server"
swift build --product resoio
swift build --product resoio-test-server
bin="$(swift build --show-bin-path)"

echo "== cli comparison: our resoio against the reference resoio ($("$reference" --version))"
# The reference runs through forkserver.py (its third-party imports loaded once, `resoio` itself
# imported fresh in each forked child after the case's HOME, socket and directory are set):
# the whole comparison took 333 s (420 s of CPU) with a fresh `python bin/resoio` per command
# line and 183 s (249 s of CPU) through the fork server, back to back on the 2-core machine with
# the same binaries at -j 2, the same 589 verdicts. RESOIO_CLI_FRESH=1 runs a fresh process each time.
fork=(--fork-reference)
[ "${RESOIO_CLI_FRESH:-0}" = "1" ] && fork=()
exec "$python" "$here/compare.py" "${fork[@]}" --ours "$bin/resoio" --reference "$reference" \
  --server "$bin/resoio-test-server" "$@"
