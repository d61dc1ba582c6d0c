// The command-line options every example shares: where the mod is, how long to wait for it,
// and the switches that run the example against the bundled test server instead.
public import ArgumentParser

/// Where an example finds the mod: `-s/--socket`, `--wait`, `--demo` and `--demo-if-absent`.
///
/// Include it in an example's command with `@OptionGroup var mod: ModOptions`, then call
/// ``withReadyMod(example:demo:_:)``.
public struct ModOptions: ParsableArguments {
  /// The socket path; when nil it is resolved the way the mod binds it.
  @Option(name: .shortAndLong, help: "The socket path; resolved from the environment when not given.")
  public var socket: String?

  /// Seconds to wait for the mod to answer Ping.
  @Option(help: "Seconds to wait for the mod to be ready.")
  public var wait: Double = 5

  /// Run against the bundled test server, started on a temporary socket.
  @Flag(
    help:
      "Start the bundled test server (a stand-in for the mod) on a temporary socket and use that: no Resonite needed.")
  public var demo = false

  /// Run against the running mod if there is one, else as with `--demo`.
  @Flag(help: "Use the running mod if there is one; otherwise behave like --demo.")
  public var demoIfAbsent = false

  /// Options with their defaults.
  public init() {}

  /// Rejects a negative or non-finite `--wait`.
  public func validate() throws {
    if !(wait >= 0) || !wait.isFinite { throw ValidationError("--wait must be a number of seconds, 0 or more") }
  }
}
