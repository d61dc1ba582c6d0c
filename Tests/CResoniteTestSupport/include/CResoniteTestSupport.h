// What the tests' process helpers (Tests/ResoniteTestSupport: SpawnedProcess, PseudoTerminal)
// need from glibc that Swift's Glibc module does not export: these are declared only under
// _GNU_SOURCE or _XOPEN_SOURCE. Linux only, like the package.
#ifndef C_RESONITE_TEST_SUPPORT_H
#define C_RESONITE_TEST_SUPPORT_H

#include <spawn.h>
#include <stddef.h>

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor
/// from `lowest` up. The alternative, listing /proc/self/fd in the parent, is what crashed
/// Foundation's Process (a dirent over-read, swift-corelibs-foundation #5472) and races with
/// other threads opening descriptors. Returns 0 or an errno value.
int resonite_test_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29): the child starts in `path`. Returns 0
/// or an errno value.
int resonite_test_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path);

/// posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), grantpt, unlockpt and ptsname_r: a new
/// pseudo-terminal's master descriptor in `*master` and its slave's path in `name` (`size`
/// bytes). Returns 0, or -1 with errno set (nothing left open).
int resonite_test_open_pseudo_terminal(int *master, char *name, size_t size);

#endif
