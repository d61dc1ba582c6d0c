#!/usr/bin/env bash
# Streaming checks against the reference client, resonite-io 0.7.0 (see README.md).
# Builds resoio-test-server and the four senses examples, then runs check_streaming.py with the
# reference venv's Python: $RESOIO_REFERENCE_VENV, else .venv-ref/ in the repository (made by
# scripts/reference/setup.sh), else /work/.venv-ref. Prints `N passed, N failed`; exits 1 on failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
for product in resoio-test-server CameraShot SpeakerRecord MicrophoneTone DriveSquare; do
  swift build --product "$product" >/dev/null
done
bin="$(swift build --show-bin-path)"
venv="${RESOIO_REFERENCE_VENV:-}"
if [ -z "$venv" ]; then
  if [ -x "$root/.venv-ref/bin/python" ]; then venv="$root/.venv-ref"; else venv=/work/.venv-ref; fi
fi
exec "$venv/bin/python" "$here/check_streaming.py" "$bin"
