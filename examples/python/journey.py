#!/usr/bin/python3
"""A journey map with the cx package: build the onboarding journey in code,
score it, rank its pain points, compare it with an improved copy and draw
it; then load the fuller onboarding map bundled in examples/data.

Run from a build folder:
    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/journey.py [out.svg]
"""

import os
import sys
import tempfile

import cx

here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("CX_EXAMPLES_DATA", os.path.join(here, "..", "data"))
path = os.path.join(data, "journeys", "onboarding.json")


def build():
    """The onboarding journey, stage by stage."""
    j = cx.Journey("onboarding", title="Becoming a customer")
    j.add_actor("new-customer", "New customer")
    orientation = j.add_stage("orientation", "Orientation")
    orientation.add_touchpoint("ad", "Sees an advert", channel="social",
                               score=4, reach=10000)
    comparison = j.add_stage("comparison", "Comparison")
    comparison.add_touchpoint("compare-site", "Comparison site",
                              channel="web", score=3, expectation=4,
                              experience=3, importance=2, reach=4000)
    sign_up = j.add_stage("sign-up", "Sign-up")
    form = sign_up.add_touchpoint("form", "Online form", channel="web",
                                  score=2, expectation=4, experience=2,
                                  importance=3, reach=2500,
                                  actors=["new-customer"])
    form.pain_points.append("asks for the same data twice")
    onboarding = j.add_stage("onboarding", "Onboarding")
    onboarding.add_touchpoint("welcome", "Welcome call", channel="phone",
                              score=5, reach=1800, moment_of_truth=True)
    return j


journey = build()

print("%s: %d stages, %d touchpoints" % (journey.title, len(journey),
                                         len(journey.touchpoints)))
for stage in journey:
    print("  %-14s %s" % (stage.name, ", ".join(t.name for t in stage)))

problems = journey.validate()
print("\nvalidation: %s" % ("no problems" if not problems else
                            "; ".join(p.message for p in problems)))

s = journey.score()
print("\nscores over %d touchpoints (normalised to [-1, 1]):" % s.n)
for name in ("mean", "peak", "trough", "end", "peak_end", "slope"):
    print("  %-9s %6.3f" % (name, s[name]))

print("\npain points (priority = -gap x importance x reach):")
for p in journey.pain_points()[:5]:
    print("  %d. %-30s gap %5.2f  priority %10.1f" % (p.rank, p.name, p.gap,
                                                     p.priority))

ending = journey.ending()
print("\nends on a positive note: %s" % ("no, short by %.3f" % ending.shortfall
                                         if ending else "yes"))

# A to-be version: fix the worst pain point and compare.
to_be = journey.copy()
worst = journey.pain_points()[0] if journey.pain_points() else None
if worst:
    tp = to_be[worst.id]
    tp.experience = tp.expectation
    tp.score = journey.scale[2]
diff = journey.diff(to_be)
print("\nas-is -> to-be: %d changes, mean score %+.3f" % (
    len(diff), diff.score_changes["mean"]))

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    tempfile.gettempdir(), "onboarding_journey.svg")
svg = journey.to_svg()
with open(out, "w", encoding="utf-8") as f:
    f.write(svg)
print("journey map: %s (%d bytes)" % (out, len(svg)))
assert svg.startswith("<svg") and s.n > 0

# The bundled map has every field a team records; its worst touchpoints.
bundled = cx.Journey.load(path)
print("\n%s (bundled): %d touchpoints, mean score %.3f" % (
    bundled.title, len(bundled.touchpoints), bundled.score()["mean"]))
for p in bundled.pain_points()[:3]:
    print("  %d. %-40s priority %10.1f" % (p.rank, p.name, p.priority))
