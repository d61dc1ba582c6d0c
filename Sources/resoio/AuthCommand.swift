import ArgumentParser
import Foundation
import ResoniteGRPC
import ResoniteIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `resoio auth login|logout|status`: Resonite cloud sign-in (the Auth service).
struct AuthCommand: SubcommandRequired {
  static let configuration = CommandConfiguration(
    commandName: "auth",
    abstract: "Log in / out of Resonite cloud and read the auth status.",
    discussion: """
      'login' signs in with a credential and a password (the password comes from
      RESONITE_IO_PASSWORD, piped stdin or a hidden prompt, never from a flag);
      'logout' ends the session; 'status' reads it. Each prints
        Logged in as NAME (ID)
        Session expires at YYYY-MM-DD HH:MM:SS UTC
      or 'Not logged in'; with --format json one object {"logged_in",
      "user_id", "user_name", "session_expires_unix_nanos",
      "session_expires_iso"} (the ISO date null when there is no expiry).
      Nothing is stored on disk: persistence is the engine's (--no-remember).
      """,
    subcommands: [AuthLogin.self, AuthLogout.self, AuthStatusCommand.self])

  /// An auth leaf that calls the mod once, as the service commands do, and prints the status.
  protocol Leaf: LeafCommand where Answer == AuthStatus {
    var options: Options { get }
  }

  /// The options every auth leaf takes.
  struct Options: ParsableArguments {
    @OptionGroup var socketOptions: SocketOptions

    @Option(help: "Output format: human (lines) or json (one object).")
    var format: OutputFormat = .human
  }

