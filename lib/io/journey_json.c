/* Journey maps as JSON: not available in this build yet; every entry point
 * fails cleanly so callers get an error, never a crash. */
#include "internal.h"

#include <cx/io.h>

cx_status cx_journey_from_json(cx_journey **out, const char *text, size_t len,
                               const char *name,
                               const cx_journey_json_options *options) {
  (void)out, (void)text, (void)len, (void)name, (void)options;
  return cx__error(CX_ESTATE, "the JSON journey reader is not available");
}

cx_status cx_journey_read_json(cx_journey **out, const char *path,
                               const cx_journey_json_options *options) {
  (void)out, (void)path, (void)options;
  return cx__error(CX_ESTATE, "the JSON journey reader is not available");
}

cx_status cx_journey_to_json(const cx_journey *journey, int indent, char **out,
                             size_t *len) {
  (void)journey, (void)indent, (void)out, (void)len;
  return cx__error(CX_ESTATE, "the JSON journey writer is not available");
}
