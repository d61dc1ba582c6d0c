/// A ``DisplayClient/apply(width:height:maxFPS:options:)`` argument cannot be sent: the wire
/// carries width and height as unsigned 32-bit integers, so a negative size or one above
/// `UInt32.max` is refused before any RPC (nothing reaches the mod).
public struct DisplayArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The argument's name: `width` or `height`.
  public let argument: String
  /// The value given.
  public let value: Int

  /// Creates the error.
  public init(argument: String, value: Int) {
    self.argument = argument
    self.value = value
  }

  public var description: String {
    "Display.Apply: \(argument) must be 0 (leave unchanged) or a positive pixel count up to \(UInt32.max); got \(value)"
  }
}
