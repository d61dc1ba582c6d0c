#!/usr/bin/env bash
# Fuzz/smoke.sh [SECONDS]: builds the three fuzz targets and runs each for SECONDS (default 20)
# from the checked-in seeds. Exits non-zero as soon as one finds a crash, a hang or a
# sanitizer report. Meant for CI.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SECONDS_EACH=${1:-20}
TARGETS=(FuzzDeframer FuzzResponseHead FuzzReceivePath)

# See run.sh: makes SwiftPM notice files added to the root package.
rm -f "$HERE/.build-fuzz/release/description.json"
for target in "${TARGETS[@]}"; do
  swift build --package-path "$HERE" --scratch-path "$HERE/.build-fuzz" -c release \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product "$target"
done
for target in "${TARGETS[@]}"; do
  # grep hides libFuzzer's progress lines; the status is the fuzzer's.
  set +e
  NO_BUILD=1 "$HERE/run.sh" "$target" "$SECONDS_EACH" 2>&1 \
    | grep -E '^(==|#[0-9]+[[:space:]]*(DONE|INITED)|stat::|Done|INFO: Seed|.*(ERROR|Fatal error|invariant)|SUMMARY|Test unit written)'
  status=${PIPESTATUS[0]}
  set -e
  if [[ $status -ne 0 ]]; then
    echo "FAIL: $target (exit $status); the input is in Fuzz/.build-fuzz/artifacts/" >&2
    exit "$status"
  fi
done
echo "fuzz smoke: all ${#TARGETS[@]} targets ran ${SECONDS_EACH}s each without a finding"
