import ArgumentParser
import Foundation
import ResoniteGRPC

/// A gRPC status code on the command line: a name (`FAILED_PRECONDITION`, `unavailable`) or a
/// number (`14`).
struct StatusCodeArgument: ExpressibleByArgument {
  /// The parsed code.
  let code: StatusCode

  init?(argument: String) {
    if let number = Int(argument), let code = StatusCode(rawValue: number) {
      self.code = code
      return
    }
    let name = argument.uppercased().replacingOccurrences(of: "-", with: "_")
    guard
      let code = StatusCode.allCases.first(where: {
        $0.name == name || ($0 == .internalError && name == "INTERNAL_ERROR")
      })
    else { return nil }
    self.code = code
  }

  static var allValueStrings: [String] { StatusCode.allCases.filter { $0 != .ok }.map(\.name) }
}
