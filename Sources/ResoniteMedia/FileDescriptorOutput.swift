import Foundation

/// Whole writes to a file descriptor, retrying short writes and EINTR.
public enum FileDescriptorOutput {
  /// A write that failed: the errno it failed with.
  public struct WriteError: Error, Sendable {
    /// The errno of the failed `write(2)`.
    public var errno: Int32
    /// The reader of a pipe closed it (EPIPE; SIGPIPE must be ignored to see it).
    public var isBrokenPipe: Bool { errno == EPIPE }
  }

  /// Writes all of `bytes` to `descriptor`.
  /// - Throws: ``WriteError`` with the errno of the first write that failed.
  public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws(WriteError) {
    var offset = 0
    while offset < bytes.count {
      let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if count < 0 {
        if errno == EINTR { continue }
        throw WriteError(errno: errno)
      }
      offset += count
    }
  }

  /// Writes all of `bytes` to `descriptor`.
  public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(WriteError) {
    let result: Result<Void, WriteError> = bytes.withUnsafeBytes { raw in
      do throws(WriteError) {
        try writeAll(raw, to: descriptor)
        return .success(())
      } catch {
        return .failure(error)
      }
    }
    try result.get()
  }
}
