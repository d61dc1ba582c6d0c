// swift-tools-version: 6.0
//
// The code generator of swift-resonite-io: a protoc plugin, `protoc-gen-resoio-swift`, that
// turns the services of Protos/resonite_io/v1/*.proto into typed client stubs calling
// ResoniteGRPC's `GRPCChannel` (Sources/ResoniteIOStubs/Generated). Run only by
// scripts/generate-protos.sh; its output is committed, so a build of the library never runs it.
// A separate package so that users of the library never build SwiftProtobufPluginLibrary.
import PackageDescription

let package = Package(
  name: "CodeGen",
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0")
  ],
  targets: [
    .executableTarget(
      name: "protoc-gen-resoio-swift",
      dependencies: [.product(name: "SwiftProtobufPluginLibrary", package: "swift-protobuf")]
    )
  ],
  swiftLanguageModes: [.v6]
)
