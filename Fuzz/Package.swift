// swift-tools-version: 6.0
//
// Fuzz targets and long-running checks for swift-resonite-io, kept out of the main package so
// that its products and its default `swift test` stay unchanged. See README.md here.
//
// libFuzzer targets (build with `--sanitize=fuzzer --sanitize=address`, one `--product` at a
// time; run.sh does it):
//   FuzzDeframer      the gRPC MessageDeframer, against a reference deframer
//   FuzzResponseHead  response header/trailer interpretation (status, grpc-message, metadata)
//   FuzzReceivePath   server bytes through nghttp2, HTTP2Connection and a real unary call
//
// Plain executables (build without sanitizers):
//   fuzz-seeds        writes the seed corpora (records what the test server sends for a Ping)
//   resoio-soak       a million Pings on one connection, connect-ping-close cycles, fd/thread/RSS
import PackageDescription

let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
let grpc = Target.Dependency.product(name: "ResoniteGRPC", package: "swift-resonite-io")
let testServer = Target.Dependency.product(name: "ResoniteTestServer", package: "swift-resonite-io")
let client = Target.Dependency.product(name: "ResoniteIO", package: "swift-resonite-io")
let launcher = Target.Dependency.product(name: "ResoniteLauncher", package: "swift-resonite-io")

let package = Package(
  name: "resonite-fuzz",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "FuzzDeframer", targets: ["FuzzDeframer"]),
    .executable(name: "FuzzResponseHead", targets: ["FuzzResponseHead"]),
    .executable(name: "FuzzReceivePath", targets: ["FuzzReceivePath"]),
    .executable(name: "fuzz-seeds", targets: ["fuzz-seeds"]),
    .executable(name: "resoio-soak", targets: ["resoio-soak"]),
  ],
  dependencies: [
    // Named, so that the products below resolve whatever the checkout's directory is called.
    .package(name: "swift-resonite-io", path: "..")
  ],
  targets: [
    .executableTarget(name: "FuzzDeframer", dependencies: [grpc], swiftSettings: settings),
    .executableTarget(name: "FuzzResponseHead", dependencies: [grpc], swiftSettings: settings),
    .executableTarget(name: "FuzzReceivePath", dependencies: [grpc], swiftSettings: settings),
    .executableTarget(name: "fuzz-seeds", dependencies: [grpc, testServer], swiftSettings: settings),
    .executableTarget(name: "resoio-soak", dependencies: [client, launcher], swiftSettings: settings),
  ],
  swiftLanguageModes: [.v6]
)
