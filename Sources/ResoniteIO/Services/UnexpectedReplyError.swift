/// The mod answered OK but left out a field the call cannot do without (for example a `Join`
/// reply with no `world`, or a `SilenceUser` reply with no `user`). The reference client raises
/// `RuntimeError` here; nothing was retried.
public struct UnexpectedReplyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The RPC, for example `World/Join`.
  public let method: String
  /// What was missing or wrong, for example `no world in the reply`.
  public let problem: String

  /// Creates the error.
  public init(method: String, problem: String) {
    self.method = method
    self.problem = problem
  }

  public var description: String { "\(method): unexpected reply from the mod: \(problem)" }
}
