// Thin, non-variadic wrappers over libvips 8.14 for VipsKit. Every wrapper clears nothing and
// adds nothing to the error buffer beyond what libvips itself reports; the Swift side
// (ErrorBuffer.swift) runs each call through the gate below and reads the buffer for a failed
// call only while no other call is in flight.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "vips_shim.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- libvips, loaded when first needed ------------------------------------------------------
//
// libvips and its hundred-odd dependencies take about 24 ms to map and bind, a tenth of a CSV
// validation that never touches an image. So the binary does not link it: the first image
// operation opens it with dlopen, and every libvips function this file calls goes through a
// pointer looked up then (the list is every vips_ symbol the object file refers to, built
// with and without optimisation; a name left out fails the link, since libvips is not on it).

#include <dlfcn.h>

#define SHIM_VIPS_FUNCTIONS(X) \
    X(vips_area_unref) \
    X(vips_array_double_new) \
    X(vips_autorot) \
    X(vips_band_format_get_type) \
    X(vips_black) \
    X(vips_blob_get_type) \
    X(vips_blob_new) \
    X(vips_block_untrusted_set) \
    X(vips_cache_set_max) \
    X(vips_cast) \
    X(vips_colourspace) \
    X(vips_concurrency_set) \
    X(vips_copy) \
    X(vips_crop) \
    X(vips_embed) \
    X(vips_enum_nick) \
    X(vips_error) \
    X(vips_error_buffer) \
    X(vips_error_clear) \
    X(vips_extract_band) \
    X(vips_flatten) \
    X(vips_foreign_get_type) \
    X(vips_foreign_map) \
    X(vips_format_sizeof_unsafe) \
    X(vips_heifsave_buffer) \
    X(vips_icc_transform) \
    X(vips_image_copy_memory) \
    X(vips_image_get_bands) \
    X(vips_image_get_blob) \
    X(vips_image_get_coding) \
    X(vips_image_get_format) \
    X(vips_image_get_height) \
    X(vips_image_get_interpretation) \
    X(vips_image_get_orientation) \
    X(vips_image_get_string) \
    X(vips_image_get_typeof) \
    X(vips_image_get_width) \
    X(vips_image_get_xres) \
    X(vips_image_get_yres) \
    X(vips_image_hasalpha) \
    X(vips_image_new_from_memory) \
    X(vips_image_new_from_memory_copy) \
    X(vips_image_new_from_source) \
    X(vips_image_remove) \
    X(vips_image_set_int) \
    X(vips_image_write) \
    X(vips_image_write_to_memory) \
    X(vips_init) \
    X(vips_insert) \
    X(vips_interpretation_get_type) \
    X(vips_jpegsave_buffer) \
    X(vips_linear1) \
    X(vips_operation_get_type) \
    X(vips_pngsave_buffer) \
    X(vips_ref_string_get_type) \
    X(vips_region_new) \
    X(vips_region_prepare) \
    X(vips_rect_includespoint) /* VIPS_REGION_ADDR checks bounds in debug builds */ \
    X(vips_resize) \
    X(vips_shrink) \
    X(vips_source_new_from_blob) \
    X(vips_source_new_from_file) \
    X(vips_version_string)

#define SHIM_DECLARE(name) static __typeof__(name) *shim_fn_##name;
SHIM_VIPS_FUNCTIONS(SHIM_DECLARE)

static gsize shim_library_once = 0;
static int shim_library_result = -1;
static char shim_library_failure[512];

