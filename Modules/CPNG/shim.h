// The C module over the system's libpng 1.6 (Debian: libpng-dev), for `resoio screenshot`'s
// PNG encoder (ResonitePNG) and the tests that decode what it wrote. Only the simplified API
// (png_image_*) is used: it reports errors in png_image.message instead of longjmp, which Swift
// could not survive.
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H

#include <png.h>

// PNG_IMAGE_PNG_SIZE_MAX is a macro Swift cannot import: the most bytes
// png_image_write_to_memory can need for `image` (row stride = width * channels).
static inline size_t cpng_image_png_size_max(png_image image) {
  return PNG_IMAGE_PNG_SIZE_MAX(image);
}

#endif
