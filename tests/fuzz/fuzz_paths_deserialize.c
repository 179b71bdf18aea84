/* Fuzz target: cx_paths_log_deserialize.  Whatever the bytes, it must
 * refuse cleanly or give a log that serializes back to the same bytes and
 * computes results. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>
#include <cx/paths.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cx_paths_log *log = NULL;
  if (cx_paths_log_deserialize(&log, data, size) != CX_OK)
    return 0;
  uint8_t *back = NULL;
  size_t len = 0;
  if (cx_paths_log_serialize(log, &back, &len) != CX_OK)
    abort();
  if (len != size || memcmp(back, data, size) != 0)
    abort(); /* round trip must be exact */
  cx_free(back);
  cx_paths_result *r = NULL;
  if (cx_paths_result_compute(&r, log) == CX_OK) {
    cx_paths_attribution_options ao = CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
    ao.max_states = 200;
    cx_paths_attribution *a = NULL;
    cx_paths_attribution_compute(&a, r, &ao);
    cx_paths_attribution_free(a);
  }
  cx_paths_result_free(r);
  cx_paths_log *copy = NULL;
  if (cx_paths_log_new(&copy, NULL) == CX_OK)
    cx_paths_log_merge(copy, log);
  cx_paths_log_free(copy);
  cx_paths_log_free(log);
  return 0;
}
