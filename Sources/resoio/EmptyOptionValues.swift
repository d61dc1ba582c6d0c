/// argparse reads `--name=` as the option `--name` with an empty value (`--tags=` clears a
/// session's tags); ArgumentParser reports a missing value. Splitting such an argument into
/// `--name` and `""` before parsing reads it as argparse does.
enum EmptyOptionValues {
  /// `arguments` (without the executable) with each `--long-name=` before a `--` split in two.
  static func split(_ arguments: [String]) -> [String] {
    var result: [String] = []
    var passthrough = false
    for argument in arguments {
      if passthrough {
        result.append(argument)
        continue
      }
      if argument == "--" { passthrough = true }
      if argument.count > 3, argument.hasPrefix("--"), argument.hasSuffix("="),
        argument.dropFirst(2).dropLast().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
      {
        result.append(String(argument.dropLast()))
        result.append("")
      } else {
        result.append(argument)
      }
    }
    return result
  }
}
