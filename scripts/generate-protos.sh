#!/usr/bin/env bash
# Regenerates the Swift code for Protos/resonite_io/v1/*.proto into
# Sources/ResoniteIO/Generated/. The output is committed, so a normal build never runs
# this script or the protoc plugin; run it only after editing a .proto file.
#
# Needs: protoc (Debian: protobuf-compiler) and a Swift toolchain. protoc-gen-swift is
# built from swift-protobuf at the exact version the package depends on, in a clone
# cached under .build-protoc/ (gitignored).
#
# Usage: scripts/generate-protos.sh
set -euo pipefail

SWIFT_PROTOBUF_VERSION="1.39.0"
SWIFT_PROTOBUF_URL="https://github.com/apple/swift-protobuf.git"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${root}/.build-protoc"
checkout="${cache}/swift-protobuf-${SWIFT_PROTOBUF_VERSION}"
out="${root}/Sources/ResoniteIO/Generated"

command -v protoc >/dev/null || { echo "error: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }

if [[ ! -d "${checkout}/.git" ]]; then
  rm -rf "${checkout}"
  mkdir -p "${cache}"
  git -c advice.detachedHead=false clone --quiet --depth 1 \
    --branch "${SWIFT_PROTOBUF_VERSION}" "${SWIFT_PROTOBUF_URL}" "${checkout}"
fi

swift build --package-path "${checkout}" --scratch-path "${checkout}/.build" \
  -c release --product protoc-gen-swift
plugin="$(swift build --package-path "${checkout}" --scratch-path "${checkout}/.build" \
  -c release --show-bin-path)/protoc-gen-swift"

rm -rf "${out}"
mkdir -p "${out}"
cd "${root}/Protos"
protoc \
  --plugin=protoc-gen-swift="${plugin}" \
  --swift_out="${out}" \
  --swift_opt=Visibility=Public \
  --swift_opt=FileNaming=DropPath \
  resonite_io/v1/*.proto

echo "generated: $(cd "${root}" && ls Sources/ResoniteIO/Generated/*.pb.swift | tr '\n' ' ')"
