// See include/CResoniteTestSupport.h: why each function exists.
#define _GNU_SOURCE
#include "CResoniteTestSupport.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int resonite_test_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
  return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

int resonite_test_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path) {
  return posix_spawn_file_actions_addchdir_np(actions, path);
}

int resonite_test_open_pseudo_terminal(int *master, char *name, size_t size) {
  int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, name, size) != 0) {
    close(fd);
    return -1;
  }
  *master = fd;
  return 0;
}
