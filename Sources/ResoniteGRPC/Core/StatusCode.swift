/// A gRPC status code: one of the 17 codes of gRPC's `statuscodes.md`.
///
/// A struct rather than an enum so that the set can grow without breaking callers; switch
/// over ``rawValue`` or compare with the static members. `internal` is a Swift keyword, so
/// INTERNAL is ``internalError``.
public struct StatusCode: Sendable, Hashable, CustomStringConvertible, Comparable {
  /// The wire value, 0 to 16.
  public let rawValue: Int

  /// Creates a code from its wire value, or nil when the value is not one of the 17.
  public init?(rawValue: Int) {
    guard (0...16).contains(rawValue) else { return nil }
    self.rawValue = rawValue
  }

  private init(_ value: Int) { self.rawValue = value }

  /// OK (0): not an error.
  public static let ok = Self(0)
  /// CANCELLED (1): the caller cancelled the call.
  public static let cancelled = Self(1)
  /// UNKNOWN (2): an error with no better code, or a status that could not be parsed.
  public static let unknown = Self(2)
  /// INVALID_ARGUMENT (3): the server rejected the request's contents.
  public static let invalidArgument = Self(3)
  /// DEADLINE_EXCEEDED (4): the deadline passed before the call finished.
  public static let deadlineExceeded = Self(4)
  /// NOT_FOUND (5).
  public static let notFound = Self(5)
  /// ALREADY_EXISTS (6).
  public static let alreadyExists = Self(6)
  /// PERMISSION_DENIED (7).
  public static let permissionDenied = Self(7)
  /// RESOURCE_EXHAUSTED (8): for example a message above a size limit.
  public static let resourceExhausted = Self(8)
  /// FAILED_PRECONDITION (9): the server is not in a state to serve the call (Resonite IO: not ready yet).
  public static let failedPrecondition = Self(9)
  /// ABORTED (10).
  public static let aborted = Self(10)
  /// OUT_OF_RANGE (11).
  public static let outOfRange = Self(11)
  /// UNIMPLEMENTED (12): the server does not know the method.
  public static let unimplemented = Self(12)
  /// INTERNAL (13): a broken invariant, for example a malformed response.
  public static let internalError = Self(13)
  /// UNAVAILABLE (14): the server cannot be reached or the connection broke; often retryable.
  public static let unavailable = Self(14)
  /// DATA_LOSS (15).
  public static let dataLoss = Self(15)
  /// UNAUTHENTICATED (16).
  public static let unauthenticated = Self(16)

  /// All 17 codes, in wire order.
  public static let allCases: [StatusCode] = (0...16).map { Self($0) }

  /// The canonical upper-case name, for example `FAILED_PRECONDITION`.
  public var name: String {
    Self.names[rawValue]
  }

  private static let names = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]

  public var description: String { name }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
