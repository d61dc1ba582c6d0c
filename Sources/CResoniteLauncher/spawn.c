#define _GNU_SOURCE
#include "CResoniteLauncher.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

static const int default_signals[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
    SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGXFSZ,
};

static int configure(posix_spawn_file_actions_t *actions, posix_spawnattr_t *attributes,
                     const char *cwd, int output_fd) {
  int result = posix_spawn_file_actions_addopen(actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (result != 0) return result;
  if (output_fd >= 0) {
    result = posix_spawn_file_actions_adddup2(actions, output_fd, STDOUT_FILENO);
  } else {
    result = posix_spawn_file_actions_addopen(actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  }
  if (result != 0) return result;
  result = posix_spawn_file_actions_adddup2(actions, STDOUT_FILENO, STDERR_FILENO);
  if (result != 0) return result;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  result = posix_spawn_file_actions_addclosefrom_np(actions, STDERR_FILENO + 1);
  if (result != 0) return result;
#endif
  result = posix_spawn_file_actions_addchdir_np(actions, cwd);
  if (result != 0) return result;

  short flags = POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
#ifdef __APPLE__
  flags |= POSIX_SPAWN_CLOEXEC_DEFAULT;
#endif
  result = posix_spawnattr_setflags(attributes, flags);
  if (result != 0) return result;
  sigset_t mask;
  sigemptyset(&mask);
  result = posix_spawnattr_setsigmask(attributes, &mask);
  if (result != 0) return result;
  sigset_t defaults;
  sigemptyset(&defaults);
  for (size_t index = 0; index < sizeof default_signals / sizeof default_signals[0]; index++) {
    sigaddset(&defaults, default_signals[index]);
  }
  return posix_spawnattr_setsigdefault(attributes, &defaults);
}

int resonite_launcher_spawn_detached(
    pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *cwd,
    int output_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  int result = posix_spawn_file_actions_init(&actions);
  if (result != 0) return result;
  result = posix_spawnattr_init(&attributes);
  if (result != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return result;
  }
  result = configure(&actions, &attributes, cwd, output_fd);
  if (result == 0) result = posix_spawn(pid, path, &actions, &attributes, argv, envp);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return result;
}
