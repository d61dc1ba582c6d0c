#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A system call on a Unix domain socket failed.
///
/// Keeps the socket path and the `errno`, so a caller can tell "not there yet" (``isNotFound``,
/// ``isRefused``) from anything else.
public struct SocketError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The failing call, for example `connect`.
  public let operation: String
  /// The socket path involved.
  public let path: String
  /// The `errno` value, for example `ENOENT` (2).
  public let errno: Int32
  /// What the system's text for ``errno`` would not say, when this side knows better (for
  /// example "it is a directory, not a socket"); it replaces that text in ``reason``.
  public let detail: String?

  /// Creates an error.
  public init(operation: String, path: String, errno: Int32, detail: String? = nil) {
    self.operation = operation
    self.path = path
    self.errno = errno
    self.detail = detail
  }

  /// True for ENOENT: no socket file at the path.
  public var isNotFound: Bool { errno == ENOENT }
  /// True for ECONNREFUSED: a socket file nobody listens on (a dead server or one not yet listening).
  public var isRefused: Bool { errno == ECONNREFUSED }
  /// True for EACCES or EPERM: the socket exists but this user may not connect to it.
  public var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }
  /// True for errors that mean the connection broke after it was made (reset, broken pipe).
  public var isConnectionReset: Bool { errno == ECONNRESET || errno == EPIPE }
  /// True for ENOTSOCK: something other than a socket (a regular file, a directory) is at the
  /// path, so no server can answer there.
  public var isNotASocket: Bool { errno == ENOTSOCK }
  /// True for ENAMETOOLONG: the path does not fit a Unix socket address (107 bytes on Linux).
  public var isPathTooLong: Bool { errno == ENAMETOOLONG }

  /// ``detail`` when there is one, else the system's text for ``errno`` (`strerror`).
  public var reason: String { detail ?? String(cString: strerror(errno)) }

  /// Reads like `connect(/run/x.sock): No such file or directory (errno 2)`.
  public var description: String { "\(operation)(\(path)): \(reason) (errno \(errno))" }
}
