import Glibc
import ResoniteHTTP2
import ResoniteTestSupport
import Testing

@_spi(Fuzzing) @testable import ResoniteTransport

/// Streams of one real connection (on a socketpair, without its I/O thread: ``HTTP2Connection/withoutLoop(fd:configuration:)``)
/// for a table to keep; never submitted to nghttp2.
private final class StreamMaker {
  private var ends: [Int32] = [-1, -1]
  private let connection: HTTP2Connection

  init() throws {
    try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
    for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
    connection = try HTTP2Connection.withoutLoop(fd: ends[0])
  }

  /// A live stream `id` with a handler of its own.
  func stream(_ id: Int32, deadline: ContinuousClock.Instant? = nil, longLived: Bool = false) -> HTTP2Stream {
    HTTP2Stream(
      id: id, connection: connection, handler: StreamEvents(), body: nil, writable: nil, deadline: deadline,
      isLongLived: longLived)
  }

  /// Ends the connection and closes both ends.
  func close() {
    connection.detachForFuzzing()
    for end in ends { Glibc.close(end) }
  }
}

private final class Timer: DeadlineHeapElement {
  let heapDeadline: ContinuousClock.Instant
  var heapSlot = -1
  let name: Int
  init(_ name: Int, at deadline: ContinuousClock.Instant) {
    self.name = name
    self.heapDeadline = deadline
  }
}

@Suite("DeadlineHeap")
struct DeadlineHeapTests {
  @Test("pops in deadline order, only when due; removal from the middle keeps the order")
  func order() {
    let base = ContinuousClock.now
    var heap = DeadlineHeap<Timer>()
    var generator = SystemRandomNumberGenerator()
    let timers = (0..<200).map { Timer($0, at: base + .milliseconds(Int.random(in: 0..<1000, using: &generator))) }
    for timer in timers { heap.insert(timer) }
    #expect(heap.count == 200)
    #expect(heap.popDue(now: base - .seconds(1)) == nil, "nothing is due before the earliest deadline")
    let removed = Set(timers.indices.filter { $0 % 3 == 0 })
    for index in removed { heap.remove(timers[index]) }
    #expect(heap.count == 200 - removed.count)
    #expect(removed.allSatisfy { timers[$0].heapSlot == -1 })
    var last = base - .seconds(1)
    var popped: [Int] = []
    while let timer = heap.popDue(now: base + .seconds(2)) {
      #expect(timer.heapDeadline >= last)
      last = timer.heapDeadline
      popped.append(timer.name)
    }
    #expect(Set(popped) == Set(timers.indices).subtracting(removed))
    #expect(heap.isEmpty && heap.nextDeadline == nil)
  }

  @Test("removing an element twice or one never inserted does nothing")
  func removeIsIdempotent() {
    let base = ContinuousClock.now
    var heap = DeadlineHeap<Timer>()
    let a = Timer(1, at: base)
    let b = Timer(2, at: base + .seconds(1))
    heap.insert(a)
    heap.remove(b)
    heap.remove(a)
    heap.remove(a)
    #expect(heap.isEmpty)
    heap.insert(b)
    #expect(heap.nextDeadline == b.heapDeadline)
  }
}

@Suite("StreamTable")
struct StreamTableTests {
  @Test("counts live, short- and long-lived streams without scanning; overlap ignores long-lived ones")
  func counts() throws {
    let streams = try StreamMaker()
    defer { streams.close() }
    var table = StreamTable(maxHeaderListSize: 1000)
    let unary = streams.stream(1)
    let camera = streams.stream(3, longLived: true)
    table.insert(unary)
    table.insert(camera)
    #expect(table.liveCount == 2 && table.liveShortLivedCount == 1 && table.shortLivedCount == 1)
    #expect(table.liveShortLivedCount == 1, "a long-lived stream does not make a unary call overlap")
    let second = streams.stream(5)
    table.insert(second)
    #expect(table.liveShortLivedCount == 2, "two unary calls overlap")
    second.handler = nil
    table.liveEnded(second)
    #expect(table.liveShortLivedCount == 1)
    #expect(table.shortLivedCount == 2, "an ended stream stays until nghttp2 forgets it")
    _ = table.remove(5)
    #expect(table.shortLivedCount == 1 && table.count == 2)
  }

  @Test("deadlines: only live streams expire, in order; an ended stream leaves the timer queue")
  func deadlines() throws {
    let streams = try StreamMaker()
    defer { streams.close() }
    let base = ContinuousClock.now
    var table = StreamTable(maxHeaderListSize: 1000)
    let early = streams.stream(1, deadline: base + .milliseconds(10))
    let late = streams.stream(3, deadline: base + .milliseconds(20))
    let ended = streams.stream(5, deadline: base + .milliseconds(5))
    let none = streams.stream(7)
    for entry in [early, late, ended, none] { table.insert(entry) }
    #expect(table.nextDeadline == ended.deadline)
    ended.handler = nil
    table.liveEnded(ended)
    #expect(table.nextDeadline == early.deadline)
    #expect(table.popExpired(now: base + .milliseconds(15))?.id == 1)
    #expect(table.popExpired(now: base + .milliseconds(15)) == nil)
    #expect(table.popExpired(now: base + .seconds(1))?.id == 3)
    #expect(table.nextDeadline == nil)
  }

  @Test("header blocks are counted as SETTINGS_MAX_HEADER_LIST_SIZE counts; past the limit fields are only counted")
  func headerAccounting() throws {
    let streams = try StreamMaker()
    defer { streams.close() }
    var table = StreamTable(maxHeaderListSize: 100)
    table.insert(streams.stream(1))
    table.beginHeaderBlock(1)
    table.addHeader(HeaderField("a", "b"), to: 1)  // 34
    table.addHeader(HeaderField("c", "d"), to: 1)  // 68
    let smallBlock = table.takeHeaderBlock(1)
    let small = try #require(smallBlock)
    #expect(small.fields.count == 2 && small.oversize == nil)
    table.beginHeaderBlock(1)
    for _ in 0..<4 { table.addHeader(HeaderField("x", "y"), to: 1) }  // 136 > 100
    let bigBlock = table.takeHeaderBlock(1)
    let big = try #require(bigBlock)
    #expect(big.oversize == 136)
    #expect(big.fields.count == 2, "fields past the limit are not kept")
    let unknown = table.takeHeaderBlock(9)
    #expect(unknown == nil)
  }
}
