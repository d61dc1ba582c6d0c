// The C module over the system's FFmpeg libraries (Debian: libavformat-dev, libavcodec-dev,
// libswscale-dev, libswresample-dev, libavutil-dev; FFmpeg 5.1 on Debian 12). Only the
// ResoniteMedia target imports it, and only the `resoio` CLI links that: the ResoniteIO library
// never links FFmpeg.
//
// Swift imports the functions and structs directly. The helpers below stand for the macros Swift
// cannot import (AVERROR(e), AVERROR_EOF, AV_NOPTS_VALUE), each prefixed `cffmpeg_`.
#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

/// AVERROR(EAGAIN): the encoder wants more input, or the decoder more packets.
static inline int cffmpeg_error_again(void) { return AVERROR(EAGAIN); }

/// AVERROR_EOF: the encoder or demuxer has nothing more.
static inline int cffmpeg_error_eof(void) { return AVERROR_EOF; }

/// AVERROR(EPIPE): what a write to a closed pipe fails with.
static inline int cffmpeg_error_pipe(void) { return AVERROR(EPIPE); }

/// AV_NOPTS_VALUE: no timestamp.
static inline int64_t cffmpeg_no_pts(void) { return AV_NOPTS_VALUE; }

#endif
