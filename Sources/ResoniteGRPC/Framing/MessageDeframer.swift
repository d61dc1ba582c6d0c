/// Why a byte stream could not be split into gRPC messages.
public enum DeframingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A message's length prefix is above the receive limit.
  case messageTooLarge(length: Int, limit: Int)
  /// The compressed-flag byte was neither 0 nor 1.
  case invalidCompressionFlag(UInt8)

  public var description: String {
    switch self {
    case .messageTooLarge(let length, let limit):
      "received message larger than the limit (max \(limit) bytes, actual \(length) bytes)"
    case .invalidCompressionFlag(let flag):
      "invalid compressed-flag byte \(flag) in a message prefix (must be 0 or 1)"
    }
  }
}

/// Splits a stream of DATA bytes into length-prefixed gRPC messages.
///
/// Frame boundaries mean nothing: a message may span many chunks and a chunk may hold many
/// messages. A message's buffer starts at up to 1 MiB, so a length prefix alone reserves at
/// most that. A larger message gets its full declared length in one step once 64 KiB of it
/// have arrived, so 64 KiB can reserve up to `maxMessageSize` (4096 times as much at the
/// default 256 MiB limit). That reservation is address space: the buffer is not initialized,
/// and its pages cost memory only as bytes are written into them (measured with malloc on
/// Linux: eight 256 MiB blocks with 64 KiB written into each raised the resident size by
/// 580 KiB). A
/// threshold proportional to the length (1/16, at most 1 MiB, 256 times at most) was measured
/// and not taken: on 33 MB messages in 256 KiB frames it raised the user-space copies from
/// 0.007 to 0.065 per byte (about 2 MiB more copied per message, the bytes before the full
/// allocation being copied twice and not read in place). The bytes are copied into place at
/// most once (those first 64 KiB twice), and not at all when the connection read them
/// straight into place (see ``receiveTarget``). The completed message hands that buffer over
/// as its ``GRPCMessage/bytes``: no further copy.
public struct MessageDeframer: Sendable {
  /// The largest payload accepted, in bytes.
  public let maxMessageSize: Int

  private var prefix: [UInt8] = []
  private var compressed = false
  private var expected = 0
  private var body: [UInt8] = []
  private var inMessage = false
  /// A large message's storage once its full length is allocated: `body` then has its final
  /// count, and bytes `0..<filled` of it have arrived (see ``receiveTarget``).
  nonisolated(unsafe) private var storage: UnsafeMutableRawPointer?
  private var filled = 0
  /// Message bytes copied in user space so far: appended into a buffer, moved into the full
  /// length, or moved back after a read ahead (not those found in place); for tests.
  private(set) var copiedBytes = 0

  /// What a message's buffer starts at before its bytes arrive.
  static let initialReservation = 1 << 20
  /// A message above ``initialReservation`` gets its full length once this many of its bytes
  /// are at hand (see the type's documentation for what that allows a peer, and why not more).
  static let fullLengthAfter = 64 << 10

  /// Creates a deframer that rejects messages above `maxMessageSize` bytes.
  public init(maxMessageSize: Int) {
    self.maxMessageSize = maxMessageSize
    prefix.reserveCapacity(GRPCMessage.prefixLength)
  }

  /// True when no partial message is buffered (a stream may end cleanly here).
  public var isIdle: Bool { !inMessage && prefix.isEmpty }

  /// The length of the message being assembled (its prefix read), or nil between messages.
  public var pendingMessageLength: Int? { inMessage ? expected : nil }

  /// The bytes of the partial message buffered so far (prefix included), for error messages.
  public var bufferedByteCount: Int {
    inMessage ? GRPCMessage.prefixLength + (storage == nil ? body.count : filled) : prefix.count
  }

  /// The memory where the rest of the large message being assembled goes, once its full length
  /// is allocated: bytes given to ``process(_:onMessage:)`` that already sit there (read
  /// straight from the socket) are taken without a copy.
  public var receiveTarget: (start: UnsafeMutableRawPointer, count: Int, owner: [UInt8])? {
    guard let storage else { return nil }
    return (storage + filled, expected - filled, body)
  }

