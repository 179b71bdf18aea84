#!/usr/bin/python3
"""A tour of the Kano classes of the cx package on the bundled survey.

Run from a build folder:
    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/kano.py
"""

import os
import pickle
import sys

import cx
from cx import kano

here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("CX_EXAMPLES_DATA", os.path.join(here, "..", "data"))
path = os.path.join(data, "kano_survey.csv")
if len(sys.argv) > 1:
    path = sys.argv[1]

# 1. Read the CSV (long layout, answers as text in several wordings).
survey = kano.read_csv(path)
print("%s: %d features, segments %s" % (os.path.basename(path),
                                        survey.n_features(), survey.segments))

# 2. Results with the M > O > A > I rule and a 6% threshold.
result = survey.result(rule="moai", threshold=0.06)
print("\n%-36s %-3s %7s %7s  %s" % ("feature", "cat", "better", "worse",
                                    "Fong"))
for row in result:
    print("%-36s %-3s %7.3f %7.3f  %s" % (
        row.feature, row.category or "-", row.better, row.worse,
        "significant" if row.significant else "not significant"))

# 3. One feature, per segment.
name = result.features[0]
for segment in result.segments:
    row = result[name, segment]
    print("\n%s in %s: category %s, shares %s" % (
        name, segment, row.category,
        ", ".join("%s %.0f%%" % (c, 100 * s) for c, s in row.share.items())))

# 4. Accumulators pickle and merge: half + half == whole.
copy = pickle.loads(pickle.dumps(survey))
assert copy.serialize() == survey.serialize()
doubled = survey + copy
print("\nmerged survey counts every answer twice: %d pairs for %s"
      % (doubled.result()[name].n_raw, name))

# 5. Errors carry the place of the problem.
try:
    kano.read_csv_buffer("feature,functional,dysfunctional\nX,I like it,meh\n",
                         name="inline.csv")
except cx.ParseError as e:
    print("\nParseError at %s:%d:%d, value %r" % (e.path, e.line, e.column,
                                                  e.value))

# 6. The Kano diagram, as a notebook would show it.
svg = result.svg(title="Onboarding features")
print("\nSVG diagram: %d bytes" % len(svg))
try:
    df = result.to_dataframe(segments=False)
    print(df[["feature", "category", "better", "worse"]].head(3).to_string())
except ImportError:
    pass
