import Foundation
import ResoniteGRPC
import ResoniteTestServer
import Testing

/// A fresh temporary directory for one test's socket, removed by `cleanup()`.
struct SocketDirectory {
  let path: String

  init() {
    var template = Array("/tmp/resoio-grpc-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  var socket: String { path + "/s.sock" }

  func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// Starts a test server on a fresh socket, runs `body` with it and a channel to it, then closes
/// both.
nonisolated(nonsending) func withServer<R>(
  _ configure: (inout TestServer.Configuration) -> Void = { _ in },
  channelConfiguration: ChannelConfiguration = ChannelConfiguration(),
  _ body: (TestServer, GRPCChannel) async throws -> R
) async throws -> R {
  let directory = SocketDirectory()
  defer { directory.cleanup() }
  var configuration = TestServer.Configuration(socketPath: directory.socket)
  configure(&configuration)
  let server = try TestServer.start(configuration)
  defer { server.stop() }
  let channel = GRPCChannel(socketPath: server.socketPath, configuration: channelConfiguration)
  do {
    let result = try await body(server, channel)
    await channel.close()
    return result
  } catch {
    await channel.close()
    throw error
  }
}

let echo = MethodDescriptor(service: "resonite_io.test.Echo", method: "Echo")

/// Runs a call that must fail, and returns its error.
func expectRPCError(
  _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) async -> RPCError? {
  do {
    try await body()
    Issue.record("the call succeeded, but it should have failed", sourceLocation: sourceLocation)
    return nil
  } catch let error as RPCError {
    return error
  } catch {
    Issue.record("expected an RPCError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

/// Bytes 0, 1, 2, ... 250, 0, 1, ... of the given length: a payload whose corruption shows.
func pattern(_ count: Int) -> [UInt8] {
  var bytes = [UInt8](repeating: 0, count: count)
  for i in 0..<count { bytes[i] = UInt8(truncatingIfNeeded: i % 251) }
  return bytes
}

/// The number of open file descriptors of this process.
func openFileDescriptorCount() -> Int {
  (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// The number of threads of this process.
func threadCount() -> Int {
  (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
}
