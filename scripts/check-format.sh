#!/usr/bin/env bash
# Fails when a Swift file of ours differs from what `swift format` (the toolchain's swift-format,
# configured by .swift-format) would write. Generated code (*/Generated/) is left as its
# generators write it. To fix: scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.swift' | grep -v '/Generated/')
if [ "${1:-}" = "--fix" ]; then
  swift format format --in-place --configuration .swift-format "${files[@]}"
  exit 0
fi
out=$(swift format lint --strict --configuration .swift-format "${files[@]}" 2>&1) || true
if [ -n "$out" ]; then
  echo "$out" | head -50
  echo "FAIL: $(echo "$out" | grep -c "error:") formatting differences; run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "format: ${#files[@]} files follow .swift-format"
