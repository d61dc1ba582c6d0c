#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Spawns `/bin/true`, reaps it with `waitpid`, and returns its now-dead pid.
func pidOfExitedProcess() throws -> Int32 {
  var pid: pid_t = 0
  let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
  defer { for argument in arguments { free(argument) } }
  let spawned = posix_spawn(&pid, "/bin/true", nil, nil, arguments, environ)
  guard spawned == 0 else { throw SpawnError(code: spawned) }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) == -1 {
    guard errno == EINTR else { throw SpawnError(code: errno) }
  }
  return pid
}

/// A failure to spawn or reap the helper process.
struct SpawnError: Error {
  /// The errno value.
  let code: Int32
}
