#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Key bytes from stdin for the interactive commands (`drive`, `grabber interactive`): a
/// terminal in cbreak mode (``CbreakTerminal``), a pipe or a file, read in chunks of up to 64
/// bytes as the reference reads them.
enum StdinKeys {
  /// Throws exit 1 when stdin is closed (no file descriptor 0), as the reference does:
  /// `resoio <command>: stdin has no fd`.
  static func requireDescriptor(command: String) throws {
    guard !closedAtStart, fcntl(STDIN_FILENO, F_GETFD) != -1 else {
      throw CommandFailure(lines: ["resoio \(command): stdin has no fd"])
    }
  }

  /// Whether file descriptor 0 was closed when the process started (``noteStartup()``).
  nonisolated(unsafe) private(set) static var closedAtStart = false

  /// Called first thing in `main`: notes a closed stdin, and puts /dev/null on descriptor 0,
  /// so that no pipe or socket opened later lands there and gets read as keys.
  static func noteStartup() {
    guard fcntl(STDIN_FILENO, F_GETFD) == -1 else { return }
    closedAtStart = true
    let null = open("/dev/null", O_RDONLY)
    if null > STDIN_FILENO {
      dup2(null, STDIN_FILENO)
      close(null)
    }
  }

  /// What one read gave.
  enum Chunk: Equatable {
    /// Up to 64 bytes.
    case bytes([UInt8])
    /// The end of input (a closed pipe, the end of a file, Ctrl-D on a terminal).
    case end
    /// Nothing to read yet (only from ``readAvailable(_:command:)``).
    case nothing
  }

  /// The next bytes from `fd` (up to 64), or nil at end of input. Polls in 0.1 s steps so that a
  /// cancelled task (Ctrl-C) stops waiting.
  static func next(_ fd: Int32, command: String) throws -> [UInt8]? {
    while true {
      try Task.checkCancellation()
      switch try chunk(fd, waitMilliseconds: 100, command: command) {
      case .bytes(let bytes): return bytes
      case .end: return nil
      case .nothing: continue
      }
    }
  }

  /// What `fd` has right now, without waiting.
  static func readAvailable(_ fd: Int32, command: String) throws -> Chunk {
    try chunk(fd, waitMilliseconds: 0, command: command)
  }

  private static func chunk(_ fd: Int32, waitMilliseconds: Int32, command: String) throws -> Chunk {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    let ready = poll(&descriptor, 1, waitMilliseconds)
    if ready < 0 {
      if errno == EINTR { return .nothing }
      throw CommandFailure(lines: ["resoio \(command): poll(stdin) failed: \(String(cString: strerror(errno)))"])
    }
    if ready == 0 { return .nothing }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(fd, &buffer, buffer.count)
    if count < 0 {
      if errno == EINTR || errno == EAGAIN { return .nothing }
      throw CommandFailure(lines: ["resoio \(command): read(stdin) failed: \(String(cString: strerror(errno)))"])
    }
    if count == 0 { return .end }
    return .bytes(Array(buffer.prefix(count)))
  }
}
