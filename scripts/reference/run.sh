#!/usr/bin/env bash
# The independent checks against the reference client, resonite-io 0.7.0 (issue 11, "Proof"):
#   a. the reference Python client against our resoio-test-server (check_test_server.py);
#   b. our Swift client against reference_server.py, a server on the reference package's
#      generated grpclib servicer bases (resoio-reference-check).
# Builds what it needs, sets up the reference venv (scripts/reference/setup.sh; pip needs
# PyPI), prints one line per check and each part's `N passed, N failed` line, then a total.
# Exits 1 when any check failed.
#
#   bash scripts/reference/run.sh [--strict]
#
# --strict (or REFERENCE_STRICT=1) fails, rather than skips, service families the test
# server does not serve yet.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/scripts/reference"
cd "$repo"

strict=()
if [ "${1:-}" = "--strict" ] || [ "${REFERENCE_STRICT:-0}" = "1" ]; then strict=(--strict); fi

python="$(bash "$here/setup.sh" | tail -n 1)"

echo "== reference: build resoio-test-server and resoio-reference-check"
swift build --product resoio-test-server
swift build --product resoio-reference-check
bin="$(swift build --show-bin-path)"

work="$(mktemp -d "${TMPDIR:-/tmp}/resoio-reference.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

status=0

echo "== reference: the reference client (resonite-io 0.7.0) against resoio-test-server"
(cd "$here" && "$python" check_test_server.py --server "$bin/resoio-test-server" "${strict[@]}") | tee "$work/a.txt" || status=1
a_line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/a.txt" | tail -n 1 || true)"
[ -n "$a_line" ] || { echo "check_test_server.py printed no summary" >&2; status=1; }

echo "== reference: our client against reference_server.py (the reference's servicer bases)"
(cd "$here" && exec "$python" reference_server.py --socket "$work/healthy.sock" --failing-socket "$work/failing.sock" \
  --sparse-socket "$work/sparse.sock" --log "$work/requests.log" --fixtures "$work/fixtures.tsv") > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^ready$' "$work/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q '^ready$' "$work/server.out" 2>/dev/null; then
  echo "reference_server.py did not start:" >&2
  cat "$work/server.err" >&2
  exit 1
fi
"$bin/resoio-reference-check" --socket "$work/healthy.sock" --failing-socket "$work/failing.sock" \
  --sparse-socket "$work/sparse.sock" --log "$work/requests.log" --fixtures "$work/fixtures.tsv" 2> "$work/check.err" | tee "$work/b.txt" || status=1
b_line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/b.txt" | tail -n 1 || true)"
[ -n "$b_line" ] || { echo "resoio-reference-check printed no summary:" >&2; cat "$work/check.err" >&2; status=1; }

count() { echo "$1" | sed -E "s/.*\b([0-9]+) $2.*/\1/"; }
passed=$(( $(count "${a_line:-0 passed}" passed) + $(count "${b_line:-0 passed}" passed) ))
failed=$(( $(count "${a_line:-0 failed}" failed) + $(count "${b_line:-0 failed}" failed) ))
skipped="$(echo "${a_line}" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0)"
echo "== reference: test server ${a_line:-no summary}; reference server ${b_line:-no summary}"
echo "reference: ${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ] || status=1
exit "$status"
