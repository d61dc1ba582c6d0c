#!/usr/bin/env bash
# Installs the system packages this package builds against (Debian/Ubuntu): nghttp2's headers,
# libpng's (for `resoio screenshot`) and pkg-config, protoc (protobuf-compiler), which
# scripts/generate-protos.sh and CI's check that the committed generated code is current use,
# and FFmpeg's development packages, which `resoio record` encodes MP4 and Matroska with (H.264
# through libx264, AAC; Debian 12 has FFmpeg 5.1). The FFmpeg packages are installed without
# their recommends (no codec tools or GPU drivers). Does nothing when everything is already
# there. Uses sudo when not root.
set -euo pipefail
need=()
for pkg in libnghttp2-dev libpng-dev pkg-config protobuf-compiler; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
media=()
for pkg in libavformat-dev libavcodec-dev libswscale-dev libswresample-dev libavutil-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || media+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && [ ${#media[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
[ ${#need[@]} -eq 0 ] || $sudo apt-get install -y -q "${need[@]}"
[ ${#media[@]} -eq 0 ] || $sudo apt-get install -y -q --no-install-recommends "${media[@]}"
