#!/usr/bin/python3
"""Observed journeys with the cx package: load the bundled onboarding event
log into a pandas DataFrame, then print the funnel, the most frequent paths
and the attribution of account openings as DataFrames, draw the
directly-follows graph, and compare the cases with the designed onboarding
journey, saving the journey with the observed reach and drop-off.  Last, the
same graph from a graph-only log, whose memory does not grow with the
events.

Run from a build folder:
    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/paths.py [outdir]
"""

import os
import sys
import tempfile

import pandas as pd

import cx

here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("CX_EXAMPLES_DATA", os.path.join(here, "..", "data"))
events = os.path.join(data, "events", "onboarding_events.csv")
designed = os.path.join(data, "journeys", "onboarding.json")
outdir = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)

# One row per event: case, timestamp (ISO 8601 with offsets), touchpoint,
# channel, segment, outcome ("conversion" or empty), value.  pandas reads
# the times; the log takes the columns as they are (text, categoricals or
# integer codes; datetime64 timestamps).
frame = pd.read_csv(events)
frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
frame["segment"] = frame["segment"].astype("category")
log = cx.paths.from_dataframe(frame)

# The library's own CSV reader gives the same log.
assert cx.paths.read_csv(events).result().summary == log.result().summary

result = log.result()
s = result.summary
print("%d events, %d customers, %d opened an account (%.1f%%); median "
      "time from first to last touch %.1f h"
      % (s.n_events, s.n_cases, s.n_converted, 100 * s.n_converted / s.n_cases,
         s.duration_median / 3600))

steps = ["account-page", "online-application", "id-upload",
         "contract-signing"]
funnel = log.funnel(steps, window="30d")
print("\nFunnel (ordered, 30-day window):")
print(funnel.to_dataframe(segments=False)[
    ["step", "name", "reached", "from_previous", "from_first", "dropoff",
     "median_time"]].to_string(index=False))
rows = funnel.to_dataframe()
by_segment = rows[rows["segment"].notna()].pivot(index="segment",
                                                 columns="name",
                                                 values="reached")
print("\nReached per segment:")
print(by_segment[steps].to_string())

print("\nTop 5 paths:")
print(result.variants_dataframe(top=5)[
    ["rank", "count", "share", "converted", "path"]].to_string(index=False))

attribution = result.attribution()
print("\nAttribution of account openings (exact Markov removal effects, "
      "P(conversion) = %.3f):" % attribution.summary.p_conversion)
credits = attribution.to_dataframe().sort_values("markov", ascending=False)
print(credits[["name", "removal_effect", "markov", "first_touch",
               "last_touch", "linear"]].round(3).to_string(index=False))
assert abs(credits["markov"].sum()
           - (attribution.summary.n_conversions
              - attribution.summary.n_unattributed)) < 1e-6

svg_path = os.path.join(outdir, "onboarding_paths.svg")
with open(svg_path, "w", encoding="utf-8") as f:
    f.write(result.to_svg(min_count=20, title="Onboarding: observed paths"))
print("\ndirectly-follows graph: %s" % svg_path)

journey = cx.Journey.load(designed)
conformance = result.conformance(journey)
c = conformance.summary
print("\n%d of %d customers (%.1f%%) follow the designed order; %d skip a "
      "touchpoint; %d meet touchpoints the map lacks"
      % (c.following, c.cases, 100 * c.share_following, c.with_skips,
         c.with_unexpected))
print(conformance.to_dataframe()[["id", "reach", "reach_share", "skipped",
                                  "dropoff"]].to_string(index=False))
conformance.apply(journey)
observed_path = os.path.join(outdir, "onboarding_observed.json")
journey.save(observed_path)
print("journey with observed reach: %s" % observed_path)
assert cx.Journey.load(observed_path)["account-page"].reach == \
    conformance["account-page"].reach

# A graph-only log adds each event to the graph as it arrives and keeps per
# customer only its first and last times, last touchpoint and visits, so
# its memory grows with the customers, never with the events: the choice
# for huge logs whose events come in time order within each customer (this
# export's do).  It has the graph, the touchpoint figures, conversions and
# durations, but no paths: no variants, funnels, attribution or conformance.
graph_only = cx.paths.read_csv(events, graph_only=True).result()
same = graph_only.edges == result.edges
print("\nGraph-only log: %d events, %d edges, the same graph as the full "
      "log: %s" % (graph_only.summary.n_events, graph_only.n_edges(),
                   "yes" if same else "no"))
assert same and graph_only.summary.n_cases == s.n_cases
