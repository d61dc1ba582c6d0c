#!/usr/bin/env bash
# Benchmarks/run.sh: issue 5's performance table in one command.
#
#   Benchmarks/run.sh                 build in release, measure 3 rounds, print the table
#   ROUNDS=5 Benchmarks/run.sh        more rounds
#   QUICK=1 Benchmarks/run.sh         a tenth of the calls (a smoke test; noisy figures)
#   NO_BUILD=1 Benchmarks/run.sh      reuse the last build
#   NICE=0 Benchmarks/run.sh          do not raise the priority of the measured processes
#   STREAM=0 Benchmarks/run.sh        only the unary measurements (issue 5's table)
#   UNARY=0 Benchmarks/run.sh         only the camera-stream measurements (issues 10 and 12)
#   BASE=/path/to/checkout Benchmarks/run.sh
#                                     also measure another checkout's client and server (say
#                                     main's: `git worktree add ../bench-base main`) as the pair
#                                     resoio-base -> nghttp2-base in the unary measurements, for an
#                                     A/B within one run (built there with --scratch-path
#                                     .build-bench unless NO_BUILD)
#
# What it does:
#   1. Builds, in release, the root package's resoio-bench (our client) and resoio-test-server
#      (our nghttp2 test server) with --scratch-path .build-bench, and this package's
#      raw-pingpong (C floor), grpcswift-server and grpcswift-bench.
#   2. Raises its own priority (nice -10 by default, when allowed; every server and client
#      inherits it) so that other work on a shared machine disturbs the peers less, alike.
#      Starts the three servers, each its own process on a socket in a temporary directory:
#      raw-c (raw-pingpong server), nghttp2 (resoio-test-server), grpc-swift-2
#      (grpcswift-server). Both gRPC servers advertise SETTINGS_MAX_CONCURRENT_STREAMS 100 so
#      that the scaling run (up to 256 in flight) crosses it.
#   3. For each round, for each measurement (rtt, concurrency, bulk, cold, scaling), runs every
#      client against every server it can talk to, one process per run, the order of the
#      pairs rotated each round: the peers are interleaved, so a noisy neighbour hits them
#      alike. raw-c only talks to raw-c; resoio-swift and grpc-swift-2 each talk to nghttp2
#      and grpc-swift-2.
#   4. Writes every RESULT/INFO line, tagged with its round, to Benchmarks/results/last-run.txt
#      and prints the table (report.py): per pair the median over rounds of each figure, and
#      per target the median over rounds of the ratio measured within each round.
#
# Counts per client run; each measurement also stops after 3 s (each scaling level after 2 s),
# so a slow client makes fewer calls, not a longer run (the whole run takes about 6 minutes
# on 2 vCPUs, plus the first build; see Benchmarks/README.md):
#   rtt          20,000 sequential Pings after 500 warm-up (raw-c: 100,000 after 1,000, plain
#                and with a reader thread handing each reply to the caller: raw-c-handoff)
#   concurrency  50,000 Pings, 64 in flight, after 500 warm-up
#   bulk         100 echoes of 8 MiB after 2 warm-up
#   cold         500 new connections + first Ping after 10 warm-up
#   scaling      20,000 Pings at each of 1, 4, 16, 64, 256 in flight
#
# Camera stream (issue 10), against servers sending CAMERA_SIZE (3840x2160) RGBA frames, unpaced:
#   stream       frames/s for STREAM_SECONDS (5; QUICK: 2) after 1 s of warm-up: our client and
#                grpc-swift-2's on Camera/StreamFrames of our test server (its own process,
#                started with --camera-size), and raw-frames (the C floor: the same bytes over a
#                bare Unix socket, sender and receiver each their own process)
#                At each of CAMERA_SIZES (1920x1080 and 3840x2160; CAMERA_SIZE=WxH alone sets one
#                size), each size its own pair of servers; beside our client's raw stream-frames,
#                resoio-camera-api (`resoio-bench camera-frames`: the public Camera API,
#                mod.camera.frames) on the same server (issue 12)
#   slow         a consumer sleeping SLOW_MS (100) per frame for SLOW_SECONDS (5; QUICK: 3): peak
#                RSS and frame age p50, our client and (for reference) grpc-swift-2's, at
#                CAMERA_SIZE (3840x2160)
#   mic          once per round: `resoio-bench mic-jitter` for MIC_SECONDS (10; QUICK: 3, else
#                STREAM_SECONDS when that is set): 1024-sample chunks paced by the public
#                Microphone API against the test server; jitter and drift of the send times
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
ROUNDS=${ROUNDS:-3}
DIV=1
if [[ -n "${QUICK:-}" ]]; then DIV=10; fi
UNARY=${UNARY:-1}
STREAM=${STREAM:-1}
BASE=${BASE:-}
if [[ -n "${CAMERA_SIZE:-}" ]]; then CAMERA_SIZES=${CAMERA_SIZES:-$CAMERA_SIZE}; fi
CAMERA_SIZE=${CAMERA_SIZE:-3840x2160}
CAMERA_SIZES=${CAMERA_SIZES:-1920x1080 3840x2160}
read -r -a CAMERA_SIZE_LIST <<<"$CAMERA_SIZES"
MIC_SECONDS=${MIC_SECONDS:-${STREAM_SECONDS:-10}}
SLOW_MS=${SLOW_MS:-100}
STREAM_SECONDS=${STREAM_SECONDS:-5}
SLOW_SECONDS=${SLOW_SECONDS:-5}
if [[ -n "${QUICK:-}" ]]; then STREAM_SECONDS=2; SLOW_SECONDS=3; MIC_SECONDS=3; fi
if [[ -n $BASE ]]; then BASE=$(cd "$BASE" && pwd); fi

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "== building (release)" >&2
  (cd "$ROOT" && swift build --scratch-path .build-bench -c release --product resoio-bench >&2 \
    && swift build --scratch-path .build-bench -c release --product resoio-test-server >&2)
  (cd "$HERE" && swift build -c release >&2)
  if [[ -n $BASE ]]; then
    echo "== building $BASE (release)" >&2
    (cd "$BASE" && swift build --scratch-path .build-bench -c release --product resoio-bench >&2 \
      && swift build --scratch-path .build-bench -c release --product resoio-test-server >&2)
  fi
