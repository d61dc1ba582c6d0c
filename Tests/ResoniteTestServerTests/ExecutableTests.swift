import Foundation
import Testing

/// Runs the built `resoio-test-server` binary as a real process.
@Suite("resoio-test-server executable")
struct ExecutableTests {
  /// The binary next to the test bundle in the build directory.
  static var binary: URL? {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("resoio-test-server")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }

  /// Reads one line from `handle`, or nil after `timeout`.
  static func readLine(_ handle: FileHandle, timeout: Duration) -> String? {
    let deadline = ContinuousClock.now + timeout
    var bytes: [UInt8] = []
    let fd = handle.fileDescriptor
    while ContinuousClock.now < deadline {
      var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&pfd, 1, 50) > 0 else { continue }
      var byte: UInt8 = 0
      guard read(fd, &byte, 1) == 1 else { return nil }
      if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
    return nil
  }

  static func launch(_ arguments: [String], environment: [String: String]? = nil) throws -> (Process, Pipe) {
    let binary = try #require(binary, "resoio-test-server not found next to \(CommandLine.arguments[0]); build the package first")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    return (process, output)
  }

  @Test("prints the socket path once it accepts, serves Ping, and removes the socket on SIGTERM")
  func printsPathAndCleansUp() throws {
    let path = uniqueSocketPath("exe")
    let (process, output) = try Self.launch(["--socket", path, "--listen-delay", "0.2"])
    defer { if process.isRunning { process.terminate() } }
    let line = Self.readLine(output.fileHandleForReading, timeout: .seconds(20))
    #expect(line == path)
    let client = try RawClient(path: path)
    #expect(client.call(path: "/resonite_io.v1.Connection/Ping", message: WireProto.string(1, "p")).grpcStatus == 0)

    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 0)
    #expect(!fileExists(path))
  }

  @Test("binds where the mod would without --socket, and cleans up on SIGINT")
  func defaultPlacement() throws {
    let dir = "/tmp/rts-exe-\(getpid())-\(UUID().uuidString.prefix(6))"
    defer { rmdir(dir) }
    var environment = ProcessInfo.processInfo.environment
    environment["RESONITE_IO_SOCKET"] = ""
    environment["RESONITE_IO_SOCKET_DIR"] = dir
    let (process, output) = try Self.launch(["--fail-first-pings", "1"], environment: environment)
    defer { if process.isRunning { process.terminate() } }
    let line = Self.readLine(output.fileHandleForReading, timeout: .seconds(20))
    #expect(line == "\(dir)/resonite-\(process.processIdentifier).sock")
    let client = try RawClient(path: line ?? "")
    #expect(client.call(path: "/resonite_io.v1.Connection/Ping", message: []).grpcStatus == 9)
    #expect(client.call(path: "/resonite_io.v1.Connection/Ping", message: []).grpcStatus == 0)

    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(!fileExists(line ?? ""))
  }

  @Test("--help explains the stand-in mod and documents the knobs")
  func help() throws {
    let (process, output) = try Self.launch(["--help"])
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(text.contains("without Resonite"))
    for flag in [
      "--socket", "--listen-delay", "--max-receive-message-size", "--max-concurrent-streams", "--fail-first-pings",
      "--fail-all", "--fail-message", "--delay", "--die-mid-call", "--die-after-calls", "--goaway-after-streams",
      "--mod-version", "--old-mod", "--fail-rpc", "--not-ready", "--vr-mode", "--primary-hand", "--not-host",
      "--signed-out", "--cloud-rejects-writes", "--contacts-not-loaded", "--two-factor-code", "--cloud-not-ready",
      "--inventory-cloud-failure", "--world-fails-to-load",
    ] {
      #expect(text.contains(flag), "missing \(flag)")
    }
  }

  @Test("usage errors exit 2, like every executable of the package", arguments: [["--bogus"], ["--fail-rpc", "nonsense"]])
  func usageErrorsExitTwo(arguments: [String]) throws {
    let (process, _) = try Self.launch(arguments)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
  }

  @Test("refuses to take over a socket another live server answers on, and leaves it working")
  func refusesLiveSocket() throws {
    let path = "/tmp/rts-live-\(getpid())-\(UUID().uuidString.prefix(6)).sock"
    let (first, output) = try Self.launch(["--socket", path])
    defer {
      first.terminate()
      first.waitUntilExit()
    }
    #expect(Self.readLine(output.fileHandleForReading, timeout: .seconds(20)) == path)
    let (second, _) = try Self.launch(["--socket", path])
    second.waitUntilExit()
    #expect(second.terminationStatus == 1)
    #expect(FileManager.default.fileExists(atPath: path), "the refused server must not delete the live socket")
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: Array(path.utf8))
    }
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    #expect(connected == 0, "the first server still answers")
  }
}