/// Opens libvips and looks up every function; 0 on success, else -1 with the reason in
/// shim_library_failure. Thread-safe; only the first call does the work.
static int shim_load_library(void) {
    if (g_once_init_enter(&shim_library_once)) {
        int result = 0;
        // SSCARD_LIBVIPS names another build of the library (a path); then nothing else is tried.
        const char *chosen = getenv("SSCARD_LIBVIPS");
        void *library = NULL;
        if (chosen && *chosen) {
            library = dlopen(chosen, RTLD_LAZY | RTLD_GLOBAL);
        } else {
            library = dlopen("libvips.so.42", RTLD_LAZY | RTLD_GLOBAL);
            if (!library) library = dlopen("libvips.so", RTLD_LAZY | RTLD_GLOBAL);
        }
        if (!library) {
            const char *reason = dlerror();
            snprintf(shim_library_failure, sizeof shim_library_failure, "cannot open %s: %s",
                     chosen && *chosen ? chosen : "libvips.so.42", reason ? reason : "unknown reason");
            result = -1;
        }
#define SHIM_RESOLVE(name) \
        if (result == 0 && !(shim_fn_##name = (__typeof__(name) *)dlsym(library, #name))) { \
            snprintf(shim_library_failure, sizeof shim_library_failure, "libvips has no %s: too old a version", #name); \
            result = -1; \
        }
        SHIM_VIPS_FUNCTIONS(SHIM_RESOLVE)
#undef SHIM_RESOLVE
        shim_library_result = result;
        g_once_init_leave(&shim_library_once, 1);
    }
    return shim_library_result;
}

// From here on every libvips call in this file goes through its pointer.
#define vips_area_unref (*shim_fn_vips_area_unref)
#define vips_array_double_new (*shim_fn_vips_array_double_new)
#define vips_autorot (*shim_fn_vips_autorot)
#define vips_band_format_get_type (*shim_fn_vips_band_format_get_type)
#define vips_black (*shim_fn_vips_black)
#define vips_blob_get_type (*shim_fn_vips_blob_get_type)
#define vips_blob_new (*shim_fn_vips_blob_new)
#define vips_block_untrusted_set (*shim_fn_vips_block_untrusted_set)
#define vips_cache_set_max (*shim_fn_vips_cache_set_max)
#define vips_cast (*shim_fn_vips_cast)
#define vips_colourspace (*shim_fn_vips_colourspace)
#define vips_concurrency_set (*shim_fn_vips_concurrency_set)
#define vips_copy (*shim_fn_vips_copy)
#define vips_crop (*shim_fn_vips_crop)
#define vips_embed (*shim_fn_vips_embed)
#define vips_enum_nick (*shim_fn_vips_enum_nick)
#define vips_error (*shim_fn_vips_error)
#define vips_error_buffer (*shim_fn_vips_error_buffer)
#define vips_error_clear (*shim_fn_vips_error_clear)
#define vips_extract_band (*shim_fn_vips_extract_band)
#define vips_flatten (*shim_fn_vips_flatten)
#define vips_foreign_get_type (*shim_fn_vips_foreign_get_type)
#define vips_foreign_map (*shim_fn_vips_foreign_map)
#define vips_format_sizeof_unsafe (*shim_fn_vips_format_sizeof_unsafe)
#define vips_heifsave_buffer (*shim_fn_vips_heifsave_buffer)
#define vips_icc_transform (*shim_fn_vips_icc_transform)
#define vips_image_copy_memory (*shim_fn_vips_image_copy_memory)
#define vips_image_get_bands (*shim_fn_vips_image_get_bands)
#define vips_image_get_blob (*shim_fn_vips_image_get_blob)
#define vips_image_get_coding (*shim_fn_vips_image_get_coding)
#define vips_image_get_format (*shim_fn_vips_image_get_format)
#define vips_image_get_height (*shim_fn_vips_image_get_height)
#define vips_image_get_interpretation (*shim_fn_vips_image_get_interpretation)
#define vips_image_get_orientation (*shim_fn_vips_image_get_orientation)
#define vips_image_get_string (*shim_fn_vips_image_get_string)
#define vips_image_get_typeof (*shim_fn_vips_image_get_typeof)
#define vips_image_get_width (*shim_fn_vips_image_get_width)
#define vips_image_get_xres (*shim_fn_vips_image_get_xres)
#define vips_image_get_yres (*shim_fn_vips_image_get_yres)
#define vips_image_hasalpha (*shim_fn_vips_image_hasalpha)
#define vips_image_new_from_memory (*shim_fn_vips_image_new_from_memory)
#define vips_image_new_from_memory_copy (*shim_fn_vips_image_new_from_memory_copy)
#define vips_image_new_from_source (*shim_fn_vips_image_new_from_source)
#define vips_image_remove (*shim_fn_vips_image_remove)
#define vips_image_set_int (*shim_fn_vips_image_set_int)
#define vips_image_write (*shim_fn_vips_image_write)
#define vips_image_write_to_memory (*shim_fn_vips_image_write_to_memory)
#define vips_init (*shim_fn_vips_init)
#define vips_insert (*shim_fn_vips_insert)
#define vips_interpretation_get_type (*shim_fn_vips_interpretation_get_type)
#define vips_jpegsave_buffer (*shim_fn_vips_jpegsave_buffer)
#define vips_linear1 (*shim_fn_vips_linear1)
#define vips_operation_get_type (*shim_fn_vips_operation_get_type)
#define vips_pngsave_buffer (*shim_fn_vips_pngsave_buffer)
#define vips_ref_string_get_type (*shim_fn_vips_ref_string_get_type)
#define vips_region_new (*shim_fn_vips_region_new)
#define vips_region_prepare (*shim_fn_vips_region_prepare)
#define vips_rect_includespoint (*shim_fn_vips_rect_includespoint)
#define vips_resize (*shim_fn_vips_resize)
#define vips_shrink (*shim_fn_vips_shrink)
#define vips_source_new_from_blob (*shim_fn_vips_source_new_from_blob)
#define vips_source_new_from_file (*shim_fn_vips_source_new_from_file)
#define vips_version_string (*shim_fn_vips_version_string)


// ---- the gate -------------------------------------------------------------------------------

static pthread_rwlock_t shim_gate;
static pthread_once_t shim_gate_once = PTHREAD_ONCE_INIT;

static void shim_gate_setup(void) {
    pthread_rwlockattr_t attributes;
    pthread_rwlockattr_init(&attributes);
#ifdef __GLIBC__
    // glibc prefers readers by default: a failed call waiting to re-run alone could starve
    // behind a steady stream of calls from other threads.
    pthread_rwlockattr_setkind_np(&attributes, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
    pthread_rwlock_init(&shim_gate, &attributes);
    pthread_rwlockattr_destroy(&attributes);
}

void shim_gate_shared(void) {
    pthread_once(&shim_gate_once, shim_gate_setup);
    pthread_rwlock_rdlock(&shim_gate);
}

void shim_gate_exclusive(void) {
    pthread_once(&shim_gate_once, shim_gate_setup);
    pthread_rwlock_wrlock(&shim_gate);
}

void shim_gate_release(void) { pthread_rwlock_unlock(&shim_gate); }

// ---- process ------------------------------------------------------------------------------

static void shim_silent_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
                            gpointer data) {
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
}

static gsize shim_init_once = 0;
static int shim_init_result = -1;

int shim_init(const char *program_name) {
    if (g_once_init_enter(&shim_init_once)) {
        int result = shim_load_library() == 0 ? vips_init(program_name) : -1;
        if (result == 0) {
            // A batch tool loads each image once: the operation cache only holds memory.
            vips_cache_set_max(0);
            // Loaders libvips marks as unsafe for untrusted input (magick, pdf, svg, jxl,
            // jp2k, matlab, fits, vips, ...) are refused; jpeg/png/webp/tiff/gif/heif stay.
            vips_block_untrusted_set(TRUE);
            // libvips reports warnings (e.g. "ignoring nclx profile") on stderr through
            // g_warning; failures we care about arrive through the error buffer instead.
            g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO,
                              shim_silent_log, NULL);
        }
        shim_init_result = result;
        g_once_init_leave(&shim_init_once, 1);
    }
    return shim_init_result;
}

void shim_set_concurrency(int threads) { vips_concurrency_set(threads); }

const char *shim_version(void) { return shim_load_library() == 0 ? vips_version_string() : "unavailable"; }

char *shim_error_take(void) {
    if (shim_load_library() != 0) return g_strdup(shim_library_failure);
    char *message = g_strdup(vips_error_buffer());
    vips_error_clear();
    return message;
}

void shim_error_clear(void) {
    if (shim_load_library() == 0) vips_error_clear();
}

static void *shim_can_load_sub(VipsForeignLoadClass *load_class, const char *suffix, void *b) {
    (void)b;
    VipsForeignClass *foreign_class = VIPS_FOREIGN_CLASS(load_class);
    VipsOperationClass *operation_class = VIPS_OPERATION_CLASS(load_class);
    if (operation_class->flags & VIPS_OPERATION_BLOCKED) return NULL;
    if (!foreign_class->suffs) return NULL;
    for (const char **s = foreign_class->suffs; *s; s++) {
        if (g_ascii_strcasecmp(*s, suffix) == 0) return load_class;
    }
    return NULL;
}

int shim_can_load_suffix(const char *suffix) {
    if (!suffix || !*suffix) return 0;
    char *dotted = suffix[0] == '.' ? g_strdup(suffix) : g_strconcat(".", suffix, NULL);
    void *found = vips_foreign_map("VipsForeignLoad", (VipsSListMap2Fn)shim_can_load_sub, dotted, NULL);
    g_free(dotted);
    return found != NULL;
}

// ---- lifetime -----------------------------------------------------------------------------

void shim_unref(VipsImage *image) {
    if (image) g_object_unref(image);
}

// ---- load ---------------------------------------------------------------------------------

static int shim_load_source_options(VipsSource *source, const char *options, VipsImage **out);

static int shim_load_source(VipsSource *source, VipsImage **out) {
    return shim_load_source_options(source, "", out);
}

static int shim_load_source_options(VipsSource *source, const char *options, VipsImage **out) {
    // Only the header is read now, so the caller can check the dimensions before any pixel
    // memory is used. Sequential access: the pixels can then be read once, top to bottom,
    // straight into shim_copy_memory()'s buffer (no second full-size copy as with random access).
    VipsImage *image = vips_image_new_from_source(source, options, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                                  VIPS_FAIL_ON_TRUNCATED, NULL);
    if (!image) return -1;
    *out = image;
    return 0;
}

int shim_load_file(const char *path, VipsImage **out) {
    // A file source, not vips_image_new_from_file: no "[options]" parsing of the file name.
    VipsSource *source = vips_source_new_from_file(path);
    if (!source) return -1;
    int result = shim_load_source(source, out);
    g_object_unref(source);
    return result;
}

static int shim_blob_free(void *data, void *unused) {
    (void)unused;
    g_free(data);
    return 0;
}

int shim_load_buffer_options(const void *data, size_t length, const char *options, VipsImage **out);

int shim_load_buffer(const void *data, size_t length, VipsImage **out) {
    return shim_load_buffer_options(data, length, "", out);
}

int shim_load_buffer_options(const void *data, size_t length, const char *options, VipsImage **out) {
    if (!data || length == 0) {
        vips_error("VipsKit", "%s", "empty buffer");
        return -1;
    }
    void *copy = g_malloc(length);
    memcpy(copy, data, length);
    // The blob owns the copy; the source and the loader hold references to the blob, so the
    // bytes stay alive exactly as long as something can still read pixels from them.
    VipsBlob *blob = vips_blob_new(shim_blob_free, copy, length);
    VipsSource *source = vips_source_new_from_blob(blob);
    vips_area_unref(VIPS_AREA(blob));
    if (!source) return -1;
    int result = shim_load_source_options(source, options, out);
    g_object_unref(source);
    return result;
}

// ---- header -------------------------------------------------------------------------------

int shim_width(const VipsImage *image) { return vips_image_get_width(image); }
int shim_height(const VipsImage *image) { return vips_image_get_height(image); }
int shim_bands(const VipsImage *image) { return vips_image_get_bands(image); }
int shim_format(const VipsImage *image) { return (int)vips_image_get_format(image); }
int shim_interpretation(const VipsImage *image) { return (int)vips_image_get_interpretation(image); }

const char *shim_interpretation_nick(int interpretation) {
    const char *nick = vips_enum_nick(VIPS_TYPE_INTERPRETATION, interpretation);
    return nick ? nick : "unknown";
}

const char *shim_format_nick(int format) {
    const char *nick = vips_enum_nick(VIPS_TYPE_BAND_FORMAT, format);
    return nick ? nick : "unknown";
}

size_t shim_sizeof_image(const VipsImage *image) { return (size_t)VIPS_IMAGE_SIZEOF_IMAGE(image); }

int shim_has_alpha(VipsImage *image) { return vips_image_hasalpha(image) ? 1 : 0; }
double shim_xres(const VipsImage *image) { return vips_image_get_xres(image); }
double shim_yres(const VipsImage *image) { return vips_image_get_yres(image); }
int shim_orientation(VipsImage *image) { return vips_image_get_orientation(image); }

int shim_has_field(const VipsImage *image, const char *name) {
    return vips_image_get_typeof(image, name) != 0;
}

char *shim_get_string(const VipsImage *image, const char *name) {
    // Strings may be G_TYPE_STRING or VIPS_TYPE_REF_STRING ("vips-loader" is the latter);
    // vips_image_get_string() reads both.
    GType type = vips_image_get_typeof(image, name);
    if (type != G_TYPE_STRING && type != VIPS_TYPE_REF_STRING) return NULL;
    const char *value = NULL;
    if (vips_image_get_string(image, name, &value) != 0 || !value) {
        vips_error_clear();
        return NULL;
    }
    return g_strdup(value);
}

const void *shim_get_blob(const VipsImage *image, const char *name, size_t *length) {
    *length = 0;
    if (vips_image_get_typeof(image, name) != VIPS_TYPE_BLOB) return NULL;
    const void *data = NULL;
    if (vips_image_get_blob(image, name, &data, length) != 0) {
        vips_error_clear();
        *length = 0;
        return NULL;
    }
    return data;
}

// ---- operations ---------------------------------------------------------------------------

int shim_copy_memory(VipsImage *in, VipsImage **out) {
    VipsImage *image = vips_image_copy_memory(in);
    if (!image) return -1;
    // The copy is random-access: drop the sequential hint inherited from a sequential load so
    // later operations do not add line caches that fail on out-of-order reads.
    if (image != in) vips_image_remove(image, VIPS_META_SEQUENTIAL);
    *out = image;
    return 0;
}

int shim_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }

