#ifndef C_RESONITE_LAUNCHER_H
#define C_RESONITE_LAUNCHER_H

#include <sys/types.h>

/// Starts `path` detached, as the reference launcher's `subprocess.Popen(...,
/// start_new_session=True)` does: in a new session (setsid), with the working directory
/// `cwd`, stdin from /dev/null, stdout and stderr to `output_fd` (or /dev/null when it is
/// negative), every other descriptor closed, the signal mask empty and the usual signals at
/// their default action.
///
/// Returns 0 and sets `*pid`, or an errno value (a missing `cwd` or executable included:
/// glibc reports the child's failure before exec as the result).
int resonite_launcher_spawn_detached(
    pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *cwd,
    int output_fd);

#endif
