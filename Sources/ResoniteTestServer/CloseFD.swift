#if canImport(Glibc)
import Glibc
#endif

/// `close(2)` under a name that does not collide with the methods called `close`.
@discardableResult
func closeFD(_ fd: Int32) -> Int32 {
  Glibc.close(fd)
}
