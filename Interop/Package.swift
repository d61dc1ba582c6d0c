// swift-tools-version: 6.0
//
// Interop: cross-checks swift-resonite-io against grpc-swift 2 over a real Unix domain socket.
//
//   A. our client (ResoniteGRPC.GRPCChannel)  ->  a grpc-swift server (GRPCNIOTransportHTTP2)
//   B. a grpc-swift client                     ->  our nghttp2 test server (ResoniteTestServer)
//
// A separate package so that users of the library never fetch grpc-swift.
import PackageDescription

let package = Package(
  name: "Interop",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "swift-resonite-io", path: ".."),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
  ],
  targets: [
    .target(
      name: "InteropSupport",
      dependencies: [
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "ResoniteIOMessages", package: "swift-resonite-io"),
      ],
      swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
    ),
    .testTarget(
      name: "InteropTests",
      dependencies: [
        // grpc-swift stays behind InteropSupport: GRPCCore and ResoniteGRPC both name
        // `RPCError`, `Metadata`, `CallOptions` and `MethodDescriptor`.
        "InteropSupport",
        .product(name: "ResoniteGRPC", package: "swift-resonite-io"),
        .product(name: "ResoniteIO", package: "swift-resonite-io"),
        .product(name: "ResoniteTestServer", package: "swift-resonite-io"),
      ],
      swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