int shim_copy_set_int(VipsImage *in, VipsImage **out, const char *name, int value) {
    if (vips_copy(in, out, NULL)) return -1;
    vips_image_set_int(*out, name, value);
    return 0;
}

int shim_colourspace(VipsImage *in, VipsImage **out, int interpretation) {
    return vips_colourspace(in, out, (VipsInterpretation)interpretation, NULL);
}

int shim_icc_to_srgb(VipsImage *in, VipsImage **out) {
    return vips_icc_transform(in, out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_PERCEPTUAL, "depth", 8,
                              NULL);
}

int shim_icc_to_cmyk(VipsImage *in, VipsImage **out) {
    return vips_icc_transform(in, out, "cmyk", "input_profile", "srgb", "depth", 8, NULL);
}

int shim_cast_uchar(VipsImage *in, VipsImage **out, int shift) {
    return vips_cast(in, out, VIPS_FORMAT_UCHAR, "shift", shift ? TRUE : FALSE, NULL);
}

int shim_flatten_white(VipsImage *in, VipsImage **out) {
    int colours = vips_image_get_bands(in) - 1;
    if (colours < 1) {
        vips_error("VipsKit", "%s", "flatten needs an alpha band");
        return -1;
    }
    double max = vips_image_get_format(in) == VIPS_FORMAT_USHORT ? 65535.0 : 255.0;
    double background[16];
    if (colours > 16) colours = 16;
    for (int i = 0; i < colours; i++) background[i] = max;
    VipsArrayDouble *array = vips_array_double_new(background, colours);
    VipsImage *flat = NULL;
    int result = vips_flatten(in, &flat, "background", array, "max_alpha", max, NULL);
    vips_area_unref(VIPS_AREA(array));
    if (result) return -1;
    // flatten may widen the format; bring it back to the input's.
    if (vips_image_get_format(flat) != vips_image_get_format(in)) {
        result = vips_cast(flat, out, vips_image_get_format(in), NULL);
        g_object_unref(flat);
        return result;
    }
    *out = flat;
    return 0;
}

