#!/usr/bin/python3
"""Write the bundled sample SERVQUAL survey and touchpoint gaps (synthetic).

A retail bank asked 320 customers of three segments the 22 SERVQUAL items
of Parasuraman, Zeithaml & Berry (1988, 1991 wording): for each item what
an excellent bank would do (expectation E, 1-7) and what this bank does
(perception P, 1-7), how important the item is to them (1-7), and split
100 points over the five dimensions.  Each respondent carries a
post-stratification weight.  Real exports hold gaps in the data, so this
one does too: blank answers, "n/a" where an item did not apply (business
customers who never visit a branch, online customers rating the branch
interior) and the odd "don't know".

The bank's journey team also asked 180 recent new customers, per step of
the onboarding journey (examples/data/journeys/onboarding.json), what they
had expected, what they got, the lowest level they would accept (adequate),
the level they wished for (desired) and how important the step was, all on
the journey's 1-5 scale.

Run with Debian's Python and NumPy:

    /usr/bin/python3 examples/data/make_servqual.py

It rewrites servqual_survey.csv (long layout), servqual_survey_wide.csv
(the same answers, one row per respondent) and touchpoint_gaps.csv next to
this script.  The seed is fixed, so the files change only with the script.
"""

import csv
import os

import numpy as np

SEED = 20250407
HERE = os.path.dirname(os.path.abspath(__file__))

DIMENSIONS = [
    ("tangibles", 4),
    ("reliability", 5),
    ("responsiveness", 4),
    ("assurance", 4),
    ("empathy", 5),
]

# Designed mean gap P - E per item: the bank is modern and trustworthy but
# slow to answer and keeps missing promised times.
ITEM_GAP = [
    +0.3, +0.1, -0.2, -0.4,          # tangibles: new branches, dated forms
    -1.3, -0.9, -0.6, -1.6, -0.4,    # reliability: promised times missed
    -1.1, -1.4, -0.7, -0.9,          # responsiveness: slow answers
    -0.2, +0.2, -0.1, -0.5,          # assurance
    -0.8, -0.6, -0.3, -1.0, -0.5,    # empathy
]
# Designed importance per item (centre of a 1-7 rating).
ITEM_IMPORTANCE = [
    3.9, 4.3, 4.0, 3.6,
    6.5, 6.2, 5.9, 6.6, 5.8,
    5.6, 6.1, 5.2, 5.0,
    5.9, 6.3, 5.1, 5.5,
    4.6, 4.9, 5.3, 4.4, 5.0,
]
# Mean points given to each dimension (1991 revision): reliability first.
POINTS = [11, 32, 22, 19, 16]

# Segment, respondents, share of customers, attitude shift, item effects.
SEGMENTS = [
    ("retail-branch", 140, 0.55, 0.0),
    ("retail-online", 110, 0.35, 0.2),
    ("business", 70, 0.10, -0.4),
]
CELL_FACTORS = [0.8, 0.9, 1.0, 1.1, 1.25]

P_MISSING = 0.025    # a blank answer
P_DONT_KNOW = 0.006  # "don't know"
# Branch-related items (tangibles 1-3) do not apply to many online and
# business customers.
BRANCH_ITEMS = (0, 1, 2)
P_NA_BRANCH = {"retail-branch": 0.0, "retail-online": 0.35, "business": 0.25}


def rating(rng, centre, sd, lo, hi):
    return int(np.clip(np.rint(rng.normal(centre, sd)), lo, hi))


def points_split(rng):
    p = rng.dirichlet(np.array(POINTS, dtype=float) * 0.6)
    pts = np.floor(p * 20).astype(int) * 5  # multiples of 5, like a form
    pts[int(np.argmax(p))] += 100 - pts.sum()
    return [int(x) for x in pts]


