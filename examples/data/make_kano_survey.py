#!/usr/bin/python3
"""Write the bundled sample Kano survey (synthetic data).

A retail bank asked new customers about ten onboarding and mobile-app
features.  The answers are drawn, respondent by respondent, from a category
mix designed per feature and segment, so the demo shows every Kano
category: must-be, one-dimensional, attractive, indifferent and reverse,
plus a few questionable answers, missing answers, careless respondents and
the mix of wordings real survey exports contain.

Run from anywhere with Debian's Python (standard library only):

    /usr/bin/python3 examples/data/make_kano_survey.py

It rewrites kano_survey.csv (long layout) and kano_survey_wide.csv (wide
layout) next to this script.  The seed is fixed, so the files only change
when this script does.
"""

import csv
import os
import random

SEED = 20240917

SEGMENTS = [("retail", 220), ("small-business", 116)]

# Feature name, column-safe slug, and the designed category mix per segment
# as weights of (A, O, M, I, R, Q).
FEATURES = [
    ("Instant account opening", "instant_account_opening",
     {"retail": (15, 45, 25, 12, 1, 2), "small-business": (10, 30, 45, 12, 1, 2)}),
    ("Video identity check", "video_identity_check",
     {"retail": (15, 6, 8, 50, 18, 3), "small-business": (12, 8, 10, 52, 15, 3)}),
    ("Paper statements", "paper_statements",
     {"retail": (5, 3, 6, 28, 55, 3), "small-business": (10, 6, 10, 42, 30, 2)}),
    ("Card in app before plastic arrives", "card_in_app",
     {"retail": (52, 18, 5, 22, 1, 2), "small-business": (45, 15, 6, 30, 2, 2)}),
    ("Biometric login", "biometric_login",
     {"retail": (20, 42, 25, 11, 0, 2), "small-business": (15, 40, 28, 15, 0, 2)}),
    ("Spending insights", "spending_insights",
     {"retail": (42, 12, 5, 35, 4, 2), "small-business": (30, 10, 6, 48, 4, 2)}),
    ("Human advisor callback", "advisor_callback",
     {"retail": (28, 10, 12, 45, 3, 2), "small-business": (40, 20, 20, 15, 3, 2)}),
    ("Eco card material", "eco_card",
     {"retail": (25, 6, 4, 55, 8, 2), "small-business": (18, 4, 3, 65, 8, 2)}),
    ("Cashback", "cashback",
     {"retail": (36, 33, 5, 22, 2, 2), "small-business": (34, 35, 4, 23, 2, 2)}),
    ("Overdraft alerts", "overdraft_alerts",
     {"retail": (7, 25, 50, 15, 1, 2), "small-business": (6, 28, 48, 15, 1, 2)}),
]

CATEGORIES = "AOMIRQ"

# Answer pairs (functional, dysfunctional; 1 Like .. 5 Dislike) that the
# Berger et al. (1993) table maps to each category, with the weights used
# to pick one: the classic pairs are more common than the edge cells.
PAIRS = {
    "A": [((1, 3), 5), ((1, 4), 4), ((1, 2), 1)],
    "O": [((1, 5), 1)],
    "M": [((3, 5), 4), ((2, 5), 3), ((4, 5), 2)],
    "I": [((3, 3), 6), ((3, 4), 3), ((2, 3), 2), ((4, 4), 2), ((4, 3), 1),
          ((2, 2), 1), ((2, 4), 1), ((3, 2), 1), ((4, 2), 1)],
    "R": [((5, 3), 3), ((5, 1), 2), ((3, 1), 2), ((5, 4), 2), ((4, 1), 1),
          ((5, 2), 1), ((2, 1), 1)],
    "Q": [((1, 1), 1), ((5, 5), 1)],
}

# Wordings of each answer as different survey tools export them; every one
# is among libcx's built-in wordings (matching ignores case and spaces).
WORDINGS = {
    1: ["I like it", "Like", "I like it that way"],
    2: ["It must be that way", "I expect it", "Must-be"],
    3: ["I am neutral", "Neutral", "I am indifferent"],
    4: ["I can live with it", "I can tolerate it", "Live with"],
    5: ["I dislike it", "Dislike", "I dislike it that way"],
}

# Typical self-stated importance (1-9) of a feature by its category.
IMPORTANCE_CENTRE = {"A": 6, "O": 8, "M": 7, "I": 4, "R": 3, "Q": 5}


def pick(rng, weighted):
    items = [item for item, _ in weighted]
    weights = [w for _, w in weighted]
    return rng.choices(items, weights=weights)[0]


def styled(rng, text, style):
    """Apply a respondent's export style: most keep the case, some tools
    shout or lower-case everything, a few add a full stop."""
    if style == "upper":
        return text.upper()
    if style == "lower":
        return text.lower()
    if style == "stop":
        return text + "."
    return text


def main():
    rng = random.Random(SEED)
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []      # long layout
    wide = []      # wide layout
    number = 0
    for segment, count in SEGMENTS:
        for _ in range(count):
            number += 1
            rid = "R%04d" % number
            # Each respondent answered through one channel, whose export
            # fixes the wording family and the letter case.
            family = rng.randrange(3)
            style = pick(rng, [("plain", 14), ("lower", 3), ("upper", 2),
                               ("stop", 1)])
            # A few careless respondents: "neutral" to everything, or a
            # contradictory Like/Like to most features.
            careless = pick(rng, [(None, 326), ("neutral", 5),
                                  ("contradict", 5)])
            wrow = {"respondent": rid, "segment": segment}
            for name, slug, mixes in FEATURES:
                if careless == "neutral":
                    cat, pair = "I", (3, 3)
                elif careless == "contradict" and rng.random() < 0.7:
                    cat, pair = "Q", (1, 1)
                else:
                    mix = mixes[segment]
                    cat = pick(rng, list(zip(CATEGORIES, mix)))
                    pair = pick(rng, PAIRS[cat])
                texts = []
                for answer in pair:
                    word = WORDINGS[answer][family]
                    if rng.random() < 0.08:  # people switch wordings too
                        word = rng.choice(WORDINGS[answer])
                    texts.append(styled(rng, word, style))
                # About 1.5% of answers are blank; a few say "n/a".
                for k in range(2):
                    u = rng.random()
                    if u < 0.015:
                        texts[k] = ""
                    elif u < 0.02:
                        texts[k] = "n/a"
                if rng.random() < 0.04:
                    importance = ""
                else:
                    centre = IMPORTANCE_CENTRE[cat]
                    value = centre + rng.choice([-2, -1, -1, 0, 0, 0, 1, 1, 2])
                    importance = str(min(9, max(1, value)))
                rows.append([rid, segment, name, texts[0], texts[1],
                             importance])
                wrow[slug + "_functional"] = texts[0]
                wrow[slug + "_dysfunctional"] = texts[1]
                wrow[slug + "_importance"] = importance
            wide.append(wrow)

    with open(os.path.join(here, "kano_survey.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["respondent", "segment", "feature", "functional",
                    "dysfunctional", "importance"])
        w.writerows(rows)

    header = ["respondent", "segment"]
    for _, slug, _ in FEATURES:
        header += [slug + "_functional", slug + "_dysfunctional",
                   slug + "_importance"]
    with open(os.path.join(here, "kano_survey_wide.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(wide)


if __name__ == "__main__":
    main()
