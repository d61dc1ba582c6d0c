// raw_socket.h: what raw-pingpong and raw-frames share, the C floors of the benchmarks: whole
// reads and writes, a Unix-socket server with one thread per connection, a client connect, and
// this process's CPU time. Each function that fails sets errno.
#ifndef RAW_SOCKET_H
#define RAW_SOCKET_H

#include <stddef.h>
#include <stdint.h>

// Prints "PROGRAM: WHAT: strerror(errno)" to stderr and exits 1.
void raw_die(const char *what);

// Reads exactly n bytes (retrying EINTR); -1 on an error or an early end of stream.
int raw_read_all(int fd, uint8_t *p, size_t n);

// Writes exactly n bytes (retrying EINTR); -1 on an error.
int raw_write_all(int fd, const uint8_t *p, size_t n);

// A connected Unix stream socket (close-on-exec) to path, or -1.
int raw_connect(const char *path);

// Ignores SIGPIPE, listens on path (replacing what is there) with the given backlog, prints the
// path on stdout once it listens, then accepts forever: each connection's descriptor goes to
// serve(fd as intptr_t) on a detached thread of its own, which closes it. Dies on a setup error.
_Noreturn void raw_serve(const char *path, int backlog, void *(*serve)(void *));

// This process's user + system CPU time (getrusage), in seconds.
double raw_cpu_seconds(void);

#endif
