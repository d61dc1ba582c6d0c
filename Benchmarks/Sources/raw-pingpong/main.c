// raw-pingpong: the floor of issue 5's table. A length-prefixed echo over a Unix domain
// socket with no HTTP/2 and no gRPC: what the kernel and two processes cost.
//
//   raw-pingpong server PATH
//       Listens on PATH; one thread per connection; each frame (4-byte big-endian length,
//       then that many bytes) is read whole and written back (store and forward, like a
//       unary gRPC handler).
//   raw-pingpong client PATH [--label L] [--name N] [--calls N] [--warmup N]
//                            [--bulk-bytes B] [--bulk-iterations N] [--cold-iterations N]
//                            [--max-seconds S] [--only rtt,handoff,bulk,cold]
//       Prints RESULT lines in the same form as resoio-bench:
//         rtt   sequential 16-byte exchanges: p50/p99 round trip, CPU (user+sys) per call
//               (stops after --calls or --max-seconds, whichever comes first)
//         bulk  B-byte echo: (request + response bytes) / median echo time
//         cold  connect + one 16-byte exchange (close not timed), median
//         handoff  like rtt, but a reader thread waits in poll(2), reads the reply and
//               wakes the caller through a semaphore (name=<name>-handoff): the floor of a
//               client whose I/O thread completes calls on another thread
#define _GNU_SOURCE
#include "raw_socket.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// MARK: server

static void *serve_connection(void *arg) {
  int fd = (int)(intptr_t)arg;
  size_t capacity = 1 << 16;
  uint8_t *buffer = malloc(capacity);
  size_t have = 0;
  for (;;) {
    // Read what is there (a small frame arrives in one read), then complete the frame.
    ssize_t r = read(fd, buffer + have, capacity - have);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    have += (size_t)r;
    while (have >= 4) {
      uint32_t length = ((uint32_t)buffer[0] << 24) | ((uint32_t)buffer[1] << 16) | ((uint32_t)buffer[2] << 8) | buffer[3];
      size_t frame = 4 + (size_t)length;
      if (frame > capacity) {
        capacity = frame;
        buffer = realloc(buffer, capacity);
      }
      if (have < frame) {
        if (raw_read_all(fd, buffer + have, frame - have) < 0) goto done;
        have = frame;
      }
      if (raw_write_all(fd, buffer, frame) < 0) goto done;
      memmove(buffer, buffer + frame, have - frame);
      have -= frame;
    }
  }
done:
  free(buffer);
  close(fd);
  return NULL;
}

// MARK: client

// One exchange of `frame` (header included) of `length` bytes: write it, read it back.
static int exchange(int fd, uint8_t *frame, size_t length, uint8_t *reply) {
  if (raw_write_all(fd, frame, length) < 0) return -1;
  return raw_read_all(fd, reply, length);
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

// Nearest-rank percentile of sorted values.
static double percentile(const uint64_t *sorted, size_t n, double p) {
  if (n == 0) return NAN;
  double exact = p / 100.0 * (double)n;
  size_t rank = (size_t)exact;
  if ((double)rank < exact) rank++;
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return (double)sorted[rank - 1];
}

static long context_switches(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_nvcsw + usage.ru_nivcsw;
}

static void print_result(const char *name, const char *label, const char *measure, double p50, double p99,
                         double calls_per_s, double mb_per_s, double cold_ms, double cpu_us, long samples) {
  printf(
      "RESULT name=%s server=%s rtt_p50_us=%.2f rtt_p99_us=%.2f calls_per_s=%.1f mb_per_s=%.1f cold_ms=%.4f "
      "rtt_cpu_us=%.2f measure=%s in_flight=1 samples=%ld\n",
      name, label, p50, p99, calls_per_s, mb_per_s, cold_ms, cpu_us, measure, samples);
  fflush(stdout);
}

static int wants(const char *only, const char *measure) {
  if (only == NULL) return 1;
  size_t n = strlen(measure);
  for (const char *p = only; *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len == n && strncmp(p, measure, n) == 0) return 1;
    if (!comma) break;
    p = comma + 1;
  }
  return 0;
}

