#if canImport(Glibc)
  package import Glibc
#endif

/// A `sockaddr_un` for a socket path, shared by the client's connect and the test server's bind.
package struct UnixSocketAddress {
  /// The address, `sun_path` NUL-terminated.
  package var storage = sockaddr_un()
  /// The length to pass to `connect(2)` or `bind(2)`.
  package let length: socklen_t

  /// Builds the address of `path`.
  /// - Parameters:
  ///   - path: the socket's file system path.
  ///   - operation: the call the address is for, named in the error.
  /// - Throws: ``SocketError`` with ENOENT for an empty path and ENAMETOOLONG for one that does
  ///   not fit `sun_path` (107 bytes on Linux).
  package init(path: String, operation: String) throws(SocketError) {
    storage.sun_family = sa_family_t(AF_UNIX)
    let capacity = MemoryLayout.size(ofValue: storage.sun_path)
    let bytes = Array(path.utf8)
    guard !bytes.isEmpty else {
      throw SocketError(operation: operation, path: path, errno: ENOENT, detail: "empty path")
    }
    guard bytes.count < capacity else {
      throw SocketError(
        operation: operation, path: path, errno: ENAMETOOLONG,
        detail: "the path is \(bytes.count) bytes long, and a Unix socket path holds at most \(capacity - 1)")
    }
    withUnsafeMutableBytes(of: &storage.sun_path) { raw in
      raw.copyBytes(from: bytes)
      raw[bytes.count] = 0
    }
    length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
  }

  /// Calls `body` with the address as a `sockaddr` pointer and its length.
  package mutating func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
    let length = self.length
    return withUnsafePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
    }
  }
}
