import ArgumentParser
import ResoniteGRPC
import ResoniteIO

/// `resoio info`: what the mod says about itself (Info.GetServerInfo).
struct Info: AsyncParsableCommand {
  /// How long the call may take; the reference waits forever, a CLI should not.
  static let callTimeout: Duration = .seconds(10)

  static let configuration = CommandConfiguration(
    abstract: "Print server info (mod and engine version, platform, Wine flag, PIDs).",
    discussion: """
      Calls Info.GetServerInfo and prints mod_version, engine_version, platform
      (lower case), is_wine (true/false), resonite_pid and renderer_pid (0 when
      unknown or none): key=value lines, or with --format json one object.
      A mod too old to have the Info service exits 1 and says to update it.
      The call gives up after 10 seconds.


      """ + socketResolutionHelp
  )

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (key=value lines) or json (one object).")
  var format: OutputFormat = .human

  func run() async throws {
    let info: ServerInfo
    do {
      info = try await getServerInfo(socketPath: socketOptions.explicitPath, timeout: Self.callTimeout)
    } catch let error as RPCError where error.code == .unimplemented {
      throw CommandFailure(lines: [
        "resoio info: UNIMPLEMENTED: \(error.message)",
        "the Resonite IO mod is too old to have the Info service: update the mod "
          + "(this client speaks mod \(ResoniteIOContract.modVersion))",
      ])
    } catch let error as RPCError where error.code == .cancelled && Task.isCancelled {
      throw CancellationError()
    } catch {
      throw FailureReport.failure(error, command: "info")
    }
    let fields: [(String, JSONValue)] = [
      ("mod_version", .string(info.modVersion)),
      ("engine_version", .string(info.engineVersion)),
      ("platform", .string(info.platform.description)),
      ("is_wine", .bool(info.isWine)),
      ("resonite_pid", .integer(Int64(info.resonitePID))),
      ("renderer_pid", .integer(Int64(info.rendererPID))),
    ]
    switch format {
    case .human:
      for (key, value) in fields {
        Console.out("\(key)=\(value.plainText)")
      }
    case .json:
      Console.out(JSONValue.object(fields).text)
    }
  }
}
