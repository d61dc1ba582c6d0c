// This file imports ResoniteIO alone (with Foundation and Testing), as an application does:
// every error the API throws must be catchable and inspectable from here, with the layers
// below (ResoniteGRPC's call vocabulary comes re-exported; the transport never shows).
import Foundation
import ResoniteIO
import ResoniteTestSupport
import Testing

@Suite("import ResoniteIO alone catches and inspects every error")
struct OneImportErrorTests {
  @Test("a missing socket: RPCError UNAVAILABLE whose cause is a ConnectionFailure of kind notFound")
  func connectionFailureNotFound() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("resoio-one-import-\(UUID())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let missing = directory + "/none.sock"
    let client = ResoniteClient(socketPath: missing, probeTimeout: .zero)
    do {
      try await client.connect()
      Issue.record("connected to a socket that does not exist")
    } catch let error as RPCError {
      #expect(error.code == .unavailable)
      #expect(error.status == Status(code: .unavailable, message: error.message))
      let failure = try #require(error.cause as? ConnectionFailure, "\(error)")
      #expect(failure.kind == .notFound)
      #expect(failure.path == missing)
      #expect(failure.errno == ENOENT)
      #expect(failure.whileConnecting)
      #expect(!failure.reason.isEmpty)
    }
    await client.close()

    // A directory at the path: nothing can ever answer there.
    let channel = GRPCChannel(socketPath: directory)
    do {
      try channel.connect()
      Issue.record("connected to a directory")
    } catch {
      let failure = try #require(error.cause as? ConnectionFailure, "\(error)")
      #expect(failure.kind == .notASocket, "\(failure)")
      #expect(failure.errno == ENOTSOCK)
    }
    await channel.close()

    // A path longer than a Unix socket address holds.
    let long = directory + "/" + String(repeating: "x", count: 120) + ".sock"
    let error = try #require(await Self.rpcError { _ = try await waitForReady(socketPath: long, timeout: .zero) })
    #expect((error.cause as? ConnectionFailure)?.kind == .pathTooLong, "\(error)")
  }

  @Test("a status the server sent: RPCError with its code, message, Status and trailing metadata")
  func serverStatus() async throws {
    try await withOneImportMod { socketPath in
      try await ResoniteClient.withConnection(socketPath: socketPath) { mod in
        let error = try #require(await Self.rpcError { _ = try await mod.contact.addContact("U-nobody") })
        #expect(error.code == .notFound)
        #expect(error.code.name == "NOT_FOUND")
        #expect(error.message == "no such user")
        #expect(error.status == Status(code: .notFound, message: "no such user"))
        #expect(error.metadata.firstString(forKey: "reason") == "test")
        #expect(error.cause == nil)
      }
    }
  }

  @Test("UnexpectedReplyError, the service argument errors and ResoniteClientError")
  func clientSideErrors() async throws {
    try await withOneImportMod { socketPath in
      let mod = ResoniteClient(socketPath: socketPath, probeTimeout: .zero)
      do {
        _ = try await mod.display.get()
        Issue.record("a call before connect() succeeded")
      } catch let error as ResoniteClientError {
        #expect(error == .notConnected)
      }
      try await mod.connect()
      do {
        _ = try await mod.contact.getContact("U-alice")
        Issue.record("a reply without its contact was accepted")
      } catch let error as UnexpectedReplyError {
        #expect(error.method == "Contact/GetContact")
        #expect(error.problem == "found, but no contact in the reply")
      }
      do {
        _ = try await mod.world.join(sessionID: "S-1", url: "res://x")
        Issue.record("join took both a session id and a URL")
      } catch let error as WorldArgumentError {
        #expect(error == .joinNeedsExactlyOneOfSessionIDOrURL)
      }
      do {
        _ = try await mod.dash.setTab()
        Issue.record("setTab took neither a ref id nor a locale key")
      } catch let error as DashArgumentError {
        #expect(error == .setTabNeedsRefIDOrLocaleKey)
      }
      do {
        _ = try await mod.contextMenu.invoke(Int(Int32.max) + 1)
        Issue.record("an index beyond Int32 was sent")
      } catch let error as ContextMenuIndexError {
        #expect(error.index == Int(Int32.max) + 1)
      }
      do {
        try await mod.display.apply(width: -1)
        Issue.record("a negative width was sent")
      } catch let error as DisplayArgumentError {
        #expect(error.argument == "width")
        #expect(error.value == -1)
      }
      await mod.close()
    }
  }

  @Test("waitForReady: TimeoutError whose last error is an RPCError with a ConnectionFailure")
  func timeout() async throws {
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent("resoio-one-import-\(UUID()).sock").path
    do {
      _ = try await waitForReady(socketPath: missing, timeout: .milliseconds(150), interval: .milliseconds(50))
      Issue.record("waited successfully for a socket that does not exist")
    } catch let error as TimeoutError {
      #expect(error.attempts >= 1)
      #expect(error.timeout == .milliseconds(150))
      let last = try #require(error.lastError as? RPCError, "\(error)")
      #expect((last.cause as? ConnectionFailure)?.kind == .notFound)
    }
  }

  /// Runs `body`, which must throw an `RPCError`, and returns it.
  private static func rpcError(_ body: () async throws -> Void) async -> RPCError? {
    do {
      try await body()
      Issue.record("succeeded, but an RPCError was expected")
      return nil
    } catch let error as RPCError {
      return error
    } catch {
      Issue.record("expected an RPCError, got \(type(of: error)): \(error)")
      return nil
    }
  }
}
