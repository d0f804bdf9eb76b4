// pangocairo with a private fontconfig configuration, and HarfBuzz's subsetter (which makes the
// per-document font subsets that cairo then embeds). Casts that are C macros live here as inline
// functions, since Swift does not import function-like macros.
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-subset.h>

static inline void sscard_pango_set_fc_config(PangoFontMap *map, FcConfig *config) {
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
}

// glibc declares memfd_create only with _GNU_SOURCE; the font subsets live in such anonymous files.
extern int memfd_create(const char *__name, unsigned int __flags);
static inline int sscard_memfd(const char *name) { return memfd_create(name, 1U /* MFD_CLOEXEC */); }

static inline void sscard_g_object_unref(void *object) { g_object_unref(object); }
