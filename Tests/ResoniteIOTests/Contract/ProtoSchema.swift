import Foundation

/// A .proto file reduced to what the wire depends on: comments and layout dropped, spacing
/// normalised, and its top-level declarations (syntax, package, messages, enums, services)
/// sorted, so that two files describing the same schema compare equal whatever their comments
/// or declaration order.
struct ProtoSchema: Equatable, CustomStringConvertible {
  /// The normalised top-level declarations, sorted.
  let declarations: [String]

  init(text: String) {
    var declarations: [String] = []
    var current = ""
    var depth = 0
    for token in Self.tokens(Self.strippingComments(text)) {
      current += current.isEmpty ? token : " " + token
      switch token {
      case "{": depth += 1
      case "}":
        depth -= 1
        if depth == 0 {
          declarations.append(current)
          current = ""
        }
      case ";" where depth == 0:
        declarations.append(current)
        current = ""
      default: break
      }
    }
    if !current.isEmpty { declarations.append(current) }
    self.declarations = declarations.sorted()
  }

  init(contentsOf url: URL) throws {
    self.init(text: try String(contentsOf: url, encoding: .utf8))
  }

  var description: String { declarations.joined(separator: "\n") }

  /// `rpc Name ( [stream] Request ) returns ( [stream] Response )` of every service, as
  /// `/package.Service/Name` with its shape.
  func rpcs(package: String) -> [(path: String, clientStreaming: Bool, serverStreaming: Bool)] {
    var result: [(String, Bool, Bool)] = []
    for declaration in declarations where declaration.hasPrefix("service ") {
      let words = declaration.split(separator: " ").map(String.init)
      let service = words[1]
      var i = 0
      while i < words.count {
        if words[i] == "rpc" {
          let name = words[i + 1]
          let requestStreams = words[i + 3] == "stream"
          guard let returns = words[i...].firstIndex(of: "returns") else { break }
          let responseStreams = words[returns + 2] == "stream"
          result.append(("/\(package).\(service)/\(name)", requestStreams, responseStreams))
          i = returns
        }
        i += 1
      }
    }
    return result.sorted { $0.0 < $1.0 }
  }

  /// The text without `//` and `/* */` comments (string literals in .proto files here hold no
  /// comment markers).
  private static func strippingComments(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let start = rest.firstIndex(of: "/") {
      out += rest[..<start]
      let after = rest.index(after: start)
      if after < rest.endIndex, rest[after] == "/" {
        rest = rest[after...].drop { $0 != "\n" }
      } else if after < rest.endIndex, rest[after] == "*", let end = rest.range(of: "*/", range: after..<rest.endIndex)
      {
        rest = rest[end.upperBound...]
      } else {
        out.append("/")
        rest = rest[after...]
      }
    }
    out += rest
    return out
  }

  /// Words and punctuation, whitespace dropped: `int32 width=1;` → `int32`, `width`, `=`, `1`, `;`.
  private static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var word = ""
    for character in text {
      if character.isWhitespace {
        if !word.isEmpty { tokens.append(word); word = "" }
      } else if "{}();=,<>[]".contains(character) {
        if !word.isEmpty { tokens.append(word); word = "" }
        tokens.append(String(character))
      } else {
        word.append(character)
      }
    }
    if !word.isEmpty { tokens.append(word) }
    return tokens
  }
}
