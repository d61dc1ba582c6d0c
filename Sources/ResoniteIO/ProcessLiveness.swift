#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Tells whether a process with id `pid` exists, by sending it signal 0.
///
/// `kill(pid, 0)` succeeding or failing with `EPERM` (it exists, owned by someone else)
/// means alive; `ESRCH` means no such process. A negative pid, or one outside the
/// `pid_t` range, names no process and counts as dead. Any other failure cannot be
/// judged and counts as alive.
func processIsAlive(pid: Int) -> Bool {
  guard pid >= 0, let processID = pid_t(exactly: pid) else { return false }
  if kill(processID, 0) == 0 { return true }
  return errno != ESRCH
}
