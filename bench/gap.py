#!/usr/bin/python3
"""Gap analysis and NPS through the Python binding against pandas + SciPy.

Generates a SERVQUAL-shaped survey deterministically (22 items on a 1-7
scale, N respondents, default 200,000, about 5% missing answers), then
times, best of 3:
  - cx: GapSurvey.servqual().add_batch(E, P) and result(): per item the
    mean gap, SD, t interval, paired t-test, Wilcoxon signed-rank test,
    Holm and Benjamini-Hochberg adjustments, and the five dimension scores;
  - pandas + SciPy, written as an analyst would: gaps P - E as a DataFrame,
    per item describe-style mean/std/count, scipy.stats.ttest_rel and
    scipy.stats.wilcoxon (nan_policy='omit'), Holm and BH from
    statsmodels-free NumPy code, dimension means per respondent with the
    75% answered rule;
and checks that both give the same means and t-test p-values.  Then the
same for NPS over M scores (default 10,000,000) with 4 segments: cx
MetricSurvey.add_batch + result per segment against a pandas groupby with
the trinomial variance.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bench/gap.py \\
        [--respondents N] [--scores M] [--quick]

Not a test: the figures depend on the machine.
"""

import argparse
import time

import numpy as np
import pandas as pd
from scipy import stats

import cx

ITEMS = 22
DIMS = [("tangibles", 4), ("reliability", 5), ("responsiveness", 4),
        ("assurance", 4), ("empathy", 5)]


def best_of(fn, runs=3):
    best, out = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def make_survey(n, seed=1):
    rng = np.random.default_rng(seed)
    e = np.clip(np.round(rng.normal(5.8, 0.9, (n, ITEMS))), 1, 7)
    shift = rng.normal(-0.6, 0.4, ITEMS)
    p = np.clip(np.round(e + shift + rng.normal(0, 1.2, (n, ITEMS))), 1, 7)
    for a in (e, p):
        a[rng.random((n, ITEMS)) < 0.05] = np.nan
    return e, p


def cx_gap(e, p):
    s = cx.GapSurvey.servqual()  # 1-7 by default
    s.add_batch(expectation=e, perception=p)
    return s.result()


def holm(pv):
    order = np.argsort(pv)
    m = len(pv)
    adj = np.maximum.accumulate((m - np.arange(m)) * pv[order])
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def bh(pv):
    order = np.argsort(pv)[::-1]
    m = len(pv)
    adj = np.minimum.accumulate(pv[order] * m / (m - np.arange(m)))
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def pandas_gap(e, p):
    cols = ["SQ%d" % (i + 1) for i in range(ITEMS)]
    E = pd.DataFrame(e, columns=cols)
    P = pd.DataFrame(p, columns=cols)
    G = P - E
    table = pd.DataFrame({"n": G.count(), "mean": G.mean(), "sd": G.std()})
    se = table["sd"] / np.sqrt(table["n"])
    tq = stats.t.ppf(0.975, table["n"] - 1)
    table["lo"], table["hi"] = table["mean"] - tq * se, table["mean"] + tq * se
    t_p, w_p = [], []
    for c in cols:
        ok = E[c].notna() & P[c].notna()
        t_p.append(stats.ttest_rel(P[c][ok], E[c][ok]).pvalue)
        w_p.append(stats.wilcoxon(P[c][ok], E[c][ok]).pvalue)
    table["p_t"], table["p_w"] = t_p, w_p
    table["p_t_holm"], table["p_t_bh"] = holm(np.array(t_p)), bh(np.array(t_p))
    table["p_w_holm"], table["p_w_bh"] = holm(np.array(w_p)), bh(np.array(w_p))
    dims, start = {}, 0
    for name, k in DIMS:
        block = G.iloc[:, start:start + k]
        answered = block.notna().sum(axis=1) >= 0.75 * k
        dims[name] = block[answered].mean(axis=1).mean()
        start += k
    return table, dims


def make_scores(m, seed=2):
    rng = np.random.default_rng(seed)
    scores = rng.choice(11, m, p=[.04, .03, .04, .05, .06, .08, .10, .14, .16,
                                  .15, .15]).astype(np.int8)
    seg = rng.integers(0, 4, m).astype(np.int32)
    return scores, seg


def cx_nps(scores, seg):
    s = cx.MetricSurvey.nps(segments=("a", "b", "c", "d"))
    s.add_batch(scores, segment=seg)
    return [s.compute(i, bootstrap=0) for i in range(4)]


def pandas_nps(scores, seg):
    df = pd.DataFrame({"score": scores, "segment": seg})
    g = df.groupby("segment")["score"]
    promoters = g.apply(lambda x: (x >= 9).mean())
    detractors = g.apply(lambda x: (x <= 6).mean())
    n = g.size()
    nps = promoters - detractors
    var = promoters + detractors - nps ** 2
    return pd.DataFrame({"nps": nps, "se": np.sqrt(var / n)})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--respondents", type=int, default=200_000)
    ap.add_argument("--scores", type=int, default=10_000_000)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--build", help="ignored (for ./run bench)")
    a, _ = ap.parse_known_args()
    if a.quick:
        a.respondents, a.scores = 20_000, 1_000_000

    e, p = make_survey(a.respondents)
    t_cx, r = best_of(lambda: cx_gap(e, p))
    t_pd, (table, dims) = best_of(lambda: pandas_gap(e, p))
    items = r.items_dataframe().set_index("id")
    assert np.allclose(items["mean"].values, table["mean"].values, atol=1e-9)
    assert np.allclose(items["p_t"].values, table["p_t"].values,
                       rtol=1e-6, atol=1e-300)
    print("gap analysis, %d respondents x %d items (%.1f M answer pairs)"
          % (a.respondents, ITEMS, a.respondents * ITEMS / 1e6))
    print("  cx      %8.3f s  (add_batch + every statistic)" % t_cx)
    print("  pandas  %8.3f s  (DataFrame gaps + scipy ttest_rel/wilcoxon)"
          % t_pd)
    print("  ratio   %8.1fx" % (t_pd / t_cx))

    scores, seg = make_scores(a.scores)
    t_cx, res = best_of(lambda: cx_nps(scores, seg))
    t_pd, frame = best_of(lambda: pandas_nps(scores, seg))
    for i, row in enumerate(res):
        assert abs(row.nps - frame["nps"].iloc[i]) < 1e-12
        assert abs(row.se - frame["se"].iloc[i]) < 1e-12
    print("NPS, %d scores in 4 segments" % a.scores)
    print("  cx      %8.3f s  (%.0f M scores/s)" % (t_cx, a.scores / t_cx / 1e6))
    print("  pandas  %8.3f s  (groupby shares + trinomial variance)" % t_pd)
    print("  ratio   %8.1fx" % (t_pd / t_cx))


if __name__ == "__main__":
    main()
