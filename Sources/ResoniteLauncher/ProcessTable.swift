import Foundation
import PythonCompatibility

/// The host process table, read from Linux's `/proc` the way the reference launcher reads it
/// through psutil.
///
/// - A process is a numeric directory of `/proc` (thread-group leaders; threads are not
///   listed), in ascending PID order (psutil's `process_iter` order).
/// - Its command line is `/proc/<pid>/cmdline` split as psutil splits it: on NUL bytes, or on
///   spaces when the text does not end with a NUL or is one NUL-terminated piece that contains
///   a space (a process that rewrote its title). A zombie, whose cmdline is empty, has none.
/// - Its environment is `/proc/<pid>/environ` (readable for one's own processes only), parsed
///   like psutil: up to the first empty entry, `NAME=value` pairs with a non-empty name.
/// - Its parent, state and start time come from `/proc/<pid>/stat` (fields after the
///   parenthesised command name, which may itself hold spaces and parentheses).
///
/// On a system without `/proc` every listing is empty and every process looks gone.
public struct ProcessTable: Sendable {
  /// The procfs mount, `/proc` unless a test points elsewhere.
  public var root: String

  public init(root: String = "/proc") {
    self.root = root
  }

  /// What `/proc/<pid>/stat` says about a process.
  public struct Status: Sendable, Equatable {
    /// The state letter: `R`, `S`, `D`, `Z` (zombie), `T`, `X`, ...
    public var state: Character
    public var parentPID: Int32
    /// Clock ticks after boot when the process started: with the PID, its identity (a reused
    /// PID has a later start time).
    public var startTime: UInt64

    /// Exited, but not reaped by its parent yet: it runs no more and cannot be signalled away.
    public var isZombie: Bool { state == "Z" || state == "X" || state == "x" }
  }

  /// Every PID, ascending.
  public func pids() -> [Int32] {
    Self.numbers(in: root) ?? []
  }

  /// The IDs of the threads of `pid` (`/proc/<pid>/task`), ascending; nil when there is no such
  /// process.
  public func threadIDs(of pid: Int32) -> [Int32]? {
    Self.numbers(in: "\(root)/\(pid)/task")
  }

  /// The open file descriptors of `pid` (`/proc/<pid>/fd`: one's own processes only), ascending;
  /// nil when there is no such process or they cannot be listed. Listing them opens one more
  /// descriptor, which the list may hold.
  public func fileDescriptors(of pid: Int32) -> [Int32]? {
    Self.numbers(in: "\(root)/\(pid)/fd")
  }

  /// The names in the directory at `path` that are decimal numbers, as numbers, ascending; nil
  /// when it cannot be opened.
  static func numbers(in path: String) -> [Int32]? {
    names(in: path)?.compactMap { name in
      guard !name.isEmpty, name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
      return Int32(name)
    }.sorted()
  }

  /// The names in the directory at `path` (without `.` and `..`), or nil when it cannot be
  /// opened.
  ///
  /// readdir(3) by hand: each name is read where it lies in its record (`d_name`'s offset),
  /// never by copying `struct dirent` or its 256-byte `d_name` out of a record only as long as
  /// the name. That copy (the `pointee.d_name` of swift-corelibs-foundation #5472) reads past
  /// glibc's 32 KiB directory buffer when the last record of a full buffer sits at its end: a
  /// crash that needs only a directory with more than about 1 300 entries, as `/proc` has on a
  /// busy machine.
  static func names(in path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// The status of `pid`, or nil when there is no such process.
  public func status(of pid: Int32) -> Status? {
    guard pid > 0, let bytes = read("\(pid)/stat"),
      let close = bytes.lastIndex(of: UInt8(ascii: ")"))
    else { return nil }
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    // After the name: state (3), ppid (4), ... starttime (22).
    guard fields.count >= 20, let stateByte = fields[0].first,
      let parent = Int32(String(decoding: fields[1], as: UTF8.self)),
      let start = UInt64(String(decoding: fields[19], as: UTF8.self))
    else { return nil }
    return Status(state: Character(Unicode.Scalar(stateByte)), parentPID: parent, startTime: start)
  }

  /// The command line of `pid` (psutil's `cmdline()`), or nil when it is gone, a zombie, or
  /// unreadable. A kernel thread has an empty one.
  public func commandLine(of pid: Int32) -> [String]? {
    guard pid > 0, let bytes = read("\(pid)/cmdline") else { return nil }
    guard !bytes.isEmpty else {
      if let status = status(of: pid), !status.isZombie { return [] }
      return nil
    }
    var text = String(decoding: bytes, as: UTF8.self)
    let separator: Character = text.hasSuffix("\0") ? "\0" : " "
    if text.hasSuffix(String(separator)) { text.removeLast() }
    var arguments = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    if separator == "\0" && arguments.count == 1 && text.contains(" ") {
      arguments = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }
    return arguments
  }

  /// The environment of `pid` (psutil's `environ()`), or nil when it is gone or unreadable.
  public func environment(of pid: Int32) -> [String: String]? {
    guard pid > 0, let bytes = read("\(pid)/environ") else { return nil }
    let text = String(decoding: bytes, as: UTF8.self)
    var variables: [String: String] = [:]
    for entry in text.split(separator: "\0", omittingEmptySubsequences: false) {
      // psutil stops at the first empty entry (and at the unterminated tail).
      guard !entry.isEmpty, entry.endIndex < text.endIndex else { break }
      if let equals = entry.firstIndex(of: "="), equals != entry.startIndex {
        variables[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
      }
    }
    return variables
  }

  /// The reference's `_argv0_realpath`: `os.path.realpath` of the first command-line argument,
  /// or nil when there is none. A relative argv[0] is resolved against this process's working
  /// directory, as the reference resolves it; a Wine-side `Z:\...` argv[0] never matches a Unix
  /// path, which is how Wine's `Resonite.exe` bootstrap stays out.
  public func resolvedArgv0(of pid: Int32) -> String? {
    guard let first = commandLine(of: pid)?.first else { return nil }
    return PythonPath.realpath(first)
  }

  /// The PIDs, ascending, whose resolved argv[0] is `path` (already resolved).
  public func pids(withResolvedArgv0 path: String) -> [Int32] {
    pids().filter { resolvedArgv0(of: $0) == path }
  }

  /// Every descendant of `pid` in psutil's `children(recursive=True)` order (depth first,
  /// children in PID order), skipping any that started before `pid` (a reused PID).
  public func descendants(of pid: Int32) -> [Int32] {
    guard let own = status(of: pid) else { return [] }
    var children: [Int32: [Int32]] = [:]
    var starts: [Int32: UInt64] = [:]
    for candidate in pids() {
      guard let status = status(of: candidate) else { continue }
      children[status.parentPID, default: []].append(candidate)
      starts[candidate] = status.startTime
    }
    var result: [Int32] = []
    var seen: Set<Int32> = []
    var stack = [pid]
    while let next = stack.popLast() {
      guard seen.insert(next).inserted else { continue }
      for child in children[next] ?? [] where (starts[child] ?? 0) >= own.startTime {
        result.append(child)
        stack.append(child)
      }
    }
    return result
  }

  private func read(_ relative: String) -> [UInt8]? {
    guard let handle = FileHandle(forReadingAtPath: root + "/" + relative) else { return nil }
    defer { try? handle.close() }
    do {
      return [UInt8](try handle.readToEnd() ?? Data())
    } catch {
      return nil
    }
  }
}
