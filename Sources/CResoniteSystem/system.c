// See include/CResoniteSystem.h: why each function exists.
#define _GNU_SOURCE
#include "CResoniteSystem.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#if !defined(__linux__)
#error "CResoniteSystem supports Linux only (see the README's Platforms section)"
#endif

int resonite_pipe_nonblocking(int fds[2]) {
  return pipe2(fds, O_NONBLOCK | O_CLOEXEC);
}

int resonite_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid) {
  struct ucred credentials;
  socklen_t length = sizeof(credentials);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
  *pid = credentials.pid;
  *uid = credentials.uid;
  *gid = credentials.gid;
  return 0;
}
