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

#endif
