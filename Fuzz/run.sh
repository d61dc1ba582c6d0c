#!/usr/bin/env bash
# Fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#
# Builds one libFuzzer target (release, with coverage and AddressSanitizer) and fuzzes it for
# SECONDS seconds, starting from the checked-in seeds in Fuzz/Corpus/TARGET. New inputs go to
# Fuzz/.build-fuzz/corpus/TARGET (kept between runs, never committed); a crashing input is
# written to Fuzz/.build-fuzz/artifacts/ and the script exits non-zero.
#
#   TARGET    FuzzDeframer | FuzzResponseHead | FuzzReceivePath
#   NO_BUILD=1 Fuzz/run.sh ...   reuse the last build
#   Fuzz/run.sh FuzzDeframer 0 path/to/crash-input      replay one input (SECONDS 0 = no limit)
#
# Note on the flags: SwiftPM's `--sanitize=fuzzer --sanitize=address` hands swiftc two
# separate -sanitize= options and the second wins, which silently drops the coverage
# instrumentation (libFuzzer then finds nothing). So the compile flags are given as one
# `-Xswiftc -sanitize=fuzzer,address`; `--sanitize=fuzzer` stays for SwiftPM's link step.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TARGET=${1:?usage: Fuzz/run.sh TARGET SECONDS [libFuzzer options...]}
SECONDS_TO_RUN=${2:?usage: Fuzz/run.sh TARGET SECONDS [libFuzzer options...]}
shift 2

case "$TARGET" in
  FuzzDeframer | FuzzResponseHead | FuzzReceivePath) ;;
  *) echo "unknown target $TARGET (FuzzDeframer, FuzzResponseHead or FuzzReceivePath)" >&2; exit 2 ;;
esac

SCRATCH="$HERE/.build-fuzz"
if [[ -z "${NO_BUILD:-}" ]]; then
  # SwiftPM does not notice files added to or removed from the root package (a dependency here)
  # when it reuses its build description; dropping it makes it look again (cheap).
  rm -f "$SCRATCH/release/description.json"
  swift build --package-path "$HERE" --scratch-path "$SCRATCH" -c release \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product "$TARGET" >&2
fi
BINARY="$SCRATCH/release/$TARGET"

SWIFT_BIN=$(dirname "$(readlink -f "$(command -v swift)")")
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$SWIFT_BIN/llvm-symbolizer}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}

ARGS=(-max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
  -artifact_prefix="$SCRATCH/artifacts/$TARGET-")
if [[ -f "$HERE/Dictionaries/$TARGET.dict" ]]; then ARGS+=(-dict="$HERE/Dictionaries/$TARGET.dict"); fi
mkdir -p "$SCRATCH/artifacts"

# Replaying given inputs (files, not directories): run them once and stop.
if [[ $# -gt 0 && -f "$1" ]]; then
  exec "$BINARY" "$@"
fi

WORK="$SCRATCH/corpus/$TARGET"
mkdir -p "$WORK"
echo "== $TARGET for ${SECONDS_TO_RUN}s (corpus $WORK + seeds Fuzz/Corpus/$TARGET)" >&2
"$BINARY" "${ARGS[@]}" "$@" "$WORK" "$HERE/Corpus/$TARGET"