int shim_extract_bands(VipsImage *in, VipsImage **out, int first, int count) {
    return vips_extract_band(in, out, first, "n", count, NULL);
}

int shim_crop(VipsImage *in, VipsImage **out, int left, int top, int width, int height) {
    return vips_crop(in, out, left, top, width, height, NULL);
}

int shim_resize_exact(VipsImage *in, VipsImage **out, int width, int height) {
    if (width < 1 || height < 1) {
        vips_error("VipsKit", "bad resize target %dx%d", width, height);
        return -1;
    }
    double hscale = (double)width / vips_image_get_width(in);
    double vscale = (double)height / vips_image_get_height(in);
    // With the sequential hint, shrinkv/reducev compute strips top to bottom behind a line
    // cache; without it they work tile by tile and redo overlapping input (about 5x slower for a
    // 12 MP -> 0.16 MP reduction here). The hint is safe because the result is written out below,
    // top to bottom, before anyone else reads it.
    VipsImage *tagged = NULL, *resized = NULL, *exact = NULL;
    if (vips_copy(in, &tagged, NULL)) return -1;
    vips_image_set_int(tagged, VIPS_META_SEQUENTIAL, 1);
    int result = vips_resize(tagged, &resized, hscale, "vscale", vscale, "kernel", VIPS_KERNEL_LANCZOS3, NULL);
    g_object_unref(tagged);
    if (result) return -1;
    if (vips_image_get_width(resized) == width && vips_image_get_height(resized) == height) {
        exact = resized;
    } else {
        // vips_resize rounds the output size; absorb a pixel either way by cropping or by
        // copying the edge outwards.
        result = vips_embed(resized, &exact, 0, 0, width, height, "extend", VIPS_EXTEND_COPY, NULL);
        g_object_unref(resized);
        if (result) return -1;
    }
    VipsImage *memory = vips_image_copy_memory(exact);
    g_object_unref(exact);
    if (!memory) return -1;
    vips_image_remove(memory, VIPS_META_SEQUENTIAL);
    *out = memory;
    return 0;
}