  /// The expiry as the reference derives it (whole microseconds since the epoch, UTC): Python's
  /// `datetime.isoformat()` and `%Y-%m-%d %H:%M:%S`. nil for 0 or less.
  static func expiry(_ nanos: Int64) -> (iso: String, human: String)? {
    guard nanos > 0 else { return nil }
    let micros = nanos / 1_000
    var seconds = time_t(micros / 1_000_000)
    let fraction = Int(micros % 1_000_000)
    var parts = tm()
    guard gmtime_r(&seconds, &parts) != nil else { return nil }
    func pad(_ value: Int32, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    let date = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
    let time = "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
    let micro = fraction == 0 ? "" : "." + pad(Int32(fraction), 6)
    return (date + "T" + time + micro + "+00:00", date + " " + time)
  }

  static let leafDiscussion = """
    Connecting and the call each give up after 10 seconds (a login after 60); a
    failure is one or two lines on stderr naming the gRPC status and the mod's
    message (exit 1).


    """ + socketResolutionHelp
}

extension AuthCommand.Leaf {
  var commandWords: String { "auth " + Self._commandName }
  var socketOptions: SocketOptions { options.socketOptions }
  var format: OutputFormat { options.format }
  static var connection: LeafConnection { .serviceCall }
}

extension AuthStatus: PrintedAnswer {
  func emit(as format: OutputFormat) {
    let expires = AuthCommand.expiry(sessionExpiresUnixNanos)
    switch format {
    case .json:
      Console.out(
        JSONValue.object([
          ("logged_in", .bool(loggedIn)),
          ("user_id", .string(userID)),
          ("user_name", .string(userName)),
          ("session_expires_unix_nanos", .integer(sessionExpiresUnixNanos)),
          ("session_expires_iso", expires.map { .string($0.iso) } ?? .null),
        ]).text)
    case .human:
      guard loggedIn else {
        Console.out("Not logged in")
        return
      }
      Console.out("Logged in as \(userName) (\(userID))")
      if let expires { Console.out("Session expires at \(expires.human) UTC") }
    }
  }
}

/// `resoio auth login [CREDENTIAL]`.
struct AuthLogin: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "login",
    abstract: "Sign in to Resonite cloud.",
    discussion: """
      CREDENTIAL is a user name, an email or a user id (U-...). Without it, it
      is prompted for (visibly, on stderr) when stdin is a terminal; with
      neither, exit 2.
      The password is never a flag. It is, in order:
        1. RESONITE_IO_PASSWORD, when set and not empty;
        2. else one line of stdin when stdin is not a terminal (the trailing
           newline removed): echo "$pw" | resoio auth login NAME;
        3. else a hidden prompt on the terminal.
      For an account with two-factor authentication pass --totp CODE. Without
      it, when the mod answers FAILED_PRECONDITION about a TOTP / two-factor
      code, the code is prompted for once on a terminal and the login retried;
      when stdin is not a terminal: exit 1, "two-factor code required".
      Prompts go to stderr; stdout carries only the result.

      """ + AuthCommand.leafDiscussion)

  /// How long the Login call may take (the mod asks the cloud).
  static let loginTimeout: Duration = .seconds(60)

  @Argument(help: "Username, email, or user id (U-xxx). Prompted for on a terminal if omitted.")
  var credential: String?

  @Option(help: "Two-factor one-time code (for accounts with two-factor authentication).")
  var totp: String?

  @Flag(name: .customLong("no-remember"), help: "Do not ask the engine to persist the session.")
  var noRemember = false

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (lines) or json (one object).")
  var format: OutputFormat = .human

  func run() async throws {
    let stdinIsTerminal = isatty(STDIN_FILENO) == 1
    var credential = credential
    if credential == nil, stdinIsTerminal {
      credential = try await TerminalPrompt.line("Username or Email: ", echo: true)
    }
    guard let credential else {
      throw CommandFailure(
        lines: ["resoio auth login: no credential given and stdin is not a terminal (pass it as an argument)"],
        exitCode: 2)
    }
    let password: String
    if let fromEnvironment = ProcessInfo.processInfo.environment["RESONITE_IO_PASSWORD"], !fromEnvironment.isEmpty {
      password = fromEnvironment
    } else if !stdinIsTerminal {
      password = try await StandardInput.shared.readLine(keepingCarriageReturn: true) ?? ""
    } else {
      guard let typed = try await TerminalPrompt.line("Password: ", echo: false) else {
        throw CommandFailure(lines: ["resoio auth login: no password given (end of input at the prompt)"])
      }
      password = typed
    }
    let remember = !noRemember
    let totp = totp
    let status = try await ServiceCall.run(socketOptions, command: "auth login") { client in
      let options = ServiceCall.options(timeout: Self.loginTimeout)
      do {
        return try await client.auth.login(
          credential: credential, password: password, totp: totp, rememberMe: remember, options: options)
      } catch let error as RPCError where error.isTwoFactorRequired && totp == nil {
        let required = CommandFailure(lines: [
          "resoio auth login: two-factor code required; pass --totp <code>",
          "(the mod said \(error.code.name): \(error.message))",
        ])
        guard isatty(STDIN_FILENO) == 1, let code = try await TerminalPrompt.line("Two-factor code: ", echo: true)
        else {
          throw required
        }
        return try await client.auth.login(
          credential: credential, password: password, totp: code, rememberMe: remember, options: options)
      }
    }
    status.emit(as: format)
  }
}

/// `resoio auth logout`.
struct AuthLogout: AuthCommand.Leaf {
  static let configuration = CommandConfiguration(
    commandName: "logout", abstract: "Log out of the current Resonite cloud session.",
    discussion: AuthCommand.leafDiscussion)

  @OptionGroup var options: AuthCommand.Options

  func call(_ mod: ResoniteClient) async throws -> AuthStatus {
    try await mod.auth.logout(options: ServiceCall.options())
  }
}

/// `resoio auth status`.
struct AuthStatusCommand: AuthCommand.Leaf {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Print the current Resonite cloud authentication status.",
    discussion: AuthCommand.leafDiscussion)

  @OptionGroup var options: AuthCommand.Options

  func call(_ mod: ResoniteClient) async throws -> AuthStatus {
    try await mod.auth.status(options: ServiceCall.options())
  }
}
