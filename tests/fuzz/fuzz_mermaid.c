/* Fuzz target: the Mermaid journey reader and writer, strict and lenient.
 * Any input must load or fail cleanly, leaving the output untouched; a
 * journey that loads must export, the export must load again with the
 * same options and export to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int lenient = 0; lenient < 2; lenient++) {
    cx_mermaid_options o = CX_MERMAID_OPTIONS_INIT;
    o.lenient = lenient;
    o.max_bytes = 1 << 20;
    cx_journey *sentinel = (cx_journey *)&sentinel, *j = sentinel;
    if (cx_journey_from_mermaid(&j, (const char *)data, size, "fuzz", &o) !=
        CX_OK) {
      if (j != sentinel)
        abort(); /* a failed load wrote its output */
      continue;
    }
    char *e1 = NULL, *e2 = NULL;
    size_t n1 = 0, n2 = 0;
    cx_journey *back = NULL;
    if (cx_journey_to_mermaid(j, &e1, &n1) != CX_OK)
      abort(); /* a loaded journey does not export */
    if (cx_journey_from_mermaid(&back, e1, n1, "export", &o) != CX_OK)
      abort(); /* the export does not load */
    if (cx_journey_to_mermaid(back, &e2, &n2) != CX_OK || n1 != n2 ||
        memcmp(e1, e2, n1) != 0)
      abort(); /* exporting is not stable */
    cx_free(e1);
    cx_free(e2);
    cx_journey_free(back);
    cx_journey_free(j);
  }
  return 0;
}
