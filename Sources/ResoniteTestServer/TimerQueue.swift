/// What a loop timer does when it fires.
enum TimerAction {
  /// Call `listen()` on the bound socket (the listen-delay knob).
  case startListening
  /// Send the held answer of a delayed call.
  case respond(connectionID: Int, streamID: Int32)
  /// The call's `grpc-timeout` ran out before its delayed answer: answer DEADLINE_EXCEEDED.
  case deadline(connectionID: Int, streamID: Int32)
  /// A streaming handler's timer (``ServerStreamingCall/scheduleTimer(after:)``).
  case streamTimer(connectionID: Int, streamID: Int32)
}

/// The loop's timers: a binary min-heap on the due time (monotonic nanoseconds). Timers are
/// never cancelled; an action whose stream is gone or answered does nothing when it fires.
struct TimerQueue {
  private struct Entry {
    var due: UInt64
    var sequence: UInt64
    var action: TimerAction

    func precedes(_ other: Entry) -> Bool {
      due != other.due ? due < other.due : sequence < other.sequence
    }
  }

  private var heap: [Entry] = []
  private var nextSequence: UInt64 = 0

  /// True when no timer is pending.
  var isEmpty: Bool { heap.isEmpty }
  /// The earliest due time, if any.
  var nextDue: UInt64? { heap.first?.due }

  /// Adds a timer due at `due`; timers due at the same time fire in insertion order.
  mutating func schedule(at due: UInt64, _ action: TimerAction) {
    heap.append(Entry(due: due, sequence: nextSequence, action: action))
    nextSequence &+= 1
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child].precedes(heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  /// Removes and returns the earliest timer if it is due at `now`.
  mutating func popDue(now: UInt64) -> TimerAction? {
    guard let first = heap.first, first.due <= now else { return nil }
    let last = heap.removeLast()
    if !heap.isEmpty {
      heap[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < heap.count && heap[left].precedes(heap[smallest]) { smallest = left }
        if right < heap.count && heap[right].precedes(heap[smallest]) { smallest = right }
        if smallest == parent { break }
        heap.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return first.action
  }
}
