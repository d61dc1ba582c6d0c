import Foundation
import ResoniteTestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a `resoio` run with binary output left behind: stdout as bytes (a PNG, say).
struct MediaOutcome: CustomStringConvertible {
  var status: Int32
  var stdout: [UInt8]
  var stderr: String
  var elapsed: Duration

  /// stdout as text.
  var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  /// stdout's lines, without the empty piece after the last newline.
  var stdoutLines: [String] {
    var lines = stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  var description: String {
    "exit \(status) after \(elapsed)\n--- stdout (\(stdout.count) bytes) ---\n"
      + (stdout.count < 2000 ? stdoutText : "(binary)") + "\n--- stderr ---\n\(stderr)"
  }
}

extension Scratch {
  /// Runs the built `resoio` in `directory` (the scratch directory when nil) with `stdin` as its
  /// stdin (nil: /dev/null), stdout and stderr captured in files. With `closedStdout` stdout
  /// is instead a pipe whose read end is already closed, so every write fails with EPIPE.
  func resoioMedia(
    _ arguments: [String], stdin: [UInt8]? = nil, directory: String? = nil, closedStdout: Bool = false,
    timeout: Duration = .seconds(60)
  ) async throws -> MediaOutcome {
    let id = UUID().uuidString
    let outPath = path + "/media-stdout-\(id)"
    let errPath = path + "/media-stderr-\(id)"
    let inPath = path + "/media-stdin-\(id)"
    guard FileManager.default.createFile(atPath: outPath, contents: nil),
      FileManager.default.createFile(atPath: errPath, contents: nil),
      FileManager.default.createFile(atPath: inPath, contents: Data(stdin ?? []))
    else { throw POSIXError(.EIO) }
    // A pipe whose read end is closed at once: every write to it fails with EPIPE.
    var pipeEnds: [Int32] = [-1, -1]
    if closedStdout {
      guard pipe(&pipeEnds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      Glibc.close(pipeEnds[0])
    }
    defer { if closedStdout { Glibc.close(pipeEnds[1]) } }
    let start = ContinuousClock.now
    let process = try await SpawnedProcess.spawn(
      executable: try BuiltProducts.executable("resoio").path, arguments: arguments,
      environment: ChildProcess.environment(home: home, [:]), stdin: stdin == nil ? .null : .file(inPath),
      stdout: closedStdout ? .descriptor(pipeEnds[1]) : .file(outPath), stderr: .file(errPath),
      directory: directory ?? path)
    let watchdog = Task.detached {
      try await Task.sleep(for: timeout)
      process.kill(SIGKILL)
    }
    let status = await process.exit()
    watchdog.cancel()
    let elapsed = ContinuousClock.now - start
    let stdout = [UInt8](try Data(contentsOf: URL(fileURLWithPath: outPath)))
    let stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
    return MediaOutcome(status: status, stdout: stdout, stderr: stderr, elapsed: elapsed)
  }
}