fi
RB="$ROOT/.build-bench/release"
BB="$HERE/.build/release"
BASE_RB=${BASE:+$BASE/.build-bench/release}
EXES=("$RB/resoio-bench" "$RB/resoio-test-server" "$BB/raw-pingpong" "$BB/raw-frames" "$BB/grpcswift-server" "$BB/grpcswift-bench")
if [[ -n $BASE ]]; then EXES+=("$BASE_RB/resoio-bench" "$BASE_RB/resoio-test-server"); fi
for exe in "${EXES[@]}"; do
  [[ -x "$exe" ]] || { echo "run.sh: $exe is missing (build failed?)" >&2; exit 1; }
done

NICE=${NICE:--10}
if [[ $NICE != 0 ]]; then
  renice -n "$NICE" -p $$ >/dev/null 2>&1 || echo "run.sh: could not renice to $NICE; measuring at normal priority" >&2
fi

TMP=$(mktemp -d /tmp/resoio-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

declare -A SOCKET SERVER_PID
start_server() { # label socket command...
  local label=$1 socket=$2
  shift 2
  "$@" >"$TMP/$label.out" 2>"$TMP/$label.err" &
  local pid=$!
  PIDS+=("$pid")
  SERVER_PID[$label]=$pid
  SOCKET[$label]=$socket
  for _ in $(seq 300); do
    if grep -qF "$socket" "$TMP/$label.out" 2>/dev/null && [[ -S "$socket" ]]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "run.sh: server $label did not start:" >&2
  cat "$TMP/$label.err" >&2
  exit 1
}

if [[ $UNARY != 0 ]]; then
  start_server raw-c "$TMP/raw.sock" "$BB/raw-pingpong" server "$TMP/raw.sock"
  start_server nghttp2 "$TMP/nghttp2.sock" "$RB/resoio-test-server" --socket "$TMP/nghttp2.sock" --max-concurrent-streams 100
  start_server grpc-swift-2 "$TMP/grpcswift.sock" "$BB/grpcswift-server" "$TMP/grpcswift.sock" --max-concurrent-streams 100
  if [[ -n $BASE ]]; then
    start_server nghttp2-base "$TMP/nghttp2-base.sock" "$BASE_RB/resoio-test-server" --socket "$TMP/nghttp2-base.sock" \
      --max-concurrent-streams 100
  fi
fi
if [[ $STREAM != 0 ]]; then
  # Streaming servers of their own, so that the unary servers stay as they were.
  # One pair per size (raw-frames-WxH, camera-WxH); the slow consumer's is CAMERA_SIZE's.
  for size in "${CAMERA_SIZE_LIST[@]}" "$CAMERA_SIZE"; do
    [[ -n ${SOCKET[camera-$size]:-} ]] && continue
    start_server "raw-frames-$size" "$TMP/raw-frames-$size.sock" "$BB/raw-frames" server "$TMP/raw-frames-$size.sock" \
      --size "$size"
    start_server "camera-$size" "$TMP/camera-$size.sock" "$RB/resoio-test-server" --socket "$TMP/camera-$size.sock" \
      --camera-size "$size"
  done
fi

CALLS=$((20000 / DIV)); WARMUP=$((500 / DIV)); CONCURRENT=$((50000 / DIV)); BULK=$((100 / DIV > 3 ? 100 / DIV : 3))
COLD=$((500 / DIV)); SCALING=$((20000 / DIV)); RAW_CALLS=$((100000 / DIV)); RAW_WARMUP=$((1000 / DIV))
MAX_SECONDS=3; SCALING_SECONDS=2; RUN_TIMEOUT=${RUN_TIMEOUT:-90}
if [[ -n "${QUICK:-}" ]]; then MAX_SECONDS=0.5; SCALING_SECONDS=0.3; fi

# client|server pairs; raw-c only pairs with itself.
PAIRS=(
  "raw-c|raw-c"
  "resoio-swift|nghttp2"
  "grpc-swift-2|nghttp2"
  "resoio-swift|grpc-swift-2"
  "grpc-swift-2|grpc-swift-2"
)
if [[ -n $BASE ]]; then PAIRS+=("resoio-base|nghttp2-base"); fi
# The camera stream: every client against our test server's Camera/StreamFrames, and the raw floor.
# Per size: raw-c|raw-frames-WxH, resoio-swift|camera-WxH, resoio-camera-api|camera-WxH,
# grpc-swift-2|camera-WxH.
STREAM_PAIRS=()
for size in "${CAMERA_SIZE_LIST[@]}"; do
  STREAM_PAIRS+=("raw-c|raw-frames-$size" "resoio-swift|camera-$size" "resoio-camera-api|camera-$size"
    "grpc-swift-2|camera-$size")
done
SLOW_PAIRS=(
  "resoio-swift|camera-$CAMERA_SIZE"
  "grpc-swift-2|camera-$CAMERA_SIZE"
)
MIC_PAIRS=("resoio-mic-pacing|camera-$CAMERA_SIZE")

# A camera-stream run: every client prints server=nghttp2 (the test server) or raw-c.
run_stream() { # client server measure
  local client=$1 server=$2 measure=$3 socket=${SOCKET[$2]} pid=${SERVER_PID[$2]}
  local common=(--socket "$socket" --label nghttp2 --server-pid "$pid")
  if [[ $measure == slow ]]; then
    common+=(--seconds "$SLOW_SECONDS" --slow-consumer-ms "$SLOW_MS")
  else
    common+=(--seconds "$STREAM_SECONDS")
  fi
  case $client in
    raw-c)
      timeout -k 5 "$RUN_TIMEOUT" "$BB/raw-frames" client "$socket" --label raw-c --seconds "$STREAM_SECONDS" \
        --server-pid "$pid" ;;
    resoio-swift) timeout -k 5 "$RUN_TIMEOUT" "$RB/resoio-bench" stream-frames "${common[@]}" ;;
    resoio-camera-api) timeout -k 5 "$RUN_TIMEOUT" "$RB/resoio-bench" camera-frames "${common[@]}" ;;
    grpc-swift-2) timeout -k 5 "$RUN_TIMEOUT" "$BB/grpcswift-bench" stream-frames "${common[@]}" ;;
  esac
}

