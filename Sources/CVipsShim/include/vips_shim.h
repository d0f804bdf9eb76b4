// Non-variadic entry points to libvips for Swift (Swift cannot call C variadic functions).
//
// Conventions: functions returning `int` give 0 on success and -1 on failure, with the
// reason left in vips_error_buffer() (read it with shim_error_take()). Every `VipsImage **out`
// receives a new reference that the caller releases with shim_unref().
#pragma once
#include <stddef.h>
#include <vips/vips.h>

// ---- process ------------------------------------------------------------------------------

/// vips_init + cache off + untrusted loaders blocked + VIPS warnings silenced. Thread-safe;
/// only the first call does the work, later calls return the first result.
int shim_init(const char *program_name);
void shim_set_concurrency(int threads);
const char *shim_version(void);
/// Copies the error buffer (caller g_free()s it) and clears it. Never NULL.
char *shim_error_take(void);
void shim_error_clear(void);
/// The gate around libvips calls (VipsKit's ErrorBuffer.swift): libvips keeps ONE error buffer
/// for the process, so calls run under the shared side, and a call that failed runs again
/// under the exclusive side (no other libvips call in flight), where the buffer holds its
/// message alone. Writer-preferring, not recursive: never take it twice on one thread.
void shim_gate_shared(void);
void shim_gate_exclusive(void);
void shim_gate_release(void);
/// 1 when a loader that is not blocked claims files with this suffix (".heic", "jpg", ...).
int shim_can_load_suffix(const char *suffix);

// ---- lifetime -----------------------------------------------------------------------------

void shim_unref(VipsImage *image);

// ---- load ---------------------------------------------------------------------------------

/// Header-only (lazy) load of a file with sequential access: the pixels may be read once, top
/// to bottom (use shim_copy_memory before anything else). Loads with fail_on=truncated so a
/// truncated or damaged stream fails when decoded instead of turning grey.
int shim_load_file(const char *path, VipsImage **out);
/// Same for bytes in memory: the bytes are copied into a vips-owned blob that lives as long as
/// the image pipeline that reads from it.
int shim_load_buffer(const void *data, size_t length, VipsImage **out);
/// As shim_load_buffer, with loader options such as "shrink=4" (JPEG shrink-on-load).
int shim_load_buffer_options(const void *data, size_t length, const char *options, VipsImage **out);

// ---- header -------------------------------------------------------------------------------

int shim_width(const VipsImage *image);
int shim_height(const VipsImage *image);
int shim_bands(const VipsImage *image);
/// VipsBandFormat as int (0 uchar, 2 ushort, 6 float, ...).
int shim_format(const VipsImage *image);
/// VipsInterpretation as int.
int shim_interpretation(const VipsImage *image);
/// Nickname of a VipsInterpretation value ("srgb", "cmyk", "b-w", ...); static string.
const char *shim_interpretation_nick(int interpretation);
/// Nickname of a VipsBandFormat value ("uchar", "ushort", "float", ...); static string.
const char *shim_format_nick(int format);
/// Bytes of pixel data: width * height * bands * bytes per sample.
size_t shim_sizeof_image(const VipsImage *image);
int shim_has_alpha(VipsImage *image);
double shim_xres(const VipsImage *image);
double shim_yres(const VipsImage *image);
int shim_orientation(VipsImage *image);
int shim_has_field(const VipsImage *image, const char *name);
/// Copy of a string field (caller g_free()s it) or NULL.
char *shim_get_string(const VipsImage *image, const char *name);
/// Pointer to a blob field's bytes (owned by the image; valid while it lives) or NULL.
const void *shim_get_blob(const VipsImage *image, const char *name, size_t *length);

// ---- operations ---------------------------------------------------------------------------

/// Decodes/computes all pixels into memory; the result is random-access.
int shim_copy_memory(VipsImage *in, VipsImage **out);
int shim_autorot(VipsImage *in, VipsImage **out);
/// A copy of `in` (sharing pixels) with an int metadata field set, e.g. "orientation".
int shim_copy_set_int(VipsImage *in, VipsImage **out, const char *name, int value);
int shim_colourspace(VipsImage *in, VipsImage **out, int interpretation);
/// Transform through the embedded ICC profile to sRGB, 8 bit (perceptual intent).
int shim_icc_to_srgb(VipsImage *in, VipsImage **out);
/// Transform to CMYK with vips' built-in CMYK profile (tests make CMYK JPEGs with it).
int shim_icc_to_cmyk(VipsImage *in, VipsImage **out);
/// Cast to uchar; `shift` != 0 scales 16-bit values down (x >> 8) instead of clipping.
int shim_cast_uchar(VipsImage *in, VipsImage **out, int shift);
/// Flatten the alpha band onto white (255 for 8-bit, 65535 for 16-bit input).
int shim_flatten_white(VipsImage *in, VipsImage **out);
int shim_extract_bands(VipsImage *in, VipsImage **out, int first, int count);
int shim_crop(VipsImage *in, VipsImage **out, int left, int top, int width, int height);
/// Resize to exactly width x height with lanczos3 (a final one-pixel crop/edge-copy absorbs
/// rounding in vips_resize). The result is computed now and held in memory.
int shim_resize_exact(VipsImage *in, VipsImage **out, int width, int height);
/// The mean of each factor x factor block of the top-left (width / factor * factor) x (height /
/// factor * factor) pixels (a box filter: one pass, no kernel), computed now and held in memory.
int shim_block_mean(VipsImage *in, VipsImage **out, int factor);
/// An 8-bit sRGB image of one constant value per band.
int shim_canvas(VipsImage **out, int width, int height, int bands, double value);
int shim_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y);
/// 8-bit (uchar) or 16-bit (ushort, native endian) pixels copied in as a new image.
int shim_from_memory(const void *data, size_t length, int width, int height, int bands,
                     int sixteen_bit, int interpretation, VipsImage **out);
/// Writes all pixels of `in` into `dst` (exactly width*height*bands*sizeof(format) bytes).
int shim_write_pixels(VipsImage *in, void *dst, size_t length);

// ---- save ---------------------------------------------------------------------------------

/// Baseline JPEG, optimize_coding, 4:2:0 chroma. `strip` != 0 drops all metadata.
/// *buf is g_malloc()ed: release with shim_free().
int shim_jpegsave_buffer(VipsImage *in, void **buf, size_t *len, int quality, int strip);
// Baseline JPEG, metadata stripped, 4:2:0, standard Huffman tables (one pass: for large sheets).
int shim_jpegsave_buffer_fast(VipsImage *in, void **buf, size_t *len, int quality);
// Two 8-bit 3-band images, each scaled to card_w x card_h, one above the other on a white sheet
// with `margin` pixels around and between them. Downsizing uses lanczos3 (vips_resize);
// upsizing is bilinear, written straight into the sheet (the common 856x540 -> 1011x638 case).
int shim_card_sheet(VipsImage *top, VipsImage *bottom, int card_w, int card_h, int margin, VipsImage **out);
/// PNG (for tests and debugging); bitdepth 8 or 16.
int shim_pngsave_buffer(VipsImage *in, void **buf, size_t *len, int bitdepth);
/// HEIC (HEVC) bytes, for tests; fails when libheif has no HEVC encoder.
int shim_heifsave_buffer(VipsImage *in, void **buf, size_t *len);
void shim_free(void *p);
