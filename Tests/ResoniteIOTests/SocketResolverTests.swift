import Foundation
import ResoniteIO
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The socket path rules of WIRE.md "Where the socket is", against real directories.
@Suite("Socket resolver")
struct SocketResolverTests {
  /// A home directory that must never be used when a test sets RESONITE_IO_SOCKET_DIR.
  let unusedHome = "/nonexistent-home-for-resoio-tests"

  @Test("RESONITE_IO_SOCKET wins and is not checked for existence")
  func explicitSocketWins() throws {
    try withTemporaryDirectory { directory in
      try directory.touch("resonite-\(getpid()).sock")
      let explicit = "/nowhere/at/all.sock"
      let path = try resolveSocketPath(
        environment: ["RESONITE_IO_SOCKET": explicit, "RESONITE_IO_SOCKET_DIR": directory.path],
        homeDirectory: unusedHome)
      #expect(path == explicit)
    }
  }

  @Test("RESONITE_IO_SOCKET_DIR is searched")
  func socketDirectoryVariableIsSearched() throws {
    try withTemporaryDirectory { directory in
      let socket = try directory.touch("resonite-\(getpid()).sock")
      let path = try resolveSocketPath(
        environment: ["RESONITE_IO_SOCKET_DIR": directory.path], homeDirectory: unusedHome)
      #expect(path == socket)
    }
  }

  @Test("~/.resonite-io under the injected home is searched")
  func homeDirectoryIsSearched() throws {
    try withTemporaryDirectory { home in
      let directory = home.path + "/.resonite-io"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
      let socket = try home.touch(".resonite-io/resonite-\(getpid()).sock")
      let path = try resolveSocketPath(environment: [:], homeDirectory: home.path)
      #expect(path == socket)
      #expect(socketDirectory(environment: [:], homeDirectory: home.path) == directory)
    }
  }

  @Test("HOME from the environment is used when no home directory is injected")
  func homeFromEnvironment() {
    #expect(socketDirectory(environment: ["HOME": "/home/robot"]) == "/home/robot/.resonite-io")
  }

  @Test("The passwd entry is used when neither a home directory nor HOME is given")
  func homeFromPasswd() throws {
    let entry = try #require(getpwuid(getuid()))
    let home = String(cString: entry.pointee.pw_dir)
    #expect(socketDirectory(environment: [:]) == home + "/.resonite-io")
  }