  /// Consumes `bytes`, calling `onMessage` for each message completed.
  /// - Throws: ``DeframingError`` when a prefix is invalid or over the limit; the deframer is
  ///   then unusable.
  public mutating func process(
    _ bytes: UnsafeRawBufferPointer, onMessage: (GRPCMessage) -> Void
  ) throws(DeframingError) {
    var index = 0
    let count = bytes.count
    while index < count {
      if !inMessage {
        // Fast path: a whole prefix in this chunk, nothing pending.
        if prefix.isEmpty && count - index >= GRPCMessage.prefixLength {
          try beginMessage(
            flag: bytes[index], b0: bytes[index + 1], b1: bytes[index + 2], b2: bytes[index + 3], b3: bytes[index + 4],
            arriving: count - index - GRPCMessage.prefixLength)
          index += GRPCMessage.prefixLength
        } else {
          prefix.append(bytes[index])
          index += 1
          if prefix.count == GRPCMessage.prefixLength {
            try beginMessage(
              flag: prefix[0], b0: prefix[1], b1: prefix[2], b2: prefix[3], b3: prefix[4], arriving: count - index)
            prefix.removeAll(keepingCapacity: true)
          }
        }
        if inMessage && expected == 0 { finishMessage(onMessage) }
        continue
      }
      if let storage {
        let take = min(expected - filled, count - index)
        let source = bytes.baseAddress! + index
        let destination = storage + filled
        // Bytes read straight into the message are where they belong already; bytes read ahead
        // into it (see the connection's direct reads) are moved back (copyMemory is a memmove).
        if source != UnsafeRawPointer(destination) {
          destination.copyMemory(from: source, byteCount: take)
          copiedBytes += take
        }
        filled += take
        index += take
        if filled == expected { finishMessage(onMessage) }
        continue
      }
      let take = min(expected - body.count, count - index)
      if body.count + take > body.capacity
        || (expected > Self.initialReservation && body.count + take >= Self.fullLengthAfter)
      {
        // The peer is really sending this message: hold all of it now, in one allocation.
        allocateFullLength()
        continue
      }
      body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
      copiedBytes += take
      index += take
      if body.count == expected { finishMessage(onMessage) }
    }
  }

  /// - Parameter arriving: bytes of the message already at hand after its prefix.
  private mutating func beginMessage(
    flag: UInt8, b0: UInt8, b1: UInt8, b2: UInt8, b3: UInt8, arriving: Int
  ) throws(DeframingError) {
    guard flag <= 1 else { throw .invalidCompressionFlag(flag) }
    let length = Int(b0) << 24 | Int(b1) << 16 | Int(b2) << 8 | Int(b3)
    guard length <= maxMessageSize else { throw .messageTooLarge(length: length, limit: maxMessageSize) }
    compressed = flag == 1
    expected = length
    body = []
    // A prefix alone costs the peer 5 bytes: reserve at most 1 MiB now and the full length only
    // once 64 KiB arrived, so that a few bytes with a hostile length cannot make us allocate
    // hundreds of MiB. When enough is at hand already, the full length is allocated at once.
    inMessage = true
    if length > Self.initialReservation && arriving >= Self.fullLengthAfter {
      allocateFullLength()
    } else {
      body.reserveCapacity(min(length, Self.initialReservation))
    }
  }

  /// Gives the message being assembled its final storage, `expected` bytes in one array whose
  /// bytes past `filled` are written as they arrive (through ``receiveTarget`` or a copy), so
  /// that a large message is copied into place once, or not at all when read straight from
  /// the socket. The array is not touched as an array until it is complete: its storage does
  /// not move, and a UInt8 needs no initialization before it is written.
  private mutating func allocateFullLength() {
    let received = body
    var start: UnsafeMutableRawPointer?
    let total = expected
    body = [UInt8](unsafeUninitializedCapacity: total) { buffer, initializedCount in
      start = UnsafeMutableRawPointer(buffer.baseAddress)
      if let start, !received.isEmpty {
        received.withUnsafeBytes { start.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
      }
      initializedCount = total
    }
    filled = received.count
    copiedBytes += received.count
    storage = start
  }

  private mutating func finishMessage(_ onMessage: (GRPCMessage) -> Void) {
    let message = GRPCMessage(bytes: body, compressed: compressed)
    body = []
    storage = nil
    filled = 0
    inMessage = false
    expected = 0
    onMessage(message)
  }
}
