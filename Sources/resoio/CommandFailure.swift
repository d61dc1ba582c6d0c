/// A failed subcommand: the lines for stderr and the exit code (1 unless said otherwise).
struct CommandFailure: Error {
  var lines: [String]
  var exitCode: Int32 = 1
}