run_pair() { # client server measurement
  local client=$1 server=$2 measure=$3 socket=${SOCKET[$2]} pid=${SERVER_PID[$2]}
  if [[ $measure == stream || $measure == slow ]]; then
    run_stream "$client" "$server" "$measure"
    return
  fi
  if [[ $measure == mic ]]; then
    timeout -k 5 "$RUN_TIMEOUT" "$RB/resoio-bench" mic-jitter --socket "$socket" --seconds "$MIC_SECONDS"
    return
  fi
  local common=(--label "$server" --only "$measure" --calls "$CALLS" --warmup "$WARMUP"
    --concurrent-calls "$CONCURRENT" --bulk-iterations "$BULK" --cold-iterations "$COLD"
    --scaling-calls "$SCALING" --server-pid "$pid" --max-seconds "$MAX_SECONDS")
  [[ $measure == scaling ]] && common+=(--max-seconds "$SCALING_SECONDS")
  case $client in
    raw-c)
      [[ $measure == rtt || $measure == bulk || $measure == cold ]] || return 0
      local only=$measure
      [[ $measure == rtt ]] && only=rtt,handoff
      timeout -k 5 "$RUN_TIMEOUT" "$BB/raw-pingpong" client "$socket" --label "$server" --only "$only" --calls "$RAW_CALLS" \
        --warmup "$RAW_WARMUP" --bulk-iterations "$BULK" --cold-iterations "$COLD" --max-seconds "$MAX_SECONDS" ;;
    resoio-swift) timeout -k 5 "$RUN_TIMEOUT" "$RB/resoio-bench" "$socket" "${common[@]}" ;;
    resoio-base) timeout -k 5 "$RUN_TIMEOUT" "$BASE_RB/resoio-bench" "$socket" "${common[@]}" --name resoio-base ;;
    grpc-swift-2) timeout -k 5 "$RUN_TIMEOUT" "$BB/grpcswift-bench" "$socket" "${common[@]}" ;;
  esac
}

