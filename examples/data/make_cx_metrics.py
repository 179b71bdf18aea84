#!/usr/bin/python3
"""Write the bundled sample NPS / CSAT / CES survey (synthetic data).

A retail bank ran its yearly relationship survey among 600 customers of
three segments.  Everyone answered the likelihood-to-recommend question
(NPS, 0-10).  Customers who had contacted support in the last 90 days also
rated that contact: satisfaction (CSAT, 1-5) and "The bank made it easy for
me to handle my issue" (CES 2.0, 1-7); for everyone else those two answers
are "n/a".  Each respondent carries a post-stratification weight, so the
weighted sample matches the bank's customer mix.

Run from anywhere with Debian's Python (standard library only):

    /usr/bin/python3 examples/data/make_cx_metrics.py

It rewrites cx_metrics.csv (wide layout: one row per respondent) and
cx_metrics_long.csv (long layout: one row per answer) next to this script.
The seed is fixed, so the files only change when this script does.
"""

import csv
import os
import random

SEED = 20250311

# Segment, respondents in the sample, share of the bank's customers, mean
# of the latent attitude (higher: happier), share who contacted support.
SEGMENTS = [
    ("retail", 330, 0.86, 0.00, 0.42),
    ("small-business", 170, 0.12, -0.35, 0.55),
    ("private-banking", 100, 0.02, 0.55, 0.35),
]

# Weights vary inside a segment too (age band x region cells); these are
# the cell factors, drawn with equal chance.
CELL_FACTORS = [0.8, 0.9, 1.0, 1.1, 1.25]

CHANNELS = ["phone", "chat", "branch", "email"]
# How much a contact channel shifts effort and satisfaction.
CHANNEL_EFFECT = {"phone": 0.0, "chat": 0.15, "branch": 0.25, "email": -0.45}

MISSING_NPS = 0.02   # left the question blank
MISSING_CONTACT = 0.03  # contacted support but skipped a contact question
DONT_KNOW_CES = 0.02    # answered "don't know" to the effort question


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def nps_answer(rng, attitude):
    # A bank's relationship NPS sits near zero: centre 7, with a long
    # tail of very unhappy customers.
    x = 7.0 + 2.1 * attitude + rng.gauss(0.0, 1.4)
    if rng.random() < 0.06:
        x -= rng.uniform(3.0, 6.0)
    return int(clamp(round(x), 0, 10))


def csat_answer(rng, contact):
    x = 3.9 + 1.0 * contact + rng.gauss(0.0, 0.8)
    return int(clamp(round(x), 1, 5))


def ces_answer(rng, contact):
    x = 5.0 + 1.3 * contact + rng.gauss(0.0, 1.1)
    return int(clamp(round(x), 1, 7))


def make_rows(rng):
    total = sum(n for _, n, _, _, _ in SEGMENTS)
    rows = []
    rid = 0
    # Respondents arrive in the order the survey tool exported them:
    # segments interleaved, not sorted.
    plan = []
    for name, n, pop_share, mean, contact_rate in SEGMENTS:
        base = pop_share / (n / total)
        plan += [(name, base, mean, contact_rate)] * n
    rng.shuffle(plan)
    for name, base, mean, contact_rate in plan:
        rid += 1
        attitude = rng.gauss(mean, 1.0)
        weight = round(base * rng.choice(CELL_FACTORS), 4)
        nps = "" if rng.random() < MISSING_NPS else str(nps_answer(rng, attitude))
        if rng.random() < contact_rate:
            channel = rng.choice(CHANNELS)
            # How the contact went depends on the customer's attitude and
            # the channel, plus luck.
            contact = 0.4 * attitude + CHANNEL_EFFECT[channel] + rng.gauss(0.0, 0.8)
            csat = "" if rng.random() < MISSING_CONTACT else str(csat_answer(rng, contact))
            r = rng.random()
            if r < MISSING_CONTACT:
                ces = ""
            elif r < MISSING_CONTACT + DONT_KNOW_CES:
                ces = "don't know"
            else:
                ces = str(ces_answer(rng, contact))
        else:
            channel = ""
            csat = "n/a"
            ces = "n/a"
        rows.append({
            "respondent": "B%04d" % rid,
            "segment": name,
            "weight": "%.4f" % weight,
            "support_channel": channel,
            "nps": nps,
            "csat": csat,
            "ces": ces,
        })
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    rows = make_rows(rng)
    wide = ["respondent", "segment", "weight", "support_channel", "nps",
            "csat", "ces"]
    with open(os.path.join(here, "cx_metrics.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=wide, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(here, "cx_metrics_long.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["respondent", "segment", "weight", "metric", "score"])
        for r in rows:
            for metric in ("nps", "csat", "ces"):
                # The long export leaves out questions never asked.
                if r[metric] == "n/a":
                    continue
                w.writerow([r["respondent"], r["segment"], r["weight"],
                            metric, r[metric]])


if __name__ == "__main__":
    main()
