/* Fuzz target: the journey JSON reader and writer, keeping unknown
 * members and refusing them, with and without validation.  Any input must
 * load or fail cleanly; a failed load must leave the caller's pointer
 * alone; and whatever loads must save, load again into an equal journey
 * and save to the same bytes, indented and on one line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Save @p j, load the text again, compare, and save that once more. */
static void round_trip(const cx_journey *j, int indent,
                       const cx_journey_json_options *o) {
  char *a = NULL, *b = NULL;
  size_t an = 0, bn = 0;
  if (cx_journey_to_json(j, indent, &a, &an) != CX_OK)
    abort(); /* a loaded journey always saves */
  cx_journey_json_options again = *o;
  again.max_bytes = (size_t)-1; /* indentation makes the text longer */
  cx_journey *k = NULL;
  if (cx_journey_from_json(&k, a, an, "saved", &again) != CX_OK)
    abort(); /* the saved text loads */
  if (!cx_journey_equal(j, k))
    abort(); /* into the same journey */
  if (cx_journey_to_json(k, indent, &b, &bn) != CX_OK || an != bn ||
      memcmp(a, b, an) != 0)
    abort(); /* and saves to the same bytes */
  cx_free(a);
  cx_free(b);
  cx_journey_free(k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int variant = 0; variant < 3; variant++) {
    cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
    o.unknown = variant == 1 ? CX_UNKNOWN_REJECT : CX_UNKNOWN_PRESERVE;
    o.validate = variant == 2;
    o.max_depth = 24;
    o.max_touchpoints = 1000;
    cx_journey *const sentinel = (cx_journey *)&o; /* never dereferenced */
    cx_journey *j = sentinel;
    cx_status st =
        cx_journey_from_json(&j, (const char *)data, size, "fuzz", &o);
    if (st != CX_OK) {
      if (j != sentinel)
        abort(); /* a failed load wrote the caller's pointer */
      continue;
    }
    round_trip(j, 2, &o);
    round_trip(j, 0, &o);
    cx_journey_free(j);
  }
  return 0;
}
