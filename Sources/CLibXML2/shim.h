// Debian builds libxml2 with ICU; its ICU types clash with Foundation's bundled ICU.
// We never use libxml2's ICU encoders, so hide them before the other headers.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/parserInternals.h>
