import ResoniteMedia

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Binary output on stdout (`screenshot -o -`, `record` to stdout).
enum StandardOutput {
  /// Writes all of `bytes` to stdout. A closed pipe (EPIPE; SIGPIPE must be ignored) ends the
  /// write quietly and returns false, the clean end of `resoio record -o - | head -c N`, as
  /// the reference swallows `BrokenPipeError`; any other failure is one line naming `command`.
  @discardableResult
  static func write(_ bytes: UnsafeRawBufferPointer, command: String) throws -> Bool {
    do throws(FileDescriptorOutput.WriteError) {
      try FileDescriptorOutput.writeAll(bytes, to: STDOUT_FILENO)
      return true
    } catch {
      if error.isBrokenPipe { return false }
      throw CommandFailure(lines: [
        "resoio \(command): cannot write to stdout: \(String(cString: strerror(error.errno)))"
      ])
    }
  }

  /// The same for an array.
  @discardableResult
  static func write(_ bytes: [UInt8], command: String) throws -> Bool {
    try bytes.withUnsafeBytes { try write($0, command: command) }
  }
}
