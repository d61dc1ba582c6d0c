#!/usr/bin/env bash
# Regenerates the Swift code for Protos/resonite_io/v1/*.proto:
#   Sources/ResoniteIOMessages/Generated/*.pb.swift   SwiftProtobuf messages (protoc-gen-swift)
#   Sources/ResoniteIOStubs/Generated/*.grpc.swift    typed client stubs (protoc-gen-resoio-swift,
#                                                     our own plugin in CodeGen/)
# The output is committed, so a normal build never runs this script or a protoc plugin; run it
# after editing a .proto file or the generator. scripts/check-generated.sh (run by CI) checks
# that the committed output is what this script writes.
#
# Needs: protoc (Debian: protobuf-compiler) and a Swift toolchain. Both plugins are built by one
# debug build of CodeGen/ under .build-protoc/codegen (gitignored): protoc-gen-resoio-swift, and
# protoc-gen-swift as a product of CodeGen's swift-protobuf dependency, pinned `exact:` to the
# version the package resolves (checked below). One build compiles SwiftProtobuf and
# SwiftProtobufPluginLibrary once for both plugins: a release build of protoc-gen-swift in its
# own clone, as before, cost 135 s of CPU where this costs 73 s (measured in a fresh clone on
# the 2-core machine; `time bash scripts/check-generated.sh`). The optimisation level of a
# generator does not change what it writes: the check below still diffs byte for byte.
#
# Usage: scripts/generate-protos.sh [OUTPUT_ROOT]   (default: the repository; the check script
#        passes a temporary directory)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_root="${1:-${root}}"
cache="${root}/.build-protoc"
messages_out="${out_root}/Sources/ResoniteIOMessages/Generated"
stubs_out="${out_root}/Sources/ResoniteIOStubs/Generated"

command -v protoc >/dev/null || { echo "error: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }

# The messages must come from the swift-protobuf the library builds against: CodeGen pins
# exactly the version Package.swift names (and Package.resolved holds, once there is one).
codegen_version="$(sed -nE 's|.*swift-protobuf.git", exact: "([0-9.]+)".*|\1|p' "${root}/CodeGen/Package.swift")"
package_version="$(sed -nE 's|.*swift-protobuf.git", from: "([0-9.]+)".*|\1|p' "${root}/Package.swift")"
resolved_version="${package_version}"
if [[ -f "${root}/Package.resolved" ]]; then
  resolved_version="$(grep -A6 '"identity" : "swift-protobuf"' "${root}/Package.resolved" \
    | sed -nE 's/.*"version" : "([0-9.]+)".*/\1/p')"
fi
if [[ -z "${codegen_version}" || "${codegen_version}" != "${package_version}" \
  || "${codegen_version}" != "${resolved_version}" ]]; then
  echo "error: CodeGen/Package.swift pins swift-protobuf ${codegen_version:-?}; Package.swift" \
    "names ${package_version:-?}, Package.resolved ${resolved_version:-?}; make them the same" >&2
  exit 1
fi

build=(swift build --package-path "${root}/CodeGen" --scratch-path "${cache}/codegen")
"${build[@]}" --product protoc-gen-swift >&2
"${build[@]}" --product protoc-gen-resoio-swift >&2
bin="$("${build[@]}" --show-bin-path)"
plugin="${bin}/protoc-gen-swift"
stub_plugin="${bin}/protoc-gen-resoio-swift"

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
