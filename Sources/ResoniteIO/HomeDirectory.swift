#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Returns the current user's home directory from the passwd database, or `nil` when
/// there is no entry or it has no home directory.
func passwdHomeDirectory() -> String? {
  var bufferSize = Int(sysconf(Int32(_SC_GETPW_R_SIZE_MAX)))
  if bufferSize <= 0 { bufferSize = 16_384 }
  while bufferSize <= 1 << 20 {
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bufferSize)
    defer { buffer.deallocate() }
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>? = nil
    let status = getpwuid_r(getuid(), &entry, buffer, bufferSize, &result)
    if status == ERANGE {
      bufferSize *= 2
      continue
    }
    guard status == 0, result != nil, let directory = entry.pw_dir else { return nil }
    let home = String(cString: directory)
    return home.isEmpty ? nil : home
  }
  return nil
}
