#!/usr/bin/python3
"""A SERVQUAL-style gap report with the cx package: the bundled survey (or
generated answers when it is not there), results per item and dimension
as pandas data frames, importance-performance analysis and a gap chart.

Run from a build folder:
    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/gap_analysis.py [out.svg]
"""

import os
import sys
import tempfile

import numpy as np

import cx

here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("CX_EXAMPLES_DATA", os.path.join(here, "..", "data"))
path = os.path.join(data, "servqual_survey.csv")

# 1. The 22 SERVQUAL items in five dimensions, answered on 1-7 scales.
#    Answers come from the bundled CSV file, or, without it, from a random
#    survey made here: expectations high, perceptions a little lower, so
#    that most gaps are negative.
survey = cx.GapSurvey.servqual()
if os.path.exists(path):
    survey.read_csv(path)
    print("%s: %d respondents" % (os.path.basename(path),
                                  survey.n_respondents))
else:
    rng = np.random.default_rng(2024)
    n = 250
    expectation = np.clip(np.rint(rng.normal(6.0, 0.8, (n, 22))), 1, 7)
    perception = np.clip(np.rint(expectation - rng.normal(0.6, 1.0, (n, 22))),
                         1, 7)
    importance = np.clip(np.rint(rng.normal(5.0, 1.2, (n, 22))), 1, 7)
    expectation[rng.random((n, 22)) < 0.03] = np.nan      # skipped answers
    # the arrays are read in place: each column is a strided view
    survey.add_batch(expectation=expectation, perception=perception,
                     importance=importance)
    print("generated survey: %d respondents" % survey.n_respondents)

# 2. Every statistic at once: paired t-tests with Holm-adjusted p-values,
#    Wilcoxon signed-rank tests, effect sizes, IPA quadrants.
result = survey.result(zero_method="pratt")
items = result.items_dataframe()
print("\nlargest gaps (perception - expectation):")
print(items.sort_values("mean")[["id", "dimension", "n", "mean", "ci_low",
                                 "ci_high", "p_t_holm", "g_z"]]
      .head(5).to_string(index=False, float_format="%.3f"))

dims = result.dimensions_dataframe()
print("\nper dimension:")
print(dims[["name", "n_items", "n", "mean", "ci_low", "ci_high", "p_t_holm"]]
      .to_string(index=False, float_format="%.3f"))
print("\noverall unweighted SERVQUAL score: %.3f" % result.overall)
if result.weighted.n:
    print("weighted score (100 points per respondent): %.3f over %d "
          "respondents" % (result.weighted.mean, result.weighted.n))

# 3. Importance-performance analysis.
ipa = result.ipa()
print("\nimportance-performance quadrants:")
print(ipa.groupby("quadrant")["id"].apply(", ".join).to_string())

# 4. The gap chart (a bar per item with its interval, sorted by gap).
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    tempfile.gettempdir(), "servqual_gaps.svg")
svg = result.gap_svg(title="SERVQUAL gaps")
with open(out, "w", encoding="utf-8") as f:
    f.write(svg)
print("\ngap chart: %s (%d bytes)" % (out, len(svg)))
assert svg.startswith("<svg") and result.overall < 0
