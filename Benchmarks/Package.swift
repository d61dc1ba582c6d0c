// swift-tools-version: 6.0
//
// Benchmarks: the peers of issue 5's performance table, in one package so that users of the
// library never fetch grpc-swift.
//
//   raw-pingpong      C: a length-prefixed echo over a Unix socket, no HTTP/2 (the floor),
//                     both the server (`raw-pingpong server PATH`) and the client.
//   raw-frames        C: camera-sized frames streamed over a Unix socket, no HTTP/2 (the
//                     floor of the Camera/StreamFrames measurement), server and client.
//   RawSocket         C: what the two floors share (whole reads and writes, the Unix-socket
//                     server with a thread per connection, connect, CPU time).
//   grpcswift-server  grpc-swift-2 server: /resonite_io.v1.Connection/Ping and
//                     /resonite_io.test.Echo/Echo, 8 MiB window, 64 MiB messages.
//   grpcswift-bench   grpc-swift-2 client running the same measurements as `resoio-bench`
//                     (the root package's executable, our client) and printing the same
//                     RESULT lines.
//
// The nghttp2 test server (`resoio-test-server`) and `resoio-bench` are built from the root
// package; run.sh builds and runs everything.
import PackageDescription

/// The C floors are built with -O2 in every configuration.
let optimizedC: [CSetting] = [.unsafeFlags(["-O2"])]

/// What both grpc-swift-2 peers link: grpc-swift-2 over HTTP/2 on a POSIX socket, with the
/// protobuf messages of the contract.
let grpcSwiftPeer: [Target.Dependency] = [
  .product(name: "GRPCCore", package: "grpc-swift-2"),
  .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
  .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
  .product(name: "ResoniteIOMessages", package: "swift-resonite-io"),
]

let package = Package(
  name: "Benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "swift-resonite-io", path: ".."),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
  ],
  targets: [
    .target(name: "RawSocket", cSettings: optimizedC),
    .executableTarget(name: "raw-pingpong", dependencies: ["RawSocket"], cSettings: optimizedC),
    .executableTarget(name: "raw-frames", dependencies: ["RawSocket"], cSettings: optimizedC),
    .executableTarget(
      name: "grpcswift-server",
      dependencies: grpcSwiftPeer + [.product(name: "ResoniteIO", package: "swift-resonite-io")]
    ),
    .executableTarget(
      name: "grpcswift-bench",
      dependencies: grpcSwiftPeer + [.product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