  @Test("Empty variables fall through to the next rule")
  func emptyVariablesFallThrough() throws {
    try withTemporaryDirectory { home in
      try FileManager.default.createDirectory(
        atPath: home.path + "/.resonite-io", withIntermediateDirectories: false)
      let socket = try home.touch(".resonite-io/resonite-\(getpid()).sock")
      let environment = ["RESONITE_IO_SOCKET": "", "RESONITE_IO_SOCKET_DIR": "", "HOME": ""]
      #expect(try resolveSocketPath(environment: environment, homeDirectory: home.path) == socket)
      #expect(
        socketDirectory(environment: ["RESONITE_IO_SOCKET_DIR": "", "HOME": "/h"])
          == "/h/.resonite-io")
    }
  }

  @Test("A socket whose pid has exited is stale and skipped")
  func stalePidIsSkipped() throws {
    let deadPID = try pidOfExitedProcess()
    try withTemporaryDirectory { directory in
      let stale = try directory.touch("resonite-\(deadPID).sock")
      let live = try directory.touch("resonite-\(getpid()).sock")
      let environment = ["RESONITE_IO_SOCKET_DIR": directory.path]
      #expect(try resolveSocketPath(environment: environment, homeDirectory: unusedHome) == live)

      try FileManager.default.removeItem(atPath: live)
      let error = #expect(throws: SocketNotFoundError.self) {
        try resolveSocketPath(environment: environment, homeDirectory: unusedHome)
      }
      #expect(error?.staleSockets == [stale])
      #expect(error?.description.contains(stale) == true)
      #expect(error?.description.contains("1 stale socket") == true)
    }
  }

  @Test("The own process's pid counts as alive")
  func ownPidIsAlive() throws {
    try withTemporaryDirectory { directory in
      let socket = try directory.touch("resonite-\(getpid()).sock")
      let path = try resolveSocketPath(
        environment: ["RESONITE_IO_SOCKET_DIR": directory.path], homeDirectory: unusedHome)
      #expect(path == socket)
    }
  }

  @Test("Pid 1 counts as alive, even when signalling it is not permitted")
  func pidOneIsAlive() throws {
    try withTemporaryDirectory { directory in
      let socket = try directory.touch("resonite-1.sock")
      let path = try resolveSocketPath(
        environment: ["RESONITE_IO_SOCKET_DIR": directory.path], homeDirectory: unusedHome)
      #expect(path == socket)
    }
  }

  @Test("A name without an integer pid is kept")
  func nonIntegerNameIsKept() throws {
    try withTemporaryDirectory { directory in
      let socket = try directory.touch("resonite-main.sock")
      try directory.touch("resonite-1.socket")
      try directory.touch("other-1.sock")
      let path = try resolveSocketPath(
        environment: ["RESONITE_IO_SOCKET_DIR": directory.path], homeDirectory: unusedHome)
      #expect(path == socket)
    }
  }

  @Test("Candidates are listed sorted by name; the ambiguous error names them all")
  func ambiguousListsSortedCandidates() throws {
    try withTemporaryDirectory { directory in
      let names = ["resonite-zeta.sock", "resonite-1.sock", "resonite-\(getpid()).sock"]
      for name in names { try directory.touch(name) }
      let expected = names.sorted().map { directory.path + "/" + $0 }
      let error = #expect(throws: AmbiguousSocketError.self) {
        try resolveSocketPath(
          environment: ["RESONITE_IO_SOCKET_DIR": directory.path], homeDirectory: unusedHome)
      }
      #expect(error?.candidates == expected)
      #expect(error?.searchedPattern == directory.path + "/resonite-*.sock")
      let text = error?.description ?? ""
      #expect(text.contains("RESONITE_IO_SOCKET"))
      for candidate in expected { #expect(text.contains(candidate)) }
    }
  }

  @Test("The not-found error names the pattern and hints the mod may not be running")
  func notFoundErrorText() throws {
    try withTemporaryDirectory { directory in
      let error = #expect(throws: SocketNotFoundError.self) {
        try resolveSocketPath(
          environment: ["RESONITE_IO_SOCKET_DIR": directory.path], homeDirectory: unusedHome)
      }
      let pattern = directory.path + "/resonite-*.sock"
      #expect(error?.searchedPattern == pattern)
      #expect(error?.searchedDirectory == directory.path)
      #expect(error?.staleSockets == [])
      let text = error?.description ?? ""
      #expect(text.contains(pattern))
      #expect(text.contains("mod running"))
      #expect(text.contains("stale"))
    }
  }

  @Test("A missing directory is a not-found error")
  func missingDirectory() {
    #expect(throws: SocketNotFoundError.self) {
      try resolveSocketPath(
        environment: ["RESONITE_IO_SOCKET_DIR": "/nonexistent-resoio-socket-dir"],
        homeDirectory: unusedHome)
    }
  }

  @Test("socketPath(forPID:) ignores RESONITE_IO_SOCKET and needs no file")
  func socketPathForPID() {
    let environment = ["RESONITE_IO_SOCKET": "/explicit.sock", "RESONITE_IO_SOCKET_DIR": "/run/x"]
    #expect(
      socketPath(forPID: 4242, environment: environment, homeDirectory: unusedHome)
        == "/run/x/resonite-4242.sock")
    #expect(
      socketPath(forPID: 7, environment: ["RESONITE_IO_SOCKET": "/e.sock"], homeDirectory: "/h")
        == "/h/.resonite-io/resonite-7.sock")
  }
}
