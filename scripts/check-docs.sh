#!/usr/bin/env bash
# Builds the DocC documentation (swift-docc-plugin) of the public modules and fails on any
# warning: broken symbol links, undocumented parameters, a catalog article that does not build.
# Run by CI. The archives land in .build/plugins/Swift-DocC/outputs/.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for target in ResoniteIO ResoniteGRPC ResoniteTransport ResoniteHTTP2 ResoniteIOStubs ResoniteTestServer ResoniteMedia; do
  log="$(mktemp)"
  swift package generate-documentation --target "${target}" >"${log}" 2>&1 || { cat "${log}"; status=1; continue; }
  if grep -A2 "warning:" "${log}"; then
    echo "FAIL: the documentation of ${target} has warnings (above)" >&2
    status=1
  else
    echo "${target}: documentation builds without warnings"
  fi
  rm -f "${log}"
done
exit "${status}"
