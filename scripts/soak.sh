#!/usr/bin/env bash
# scripts/soak.sh: the long resource check, not part of `swift test` or CI.
#
# Builds (release) resoio-soak and resoio-test-server in Fuzz/.build-tools, starts the test
# server as its own process on a socket in a temporary directory, and runs resoio-soak against
# it: one million Pings over one connection, then ten thousand connect-Ping-close cycles,
# printing the client's (and the server's) open descriptors, threads and RSS as it goes.
# Exits non-zero when a call failed or descriptors or threads were left behind.
#
#   scripts/soak.sh                           the full run (a few minutes on 2 vCPUs)
#   PINGS=100000 CYCLES=1000 scripts/soak.sh  a shorter one
#   IN_FLIGHT=8 scripts/soak.sh               Pings 8 at a time instead of one after another
#   NO_BUILD=1 scripts/soak.sh                reuse the last build
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH="$ROOT/Fuzz/.build-tools"
PINGS=${PINGS:-1000000}
CYCLES=${CYCLES:-10000}
IN_FLIGHT=${IN_FLIGHT:-1}

if [[ -z "${NO_BUILD:-}" ]]; then
  # SwiftPM does not notice files added to the root package (a dependency of Fuzz/) when it
  # reuses its build description; dropping it makes it look again.
  rm -f "$SCRATCH/release/description.json"
  for product in resoio-soak resoio-test-server; do
    swift build --package-path "$ROOT/Fuzz" --scratch-path "$SCRATCH" -c release --product "$product"
  done
fi

TMP=$(mktemp -d /tmp/resoio-soak.XXXXXX)
SOCKET="$TMP/soak.sock"
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

"$SCRATCH/release/resoio-test-server" --socket "$SOCKET" > "$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  [[ -S "$SOCKET" ]] && break
  sleep 0.1
done
[[ -S "$SOCKET" ]] || { echo "the test server did not come up:" >&2; cat "$TMP/server.log" >&2; exit 1; }

echo "== resoio-soak: $PINGS Pings ($IN_FLIGHT in flight), $CYCLES connect-Ping-close cycles; server pid $SERVER_PID"
START=$(date +%s.%N)
status=0
"$SCRATCH/release/resoio-soak" --socket "$SOCKET" --pings "$PINGS" --cycles "$CYCLES" \
  --in-flight "$IN_FLIGHT" --server-pid "$SERVER_PID" || status=$?
awk -v start="$START" -v end="$(date +%s.%N)" 'BEGIN { printf "soak wall time: %.1f s\n", end - start }'
exit "$status"
