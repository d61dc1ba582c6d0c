/// An element of a ``DeadlineHeap``: an object with a fixed deadline that remembers where the
/// heap keeps it, so that it can be removed in O(log n) when it ends before its deadline.
protocol DeadlineHeapElement: AnyObject {
  /// When the element is due. Must not change while the element is in a heap.
  var heapDeadline: ContinuousClock.Instant { get }
  /// The element's position in the heap, -1 when it is in none. Owned by the heap.
  var heapSlot: Int { get set }
}

/// The connection's deadline timers: a binary min-heap on the deadline, indexed so that a
/// stream that ends early leaves it at once (no stale entries pile up behind a long timeout).
/// Insert, remove and pop are O(log n); the next deadline is O(1). Not thread-safe: guarded by
/// the connection's lock.
struct DeadlineHeap<Element: DeadlineHeapElement> {
  private var heap: [Element] = []

  /// The number of elements waiting.
  var count: Int { heap.count }
  /// True when no element waits.
  var isEmpty: Bool { heap.isEmpty }
  /// The earliest deadline, if any.
  var nextDeadline: ContinuousClock.Instant? { heap.first?.heapDeadline }

  /// Adds `element`, which must be in no heap.
  mutating func insert(_ element: Element) {
    precondition(element.heapSlot < 0, "the element is already in a heap")
    heap.append(element)
    element.heapSlot = heap.count - 1
    siftUp(heap.count - 1)
  }

  /// Removes `element` if this heap holds it; does nothing otherwise.
  mutating func remove(_ element: Element) {
    let slot = element.heapSlot
    guard slot >= 0, slot < heap.count, heap[slot] === element else { return }
    removeAt(slot)
  }

  /// Removes and returns the earliest element if its deadline is at or before `now`.
  mutating func popDue(now: ContinuousClock.Instant) -> Element? {
    guard let first = heap.first, first.heapDeadline <= now else { return nil }
    removeAt(0)
    return first
  }

  private mutating func removeAt(_ slot: Int) {
    let removed = heap[slot]
    let last = heap.removeLast()
    removed.heapSlot = -1
    guard slot < heap.count else { return }
    heap[slot] = last
    last.heapSlot = slot
    siftDown(slot)
    siftUp(slot)
  }

  private mutating func siftUp(_ start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child].heapDeadline < heap[parent].heapDeadline else { break }
      swapSlots(child, parent)
      child = parent
    }
  }

  private mutating func siftDown(_ start: Int) {
    var parent = start
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < heap.count && heap[left].heapDeadline < heap[smallest].heapDeadline { smallest = left }
      if right < heap.count && heap[right].heapDeadline < heap[smallest].heapDeadline { smallest = right }
      if smallest == parent { return }
      swapSlots(parent, smallest)
      parent = smallest
    }
  }

  private mutating func swapSlots(_ a: Int, _ b: Int) {
    heap.swapAt(a, b)
    heap[a].heapSlot = a
    heap[b].heapSlot = b
  }
}
