/* Shared by the metrics fuzz targets: compute the result of every segment
 * and of all pooled, with a short bootstrap so a run stays fast. */
#ifndef CX_FUZZ_METRICS_COMMON_H
#define CX_FUZZ_METRICS_COMMON_H

#include <cx/cx.h>

static void fuzz_metrics_compute(const cx_metric_survey *s) {
  size_t n = cx_metric_survey_n_segments(s);
  for (size_t i = 0; i <= n; i++) {
    size_t seg = i == n ? CX_METRIC_ALL : i;
    switch (cx_metric_survey_kind(s)) {
    case CX_METRIC_NPS: {
      cx_nps_options o = CX_NPS_OPTIONS_INIT;
      o.bootstrap = 20;
      cx_nps_result *r = NULL;
      cx_nps_compute(&r, s, seg, &o);
      cx_nps_result_free(r);
      break;
    }
    case CX_METRIC_CSAT: {
      for (int m = CX_CSAT_TOP2BOX; m <= CX_CSAT_MEAN; m++) {
        cx_csat_options o = CX_CSAT_OPTIONS_INIT;
        o.method = (cx_csat_method)m;
        cx_csat_result *r = NULL;
        cx_csat_compute(&r, s, seg, &o);
        cx_csat_result_free(r);
      }
      break;
    }
    default: {
      cx_ces_result *r = NULL;
      cx_ces_compute(&r, s, seg, NULL);
      cx_ces_result_free(r);
      break;
    }
    }
  }
}

#endif
