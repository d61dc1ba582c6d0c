import Foundation
import ResoniteTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A Unix-socket listener that speaks raw bytes: each accepted connection runs `script` on a
/// thread of its own, which reads and writes whatever it likes. For the faults a correct
/// HTTP/2 server cannot produce. Every blocking read has a timeout, so no script can hang a
/// test; ``stop()`` shuts every connection down.
final class RawServer: @unchecked Sendable {
  let path: String
  private let listenFD: Int32
  private let script: @Sendable (RawConnection) -> Void
  private let lock = NSLock()
  private var connections: [RawConnection] = []
  private var stopped = false

  /// Binds and listens at `path`, and starts accepting.
  init(path: String, script: @escaping @Sendable (RawConnection) -> Void) throws {
    self.path = path
    self.script = script
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long")
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
      raw[bytes.count] = 0
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard bound == 0, listen(fd, 16) == 0 else {
      let code = errno
      close(fd)
      throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
    listenFD = fd
    let thread = Thread { [self] in acceptLoop() }
    thread.name = "raw server accept"
    thread.start()
  }

  /// How many connections were accepted so far.
  var acceptedCount: Int { lock.withLock { connections.count } }

  /// Stops accepting and shuts every connection down (their scripts see EOF and end).
  func stop() {
    let open: [RawConnection] = lock.withLock {
      stopped = true
      return connections
    }
    for connection in open { connection.shutdown() }
  }

  private func acceptLoop() {
    while !lock.withLock({ stopped }) {
      var pfd = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
      guard poll(&pfd, 1, 50) > 0 else { continue }
      let fd = accept(listenFD, nil, nil)
      guard fd >= 0 else { continue }
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      let accepted: RawConnection? = lock.withLock {
        if stopped { return nil }
        let connection = RawConnection(fd: fd, index: connections.count)
        connections.append(connection)
        return connection
      }
      guard let accepted else {
        close(fd)
        break
      }
      let thread = Thread { [script] in
        script(accepted)
        accepted.close()
      }
      thread.name = "raw server connection \(accepted.index)"
      thread.start()
    }
    close(listenFD)
  }
}

/// One accepted connection of a ``RawServer``, used by its script's thread.
final class RawConnection: @unchecked Sendable {
  /// 0 for the first connection accepted, 1 for the next...
  let index: Int
  private let fd: Int32
  private var buffer: [UInt8] = []
  private let lock = NSLock()
  private var closed = false
  private var released = false

  init(fd: Int32, index: Int) {
    self.fd = fd
    self.index = index
  }

  /// Reads at least one more byte into the buffer; false on EOF, error or timeout.
  private func fill(until deadline: ContinuousClock.Instant) -> Bool {
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let remaining = ContinuousClock.now.duration(to: deadline)
      guard remaining > .zero else { return false }
      var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ms = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
      let ready = poll(&pfd, 1, ms)
      if ready < 0 && errno == EINTR { continue }
      guard ready > 0 else { return false }
      let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return false }
      buffer += chunk[0..<n]
      return true
    }
  }

  /// Reads the 24-byte client preface; true when it is exactly HTTP/2's.
  func readPreface(timeout: Duration = noHangBound) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while buffer.count < H2Frame.clientPreface.count {
      guard fill(until: deadline) else { return false }
    }
    let preface = Array(buffer.prefix(H2Frame.clientPreface.count))
    buffer.removeFirst(H2Frame.clientPreface.count)
    return preface == H2Frame.clientPreface
  }

  /// The next frame from the client, or nil on EOF or after `timeout`.
  func readFrame(timeout: Duration = noHangBound) -> H2Frame? {
    let deadline = ContinuousClock.now + timeout
    while true {
      if let frame = H2Frame.parse(&buffer) { return frame }
      guard fill(until: deadline) else { return nil }
    }
  }

  /// Reads frames until one matches; nil on EOF or after `timeout`.
  func readFrame(timeout: Duration = noHangBound, where matches: (H2Frame) -> Bool) -> H2Frame? {
    let deadline = ContinuousClock.now + timeout
    while let frame = readFrame(timeout: ContinuousClock.now.duration(to: deadline)) {
      if matches(frame) { return frame }
    }
    return nil
  }

  /// Reads until the request on `stream` is complete (a frame with END_STREAM); nil on EOF or
  /// after `timeout`.
  @discardableResult
  func readRequest(stream: UInt32, timeout: Duration = noHangBound) -> H2Frame? {
    readFrame(timeout: timeout) { frame in
      frame.streamID == stream && frame.isEndStream && (frame.type == H2Frame.data || frame.type == H2Frame.headers)
    }
  }

  /// The usual opening: read the preface, send our (empty or given) SETTINGS, and ACK the
  /// client's. False when the client's preface is missing or wrong.
  func handshake(settings: [(UInt16, UInt32)] = []) -> Bool {
    guard readPreface() else { return false }
    write(H2Frame.settings(settings).bytes)
    guard readFrame(where: { $0.type == H2Frame.settings && $0.flags & H2Frame.ack == 0 }) != nil else { return false }
    write(H2Frame.settingsAck.bytes)
    return true
  }

  /// Answers every request on this connection with `reply` and OK trailers, until the client
  /// closes (or `timeout`). Call after ``handshake(settings:)``.
  func serveRequests(reply: [UInt8], timeout: Duration = noHangBound) {
    let deadline = ContinuousClock.now + timeout
    while let frame = readFrame(timeout: ContinuousClock.now.duration(to: deadline)) {
      guard frame.isEndStream, frame.type == H2Frame.data || frame.type == H2Frame.headers else { continue }
      write(H2Frame.okResponse(stream: frame.streamID, message: reply))
    }
  }

  /// Writes all of `bytes` (blocking); false when the client has gone.
  @discardableResult
  func write(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return false }
      offset += n
    }
    return true
  }

  /// Reads and discards until the client closes (or `timeout`), keeping the connection open
  /// meanwhile.
  func holdUntilClientCloses(timeout: Duration = noHangBound) {
    let deadline = ContinuousClock.now + timeout
    while fill(until: deadline) { buffer.removeAll(keepingCapacity: true) }
  }

  /// Waits without reading anything for up to `timeout`, or until ``shutdown()``.
  func stallWithoutReading(timeout: Duration = noHangBound) {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline && !lock.withLock({ closed }) {
      usleep(20_000)
    }
  }

  /// Stops reading (SHUT_RD): from now on every write of the client fails with EPIPE, while
  /// what this side writes still reaches it.
  func shutdownReading() {
    lock.withLock {
      guard !closed else { return }
      _ = Glibc.shutdown(fd, Int32(SHUT_RD))
    }
  }

  /// Shuts the socket down both ways (a blocked read sees EOF). Safe from any thread.
  func shutdown() {
    lock.withLock {
      guard !closed else { return }
      closed = true
      _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }
  }

  /// Closes the socket (once; later calls do nothing).
  func close() {
    shutdown()
    lock.withLock {
      guard !released else { return }
      released = true
      _ = Glibc.close(fd)
    }
  }
}
