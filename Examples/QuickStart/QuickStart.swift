import Foundation
import ResoniteIO

@main
struct QuickStart {
  static func main() async {
    do {
      // Wait until the mod answers (it says FAILED_PRECONDITION while the engine boots).
      let socket = try await waitForReady(timeout: .seconds(10))
      // One connection for every service; withConnection always closes it.
      try await ResoniteClient.withConnection(socketPath: socket) { mod in
        let reply = try await mod.ping("hello", options: CallOptions(timeout: .seconds(5)))
        print("echo: \(reply.message), server time: \(reply.serverTime)")
        let info = try await mod.getServerInfo()
        print("mod \(info.modVersion) on \(info.platform)")
      }
    } catch let error as TimeoutError {
      // No mod running (or still starting): the last attempt's error says which.
      fail("Resonite IO is not ready: \(error)")
    } catch let error as RPCError {
      // The mod answered with an error status, or the connection broke.
      fail("the call failed: \(error.code): \(error.message)")
    } catch {
      fail("error: \(error)")
    }
  }

  static func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
  }
}