RESULTS="$TMP/results.txt"
: >"$RESULTS"
{
  echo "# date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "# machine: $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# swift: $(swift --version 2>&1 | head -1)"
  echo "# command: Benchmarks/run.sh (ROUNDS=$ROUNDS${QUICK:+ QUICK=1} UNARY=$UNARY STREAM=$STREAM${BASE:+ BASE=$BASE}, nice $(nice))"
  echo "# git: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
  if [[ -n $BASE ]]; then echo "# base: $BASE at $(git -C "$BASE" describe --always --dirty 2>/dev/null || echo unknown)"; fi
  if [[ $STREAM != 0 ]]; then
    echo "# stream: CAMERA_SIZES=\"$CAMERA_SIZES\" CAMERA_SIZE=$CAMERA_SIZE STREAM_SECONDS=$STREAM_SECONDS SLOW_SECONDS=$SLOW_SECONDS SLOW_MS=$SLOW_MS MIC_SECONDS=$MIC_SECONDS"
  fi
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$RESULTS"

START=$(date +%s)
MEASURES=()
if [[ $UNARY != 0 ]]; then MEASURES+=(rtt concurrency bulk cold scaling); fi
if [[ $STREAM != 0 ]]; then MEASURES+=(stream slow mic); fi
for round in $(seq "$ROUNDS"); do
  for measure in "${MEASURES[@]}"; do
    case $measure in
      stream) pairs=("${STREAM_PAIRS[@]}") ;;
      slow) pairs=("${SLOW_PAIRS[@]}") ;;
      mic) pairs=("${MIC_PAIRS[@]}") ;;
      *) pairs=("${PAIRS[@]}") ;;
    esac
    n=${#pairs[@]}
    for i in $(seq 0 $((n - 1))); do
      pair=${pairs[$(((i + round - 1) % n))]}
      client=${pair%%|*} server=${pair##*|}
      echo "== round $round/$ROUNDS  $measure  $client -> $server" >&2
      # A client run that hangs (a peer that stops answering) is killed after RUN_TIMEOUT seconds.
      if ! run_pair "$client" "$server" "$measure" >"$TMP/out.txt" 2>"$TMP/err.txt"; then
        echo "run.sh: $client -> $server ($measure) failed or timed out after ${RUN_TIMEOUT}s:" >&2
        cat "$TMP/err.txt" >&2
        echo "FAILED round=$round client=$client server=$server measure=$measure" >>"$RESULTS"
        continue
      fi
      sed "s/^/ROUND $round /" "$TMP/out.txt" | grep -E '^ROUND [0-9]+ (RESULT|INFO) ' >>"$RESULTS" || true
    done
  done
done
echo "# elapsed: $(($(date +%s) - START)) s of measuring; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

mkdir -p "$HERE/results"
cp "$RESULTS" "$HERE/results/last-run.txt"
python3 "$HERE/report.py" "$RESULTS"
echo >&2
echo "raw lines: Benchmarks/results/last-run.txt" >&2
