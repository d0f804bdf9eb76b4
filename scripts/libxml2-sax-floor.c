/* The floor under `sscard validate` of a workbook: libxml2's own SAX2 push parse of the
 * inflated sheet and shared strings, with handlers that do nothing (the same parser and options
 * sscard uses, fed in 64 KiB chunks). make bench prints it beside the fastexcel anchor.
 * Build: gcc -O2 libxml2-sax-floor.c $(pkg-config --cflags --libs libxml-2.0)
 * Usage: libxml2-sax-floor FILE.xml...   prints the parse time of each. */
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static long n;
static void start(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns, int na, int nd, const xmlChar **a) { n++; }
static void end(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void chars(void *c, const xmlChar *ch, int len) {}
int main(int argc, char **argv) {
  for (int f = 1; f < argc; f++) {
    FILE *fp = fopen(argv[f], "rb"); fseek(fp, 0, SEEK_END); long size = ftell(fp); rewind(fp);
    char *buf = malloc(size); fread(buf, 1, size, fp); fclose(fp);
    xmlSAXHandler h = {0}; h.initialized = XML_SAX2_MAGIC; h.startElementNs = start; h.endElementNs = end; h.characters = chars;
    struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, argv[f]);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_HUGE);
    for (long off = 0; off < size; off += 65536) { long len = size - off < 65536 ? size - off : 65536; xmlParseChunk(ctxt, buf + off, len, 0); }
    xmlParseChunk(ctxt, NULL, 0, 1);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%s: %.3f s, %ld elements\n", argv[f], (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, n);
    xmlFreeParserCtxt(ctxt); free(buf); n = 0;
  }
}
