import Foundation
import ResoniteTestServer

/// A short socket path under /tmp that no other test uses (sun_path holds only 108 bytes).
func uniqueSocketPath(_ tag: String = "t") -> String {
  "/tmp/rts-\(tag)-\(getpid())-\(UUID().uuidString.prefix(8)).sock"
}

/// Starts a server on a fresh socket path, after `configure` adjusts the configuration.
func startServer(_ configure: (inout TestServer.Configuration) -> Void = { _ in }) throws -> TestServer {
  var configuration = TestServer.Configuration(socketPath: uniqueSocketPath())
  configure(&configuration)
  return try TestServer.start(configuration)
}

/// True when a file (of any kind) exists at `path`.
func fileExists(_ path: String) -> Bool {
  var info = stat()
  return lstat(path, &info) == 0
}