// Rounded means as libvips' shrink computes them (a rounded mean down each column of a block,
// then a rounded mean of those across it), in one pass over rows the image already holds: about
// three times faster than vips_shrink on a decoded camera photo, whose pipeline and thread
// hand-offs cost more than the sums (7.5 ms against 2.3 ms for 2000x1500 here).
static void shim_block_mean_rows(const VipsPel *top, size_t row_skip, int blocks_wide, int factor, int bands,
                                 guint32 *column_sums, VipsPel *out) {
    const int samples = blocks_wide * factor * bands;
    memset(column_sums, 0, sizeof(guint32) * (size_t)samples);
    for (int y = 0; y < factor; y++) {
        const VipsPel *row = top + row_skip * (size_t)y;
        for (int i = 0; i < samples; i++) column_sums[i] += row[i];
    }
    const guint32 half = (guint32)factor / 2;
    for (int block = 0; block < blocks_wide; block++) {
        for (int band = 0; band < bands; band++) {
            guint32 sum = 0;
            for (int x = 0; x < factor; x++) {
                sum += (column_sums[(block * factor + x) * bands + band] + half) / (guint32)factor;
            }
            out[block * bands + band] = (VipsPel)((sum + half) / (guint32)factor);
        }
    }
}

int shim_block_mean(VipsImage *in, VipsImage **out, int factor) {
    int width = vips_image_get_width(in) / factor, height = vips_image_get_height(in) / factor;
    if (factor < 1 || width < 1 || height < 1) {
        vips_error("VipsKit", "bad block size %d", factor);
        return -1;
    }
    if (vips_image_get_format(in) != VIPS_FORMAT_UCHAR || vips_image_get_coding(in) != VIPS_CODING_NONE) {
        VipsImage *exact = NULL, *shrunk = NULL;
        if (vips_crop(in, &exact, 0, 0, width * factor, height * factor, NULL)) return -1;
        int result = vips_shrink(exact, &shrunk, (double)factor, (double)factor, NULL);
        g_object_unref(exact);
        if (result) return -1;
        VipsImage *memory = vips_image_copy_memory(shrunk);
        g_object_unref(shrunk);
        if (!memory) return -1;
        *out = memory;
        return 0;
    }
    const int bands = vips_image_get_bands(in);
    // A region over an image held in memory points into it: nothing is copied.
    VipsRegion *region = vips_region_new(in);
    if (!region) return -1;
    VipsRect area = {0, 0, width * factor, height * factor};
    if (vips_region_prepare(region, &area)) {
        g_object_unref(region);
        return -1;
    }
    VipsPel *means = g_malloc((size_t)width * height * bands);
    guint32 *column_sums = g_malloc(sizeof(guint32) * (size_t)width * factor * bands);
    const size_t row_skip = VIPS_REGION_LSKIP(region);
    for (int block_row = 0; block_row < height; block_row++) {
        shim_block_mean_rows(VIPS_REGION_ADDR(region, 0, block_row * factor), row_skip, width, factor, bands,
                             column_sums, means + (size_t)block_row * width * bands);
    }
    g_free(column_sums);
    g_object_unref(region);
    VipsImage *memory = vips_image_new_from_memory_copy(means, (size_t)width * height * bands, width, height,
                                                        bands, VIPS_FORMAT_UCHAR);
    g_free(means);
    if (!memory) return -1;
    memory->Type = in->Type;
    *out = memory;
    return 0;
}

