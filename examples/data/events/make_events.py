#!/usr/bin/python3
"""Generate the synthetic onboarding event log of libcx.

A retail bank's CRM export: one row per touchpoint event of prospective
customers who look at opening a current account, across web, email, phone,
branch and app.  Touchpoint ids are those of
examples/data/journeys/onboarding.json where the map has them, plus a few
the map lacks (reminder e-mails, a chat question, a newsletter sign-up), so
that conformance finds skipped and unexpected touchpoints.

Each case walks a Markov chain with drop-outs; signing the contract is the
conversion (outcome "conversion", value = expected first-year revenue,
depending on the segment); the welcome e-mail is sent in the same second as
the signature (equal timestamps); after it come the card in the app and the
first payment, with further drop-outs.  Timestamps are ISO 8601 in local
time with the offset (+01:00 in winter, +02:00 in summer, some in Z), with
milliseconds on web and app events.  Rows are in time order across
customers, as a CRM export is: unsorted by case.

Deterministic: NumPy's PCG64 with a fixed seed; the same arguments give the
same bytes.

    /usr/bin/python3 examples/data/events/make_events.py            # sample
    /usr/bin/python3 examples/data/events/make_events.py --cases 200000 \\
        --out /tmp/big.csv                                           # bigger
"""

import argparse
import datetime as dt
import os

import numpy as np

SEED = 20240611
HERE = os.path.dirname(os.path.abspath(__file__))

CHANNEL = {
    "account-page": "web",
    "fee-calculator": "web",
    "chat-question": "web",
    "advisor-call": "phone",
    "branch-visit": "branch",
    "newsletter-signup": "email",
    "reminder-email": "email",
    "online-application": "web",
    "id-upload": "app",
    "video-ident": "app",
    "contract-signing": "web",
    "welcome-email": "email",
    "card-in-app": "app",
    "first-payment": "app",
}

# Where a case starts.
ENTRY = [("account-page", 0.55), ("fee-calculator", 0.15),
         ("branch-visit", 0.12), ("advisor-call", 0.10),
         ("newsletter-signup", 0.08)]

# Next touchpoint, or None for a drop-out.
NEXT = {
    "account-page": [("fee-calculator", 0.30), ("online-application", 0.25),
                     ("chat-question", 0.08), ("advisor-call", 0.07),
                     ("account-page", 0.05), (None, 0.25)],
    "fee-calculator": [("online-application", 0.35), ("account-page", 0.15),
                       ("advisor-call", 0.10), ("branch-visit", 0.05),
                       (None, 0.35)],
    "chat-question": [("online-application", 0.40), ("account-page", 0.20),
                      (None, 0.40)],
    "newsletter-signup": [("reminder-email", 0.50), ("account-page", 0.25),
                          (None, 0.25)],
    "reminder-email": [("account-page", 0.35), ("online-application", 0.15),
                       ("reminder-email", 0.15), (None, 0.35)],
    "advisor-call": [("online-application", 0.30), ("branch-visit", 0.25),
                     ("account-page", 0.10), (None, 0.35)],
    "branch-visit": [("contract-signing", 0.45), ("online-application", 0.15),
                     ("advisor-call", 0.05), (None, 0.35)],
    "online-application": [("id-upload", 0.62), ("reminder-email", 0.10),
                           ("advisor-call", 0.05), (None, 0.23)],
    "id-upload": [("video-ident", 0.80), ("reminder-email", 0.05),
                  (None, 0.15)],
    "video-ident": [("contract-signing", 0.72), ("video-ident", 0.08),
                    ("branch-visit", 0.05), (None, 0.15)],
    "contract-signing": [("welcome-email", 1.0)],
    "welcome-email": [("card-in-app", 0.85), (None, 0.15)],
    "card-in-app": [("first-payment", 0.88), (None, 0.12)],
    "first-payment": [(None, 1.0)],
}

# Median minutes until the next event, by channel of the next touchpoint;
# spread is log-normal.
MEDIAN_MIN = {"web": 12, "app": 25, "email": 60 * 30, "phone": 60 * 20,
              "branch": 60 * 50}

SEGMENTS = [("retail", 0.70), ("small-business", 0.18), ("student", 0.12)]
VALUE = {"retail": 140.0, "small-business": 520.0, "student": 35.0}
# Segments differ in how easily they get through the identity check.
IDENT_BONUS = {"retail": 0.0, "small-business": -0.10, "student": 0.08}


def pick(rng, options):
    names = [o for o, _ in options]
    p = np.array([w for _, w in options], dtype=float)
    return names[rng.choice(len(names), p=p / p.sum())]


def walk(rng, segment):
    """Touchpoints and gaps (seconds) of one case."""
    tp = pick(rng, ENTRY)
    path, gaps = [tp], [0.0]
    while len(path) < 40:
        options = NEXT[tp]
        if tp == "video-ident":
            bonus = IDENT_BONUS[segment]
            options = [(n, w + (bonus if n == "contract-signing" else
                                -bonus if n is None else 0)) for n, w in
                       options]
        nxt = pick(rng, options)
        if nxt is None:
            break
        if nxt == "welcome-email":
            gap = 0.0  # sent with the signature: the same second
        else:
            med = MEDIAN_MIN[CHANNEL[nxt]] * 60.0
            gap = float(np.round(med * rng.lognormal(0.0, 0.9), 3))
        path.append(nxt)
        gaps.append(gap)
        tp = nxt
    return path, gaps


def stamp(t, channel, rng):
    """ISO 8601 in the customer's local time with its offset."""
    when = dt.datetime.fromtimestamp(t, dt.timezone.utc)
    summer = 4 <= when.month <= 10
    if rng.random() < 0.1:
        local, suffix = when, "Z"
    else:
        off = 2 if summer else 1
        local = when + dt.timedelta(hours=off)
        suffix = "+%02d:00" % off
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if channel in ("web", "app"):
        text += ".%03d" % (local.microsecond // 1000)
    return text + suffix


def generate(cases, seed):
    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 2, 20, tzinfo=dt.timezone.utc).timestamp()
    span = 150 * 86400.0
    rows = []
    for k in range(cases):
        case = "C%06d" % (k + 1)
        segment = pick(rng, SEGMENTS)
        path, gaps = walk(rng, segment)
        t = start + float(np.round(rng.uniform(0, span), 3))
        for tp, gap in zip(path, gaps):
            t += gap
            if tp == "contract-signing":
                t = float(np.floor(t))  # whole second, like its e-mail
            outcome, value = "", ""
            if tp == "contract-signing":
                outcome = "conversion"
                value = "%.2f" % (VALUE[segment] * rng.lognormal(0.0, 0.35))
            rows.append((t, len(rows), case, tp, segment, outcome, value))
    # A CRM export in time order; equal times keep the order of generation.
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows, rng


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", default=os.path.join(HERE,
                                                  "onboarding_events.csv"))
    ap.add_argument("--epoch", action="store_true",
                    help="timestamps as epoch milliseconds instead of ISO")
    a = ap.parse_args()
    rows, rng = generate(a.cases, a.seed)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("case,timestamp,touchpoint,channel,segment,outcome,value\n")
        for t, _, case, tp, segment, outcome, value in rows:
            ch = CHANNEL[tp]
            when = "%d" % round(t * 1000) if a.epoch else stamp(t, ch, rng)
            f.write("%s,%s,%s,%s,%s,%s,%s\n" % (case, when, tp, ch, segment,
                                                outcome, value))
    print("%s: %d events, %d cases" % (a.out, len(rows), a.cases))


if __name__ == "__main__":
    main()
