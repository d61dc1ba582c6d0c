import ArgumentParser
import Foundation

/// argparse's `allow_abbrev`: a unique prefix of a long option stands for it (`--mess hi` is
/// `--message hi`, `--look=45` is `--look-rate=45`), so scripts written for the reference run
/// unchanged. ArgumentParser has no such thing; this pass expands the prefixes before it parses.
///
/// The argv is walked as argparse walks it: each subcommand name moves to that command's
/// options, and a prefix expands only among the long options of the command it was given to,
/// when exactly one starts with it (an exact name is never expanded). A prefix that several
/// options start with is argparse's usage error (`ambiguous option: --s could match --search,
/// --sort`, exit 2); one that none starts with is left for ArgumentParser to report. Nothing
/// after `--` is touched.
///
/// The option names come from ArgumentParser itself: the command tree's dumped help (the JSON of
/// `--experimental-dump-help`). `main` runs this pass only when the command line as given does
/// not parse (an exact command line never pays for the dump).
enum LongOptionPrefixes {
  /// What the pass made of the arguments.
  enum Outcome: Equatable {
    case arguments([String])
    /// `option` (as given) matches several long options of the command at `path`.
    case ambiguous(option: String, matches: [String], path: [String])
  }

  /// `arguments` (without the executable) with unique long-option prefixes expanded, for the
  /// command tree of `root`.
  static func expand(_ arguments: [String], root: any ParsableCommand.Type) -> Outcome {
    guard arguments.contains(where: { $0.hasPrefix("--") && $0 != "--" }),
      let tool = try? JSONDecoder().decode(Tool.self, from: Data(root._dumpHelp().utf8))
    else { return .arguments(arguments) }
    return expand(arguments, tree: tool.command)
  }

  /// The walk, over a decoded command tree.
  static func expand(_ arguments: [String], tree: CommandInfo) -> Outcome {
    var command = tree
    var path = [tree.commandName]
    var result: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" {
        result += arguments[(index - 1)...]
        break
      }
      if argument.hasPrefix("--") {
        let (name, value) = split(argument)
        let longs = command.longOptions
        var resolved = name
        if longs[name] == nil {
          let matches = longs.keys.filter { $0.hasPrefix(name) }.sorted()
          if matches.count > 1 { return .ambiguous(option: name, matches: matches, path: path) }
          if let match = matches.first { resolved = match }
        }
        result.append(value.map { resolved + "=" + $0 } ?? resolved)
        // An option's value is never an option name: pass it over unchanged.
        if value == nil, longs[resolved] == true, index < arguments.count, !arguments[index].hasPrefix("--") {
          result.append(arguments[index])
          index += 1
        }
        continue
      }
      result.append(argument)
      if argument.hasPrefix("-"), argument.count == 2 {
        if command.shortOptionsWithValues.contains(String(argument.dropFirst())), index < arguments.count {
          result.append(arguments[index])
          index += 1
        }
        continue
      }
      if !argument.hasPrefix("-"),
        let sub = command.subcommands?.first(where: {
          $0.commandName == argument || $0.aliases?.contains(argument) == true
        })
      {
        command = sub
        path.append(sub.commandName)
      }
    }
    return .arguments(result)
  }

  /// `--name=value` as (`--name`, `value`); `--name` as (`--name`, nil).
  private static func split(_ argument: String) -> (String, String?) {
    guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }

  // MARK: The dumped help (ArgumentParser's ToolInfoV0), only what the walk needs

  struct Tool: Decodable {
    var command: CommandInfo
  }

  struct CommandInfo: Decodable {
    var commandName: String
    var aliases: [String]?
    var subcommands: [CommandInfo]?
    var arguments: [ArgumentInfo]?

    /// `--name` of each long option, and whether it takes a value.
    var longOptions: [String: Bool] {
      var names: [String: Bool] = [:]
      for argument in arguments ?? [] {
        for name in argument.names ?? [] where name.kind == "long" {
          names["--" + name.name] = argument.kind == "option"
        }
      }
      return names
    }

    /// The letters of the short options that take a value.
    var shortOptionsWithValues: Set<String> {
      Set(
        (arguments ?? []).filter { $0.kind == "option" }.flatMap {
          ($0.names ?? []).filter { $0.kind == "short" }.map(\.name)
        })
    }
  }

  struct ArgumentInfo: Decodable {
    var kind: String
    var names: [NameInfo]?
  }

  struct NameInfo: Decodable {
    var kind: String
    var name: String
  }
}
