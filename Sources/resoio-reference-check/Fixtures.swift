import Foundation

/// What reference_server.py serves, read from the fixture file it writes at start: per unary
/// RPC the request to send and the reply it answers (proto3 JSON, from the reference's
/// betterproto2 messages), and the RPCs that fail on its failing socket.
struct Fixtures {
  /// One failing RPC: the status code, its name and the message the server sends.
  struct Failure {
    let code: Int
    let name: String
    let message: String
  }

  /// The fixture request and reply of each unary RPC, by path.
  var unary: [String: (request: String, reply: String)] = [:]
  /// The RPCs that fail on the failing socket, by path.
  var failing: [String: Failure] = [:]

  /// Reads `path` (lines `unary TAB path TAB request TAB reply` and
  /// `failing TAB path TAB code TAB NAME TAB message`).
  init(contentsOf path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      switch fields.first {
      case "unary" where fields.count == 4:
        unary[fields[1]] = (fields[2], fields[3])
      case "failing" where fields.count == 5:
        failing[fields[1]] = Failure(code: Int(fields[2]) ?? -1, name: fields[3], message: fields[4])
      default:
        throw CheckSetupError("unreadable fixture line: \(line.prefix(80))")
      }
    }
  }
}

/// The check run could not start (bad arguments, unreadable files).
struct CheckSetupError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
