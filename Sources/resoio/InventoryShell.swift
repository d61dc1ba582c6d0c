import Foundation
import PythonCompatibility
import ResoniteGRPC
import ResoniteIO

/// The inventory REPL's commands, terminal-agnostic: a client-side working directory, relative
/// paths resolved with POSIX normalisation, one Inventory call per command (`cd` checks its
/// target with List), errors as `cmd: STATUS: message` on stderr. The reference's
/// `InventoryShell`.
final class InventoryShell {
  static let defaultDirectory = "/Inventory"

  static let commands = ["ls", "cd", "pwd", "mkdir", "cp", "mv", "rm", "spawn", "thumb", "help", "exit", "quit"]
  private static let pathCommands: Set<String> = ["ls", "cd", "mkdir", "cp", "mv", "rm", "spawn", "thumb"]
  private static let recursiveCommands: Set<String> = ["cp", "rm"]

  static let help = """
    commands:
      ls [path]            list a directory (default: cwd)
      cd [path]            change directory (validated server-side)
      pwd                  print the current directory
      mkdir <path>         create a folder
      cp [-r] <src> <dst>  copy (use -r for folders)
      mv <src> <dst>       move/rename (folders move recursively)
      rm [-r] <path>       remove (use -r for folders)
      spawn <path>         spawn an item into the current world
      thumb <path> [-o f]  save an item's thumbnail image (default ./<name>.<ext>)
      help                 show this help
      exit | quit          leave the shell
    """

  /// What ``execute(_:)`` tells the loop.
  enum Outcome: Equatable {
    /// Read the next command.
    case proceed
    /// `exit` or `quit`: end with status 0.
    case exit
    /// The connection to the mod is gone: end with status 1 (the message is printed).
    case connectionLost
  }

  private let inventory: InventoryClient
  private(set) var cwd: String
  private let out: (String) -> Void
  private let err: (String) -> Void

  init(
    inventory: InventoryClient, cwd: String = InventoryShell.defaultDirectory,
    out: @escaping (String) -> Void = Console.out, err: @escaping (String) -> Void = Console.error
  ) {
    self.inventory = inventory
    self.cwd = cwd
    self.out = out
    self.err = err
  }

  /// `arg` resolved against the working directory, as the reference's `_resolve`.
  func resolve(_ arg: String) -> String {
    let base = arg.hasPrefix("/") ? arg : PythonPath.join(cwd, arg)
    let normalized = PythonPath.normalize(base)
    return normalized.isEmpty ? "/" : normalized
  }

  /// Runs one command line.
  func execute(_ line: String) async -> Outcome {
    let words: [String]
    do {
      words = try Shlex.split(line)
    } catch {
      err("parse error: \(error)")
      return .proceed
    }
    guard let command = words.first else { return .proceed }
    let rest = Array(words.dropFirst())
    if command == "exit" || command == "quit" { return .exit }
    guard Self.commands.contains(command) else {
      err("unknown command: \(command) (try 'help')")
      return .proceed
    }
    do {
      try await dispatch(command, rest)
    } catch is MissingOperand {
      err("\(command): missing operand")
    } catch let failure as ShellFailure {
      err("\(command): \(failure.message)")
    } catch let rpc as RPCError {
      err("\(command): \(rpc.code.name): \(rpc.message)")
      if rpc.cause is ConnectionFailure {
        err("the connection to the mod is gone; leaving the shell")
        return .connectionLost
      }
    } catch {
      err("\(command): \(FailureReport.describe(error))")
    }
    return .proceed
  }

  private struct MissingOperand: Error {}
  private struct ShellFailure: Error { var message: String }

  private func operand(_ words: [String], _ index: Int) throws -> String {
    guard index < words.count else { throw MissingOperand() }
    return words[index]
  }

  /// `-r` / `-R` anywhere, and the other words.
  private func splitFlags(_ words: [String]) -> (recursive: Bool, operands: [String]) {
    (words.contains { $0 == "-r" || $0 == "-R" }, words.filter { $0 != "-r" && $0 != "-R" })
  }

  private func dispatch(_ command: String, _ rest: [String]) async throws {
    switch command {
    case "help":
      out(Self.help)
    case "pwd":
      out(cwd)
    case "ls":
      let listing = try await inventory.list(rest.first.map(resolve) ?? cwd)
      for entry in Self.sortedByName(listing.entries) {
        out(entry.name + (entry.kind == .directory ? "/" : ""))
      }
    case "cd":
      let target = rest.first.map(resolve) ?? Self.defaultDirectory
      _ = try await inventory.list(target)
      cwd = target
    case "mkdir":
      _ = try await inventory.mkdir(resolve(try operand(rest, 0)))
    case "cp":
      let (recursive, operands) = splitFlags(rest)
      let source = resolve(try operand(operands, 0))
      let destination = resolve(try operand(operands, 1))
      _ = try await inventory.copy(source, to: destination, recursive: recursive)
    case "mv":
      let source = resolve(try operand(rest, 0))
      let destination = resolve(try operand(rest, 1))
      _ = try await inventory.move(source, to: destination)
    case "rm":
      let (recursive, operands) = splitFlags(rest)
      _ = try await inventory.remove(resolve(try operand(operands, 0)), recursive: recursive)
    case "spawn":
      let result = try await inventory.spawn(resolve(try operand(rest, 0)))
      out("spawned \(result.spawnedSlotName) (\(result.spawnedSlotID)) from \(result.sourcePath)")
    case "thumb":
      try await thumb(rest)
    default:
      break
    }
  }

