// raw-frames: the floor of the camera-stream measurement. Camera-sized frames over a Unix
// domain socket with no HTTP/2 and no gRPC: what the kernel and two processes cost to move
// the bytes of Camera/StreamFrames.
//
//   raw-frames server PATH [--size WxH]
//       Listens on PATH; one thread per connection. A client sends a request of 8 bytes
//       (width, height: big-endian uint32; 0 and 0 mean --size, default 1280x720); the server
//       then writes frames back to back until the client goes away, each a 28-byte header
//       (payload length, width, height: big-endian uint32; frame_id, unix_nanos: big-endian
//       uint64) and width*height*4 pixel bytes from one preallocated buffer (writev, no copy
//       in user space, no pacing). A write blocks while the socket is full, so the reader
//       sets the pace.
//   raw-frames client PATH [--label L] [--name N] [--width W] [--height H] [--seconds S]
//                          [--warmup-seconds S] [--server-pid PID]
//       Reads each frame whole into one preallocated buffer (the one copy a client makes),
//       discards the first --warmup-seconds (default 1), then counts frames for --seconds
//       (default 5) and prints, like `resoio-bench stream-frames`:
//         RESULT name=N client=N server=L width=W height=H frames_per_s=F mb_per_s=M
//                cpu_ms_per_frame=C rss_peak_mb=R frames=K seconds=S server_cpu_ms_per_frame=X
//       mb_per_s counts pixel bytes in 10^6 B/s; cpu_ms_per_frame is this process's user+system
//       CPU (getrusage) per frame; rss_peak_mb is VmHWM from /proc/self/status in 10^6 B;
//       server_cpu_ms_per_frame is from /proc/PID/task/*/schedstat when --server-pid is given.
#define _GNU_SOURCE
#include "raw_socket.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { HEADER_BYTES = 28 };

static uint64_t clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// Writes the two pieces of a frame with writev until both are out.
static int writev_all(int fd, struct iovec *iov, int count) {
  while (count > 0) {
    ssize_t w = writev(fd, iov, count);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    size_t left = (size_t)w;
    while (count > 0 && left >= iov->iov_len) {
      left -= iov->iov_len;
      iov++;
      count--;
    }
    if (count > 0) {
      iov->iov_base = (uint8_t *)iov->iov_base + left;
      iov->iov_len -= left;
    }
  }
  return 0;
}

static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static void put64(uint8_t *p, uint64_t v) {
  put32(p, (uint32_t)(v >> 32));
  put32(p + 4, (uint32_t)v);
}

static uint32_t get32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint64_t get64(const uint8_t *p) { return ((uint64_t)get32(p) << 32) | get32(p + 4); }

// MARK: server

static uint32_t default_width = 1280, default_height = 720;

static void *serve_connection(void *arg) {
  int fd = (int)(intptr_t)arg;
  uint8_t request[8];
  if (raw_read_all(fd, request, sizeof request) < 0) goto done;
  uint32_t width = get32(request), height = get32(request + 4);
  if (width == 0 || height == 0) {
    width = default_width;
    height = default_height;
  }
  size_t pixels = (size_t)width * height * 4;
  uint8_t *buffer = malloc(pixels);
  if (buffer == NULL) goto done;
  // Touch every page once, so the first frames do not pay for page faults.
  for (size_t i = 0; i < pixels; i++) buffer[i] = (uint8_t)(i * 31);
  uint8_t header[HEADER_BYTES];
  for (uint64_t frame_id = 0;; frame_id++) {
    put32(header, (uint32_t)(HEADER_BYTES - 4 + pixels));
    put32(header + 4, width);
    put32(header + 8, height);
    put64(header + 12, frame_id);
    put64(header + 20, clock_ns(CLOCK_REALTIME));
    struct iovec iov[2] = {{header, sizeof header}, {buffer, pixels}};
    if (writev_all(fd, iov, 2) < 0) break;
  }
  free(buffer);
done:
  close(fd);
  return NULL;
}

static int run_server(const char *path, int argc, char **argv) {
  for (int i = 0; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--size")) {
      if (sscanf(argv[i + 1], "%ux%u", &default_width, &default_height) != 2 || default_width == 0 ||
          default_height == 0) {
        fprintf(stderr, "raw-frames: --size wants WxH\n");
        return 2;
      }
    } else {
      fprintf(stderr, "raw-frames: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  raw_serve(path, 64, serve_connection);
}

// MARK: client

// Peak resident set (VmHWM) in bytes, or NAN.
static double rss_peak_bytes(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (f == NULL) return NAN;
  char line[256];
  double value = NAN;
  while (fgets(line, sizeof line, f)) {
    long kb;
    if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) {
      value = (double)kb * 1024;
      break;
    }
  }
  fclose(f);
  return value;
}

// Another process's CPU time (sum of its threads' schedstat run time), or NAN.
static double process_cpu_seconds(long pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/task", pid);
  DIR *dir = opendir(path);
  if (dir == NULL) return NAN;
  uint64_t total = 0;
  int found = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    char file[128];
    snprintf(file, sizeof file, "/proc/%ld/task/%s/schedstat", pid, entry->d_name);
    FILE *f = fopen(file, "r");
    if (f == NULL) continue;
    unsigned long long ns;
    if (fscanf(f, "%llu", &ns) == 1) {
      total += ns;
      found = 1;
    }
    fclose(f);
  }
  closedir(dir);
  return found ? (double)total / 1e9 : NAN;
}

