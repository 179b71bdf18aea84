/* Fuzz target: the NPS/CSAT/CES CSV reader, long and wide layouts, for
 * each kind of metric.  Any input must load or fail cleanly; a failed load
 * must leave the accumulator byte-identical, a successful one must compute
 * its result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

#include "fuzz_metrics_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cx_status make(int kind, cx_metric_survey **s) {
  switch (kind) {
  case 0: return cx_metric_survey_new_nps(s, NULL);
  case 1: return cx_metric_survey_new_csat(s, NULL);
  default: return cx_metric_survey_new_ces(s, CX_CES_2, NULL);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int kind = 0; kind < 3; kind++) {
    for (int layout = 0; layout < 2; layout++) {
      cx_metric_survey *s = NULL;
      if (make(kind, &s) != CX_OK)
        return 0;
      uint8_t *before = NULL, *after = NULL;
      size_t before_len = 0, after_len = 0;
      cx_metric_survey_serialize(s, &before, &before_len);
      cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
      o.layout = layout ? CX_METRIC_CSV_WIDE : CX_METRIC_CSV_AUTO;
      cx_status st = cx_metric_read_csv_buffer(s, (const char *)data, size,
                                               "fuzz", &o);
      if (st != CX_OK) {
        cx_metric_survey_serialize(s, &after, &after_len);
        if (after_len != before_len || memcmp(before, after, after_len) != 0)
          abort(); /* a failed load changed the accumulator */
        cx_free(after);
      } else {
        fuzz_metrics_compute(s);
      }
      cx_free(before);
      cx_metric_survey_free(s);
    }
  }
  return 0;
}
