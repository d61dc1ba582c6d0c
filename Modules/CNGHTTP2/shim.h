// The C module over the system's libnghttp2 (Debian: libnghttp2-dev).
//
// Swift imports every nghttp2 function, struct and enum directly from the
// header; no wrapper is needed yet. If one is ever needed (a macro or a
// variadic function Swift cannot call), add it here as one `static inline`
// function prefixed `cnghttp2_`, with a comment saying why.
#ifndef CNGHTTP2_SHIM_H
#define CNGHTTP2_SHIM_H

#include <nghttp2/nghttp2.h>

#endif
