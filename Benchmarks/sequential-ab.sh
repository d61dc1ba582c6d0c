#!/usr/bin/env bash
# Benchmarks/sequential-ab.sh: issue 10's sequential figures (RTT p50 and client CPU per call,
# each against the raw C floor and against another build), finely interleaved.
#
#   Benchmarks/sequential-ab.sh BASE_DIR NEW_DIR [ROUNDS]
#       BASE_DIR, NEW_DIR: directories holding a release resoio-bench and resoio-test-server
#       (a checkout's .build-bench/release, or copies of it). ROUNDS defaults to 20.
#
# Each round runs, one after the other, raw-pingpong's client against its server (40,000
# 16-byte exchanges), BASE's resoio-bench against BASE's test server and NEW's against NEW's
# (20,000 sequential Pings each after 500 of warm-up; each run also stops after 1.5 s). Every
# peer is its own process. It prints the medians and, per figure, the median of the ratios
# taken within each round, with their interquartile range and min-max: on a shared VM the
# absolute figures move with the machine (a quiet one makes every wake-up slow: the raw floor
# measured 45-52 us of RTT quiet, 10 us busy), so only the side-by-side ratios mean something.
# Rounds of a few seconds each follow changes of load better than Benchmarks/run.sh's three.
# Needs Benchmarks/.build/release/raw-pingpong (`cd Benchmarks && swift build -c release`).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${1:?usage: sequential-ab.sh BASE_DIR NEW_DIR [ROUNDS]}
NEW=${2:?usage: sequential-ab.sh BASE_DIR NEW_DIR [ROUNDS]}
ROUNDS=${3:-20}
RAW="$HERE/.build/release/raw-pingpong"
[[ -x $RAW ]] || { echo "build raw-pingpong first: (cd Benchmarks && swift build -c release)" >&2; exit 1; }
TMP=$(mktemp -d /tmp/resoio-seq-ab.XXXXXX)
"$BASE/resoio-test-server" --socket "$TMP/base.sock" >/dev/null 2>&1 &
PIDS=($!)
"$NEW/resoio-test-server" --socket "$TMP/new.sock" >/dev/null 2>&1 &
PIDS+=($!)
"$RAW" server "$TMP/raw.sock" >/dev/null 2>&1 &
PIDS+=($!)
trap 'kill "${PIDS[@]}" 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
  [[ -S $TMP/base.sock && -S $TMP/new.sock && -S $TMP/raw.sock ]] && break
  sleep 0.2
done
for round in $(seq "$ROUNDS"); do
  "$RAW" client "$TMP/raw.sock" --only rtt --calls 40000 --warmup 1000 --max-seconds 1.5 | grep RESULT | sed "s|^|raw $round |"
  "$BASE/resoio-bench" "$TMP/base.sock" --only rtt --calls 20000 --warmup 500 --max-seconds 1.5 2>/dev/null \
    | grep RESULT | sed "s|^|base $round |"
  "$NEW/resoio-bench" "$TMP/new.sock" --only rtt --calls 20000 --warmup 500 --max-seconds 1.5 2>/dev/null \
    | grep RESULT | sed "s|^|new $round |"
done >"$TMP/results"
python3 - "$TMP/results" <<'PY'
import re, statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    tag, number = line.split()[:2]
    fields = dict(re.findall(r'(\w+)=([^ ]+)', line))
    rounds.setdefault(int(number), {})[tag] = (float(fields['rtt_p50_us']), float(fields['rtt_cpu_us']))
complete = [r for r in rounds.values() if len(r) == 3]
def spread(values):
    values = sorted(values)
    n = len(values)
    return (f"{statistics.median(values):.3f}x (IQR {values[n // 4]:.3f}-{values[(3 * n) // 4]:.3f},"
            f" min-max {values[0]:.3f}-{values[-1]:.3f})")
print(f"{len(complete)} rounds")
for tag in ('raw', 'base', 'new'):
    print(f"  {tag:4}  RTT p50 {statistics.median(r[tag][0] for r in complete):7.2f} us"
          f"   client CPU per call {statistics.median(r[tag][1] for r in complete):6.2f} us")
for label, a, b, i in (('RTT p50', 'new', 'base', 0), ('CPU per call', 'new', 'base', 1),
                       ('RTT p50', 'new', 'raw', 0), ('CPU per call', 'new', 'raw', 1),
                       ('RTT p50', 'base', 'raw', 0), ('CPU per call', 'base', 'raw', 1)):
    print(f"  {label:12} {a}/{b}: {spread(r[a][i] / r[b][i] for r in complete)}")
PY
