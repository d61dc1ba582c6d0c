// swift-tools-version: 6.0
//
// swift-resonite-io: the Swift client for Resonite IO, gRPC over HTTP/2 (nghttp2) over a
// Unix domain socket. Layers, bottom to top (each depends only on the ones below it):
//
//   CNGHTTP2            system library over <nghttp2/nghttp2.h>
//   ResoniteHTTP2       Swift overlay on nghttp2: one session type, callbacks as Swift events
//   ResoniteTransport   a UDS connection driving a session: I/O loop, streams, GOAWAY
//   ResoniteGRPC        gRPC calls over a connection: framing, headers, status, deadlines
//   ResoniteIO          the public Resonite IO API: resolver, ConnectionClient, waitForReady
//
// Beside them: ResoniteTestServer (an nghttp2 server that plays the mod), the `resoio` CLI,
// `resoio-test-server`, `resoio-bench` and Examples/ConnectionPing.
import PackageDescription

let strictSwift: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
  name: "swift-resonite-io",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "ResoniteIO", targets: ["ResoniteIO"]),
    .library(name: "ResoniteGRPC", targets: ["ResoniteGRPC"]),
    .library(name: "ResoniteTestServer", targets: ["ResoniteTestServer"]),
    .executable(name: "resoio", targets: ["resoio"]),
    .executable(name: "resoio-test-server", targets: ["resoio-test-server"]),
    .executable(name: "resoio-bench", targets: ["resoio-bench"]),
    .executable(name: "ConnectionPing", targets: ["ConnectionPing"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CNGHTTP2",
      path: "Modules/CNGHTTP2",
      pkgConfig: "libnghttp2",
      providers: [.apt(["libnghttp2-dev"])]
    ),
    .target(
      name: "ResoniteHTTP2",
      dependencies: ["CNGHTTP2"],
      swiftSettings: strictSwift
    ),
    .target(
      name: "ResoniteTransport",
      dependencies: ["ResoniteHTTP2"],
      swiftSettings: strictSwift
    ),
    .target(
      name: "ResoniteGRPC",
      dependencies: [
        "ResoniteTransport",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strictSwift
    ),
    .target(
      name: "ResoniteIO",
      dependencies: [
        "ResoniteGRPC",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strictSwift
    ),
    .target(
      name: "ResoniteTestServer",
      dependencies: [
        "ResoniteHTTP2",
        "ResoniteTransport",
        "ResoniteGRPC",
        "ResoniteIO",
      ],
      swiftSettings: strictSwift
    ),
    .executableTarget(
      name: "resoio",
      dependencies: [
        "ResoniteIO",
        "ResoniteGRPC",
        "ResoniteTransport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strictSwift
    ),
    .executableTarget(
      name: "resoio-test-server",
      dependencies: [
        "ResoniteTestServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift
    ),
    .executableTarget(
      name: "resoio-bench",
      dependencies: [
        "ResoniteIO",
        "ResoniteGRPC",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift
    ),
    .executableTarget(
      name: "ConnectionPing",
      dependencies: [
        "ResoniteIO",
        "ResoniteTestServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Examples/ConnectionPing",
      exclude: ["README.md"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ResoniteHTTP2Tests",
      dependencies: ["ResoniteHTTP2"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ResoniteTransportTests",
      dependencies: ["ResoniteTransport", "ResoniteHTTP2"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ResoniteGRPCTests",
      dependencies: ["ResoniteGRPC", "ResoniteTransport", "ResoniteTestServer", "ResoniteIO"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ResoniteIOTests",
      dependencies: ["ResoniteIO", "ResoniteTestServer"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ResoniteTestServerTests",
      dependencies: ["ResoniteTestServer", "ResoniteHTTP2"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ResoniteFaultTests",
      dependencies: ["ResoniteGRPC", "ResoniteTransport", "ResoniteHTTP2", "ResoniteTestServer", "ResoniteIO"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ResoniteCLITests",
      dependencies: ["ResoniteTestServer", "ResoniteIO", "ResoniteGRPC"],
      swiftSettings: strictSwift
    ),
  ],
  swiftLanguageModes: [.v6]
)