int shim_canvas(VipsImage **out, int width, int height, int bands, double value) {
    VipsImage *black = NULL, *filled = NULL;
    if (vips_black(&black, width, height, "bands", bands, NULL)) return -1;
    int result = vips_linear1(black, &filled, 1.0, value, "uchar", TRUE, NULL);
    g_object_unref(black);
    if (result) return -1;
    VipsInterpretation interpretation = bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    result = vips_copy(filled, out, "interpretation", interpretation, NULL);
    g_object_unref(filled);
    return result;
}

int shim_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y) {
    return vips_insert(main, sub, out, x, y, NULL);
}

int shim_from_memory(const void *data, size_t length, int width, int height, int bands, int sixteen_bit,
                     int interpretation, VipsImage **out) {
    VipsBandFormat format = sixteen_bit ? VIPS_FORMAT_USHORT : VIPS_FORMAT_UCHAR;
    VipsImage *image = vips_image_new_from_memory_copy(data, length, width, height, bands, format);
    if (!image) return -1;
    int result = vips_copy(image, out, "interpretation", (VipsInterpretation)interpretation, NULL);
    g_object_unref(image);
    return result;
}

int shim_write_pixels(VipsImage *in, void *dst, size_t length) {
    if ((size_t)VIPS_IMAGE_SIZEOF_IMAGE(in) != length) {
        vips_error("VipsKit", "%s", "pixel buffer has the wrong size");
        return -1;
    }
    // Wrap the caller's buffer as a vips image and write straight into it: no extra copy.
    VipsImage *target = vips_image_new_from_memory(dst, length, vips_image_get_width(in), vips_image_get_height(in),
                                                   vips_image_get_bands(in), vips_image_get_format(in));
    if (!target) return -1;
    int result = vips_image_write(in, target);
    g_object_unref(target);
    return result;
}

