#!/usr/bin/env bash
# Regenerates the Swift code for Protos/resonite_io/v1/*.proto:
#   Sources/ResoniteIOMessages/Generated/*.pb.swift   SwiftProtobuf messages (protoc-gen-swift)
#   Sources/ResoniteIOStubs/Generated/*.grpc.swift    typed client stubs (protoc-gen-resoio-swift,
#                                                     our own plugin in CodeGen/)
# The output is committed, so a normal build never runs this script or a protoc plugin; run it
# after editing a .proto file or the generator. scripts/check-generated.sh (run by CI) checks
# that the committed output is what this script writes.
#
# Needs: protoc (Debian: protobuf-compiler) and a Swift toolchain. protoc-gen-swift is built
# from swift-protobuf at the exact version the package depends on, in a clone cached under
# .build-protoc/ (gitignored); CodeGen/ is built there too.
#
# Usage: scripts/generate-protos.sh [OUTPUT_ROOT]   (default: the repository; the check script
#        passes a temporary directory)
set -euo pipefail

SWIFT_PROTOBUF_VERSION="1.39.0"
SWIFT_PROTOBUF_URL="https://github.com/apple/swift-protobuf.git"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_root="${1:-${root}}"
cache="${root}/.build-protoc"
checkout="${cache}/swift-protobuf-${SWIFT_PROTOBUF_VERSION}"
messages_out="${out_root}/Sources/ResoniteIOMessages/Generated"
stubs_out="${out_root}/Sources/ResoniteIOStubs/Generated"

command -v protoc >/dev/null || { echo "error: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }

if [[ ! -d "${checkout}/.git" ]]; then
  rm -rf "${checkout}"
  mkdir -p "${cache}"
  git -c advice.detachedHead=false clone --quiet --depth 1 \
    --branch "${SWIFT_PROTOBUF_VERSION}" "${SWIFT_PROTOBUF_URL}" "${checkout}"
fi

swift build --package-path "${checkout}" --scratch-path "${checkout}/.build" \
  -c release --product protoc-gen-swift >&2
plugin="$(swift build --package-path "${checkout}" --scratch-path "${checkout}/.build" \
  -c release --show-bin-path)/protoc-gen-swift"

swift build --package-path "${root}/CodeGen" --scratch-path "${cache}/codegen" \
  --product protoc-gen-resoio-swift >&2
stub_plugin="$(swift build --package-path "${root}/CodeGen" --scratch-path "${cache}/codegen" \
  --show-bin-path)/protoc-gen-resoio-swift"

rm -rf "${messages_out}" "${stubs_out}"
mkdir -p "${messages_out}" "${stubs_out}"
cd "${root}/Protos"
protoc \
  --plugin=protoc-gen-swift="${plugin}" \
  --swift_out="${messages_out}" \
  --swift_opt=Visibility=Public \
  --swift_opt=FileNaming=DropPath \
  --swift_opt=UseAccessLevelOnImports=true \
  --plugin=protoc-gen-resoio-swift="${stub_plugin}" \
  --resoio-swift_out="${stubs_out}" \
  --resoio-swift_opt=MessagesModule=ResoniteIOMessages \
  resonite_io/v1/*.proto

echo "generated: $(ls "${messages_out}" | wc -l) message files, $(ls "${stubs_out}" | wc -l) stub files" >&2
