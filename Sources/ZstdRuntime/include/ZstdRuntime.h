#ifndef RIVULET_ZSTD_RUNTIME_H
#define RIVULET_ZSTD_RUNTIME_H

// The few libzstd functions Kafka's zstd codec needs, reached through dlopen("libzstd.so.1")
// at run time so that building needs no zstd headers and a missing library is an error the
// caller can explain instead of a failure to start.

#include <stddef.h>

/// Same layout as ZSTD_inBuffer / ZSTD_outBuffer (stable ABI since zstd 1.0).
typedef struct { const void *src; size_t size; size_t pos; } rivulet_zstd_in_buffer;
typedef struct { void *dst; size_t size; size_t pos; } rivulet_zstd_out_buffer;

/// Loads libzstd once (thread-safe). Returns 1 when every function below may be called, else 0.
int rivulet_zstd_load(void);
/// Why loading failed (dlerror text), or NULL after a successful load.
const char *rivulet_zstd_load_error(void);

size_t rivulet_zstd_compress_bound(size_t src_size);
/// One frame holding `src` at `level`; the result is a size or an error code (check is_error).
size_t rivulet_zstd_compress(void *dst, size_t capacity, const void *src, size_t src_size, int level);
unsigned rivulet_zstd_is_error(size_t code);
/// Bytes of the whole frame (or skippable frame) starting at `src`, or an error code when it
/// is truncated or malformed (ZSTD_findFrameCompressedSize).
size_t rivulet_zstd_frame_compressed_size(const void *src, size_t src_size);
const char *rivulet_zstd_error_name(size_t code);

/// A decompression context (ZSTD_DCtx), NULL when out of memory.
void *rivulet_zstd_create_dctx(void);
void rivulet_zstd_free_dctx(void *dctx);
/// ZSTD_decompressStream: 0 when a frame is complete and flushed, an error code, or a hint > 0.
size_t rivulet_zstd_decompress_stream(void *dctx, rivulet_zstd_out_buffer *output, rivulet_zstd_in_buffer *input);

#endif
