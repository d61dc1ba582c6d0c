#!/usr/bin/env bash
# Fails when the committed generated code (Sources/ResoniteIOMessages/Generated,
# Sources/ResoniteIOStubs/Generated) differs from what scripts/generate-protos.sh writes from
# Protos/ and CodeGen/ now. Run by CI; needs protoc (scripts/setup.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
bash "${root}/scripts/generate-protos.sh" "${tmp}"
status=0
for dir in Sources/ResoniteIOMessages/Generated Sources/ResoniteIOStubs/Generated; do
  if ! diff -ru "${root}/${dir}" "${tmp}/${dir}"; then
    echo "FAIL: ${dir} is not what scripts/generate-protos.sh generates; run it and commit the result" >&2
    status=1
  fi
done
[ "${status}" -eq 0 ] && echo "generated code is up to date"
exit "${status}"