// ---- save ---------------------------------------------------------------------------------

int shim_jpegsave_buffer(VipsImage *in, void **buf, size_t *len, int quality, int strip) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", strip ? TRUE : FALSE, "optimize_coding", TRUE,
                                "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON, "interlace", FALSE, NULL);
}

int shim_jpegsave_buffer_fast(VipsImage *in, void **buf, size_t *len, int quality) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, "optimize_coding", FALSE,
                                "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON, "interlace", FALSE, NULL);
}

// Bilinear upscale of an 8-bit 3-band buffer into a region of the sheet (centre-aligned samples).
/* Bilinear resampling of one card side into the sheet, in 8.8 fixed point. Separable: each
 * source row is interpolated horizontally once (kept while the next destination rows need it),
 * then every destination row is a blend of two such rows, a loop the compiler vectorises. The
 * result is bit for bit the direct two-dimensional formula's. */
static void horizontal_row(const unsigned char *row, const int *x0, const int *x1, const int *wx, int dw, int *out) {
    for (int x = 0; x < dw; x++) {
        const unsigned char *a = row + x0[x], *b = row + x1[x];
        int w = wx[x], v = 256 - w;
        out[x * 3] = a[0] * v + b[0] * w;
        out[x * 3 + 1] = a[1] * v + b[1] * w;
        out[x * 3 + 2] = a[2] * v + b[2] * w;
    }
}