static int run_client(const char *path, int argc, char **argv) {
  const char *label = "raw-c", *name = "raw-c";
  uint32_t width = 0, height = 0;
  double seconds = 5, warmup_seconds = 1;
  long server_pid = 0;
  for (int i = 0; i < argc; i += 2) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL) {
      fprintf(stderr, "raw-frames: %s needs a value\n", a);
      return 2;
    }
    if (!strcmp(a, "--label")) label = v;
    else if (!strcmp(a, "--name")) name = v;
    else if (!strcmp(a, "--width")) width = (uint32_t)atol(v);
    else if (!strcmp(a, "--height")) height = (uint32_t)atol(v);
    else if (!strcmp(a, "--seconds")) seconds = atof(v);
    else if (!strcmp(a, "--warmup-seconds")) warmup_seconds = atof(v);
    else if (!strcmp(a, "--server-pid")) server_pid = atol(v);
    else {
      fprintf(stderr, "raw-frames: unknown option %s\n", a);
      return 2;
    }
  }
  if (!(seconds > 0)) {
    fprintf(stderr, "raw-frames: --seconds must be positive\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int fd = raw_connect(path);
  if (fd < 0) raw_die("connect");
  uint8_t request[8];
  put32(request, width);
  put32(request + 4, height);
  if (raw_write_all(fd, request, sizeof request) < 0) raw_die("write request");

  uint64_t opened = clock_ns(CLOCK_MONOTONIC);
  uint64_t warm_end = opened + (uint64_t)(warmup_seconds * 1e9);
  uint8_t header[HEADER_BYTES];
  uint8_t *pixels = NULL;
  size_t capacity = 0;
  uint64_t start = 0, expected_id = 0;
  long frames = 0;
  double cpu0 = 0, server0 = NAN, pixel_bytes = 0;
  uint32_t frame_width = 0, frame_height = 0;
  for (;;) {
    if (raw_read_all(fd, header, sizeof header) < 0) raw_die("read frame header");
    size_t length = get32(header) - (HEADER_BYTES - 4);
    frame_width = get32(header + 4);
    frame_height = get32(header + 8);
    uint64_t frame_id = get64(header + 12);
    if (frame_id != expected_id || length != (size_t)frame_width * frame_height * 4) {
      fprintf(stderr, "raw-frames: bad frame %llu (expected %llu), %zu bytes\n", (unsigned long long)frame_id,
              (unsigned long long)expected_id, length);
      return 1;
    }
    expected_id++;
    if (length > capacity) {
      free(pixels);
      pixels = malloc(length);
      if (pixels == NULL) raw_die("malloc");
      capacity = length;
    }
    if (raw_read_all(fd, pixels, length) < 0) raw_die("read frame");
    uint64_t now = clock_ns(CLOCK_MONOTONIC);
    if (now < warm_end) continue;
    if (start == 0) {
      // The first frame after the warm-up starts the clock; the frames after it are counted.
      start = now;
      cpu0 = raw_cpu_seconds();
      if (server_pid > 0) server0 = process_cpu_seconds(server_pid);
      continue;
    }
    frames++;
    pixel_bytes += (double)length;
    if (now - start >= (uint64_t)(seconds * 1e9)) {
      double elapsed = (double)(now - start) / 1e9;
      double cpu = raw_cpu_seconds() - cpu0;
      double server_cpu = server_pid > 0 ? process_cpu_seconds(server_pid) - server0 : NAN;
      printf(
          "RESULT name=%s client=%s server=%s width=%u height=%u frames_per_s=%.2f mb_per_s=%.1f "
          "cpu_ms_per_frame=%.3f rss_peak_mb=%.1f frames=%ld seconds=%.3f server_cpu_ms_per_frame=%.3f\n",
          name, name, label, frame_width, frame_height, (double)frames / elapsed, pixel_bytes / elapsed / 1e6,
          cpu / (double)frames * 1e3, rss_peak_bytes() / 1e6, frames, elapsed, server_cpu / (double)frames * 1e3);
      fflush(stdout);
      break;
    }
  }
  close(fd);
  free(pixels);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && !strcmp(argv[1], "server")) return run_server(argv[2], argc - 3, argv + 3);
  if (argc >= 3 && !strcmp(argv[1], "client")) return run_client(argv[2], argc - 3, argv + 3);
  fprintf(stderr, "usage: raw-frames server PATH [--size WxH] | raw-frames client PATH [options]\n");
  return 2;
}
