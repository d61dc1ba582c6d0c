import ArgumentParser
import ResoniteGRPC
import ResoniteTestServer

/// `--fail-rpc METHOD=CODE[:MESSAGE]`: one RPC that fails with a chosen status. METHOD is a path
/// (`/resonite_io.v1.Display/Get`) or `Service/Method` in `resonite_io.v1` (`Display/Get`).
struct RPCFailureArgument: ExpressibleByArgument {
  /// The RPC path.
  let path: String
  /// The status it answers.
  let failure: CallFailure

  init?(argument: String) {
    guard let equals = argument.firstIndex(of: "=") else { return nil }
    let method = String(argument[..<equals])
    let rest = argument[argument.index(after: equals)...]
    let codeText = rest.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
    guard let code = StatusCodeArgument(argument: codeText)?.code, code != .ok,
      method.split(separator: "/").count == 2
    else { return nil }
    let message =
      rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first
      .map(String.init) ?? "failing \(method) (resoio-test-server --fail-rpc)"
    path = method.hasPrefix("/") ? method : "/resonite_io.v1.\(method)"
    failure = CallFailure(code: code, message: message)
  }
}