def servqual(rng):
    rows = []
    n_items = len(ITEM_GAP)
    total_share = sum(s[2] for s in SEGMENTS)
    resp = 0
    for seg, n, share, shift in SEGMENTS:
        base_w = share / total_share * sum(s[1] for s in SEGMENTS) / n
        for _ in range(n):
            resp += 1
            rid = "S%04d" % resp
            w = round(base_w * CELL_FACTORS[rng.integers(len(CELL_FACTORS))], 4)
            # Personal response style: some rate everything high.
            style = rng.normal(0.0, 0.5)
            attitude = shift + rng.normal(0.0, 0.5)
            pts = points_split(rng) if rng.random() > 0.06 else None
            answers = []
            for i in range(n_items):
                e = rating(rng, 5.9 + style, 0.8, 1, 7)
                p = rating(rng, 5.9 + style + ITEM_GAP[i] + attitude, 1.0, 1, 7)
                imp = rating(rng, ITEM_IMPORTANCE[i] + 0.5 * style, 0.9, 1, 7)
                cells = [str(e), str(p), str(imp)]
                if i in BRANCH_ITEMS and rng.random() < P_NA_BRANCH[seg]:
                    cells[1] = "n/a"
                    if rng.random() < 0.5:
                        cells[0] = "n/a"
                for k in range(3):
                    u = rng.random()
                    if u < P_MISSING:
                        cells[k] = ""
                    elif u < P_MISSING + P_DONT_KNOW and k < 2:
                        cells[k] = "don't know"
                answers.append(cells)
            rows.append((rid, seg, w, pts, answers))
    return rows


def write_servqual(rows):
    dims = [d for d, _ in DIMENSIONS]
    items = ["SQ%d" % (i + 1) for i in range(len(ITEM_GAP))]
    with open(os.path.join(HERE, "servqual_survey.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["respondent", "segment", "weight", "item", "dimension",
                    "expectation", "perception", "importance"] +
                   [d + "_points" for d in dims])
        item_dim = [d for d, n in DIMENSIONS for _ in range(n)]
        for rid, seg, wt, pts, answers in rows:
            ptxt = [str(x) for x in pts] if pts else [""] * len(dims)
            for item, dim, cells in zip(items, item_dim, answers):
                w.writerow([rid, seg, "%g" % wt, item, dim] + cells + ptxt)
    with open(os.path.join(HERE, "servqual_survey_wide.csv"), "w",
              newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        head = ["respondent", "segment", "weight"]
        for q in ("expectation", "perception", "importance"):
            head += [i + "_" + q for i in items]
        head += [d + "_points" for d in dims]
        w.writerow(head)
        for rid, seg, wt, pts, answers in rows:
            row = [rid, seg, "%g" % wt]
            for k in range(3):
                row += [cells[k] for cells in answers]
            row += [str(x) for x in pts] if pts else [""] * len(dims)
            w.writerow(row)


# Touchpoints of onboarding.json with the designed (E, P, A, D, importance)
# centres on the 1-5 scale.  "branch-appointment" is asked about but not in
# the journey map, and some touchpoints of the map were not asked about.
TOUCHPOINTS = [
    ("account-page", 3.5, 3.9, 2.8, 4.3, 4.6),
    ("fee-calculator", 3.4, 4.2, 2.7, 4.4, 4.9),
    ("advisor-call", 3.1, 4.3, 2.6, 4.2, 4.2),
    ("online-application", 4.0, 3.5, 3.2, 4.6, 4.8),
    ("id-upload", 4.0, 2.7, 3.1, 4.5, 4.4),
    ("video-ident", 3.7, 1.9, 3.0, 4.4, 4.9),
    ("contract-signing", 3.6, 3.5, 2.9, 4.2, 3.9),
    ("card-in-app", 3.0, 4.4, 2.4, 4.1, 4.1),
    ("first-payment", 4.0, 4.4, 3.3, 4.7, 4.5),
    ("branch-appointment", 3.8, 3.3, 3.0, 4.4, 3.2),
]


def touchpoint_gaps(rng):
    path = os.path.join(HERE, "touchpoint_gaps.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["respondent", "item", "expectation", "perception",
                    "adequate", "desired", "importance"])
        for r in range(180):
            rid = "T%03d" % (r + 1)
            style = rng.normal(0.0, 0.35)
            for tp, e, p, a, d, imp in TOUCHPOINTS:
                if rng.random() < 0.08:  # did not use this step
                    continue
                ea = rating(rng, e + style, 0.7, 1, 5)
                pa = rating(rng, p + style, 0.8, 1, 5)
                aa = rating(rng, a + style, 0.6, 1, 5)
                da = rating(rng, d + style, 0.5, 1, 5)
                ia = rating(rng, imp, 0.6, 1, 5)
                cells = [str(ea), str(pa), str(aa), str(da), str(ia)]
                if rng.random() < 0.03:
                    cells[rng.integers(5)] = ""
                w.writerow([rid, tp] + cells)


def main():
    rng = np.random.default_rng(SEED)
    write_servqual(servqual(rng))
    touchpoint_gaps(rng)


if __name__ == "__main__":
    main()
