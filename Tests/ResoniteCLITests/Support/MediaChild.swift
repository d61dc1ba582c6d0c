import Foundation

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
    let process = Process()
    process.executableURL = try BuiltProducts.executable("resoio")
    process.arguments = arguments
    process.environment = ChildProcess.environment(home: home, [:])
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? path)
    process.standardInput = stdin == nil ? FileHandle.nullDevice : FileHandle(forReadingAtPath: inPath)
    let pipe = Pipe()
    let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    process.standardOutput = closedStdout ? pipe : outHandle
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    if closedStdout { try pipe.fileHandleForReading.close() }
    let (exits, exitContinuation) = AsyncStream.makeStream(of: Int32.self)
    process.terminationHandler = { finished in
      exitContinuation.yield(finished.terminationStatus)
      exitContinuation.finish()
    }
    let start = ContinuousClock.now
    try process.run()
    let pid = process.processIdentifier
    let watchdog = Task.detached {
      try await Task.sleep(for: timeout)
      kill(pid, SIGKILL)
    }
    var status: Int32 = -1
    for await exitStatus in exits { status = exitStatus }
    watchdog.cancel()
    let elapsed = ContinuousClock.now - start
    let stdout = [UInt8](try Data(contentsOf: URL(fileURLWithPath: outPath)))
    let stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
    return MediaOutcome(status: status, stdout: stdout, stderr: stderr, elapsed: elapsed)
  }
}
