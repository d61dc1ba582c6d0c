import Foundation
import ResoniteTestSupport
import ResoniteHTTP2

#if canImport(Glibc)
  import Glibc
#endif

/// A connect failure, with its errno.
struct ConnectFailure: Error, CustomStringConvertible {
  var errno: Int32
  var description: String { "connect failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// A deliberately small gRPC client for the tests: a Unix socket, an `HTTP2Session(role:
/// .client)` and a poll loop driven by the test thread. No ResoniteGRPC/Transport code is
/// involved, so the server is checked against nghttp2 alone.
final class RawClient: HTTP2SessionDelegate {
  let fd: Int32
  private var session: HTTP2Session!
  private var pendingOutput: [UInt8] = []
  private var bodies: [Int32: RequestBody] = [:]
  /// Responses by stream id.
  private(set) var responses: [Int32: RawResponse] = [:]
  /// Every SETTINGS frame (not ACK) the server sent.
  private(set) var settingsReceived: [[HTTP2Setting]] = []
  /// The GOAWAY the server sent, if any.
  private(set) var goAway: (lastStreamID: Int32, errorCode: HTTP2ErrorCode)?
  /// True once the server closed the connection (EOF or reset).
  private(set) var connectionEnded = false
  /// The errno of a failed read, when the end was a reset rather than EOF.
  private(set) var endErrno: Int32 = 0

  /// Connects to `path` (blocking connect) and queues the client preface.
  init(path: String) throws {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
      raw[bytes.count] = 0
    }
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
    let rv = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
    }
    if rv != 0 {
      let code = errno
      Glibc.close(fd)
      throw ConnectFailure(errno: code)
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    self.fd = fd
    session = try HTTP2Session(
      role: .client, settings: [.enablePush(false), .initialWindowSize(16 << 20)],
      connectionWindowSize: 128 << 20, delegate: self)
  }

  deinit { Glibc.close(fd) }

  /// The standard gRPC request headers for `path`, then `extra`.
  static func requestHeaders(path: String, authority: String = "localhost", extra: [HeaderField] = [])
    -> [HeaderField]
  {
    [
      HeaderField(":method", "POST"), HeaderField(":scheme", "http"), HeaderField(":path", path),
      HeaderField(":authority", authority), HeaderField("te", "trailers"),
      HeaderField("content-type", "application/grpc"), HeaderField("user-agent", "raw-client-test/1.0"),
    ] + extra
  }

  /// Queues a request and returns its stream id (nil when nghttp2 refused to open one).
  @discardableResult
  func start(
    path: String, message: [UInt8], headers: [HeaderField]? = nil, compressed: Bool = false,
    endsStream: Bool = true
  ) -> Int32? {
    let body = RequestBody(message: message, compressed: compressed, endsStream: endsStream)
    guard
      let id = try? session.submitRequest(headers: headers ?? Self.requestHeaders(path: path), body: body)
    else { return nil }
    bodies[id] = body
    responses[id] = RawResponse()
    return id
  }

  /// Resets `streamID` with `code`.
  func reset(_ streamID: Int32, code: HTTP2ErrorCode = .cancel) {
    try? session.submitReset(streamID: streamID, errorCode: code)
  }

  /// Runs the connection until `done` holds, the connection ends, or `timeout` passes.
  /// - Returns: whether `done` holds.
  @discardableResult
  func run(timeout: Duration = eventuallyBound, until done: (RawClient) -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    var buffer = [UInt8](repeating: 0, count: 256 << 10)
    while !done(self) {
      if connectionEnded { return done(self) }
      flush()
      let remaining = deadline - ContinuousClock.now
      if remaining <= .zero { return done(self) }
      let millis = Int32(min(1000, max(1, remaining / .milliseconds(1) + 1)))
      var pfd = pollfd(fd: fd, events: Int16(POLLIN) | (pendingOutput.isEmpty ? 0 : Int16(POLLOUT)), revents: 0)
      guard poll(&pfd, 1, millis) > 0 else { continue }
      if pfd.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
          _ = try? buffer.withUnsafeBytes { try session.receive(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        } else if n == 0 {
          connectionEnded = true
        } else if errno != EAGAIN && errno != EINTR {
          endErrno = errno
          connectionEnded = true
        }
      }
    }
    flush()
    return true
  }

  /// Runs until `streamID` closes.
  @discardableResult
  func wait(for streamID: Int32, timeout: Duration = noHangBound) -> RawResponse {
    run(timeout: timeout) { $0.responses[streamID]?.closed ?? true }
    return responses[streamID] ?? RawResponse()
  }

  /// One unary call: start it and wait for its end.
  func call(path: String, message: [UInt8] = [], headers: [HeaderField]? = nil, timeout: Duration = noHangBound)
    -> RawResponse
  {
    guard let id = start(path: path, message: message, headers: headers) else {
      return RawResponse(notSent: true)
    }
    return wait(for: id, timeout: timeout)
  }

  /// True when nghttp2 still allows new requests (no GOAWAY seen).
  var isRequestAllowed: Bool { session.isRequestAllowed }

  private func flush() {
    if !pendingOutput.isEmpty { writePending() }
    guard pendingOutput.isEmpty else { return }
    _ = try? session.send(while: { chunk in
      pendingOutput.append(contentsOf: chunk)
      return pendingOutput.count < 1 << 20
    })
    writePending()
  }

  private func writePending() {
    var sent = 0
    while sent < pendingOutput.count {
      let n = pendingOutput.withUnsafeBytes { raw in
        send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
      }
      if n > 0 {
        sent += n
      } else if n < 0 && errno == EINTR {
        continue
      } else {
        if n < 0 && errno != EAGAIN {
          endErrno = errno
          connectionEnded = true
        }
        break
      }
    }
    pendingOutput.removeFirst(sent)
  }

  // MARK: HTTP2SessionDelegate

  func session(
    _ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory
  ) -> Bool {
    if category == .response {
      responses[streamID]?.headers.append(field)
    } else {
      responses[streamID]?.trailers.append(field)
    }
    return true
  }

  func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {
    switch frame {
    case .headers(let streamID, let category, let endStream):
      if category == .response && endStream { responses[streamID]?.headersEndedStream = true }
    case .settings(let ack, let entries):
      if !ack { settingsReceived.append(entries) }
    case .goAway(let lastStreamID, let errorCode, _):
      goAway = (lastStreamID, errorCode)
    default:
      break
    }
  }

  func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {
    responses[streamID]?.data.append(contentsOf: bytes)
  }

  func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) {
    responses[streamID]?.closed = true
    responses[streamID]?.closeCode = errorCode
    bodies[streamID] = nil
  }

  func session(_ session: HTTP2Session, didFailToSendOn streamID: Int32, error: NGHTTP2Error) {
    responses[streamID]?.notSent = true
    responses[streamID]?.closed = true
    bodies[streamID] = nil
  }
}
