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

static inline void sscard_g_object_unref(void *object) { g_object_unref(object); }
