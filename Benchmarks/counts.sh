#!/usr/bin/env bash
# Benchmarks/counts.sh: event counts per sequential Ping, repeatable where CPU time is not.
#
#   Benchmarks/counts.sh SOCKET [BENCH...]     each resoio-bench given (default: this checkout's
#                                              .build-bench release build) against SOCKET
#   N1=2000 N2=6000 Benchmarks/counts.sh ...   the two run lengths
#
# valgrind 3.19 cannot run Swift concurrency and this VM has no hardware counters (see
# profile.sh), so instead of callgrind's instruction counts this counts, with perf and
# uprobes, what a call does: malloc, pthread_mutex_lock, swift_retain and swift_allocObject
# calls, and system calls (all threads of the client). Each client runs `--only rtt` twice,
# N1 and N2 calls; per call = (count at N2 - count at N1) / (N2 - N1), so start-up and
# warm-up cancel out. Needs root (perf probe). Give a server socket, for example
# `resoio-test-server --socket /tmp/x.sock`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SOCKET=${1:?usage: counts.sh SOCKET [BENCH...]}
shift
BENCHES=("$@")
[[ ${#BENCHES[@]} -gt 0 ]] || BENCHES=("$(dirname "$HERE")/.build-bench/release/resoio-bench")
N1=${N1:-2000}
N2=${N2:-6000}
LIBC=$(ldconfig -p | awk '/libc.so.6 .*x86-64/ {print $NF; exit}')
SWIFTCORE=$(ldd "${BENCHES[0]}" | awk '/libswiftCore.so/ {print $3; exit}')
for probe in "$LIBC malloc" "$LIBC pthread_mutex_lock" "$SWIFTCORE swift_retain" "$SWIFTCORE swift_allocObject"; do
  read -r lib fn <<<"$probe"
  perf probe -q -x "$lib" "$fn" 2>/dev/null || true  # already there
done
EVENTS=probe_libc:malloc,probe_libc:pthread_mutex_lock,probe_libswiftCore:swift_retain,probe_libswiftCore:swift_allocObject,raw_syscalls:sys_enter
count() { # bench calls
  perf stat -x, -e "$EVENTS" -- "$1" "$SOCKET" --only rtt --calls "$2" --warmup 100 --max-seconds 1000 2>&1 >/dev/null \
    | awk -F, '$3 ~ /:/ {print $3, $1}'
}
for bench in "${BENCHES[@]}"; do
  echo "== $bench"
  join <(count "$bench" "$N1" | sort) <(count "$bench" "$N2" | sort) \
    | awk -v d=$((N2 - N1)) '{printf "  %-38s %8.2f per call\n", $1, ($3 - $2) / d}'
done
