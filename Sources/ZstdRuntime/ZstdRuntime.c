// Binds libzstd's functions with dlopen/dlsym on first use; see include/ZstdRuntime.h.
#include "ZstdRuntime.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

typedef struct {
    size_t (*compress_bound)(size_t);
    size_t (*compress)(void *, size_t, const void *, size_t, int);
    unsigned (*is_error)(size_t);
    size_t (*frame_compressed_size)(const void *, size_t);
    const char *(*error_name)(size_t);
    void *(*create_dctx)(void);
    size_t (*free_dctx)(void *);
    size_t (*decompress_stream)(void *, rivulet_zstd_out_buffer *, rivulet_zstd_in_buffer *);
} zstd_functions;

static zstd_functions functions;
static int loaded;
static char load_error[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static const char *const library_names[] = {"libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib"};

static void *bind_symbol(void *library, const char *name, int *missing) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && !*missing) {
        *missing = 1;
        snprintf(load_error, sizeof load_error, "libzstd lacks %s", name);
    }
    return symbol;
}

static void load(void) {
    void *library = NULL;
    for (size_t i = 0; i < sizeof library_names / sizeof library_names[0] && library == NULL; i++) {
        library = dlopen(library_names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "libzstd.so.1 not found");
        return;
    }
    int missing = 0;
    functions.compress_bound = (size_t (*)(size_t))bind_symbol(library, "ZSTD_compressBound", &missing);
    functions.compress = (size_t (*)(void *, size_t, const void *, size_t, int))bind_symbol(library, "ZSTD_compress", &missing);
    functions.is_error = (unsigned (*)(size_t))bind_symbol(library, "ZSTD_isError", &missing);
    functions.frame_compressed_size =
        (size_t (*)(const void *, size_t))bind_symbol(library, "ZSTD_findFrameCompressedSize", &missing);
    functions.error_name = (const char *(*)(size_t))bind_symbol(library, "ZSTD_getErrorName", &missing);
    functions.create_dctx = (void *(*)(void))bind_symbol(library, "ZSTD_createDCtx", &missing);
    functions.free_dctx = (size_t (*)(void *))bind_symbol(library, "ZSTD_freeDCtx", &missing);
    functions.decompress_stream = (size_t (*)(void *, rivulet_zstd_out_buffer *, rivulet_zstd_in_buffer *))bind_symbol(
        library, "ZSTD_decompressStream", &missing);
    loaded = !missing;
}

int rivulet_zstd_load(void) {
    pthread_once(&load_once, load);
    return loaded;
}

const char *rivulet_zstd_load_error(void) {
    pthread_once(&load_once, load);
    return loaded ? NULL : load_error;
}

size_t rivulet_zstd_compress_bound(size_t src_size) { return functions.compress_bound(src_size); }

size_t rivulet_zstd_compress(void *dst, size_t capacity, const void *src, size_t src_size, int level) {
    return functions.compress(dst, capacity, src, src_size, level);
}

unsigned rivulet_zstd_is_error(size_t code) { return functions.is_error(code); }

size_t rivulet_zstd_frame_compressed_size(const void *src, size_t src_size) {
    return functions.frame_compressed_size(src, src_size);
}

const char *rivulet_zstd_error_name(size_t code) { return functions.error_name(code); }

void *rivulet_zstd_create_dctx(void) { return functions.create_dctx(); }

void rivulet_zstd_free_dctx(void *dctx) { functions.free_dctx(dctx); }

size_t rivulet_zstd_decompress_stream(void *dctx, rivulet_zstd_out_buffer *output, rivulet_zstd_in_buffer *input) {
    return functions.decompress_stream(dctx, output, input);
}