struct handoff {
  int fd;
  sem_t reply;
  uint8_t buffer[20];
};

// The reader thread of the handoff measurement: wait for the socket, read one reply, wake the
// caller; ends when the caller shuts the socket down.
static void *handoff_reader(void *arg) {
  struct handoff *h = arg;
  for (;;) {
    struct pollfd p = {.fd = h->fd, .events = POLLIN};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
    if (raw_read_all(h->fd, h->buffer, sizeof h->buffer) < 0) break;
    sem_post(&h->reply);
  }
  return NULL;
}

static int run_client(const char *path, int argc, char **argv) {
  const char *label = "raw-c", *name = "raw-c", *only = NULL;
  long calls = 100000, warmup = 1000, bulk_bytes = 8 << 20, bulk_iterations = 20, cold_iterations = 500;
  double max_seconds = 3;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL) {
      fprintf(stderr, "raw-pingpong: %s needs a value\n", a);
      return 2;
    }
    if (!strcmp(a, "--label")) label = v;
    else if (!strcmp(a, "--name")) name = v;
    else if (!strcmp(a, "--only")) only = v;
    else if (!strcmp(a, "--calls")) calls = atol(v);
    else if (!strcmp(a, "--warmup")) warmup = atol(v);
    else if (!strcmp(a, "--bulk-bytes")) bulk_bytes = atol(v);
    else if (!strcmp(a, "--bulk-iterations")) bulk_iterations = atol(v);
    else if (!strcmp(a, "--cold-iterations")) cold_iterations = atol(v);
    else if (!strcmp(a, "--max-seconds")) max_seconds = atof(v);
    else {
      fprintf(stderr, "raw-pingpong: unknown option %s\n", a);
      return 2;
    }
    i++;
  }
  signal(SIGPIPE, SIG_IGN);
  uint64_t limit_ns = (uint64_t)(max_seconds * 1e9);
  uint8_t small[4 + 16] = {0, 0, 0, 16, 'p', 'i', 'n', 'g'};
  uint8_t small_reply[sizeof small];

  if (wants(only, "rtt")) {
    int fd = raw_connect(path);
    if (fd < 0) raw_die("connect");
    for (long i = 0; i < warmup; i++)
      if (exchange(fd, small, sizeof small, small_reply) < 0) raw_die("exchange");
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)calls);
    double cpu0 = raw_cpu_seconds();
    long switches0 = context_switches();
    uint64_t start = now_ns(), stop = start + limit_ns;
    long n = 0;
    while (n < calls) {
      uint64_t t0 = now_ns();
      if (exchange(fd, small, sizeof small, small_reply) < 0) raw_die("exchange");
      uint64_t t1 = now_ns();
      samples[n++] = t1 - t0;
      if (t1 > stop) break;
    }
    uint64_t elapsed = now_ns() - start;
    double cpu = raw_cpu_seconds() - cpu0;
    long switches = context_switches() - switches0;
    qsort(samples, (size_t)n, sizeof(uint64_t), compare_u64);
    print_result(name, label, "rtt", percentile(samples, (size_t)n, 50) / 1e3, percentile(samples, (size_t)n, 99) / 1e3,
                 (double)n / ((double)elapsed / 1e9), NAN, NAN, cpu / (double)n * 1e6, n);
    printf("INFO name=%s server=%s measure=rtt ctx_switches_per_call=%.3f\n", name, label,
           (double)switches / (double)n);
    free(samples);
    close(fd);
  }

  if (wants(only, "handoff")) {
    struct handoff h = {.fd = raw_connect(path)};
    if (h.fd < 0) raw_die("connect");
    sem_init(&h.reply, 0, 0);
    pthread_t reader;
    pthread_create(&reader, NULL, handoff_reader, &h);
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)calls);
    double cpu0 = 0;
    long switches0 = 0;
    uint64_t start = 0, stop = 0;
    long n = 0;
    for (long i = 0; n < calls; i++) {
      if (i == warmup) {
        cpu0 = raw_cpu_seconds();
        switches0 = context_switches();
        start = now_ns();
        stop = start + limit_ns;
      }
      uint64_t t0 = now_ns();
      if (raw_write_all(h.fd, small, sizeof small) < 0) raw_die("handoff write");
      while (sem_wait(&h.reply) < 0 && errno == EINTR) {
      }
      uint64_t t1 = now_ns();
      if (i >= warmup) {
        samples[n++] = t1 - t0;
        if (t1 > stop) break;
      }
    }
    uint64_t elapsed = now_ns() - start;
    double cpu = raw_cpu_seconds() - cpu0;
    long switches = context_switches() - switches0;
    shutdown(h.fd, SHUT_RDWR);
    pthread_join(reader, NULL);
    qsort(samples, (size_t)n, sizeof(uint64_t), compare_u64);
    char handoff_name[256];
    snprintf(handoff_name, sizeof handoff_name, "%s-handoff", name);
    print_result(handoff_name, label, "rtt", percentile(samples, (size_t)n, 50) / 1e3,
                 percentile(samples, (size_t)n, 99) / 1e3, (double)n / ((double)elapsed / 1e9), NAN, NAN,
                 cpu / (double)n * 1e6, n);
    printf("INFO name=%s server=%s measure=rtt ctx_switches_per_call=%.3f\n", handoff_name, label,
           (double)switches / (double)n);
    free(samples);
    sem_destroy(&h.reply);
    close(h.fd);
  }

  if (wants(only, "bulk")) {
    int fd = raw_connect(path);
    if (fd < 0) raw_die("connect");
    size_t length = 4 + (size_t)bulk_bytes;
    uint8_t *frame = malloc(length), *reply = malloc(length);
    memset(frame, 0xA5, length);
    frame[0] = (uint8_t)(bulk_bytes >> 24);
    frame[1] = (uint8_t)(bulk_bytes >> 16);
    frame[2] = (uint8_t)(bulk_bytes >> 8);
    frame[3] = (uint8_t)bulk_bytes;
    // The server reads the whole frame before answering, so the whole request can be written
    // before reading: the server drains the socket meanwhile.
    for (int i = 0; i < 2; i++)
      if (exchange(fd, frame, length, reply) < 0) raw_die("bulk exchange");
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)bulk_iterations);
    for (long i = 0; i < bulk_iterations; i++) {
      uint64_t t0 = now_ns();
      if (exchange(fd, frame, length, reply) < 0) raw_die("bulk exchange");
      samples[i] = now_ns() - t0;
    }
    qsort(samples, (size_t)bulk_iterations, sizeof(uint64_t), compare_u64);
    double median_s = percentile(samples, (size_t)bulk_iterations, 50) / 1e9;
    print_result(name, label, "bulk", NAN, NAN, NAN, 2.0 * (double)bulk_bytes / median_s / 1e6, NAN, NAN,
                 bulk_iterations);
    free(samples);
    free(frame);
    free(reply);
    close(fd);
  }

  if (wants(only, "cold")) {
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)cold_iterations);
    for (long i = 0; i < cold_iterations + 10; i++) {
      uint64_t t0 = now_ns();
      int fd = raw_connect(path);
      if (fd < 0) raw_die("connect");
      if (exchange(fd, small, sizeof small, small_reply) < 0) raw_die("exchange");
      uint64_t t = now_ns() - t0;
      close(fd);
      if (i >= 10) samples[i - 10] = t;
    }
    qsort(samples, (size_t)cold_iterations, sizeof(uint64_t), compare_u64);
    print_result(name, label, "cold", NAN, NAN, NAN, NAN, percentile(samples, (size_t)cold_iterations, 50) / 1e6,
                 NAN, cold_iterations);
    free(samples);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && !strcmp(argv[1], "server")) raw_serve(argv[2], 512, serve_connection);
  if (argc >= 3 && !strcmp(argv[1], "client")) return run_client(argv[2], argc - 3, argv + 3);
  fprintf(stderr, "usage: raw-pingpong server PATH | raw-pingpong client PATH [options]\n");
  return 2;
}