static void card_bilinear(const unsigned char *src, int sw, int sh, unsigned char *sheet, int sheet_w,
                          int ox, int oy, int dw, int dh) {
    double xs = (double)sw / dw, ys = (double)sh / dh;
    int *x0 = g_new(int, dw), *x1 = g_new(int, dw), *wx = g_new(int, dw);
    int *rows[2] = { g_new(int, (size_t)dw * 3), g_new(int, (size_t)dw * 3) };
    int cached[2] = { -1, -1 };
    for (int x = 0; x < dw; x++) {
        double fx = (x + 0.5) * xs - 0.5;
        if (fx < 0) fx = 0;
        int ix = (int)fx;
        if (ix > sw - 1) ix = sw - 1;
        x0[x] = ix * 3;
        x1[x] = (ix + 1 < sw ? ix + 1 : ix) * 3;
        wx[x] = (int)((fx - ix) * 256.0 + 0.5);
    }
    for (int y = 0; y < dh; y++) {
        double fy = (y + 0.5) * ys - 0.5;
        if (fy < 0) fy = 0;
        int iy = (int)fy;
        if (iy > sh - 1) iy = sh - 1;
        int iy1 = iy + 1 < sh ? iy + 1 : iy;
        int wy = (int)((fy - iy) * 256.0 + 0.5), vy = 256 - wy;
        const int *top = NULL, *bottom = NULL;
        for (int k = 0; k < 2; k++) {
            int want = k == 0 ? iy : iy1;
            int slot = cached[0] == want ? 0 : cached[1] == want ? 1 : -1;
            if (slot < 0) {
                /* Reuse the slot that holds neither row this destination row needs. */
                slot = (cached[0] == iy || cached[0] == iy1) ? 1 : 0;
                horizontal_row(src + (size_t)want * sw * 3, x0, x1, wx, dw, rows[slot]);
                cached[slot] = want;
            }
            if (k == 0) top = rows[slot]; else bottom = rows[slot];
        }
        unsigned char *d = sheet + ((size_t)(oy + y) * sheet_w + ox) * 3;
        for (int i = 0; i < dw * 3; i++) d[i] = (unsigned char)((top[i] * vy + bottom[i] * wy + 32768) >> 16);
    }
    g_free(x0); g_free(x1); g_free(wx); g_free(rows[0]); g_free(rows[1]);
}

static int card_into_sheet(VipsImage *in, unsigned char *sheet, int sheet_w, int ox, int oy, int w, int h) {
    if (vips_image_get_bands(in) != 3 || vips_image_get_format(in) != VIPS_FORMAT_UCHAR) {
        vips_error("VipsKit", "%s", "card sheet: sides must be 8-bit sRGB");
        return -1;
    }
    VipsImage *sized = NULL;
    int iw = vips_image_get_width(in), ih = vips_image_get_height(in);
    int upsizing = iw <= w && ih <= h;
    if (upsizing) {
        sized = in;
        g_object_ref(sized);
    } else if (shim_resize_exact(in, &sized, w, h)) {
        return -1;
    }
    size_t size = 0;
    unsigned char *pixels = vips_image_write_to_memory(sized, &size);
    int sw = vips_image_get_width(sized), sh = vips_image_get_height(sized);
    g_object_unref(sized);
    if (!pixels) return -1;
    if (upsizing) {
        card_bilinear(pixels, sw, sh, sheet, sheet_w, ox, oy, w, h);
    } else {
        for (int y = 0; y < h; y++) memcpy(sheet + ((size_t)(oy + y) * sheet_w + ox) * 3, pixels + (size_t)y * w * 3, (size_t)w * 3);
    }
    g_free(pixels);
    return 0;
}

static void free_sheet(VipsImage *image, gpointer sheet) { (void)image; g_free(sheet); }

int shim_card_sheet(VipsImage *top, VipsImage *bottom, int card_w, int card_h, int margin, VipsImage **out) {
    int sheet_w = card_w + 2 * margin, sheet_h = 2 * card_h + 3 * margin;
    size_t size = (size_t)sheet_w * sheet_h * 3;
    unsigned char *sheet = g_malloc(size);
    memset(sheet, 255, size);
    if (card_into_sheet(top, sheet, sheet_w, margin, margin, card_w, card_h) ||
        card_into_sheet(bottom, sheet, sheet_w, margin, 2 * margin + card_h, card_w, card_h)) {
        g_free(sheet);
        return -1;
    }
    /* The image wraps the sheet without a copy and frees it when it closes. */
    VipsImage *image = vips_image_new_from_memory(sheet, size, sheet_w, sheet_h, 3, VIPS_FORMAT_UCHAR);
    if (!image) { g_free(sheet); return -1; }
    g_signal_connect(image, "postclose", G_CALLBACK(free_sheet), sheet);
    int result = vips_copy(image, out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    g_object_unref(image);
    return result;
}

int shim_pngsave_buffer(VipsImage *in, void **buf, size_t *len, int bitdepth) {
    return vips_pngsave_buffer(in, buf, len, "bitdepth", bitdepth, NULL);
}

int shim_heifsave_buffer(VipsImage *in, void **buf, size_t *len) {
    return vips_heifsave_buffer(in, buf, len, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_HEVC, NULL);
}

void shim_free(void *p) { g_free(p); }
