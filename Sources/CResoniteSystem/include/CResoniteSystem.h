// The few system calls Swift's Glibc module cannot make, for ResoniteTransport's syscall layer
// (Sources/ResoniteTransport/System/Syscalls.swift). Linux only: together with that file, this
// is the one place a port to another system would touch.
#ifndef C_RESONITE_SYSTEM_H
#define C_RESONITE_SYSTEM_H

#include <stdint.h>

/// pipe2(O_NONBLOCK | O_CLOEXEC): Swift's Glibc module does not export pipe2 (it is declared
/// only under _GNU_SOURCE), and setting the flags with fcntl afterwards leaves a window in
/// which an exec elsewhere in the process (the launcher's posix_spawn) inherits the pipe.
/// Returns 0, or -1 with errno set.
int resonite_pipe_nonblocking(int fds[2]);

/// getsockopt(SOL_SOCKET, SO_PEERCRED): `struct ucred` is declared by <sys/socket.h> only
/// under _GNU_SOURCE, so Swift cannot name it. Returns 0 with the peer's pid, uid and gid, or
/// -1 with errno set.
int resonite_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid);

/// ThreadSanitizer does not see Synchronization.Mutex pass the lock on Linux: under contention
/// the kernel's priority-inheritance futex hands it over inside libswiftSynchronization, which is
/// not instrumented, so every access the lock orders would be reported as a race. These tell
/// it (ResoniteTransport's `ConnectionLock`). Weak: without ThreadSanitizer linked in they are
/// null and the calls a test and a branch.
void __tsan_acquire(void *addr) __attribute__((weak));
void __tsan_release(void *addr) __attribute__((weak));

/// The lock at `addr` was just taken (see above).
static inline void resonite_tsan_acquire(void *addr) {
  if (__tsan_acquire) __tsan_acquire(addr);
}

/// The lock at `addr` is about to be given back (see above).
static inline void resonite_tsan_release(void *addr) {
  if (__tsan_release) __tsan_release(addr);
}

#endif
