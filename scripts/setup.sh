#!/usr/bin/env bash
# Installs the system packages this package builds against (Debian/Ubuntu): nghttp2's headers,
# libpng's (for `resoio screenshot`) and pkg-config, and protoc (protobuf-compiler), which
# scripts/generate-protos.sh and CI's check that the committed generated code is current use. Does nothing when they are already
# there. Uses sudo when not root.
set -euo pipefail
need=()
for pkg in libnghttp2-dev libpng-dev pkg-config protobuf-compiler; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q "${need[@]}"
