/// How often callers of an ``HTTP2Connection`` read their own responses
/// (``HTTP2Stream/awaitClose()``), for tests and diagnostics.
public struct InlineReadCounts: Sendable, Hashable {
  /// Inline waits that ended with the caller's stream closed: the call finished on the
  /// caller's thread (or was cancelled or failed meanwhile).
  public var completed = 0
  /// Inline waits whose budget (or the stream's deadline) ran out first: the I/O thread was
  /// woken to read from then on, and the caller waited as without inline reading.
  public var handedBack = 0
  /// Of those, the waits without a timeout of their own (taken from a reader lease) that the
  /// I/O thread ended when their budget was over.
  public var wokenAtBudget = 0

  /// No waits yet.
  public init() {}
}
