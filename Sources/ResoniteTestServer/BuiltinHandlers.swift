import ResoniteGRPC
import ResoniteIO
import SwiftProtobuf

/// The methods the test server implements like the mod does.
enum BuiltinHandlers {
  /// The built-in handler for `path`, if there is one.
  static func handler(for path: String, configuration: TestServer.Configuration) -> UnaryHandler? {
    switch path {
    case TestServer.Path.ping:
      return ping
    case TestServer.Path.getServerInfo:
      if configuration.serverInfoUnimplemented { return oldModInfo }
      let answer = serverInfoResponse(configuration.serverInfo)
      return { _ in answer }
    case TestServer.Path.echo:
      return { request in .response(request.message) }
    default:
      return nil
    }
  }

  /// The built-in streaming handler for `path`, if there is one.
  static func streamingHandler(for path: String, configuration: TestServer.Configuration) -> StreamingHandlerFactory? {
    switch path {
    case TestServer.Path.echoServerStream:
      return { EchoServerStreamHandler() }
    case TestServer.Path.echoClientStream:
      return { EchoClientStreamHandler() }
    case TestServer.Path.echoBidiStream:
      return { EchoBidiStreamHandler() }
    default:
      return configuration.mod.streamingHandler(for: path, configuration: configuration)
    }
  }

  /// Connection.Ping: the same message and `server_unix_nanos` = the wall clock now.
  static let ping: UnaryHandler = { request in
    let ping: ResoniteIo_V1_PingRequest
    do {
      ping = try ResoniteIo_V1_PingRequest(serializedBytes: request.message)
    } catch {
      return .status(.internalError, "could not decode resonite_io.v1.PingRequest: \(error)")
    }
    var response = ResoniteIo_V1_PingResponse()
    response.message = ping.message
    response.serverUnixNanos = LoopClock.unixNanos()
    return serialized(response)
  }

  /// Info.GetServerInfo of a mod that predates the Info service (what ASP.NET Core answers).
  static let oldModInfo: UnaryHandler = { _ in .status(.unimplemented, "Service is unimplemented.") }

  /// The GetServerInfo answer for `info`, serialized once.
  static func serverInfoResponse(_ info: ServerInfo) -> UnaryResult {
    var message = ResoniteIo_V1_ServerInfo()
    message.modVersion = info.modVersion
    message.engineVersion = info.engineVersion
    message.platform = protoPlatform(info.platform)
    message.isWine = info.isWine
    message.resonitePid = info.resonitePID
    message.rendererPid = info.rendererPID
    return serialized(message)
  }

  static func protoPlatform(_ platform: ServerPlatform) -> ResoniteIo_V1_ServerPlatform {
    switch platform {
    case .unspecified: .unspecified
    case .windows: .windows
    case .osx: .osx
    case .linux: .linux
    case .android: .android
    case .other: .other
    case .unrecognized(let value): .UNRECOGNIZED(value)
    }
  }

  private static func serialized(_ message: some SwiftProtobuf.Message) -> UnaryResult {
    do {
      let bytes: [UInt8] = try message.serializedBytes()
      return .response(bytes)
    } catch {
      return .status(.internalError, "could not encode \(type(of: message)): \(error)")
    }
  }
}
