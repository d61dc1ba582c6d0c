#include "CResoniteMedia.h"

// Every product and sum rounded to double on its own, as numpy does: no fused multiply-add
// (which clang may otherwise form where the target has one, e.g. arm64).
#pragma STDC FP_CONTRACT OFF

static inline uint8_t clip_truncate(double x) {
  if (x < 0.0) return 0;
  if (x > 255.0) return 255;
  return (uint8_t)x;
}

void resonite_media_rgba_to_yuv444_bt601(
    const uint8_t *rgba, size_t count, uint8_t *y, uint8_t *u, uint8_t *v) {
  for (size_t i = 0; i < count; i++) {
    const double r = rgba[4 * i];
    const double g = rgba[4 * i + 1];
    const double b = rgba[4 * i + 2];
    y[i] = clip_truncate(0.299 * r + 0.587 * g + 0.114 * b);
    u[i] = clip_truncate(-0.168736 * r - 0.331264 * g + 0.5 * b + 128.0);
    v[i] = clip_truncate(0.5 * r - 0.418688 * g - 0.081312 * b + 128.0);
  }
}
