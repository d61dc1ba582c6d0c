#!/usr/bin/env bash
# Benchmarks/profile.sh: where our client's sequential Ping spends its time.
#
#   Benchmarks/profile.sh             sequential Ping (the hot path of issue 5's RTT and CPU rows)
#   BULK=1 Benchmarks/profile.sh      also the 8 MiB echo
#   CALLS=50000 Benchmarks/profile.sh more calls
#   NO_BUILD=1 Benchmarks/profile.sh  reuse the last build
#
# Runs resoio-bench (release) against resoio-test-server, each its own process, and writes to
# Benchmarks/results/profile/:
#   summary.txt      RESULT/INFO lines, context switches and CPU per call, the reports below
#   stat.txt         perf stat of the client and of the server over the same run
#   flat.txt         self time by symbol (perf record -g, frame pointers), demangled
#   inclusive.txt    time including callees (perf record --call-graph dwarf), demangled
#   threads.txt      the client's samples by thread and by system call (perf-threads.py)
#
# Why perf and not callgrind: valgrind 3.19 (Debian 12) cannot run Swift concurrency's
# dispatch-based global executor (an async main crashes it; a Task on a plain main never
# starts), and this VM exposes no hardware counters, so the profile is `cpu-clock` sampling
# (user and kernel). Samples in a VM cluster where interrupts are re-enabled: time in
# finish_task_switch and _raw_spin_unlock_irqrestore is the cost of context switches and
# wake-ups.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
CALLS=${CALLS:-20000}
OUT="$HERE/results/profile"
mkdir -p "$OUT"

command -v perf >/dev/null || { echo "profile.sh needs perf (apt-get install linux-perf)" >&2; exit 1; }
if [[ -z "${NO_BUILD:-}" ]]; then
  (cd "$ROOT" && swift build --scratch-path .build-bench -c release --product resoio-bench >&2 \
    && swift build --scratch-path .build-bench -c release --product resoio-test-server >&2)
fi
RB="$ROOT/.build-bench/release"
demangle() { swift demangle --simplified; }

TMP=$(mktemp -d /tmp/resoio-profile.XXXXXX)
SERVER_PID=
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

SOCK="$TMP/nghttp2.sock"
"$RB/resoio-test-server" --socket "$SOCK" >"$TMP/server.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do [[ -S "$SOCK" ]] && break; sleep 0.1; done

BENCH=("$RB/resoio-bench" "$SOCK" --label nghttp2 --only rtt --calls "$CALLS" --warmup 1000)

{
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(uname -srm), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# git: $(git -C "$ROOT" describe --always --dirty)"
  echo "# client: ${BENCH[*]}"
  echo
  echo "## plain run (getrusage over the measured calls)"
  "${BENCH[@]}"
} >"$OUT/summary.txt"

# perf stat of client and server over one run: context switches and CPU per call.
perf stat -e task-clock,context-switches,cpu-migrations -p "$SERVER_PID" -o "$TMP/server-stat.txt" &
STAT_PID=$!
sleep 0.3
perf stat -e task-clock,context-switches,cpu-migrations -o "$TMP/client-stat.txt" -- "${BENCH[@]}" >"$TMP/stat-run.txt"
kill -INT "$STAT_PID"
wait "$STAT_PID" || true
{
  echo "## client (whole process: start-up, 1000 warm-up calls, $CALLS measured calls)"
  cat "$TMP/client-stat.txt"
  echo "## server, over the same interval"
  cat "$TMP/server-stat.txt"
} >"$OUT/stat.txt"
python3 - "$TMP/client-stat.txt" "$TMP/server-stat.txt" "$CALLS" >>"$OUT/summary.txt" <<'EOF'
import re, sys
calls = int(sys.argv[3]) + 1000
def read(path):
    values = {}
    for line in open(path):
        m = re.match(r"\s*([\d,.]+)\s+(msec\s+)?([\w-]+)", line)
        if m:
            values[m.group(3)] = float(m.group(1).replace(",", ""))
    return values
print("\n## perf stat, per call (warm-up included)")
for role, path in (("client", sys.argv[1]), ("server", sys.argv[2])):
    v = read(path)
    print(f"{role}: {v.get('task-clock', float('nan')) * 1000 / calls:.1f} µs CPU, "
          f"{v.get('context-switches', float('nan')) / calls:.2f} context switches per call")
EOF
{ echo "## the run under perf stat"; cat "$TMP/stat-run.txt"; } >>"$OUT/summary.txt"

# Flat profile (self time), frame-pointer call chains (enough for the thread/syscall split).
perf record -F 10000 -e cpu-clock -g -o "$TMP/fp.data" -- "${BENCH[@]}" >/dev/null 2>"$TMP/record.err"
perf report -i "$TMP/fp.data" --no-children --sort dso,symbol --stdio -g none --percent-limit 0.2 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | sed -E 's/ +- +- *$//' | demangle | cut -c1-220 >"$OUT/flat.txt"
perf report -i "$TMP/fp.data" --no-children --sort dso --stdio -g none 2>/dev/null \
  | grep -v '^#' | grep -v '^$' >"$TMP/dso.txt"
perf script -i "$TMP/fp.data" -F tid,ip,sym 2>/dev/null >"$TMP/script.txt"
python3 "$HERE/perf-threads.py" "$TMP/script.txt" | demangle | cut -c1-220 >"$OUT/threads.txt"

# Inclusive profile: DWARF unwinding through Swift frames.
perf record -F 4000 -e cpu-clock --call-graph dwarf,32768 -o "$TMP/dwarf.data" -- "${BENCH[@]}" >/dev/null 2>>"$TMP/record.err"
perf report -i "$TMP/dwarf.data" --children --sort symbol --stdio -g none --percent-limit 0.3 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | sed -E 's/ +- +- *$//' | demangle | cut -c1-220 >"$OUT/inclusive.txt"

if [[ -n "${BULK:-}" ]]; then
  perf record -F 2000 -e cpu-clock --call-graph dwarf,32768 -o "$TMP/bulk.data" -- \
    "$RB/resoio-bench" "$SOCK" --label nghttp2 --only bulk --bulk-iterations 40 >"$TMP/bulk.txt" 2>>"$TMP/record.err"
  perf report -i "$TMP/bulk.data" --children --sort symbol --stdio -g none --percent-limit 1 2>/dev/null \
    | grep -v '^#' | grep -v '^$' | sed -E 's/ +- +- *$//' | demangle | cut -c1-220 >"$OUT/bulk-inclusive.txt"
  cat "$TMP/bulk.txt" >>"$OUT/summary.txt"
fi

{
  echo
  echo "## CPU by binary (self)"
  cat "$TMP/dso.txt"
  echo
  echo "## threads and system calls"
  cat "$OUT/threads.txt"
  echo
  echo "## top self symbols"
  head -30 "$OUT/flat.txt"
  echo
  echo "## top inclusive (our code and the runtime paths it takes)"
  grep -E 'Resonite|GRPC|HTTP2|Unary|Codec|Message|Deframer|Output|Lock|nghttp2|dispatch|swift_task|Continuation|poll|futex|send|recv' \
    "$OUT/inclusive.txt" | head -60
} >>"$OUT/summary.txt"

cat "$OUT/summary.txt"
echo >&2
echo "profile.sh: reports in ${OUT#"$ROOT"/}/" >&2