  private func thumb(_ rest: [String]) async throws {
    var output: String?
    var positionals: [String] = []
    var index = 0
    while index < rest.count {
      let word = rest[index]
      if word == "-o" || word == "--output" {
        guard index + 1 < rest.count else {
          err("thumb: -o/--output requires a file path")
          return
        }
        output = rest[index + 1]
        index += 2
        continue
      }
      positionals.append(word)
      index += 1
    }
    let target = resolve(try operand(positionals, 0))
    let thumbnail = try await inventory.fetchThumbnail(target)
    let destination = output ?? PythonPath.basename(target) + Self.fileExtension(thumbnail.contentType)
    do {
      try OutputFile.write(thumbnail.data, to: destination, command: "inventory thumb")
    } catch {
      throw ShellFailure(message: "cannot write \(destination): \(String(cString: strerror(errno)))")
    }
    out("saved \(thumbnail.data.count) bytes (\(thumbnail.contentType)) -> \(destination)")
  }

  static func fileExtension(_ contentType: String) -> String {
    switch contentType {
    case "image/webp": ".webp"
    case "image/png": ".png"
    case "image/jpeg": ".jpg"
    default: ".bin"
    }
  }

  /// Entries by name in code-point order, as Python's `sorted(key=name)` (stable).
  static func sortedByName(_ entries: [InventoryEntry]) -> [InventoryEntry] {
    entries.enumerated().sorted { a, b in
      if a.element.name == b.element.name { return a.offset < b.offset }
      return a.element.name.unicodeScalars.lexicographicallyPrecedes(b.element.name.unicodeScalars)
    }.map(\.element)
  }

  // MARK: Completion

  /// Completions for the text before the cursor, as `(replacement, characters it replaces)`:
  /// command names for the first word, `-r` for `cp` and `rm`, and entry names (folders with a
  /// trailing `/`; only folders for `cd`) from a live List of the directory being typed. A
  /// failed List gives none.
  func complete(_ textBeforeCursor: String) async -> [(text: String, replacing: Int)] {
    let lastSpace = textBeforeCursor.lastIndex(of: " ")
    let current = lastSpace.map { String(textBeforeCursor[textBeforeCursor.index(after: $0)...]) } ?? textBeforeCursor
    let head = lastSpace.map { String(textBeforeCursor[..<$0]) } ?? ""
    let prior = head.split(whereSeparator: \.isWhitespace).map(String.init)
    let currentLength = current.unicodeScalars.count
    guard let command = prior.first else {
      return Self.commands.filter { $0.hasPrefix(current) }.map { ($0, currentLength) }
    }
    if Self.recursiveCommands.contains(command) && current.hasPrefix("-") {
      return ["-r"].filter { $0.hasPrefix(current) }.map { ($0, currentLength) }
    }
    guard Self.pathCommands.contains(command), !current.hasPrefix("-") else { return [] }

    let fragment: String
    let directory: String
    if let slash = current.lastIndex(of: "/") {
      let part = String(current[..<slash])
      fragment = String(current[current.index(after: slash)...])
      directory = resolve(part.isEmpty ? "/" : part)
    } else {
      fragment = current
      directory = cwd
    }
    guard let listing = try? await inventory.list(directory) else { return [] }
    let fragmentLength = fragment.unicodeScalars.count
    return Self.sortedByName(listing.entries)
      .filter { (command != "cd" || $0.kind == .directory) && $0.name.hasPrefix(fragment) }
      .map { ($0.name + ($0.kind == .directory ? "/" : ""), fragmentLength) }
  }
}

/// Python's `shlex.split` (POSIX mode, no comments): words split on whitespace, with `'…'`,
/// `"…"` (where a backslash escapes `\` and `"` only) and backslash escapes.
enum Shlex {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func split(_ line: String) throws(Failure) -> [String] {
    var words: [String] = []
    var word = String.UnicodeScalarView()
    var inWord = false
    var quote: Unicode.Scalar?
    var scalars = line.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      if let open = quote {
        if scalar == open {
          quote = nil
        } else if open == "\"" && scalar == "\\" {
          guard let next = scalars.next() else { throw Failure(description: "No escaped character") }
          if next != "\\" && next != "\"" { word.append("\\") }
          word.append(next)
        } else {
          word.append(scalar)
        }
        continue
      }
      switch scalar {
      case " ", "\t", "\n", "\r":
        if inWord {
          words.append(String(word))
          word = String.UnicodeScalarView()
          inWord = false
        }
      case "'", "\"":
        quote = scalar
        inWord = true
      case "\\":
        guard let next = scalars.next() else { throw Failure(description: "No escaped character") }
        word.append(next)
        inWord = true
      default:
        word.append(scalar)
        inWord = true
      }
    }
    if quote != nil { throw Failure(description: "No closing quotation") }
    if inWord { words.append(String(word)) }
    return words
  }
}
