"""Event logs through the Python binding (cx.paths).

Oracles: the five-case log worked out on paper in tests/c/test_paths.c
and tests/c/test_paths_attribution.c (graph, durations, variants, funnels,
removal effects, heuristics, conformance; the numbers are derived again in
comments here); pandas sort/shift/groupby for the graph, the variants and
the case durations of random logs; NumPy's linear algebra on the absorbing
chain (fundamental matrix) for the removal effects of random chains; a
plain Python funnel for ordered funnels; for graph-only logs, a full log
(which orders held events and summarises whole cases) fed the same events.
"""

import copy
import datetime as dt
import gc
import math
import os
import pickle
import random
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import cx
from cx import core
from cx import paths as cxp

S = 1_000_000  # microseconds per second

# The hand log: case, touchpoint, seconds, value, outcome, segment.  D is
# the conversion event.  Paths: c1 ABCD, c2 ACD, c3 AB, c4 BABC, c5 ABCD.
HAND = [
    ("c1", "A", 0, None, 0, "web"), ("c1", "B", 60, None, 0, "web"),
    ("c1", "C", 180, None, 0, "web"), ("c1", "D", 300, 100.0, 1, "web"),
    ("c2", "A", 0, None, 0, "web"), ("c2", "C", 120, None, 0, "web"),
    ("c2", "D", 240, 50.0, 1, "web"), ("c3", "A", 0, None, 0, "shop"),
    ("c3", "B", 30, None, 0, "shop"), ("c4", "B", 0, None, 0, "shop"),
    ("c4", "A", 60, None, 0, "shop"), ("c4", "B", 120, None, 0, "shop"),
    ("c4", "C", 150, None, 0, "shop"), ("c5", "A", 0, None, 0, "web"),
    ("c5", "B", 60, None, 0, "web"), ("c5", "C", 180, None, 0, "web"),
    ("c5", "D", 300, 100.0, 1, "web"),
]
CHANNEL = {"A": "web", "B": "email", "C": "web", "D": "branch"}


def hand_log(order=None, sorted_by_case=False, graph_only=False):
    log = cx.PathsLog(sorted_by_case=sorted_by_case, graph_only=graph_only)
    for i in (order if order is not None else range(len(HAND))):
        c, t, s, v, o, seg = HAND[i]
        log.add(c, t, s * S, value=v, outcome=o, segment=seg,
                channel=CHANNEL[t])
    return log


def hand_frame():
    df = pd.DataFrame(HAND, columns=["case", "touchpoint", "seconds",
                                     "value", "outcome", "segment"])
    df["timestamp"] = pd.to_datetime(df["seconds"], unit="s")
    df["channel"] = df["touchpoint"].map(CHANNEL)
    return df.drop(columns="seconds")


def by_name(records, key="name"):
    return {getattr(r, key): r.to_dict() for r in records}


def isnan(x):
    return isinstance(x, float) and math.isnan(x)


# ---------------------------------------------------------------------------
# The hand log

def test_graph_durations_and_variants_by_hand():
    r = hand_log().result()
    s = r.summary
    # 17 events, 5 cases, 3 converted worth 100 + 50 + 100.
    assert (s.n_events, s.n_cases, s.n_converted, s.value) == (17, 5, 3, 250)
    assert (s.n_touchpoints, s.n_segments, s.n_variants, s.n_edges) == \
        (4, 2, 4, 5)
    # Durations 300, 240, 30, 150, 300: mean 204, median 240.
    assert (s.duration_mean, s.duration_median, s.duration_min,
            s.duration_max, s.duration_exact) == (204, 240, 30, 300, True)
    # Sorted 30 150 240 300 300: q0.25 at 1 -> 150; q0.1 at 0.4 -> 78.
    assert r.duration_quantile(0.25) == pytest.approx(150)
    assert r.duration_quantiles([0.1, 1.0]) == pytest.approx(
        {0.1: 78.0, 1.0: 300.0})
    with pytest.raises(cx.InvalidArgument):
        r.duration_quantile(1.5)
    edges = {(e.source, e.target): e for e in r.edges}
    # A>B: c1 60, c3 30, c4 60 (A at 60, B at 120), c5 60: mean 52.5.
    ab = edges["A", "B"]
    assert (ab.count, ab.share, ab.mean, ab.median, ab.min, ab.max,
            ab.exact) == (4, 0.8, 52.5, 60, 30, 60, True)
    # B>C: c1 120, c4 30, c5 120.
    assert (edges["B", "C"].count, edges["B", "C"].mean,
            edges["B", "C"].median) == (3, 90, 120)
    assert edges["A", "C"].share == pytest.approx(0.2)
    assert edges["B", "A"].count == 1 and edges["C", "D"].median == 120
    assert [(e.source, e.target) for e in r.edges] == [
        ("A", "B"), ("B", "C"), ("C", "D"), ("A", "C"), ("B", "A")]
    tps = {t.name: (t.events, t.cases, t.starts, t.ends, t.channel)
           for t in r.touchpoints}
    assert tps == {"A": (5, 5, 4, 0, "web"), "B": (5, 4, 1, 1, "email"),
                   "C": (4, 4, 0, 1, "web"), "D": (3, 3, 0, 3, "branch")}
    v = r.variants()
    assert [x.path for x in v] == [("A", "B", "C", "D"), ("A", "B"),
                                   ("A", "C", "D"), ("B", "A", "B", "C")]
    assert [x.count for x in v] == [2, 1, 1, 1]
    assert [x.converted for x in v] == [2, 0, 1, 0]
    assert (v[0].share, v[0].value, v[0].mean_duration, v[0].rank,
            v[0].length) == (0.4, 200, 300, 1, 4)
    assert len(r.variants(top=2)) == 2
    df = r.variants_dataframe(top=1)
    assert list(df["path"]) == ["A > B > C > D"]
    assert r.edges_dataframe()["count"].sum() == 12       # 17 - 5 cases
    assert list(r.touchpoints_dataframe()["name"]) == ["A", "B", "C", "D"]
    assert r.to_dataframe("variants", sep=None)["path"][1] == ("A", "B")
    with pytest.raises(cx.InvalidArgument):
        r.to_dataframe("nodes")


def test_funnels_by_hand():
    log = hand_log()
    f = log.funnel(["A", "B", "C", "D"])
    # Ordered: all 5 start at A; B after A: c1 c3 c4 c5; C after that B:
    # c1 c4 c5; D: c1 c5.
    assert f.reached == [5, 4, 3, 2] and len(f) == 4
    first, second, third, fourth = f
    assert (first.cases, first.dropoff, first.from_previous,
            first.median_time) == (5, 0, 1.0, 0.0)
    assert (second.from_previous, second.dropoff, second.dropoff_share,
            second.median_time, second.mean_time) == \
        (0.8, 1, pytest.approx(0.2), 60, 52.5)
    # c1 180, c4 90 (from A at 60 to C at 150), c5 180.
    assert (third.from_previous, third.from_first, third.median_time,
            third.mean_time) == (0.75, 0.6, 180, 150)
    assert fourth.from_previous == pytest.approx(2 / 3)
    assert (fourth.from_first, fourth.median_time, fourth.exact) == \
        (0.4, 300, True)
    assert f.segments == ["web", "shop"]
    assert [s.reached for s in f["web"]] == [3, 2, 2, 2]
    assert [s.reached for s in f["shop"]] == [2, 2, 1, 0]
    assert isnan(f["shop"][3].median_time)
    assert f["shop"][3].from_previous == 0.0
    assert f[None] == f.pooled
    with pytest.raises(cx.NotFound):
        f["branch"]
    df = f.to_dataframe()
    assert len(df) == 12 and list(df["segment"][:4]) == [None] * 4
    assert len(f.to_dataframe(segments=False)) == 4
    # A 100 s window: C is reached only by c4 (90 s).
    assert log.funnel("A,B,C,D", window=100 * S).reached == [5, 4, 1, 0]
    assert log.funnel("A,B,C,D", window=dt.timedelta(seconds=100)) \
        .reached == [5, 4, 1, 0]
    assert log.funnel("A,B,C,D", window="100s").reached == [5, 4, 1, 0]
    # Strict: A B C with nothing between: c1 c5, c4 (A B C at 60..150).
    strict = log.funnel(["A", "B", "C"], mode="strict")
    assert strict.reached == [5, 4, 3] and strict.mode == "strict"
    assert (strict.pooled[2].median_time, strict.pooled[2].mean_time) == \
        (180, 150)
    assert log.funnel(["A", "C", "D"], mode="strict").reached == [5, 1, 1]
    # Any order: C and A both: c1 c2 c4 c5; c4 starts at B ... A 60 s.
    assert log.funnel(["C", "A"], mode="any-order").reached == [4, 4]
    anyab = log.funnel(["A", "B"], mode="any_order")
    assert anyab.reached == [5, 4] and anyab.pooled[0].mean_time == 12
    assert log.funnel(["A", "Z"]).reached == [5, 0]
    with pytest.raises(cx.InvalidArgument):
        log.funnel(["A", "A"])
    with pytest.raises(cx.InvalidArgument):
        log.funnel([])
    with pytest.raises(cx.InvalidArgument, match="funnel mode"):
        log.funnel(["A"], mode="sideways")
    assert cxp.mode_name(2) == "any-order" and cxp.MODES[1] == "strict"
    assert pickle.loads(pickle.dumps(f)) == f


def test_attribution_by_hand():
    r = hand_log().result()
    a = r.attribution()
    # Chain: start -> A .8, B .2; A -> B .8, C .2; B -> C .6, A .2, null
    # .2; C -> conv .75, null .25.  x_C = .75, x_B = .6 x_C + .2 x_A,
    # x_A = .8 x_B + .2 x_C: x_A = 17/28, x_B = 4/7, P = .8 x_A + .2 x_B
    # = 0.6.  Removing A: x_B = .45, P = .2 x_B = .09, RE .85; removing
    # B: x_A = .15, P = .12, RE .8; removing C: P 0, RE 1.
    s = a.summary
    assert s.p_conversion == pytest.approx(0.6)
    assert (s.order, s.n_states, s.n_paths, s.n_conversions,
            s.n_unattributed, s.value, s.by_channel) == \
        (1, 4, 5, 3, 0, 250, False)
    assert a.removal_effects == pytest.approx(
        {"A": 0.85, "B": 0.8, "C": 1.0, "D": 0.0})
    total = 0.85 + 0.8 + 1.0
    for name, re in (("A", 0.85), ("B", 0.8), ("C", 1.0)):
        assert a[name].markov == pytest.approx(3 * re / total)
        assert a[name].markov_value == pytest.approx(250 * re / total)
    assert sum(c.markov for c in a) == pytest.approx(3)
    # First touch: every converted path starts at A; last touch: at C.
    assert (a["A"].first_touch, a["A"].first_touch_value) == (3, 250)
    assert (a["C"].last_touch, a["C"].last_touch_value) == (3, 250)
    # Linear: ABC x2 gives 1/3 each, AC 1/2 each: A 2/3 + 1/2 = 7/6.
    assert a["A"].linear == pytest.approx(7 / 6)
    assert a["B"].linear == pytest.approx(2 / 3)
    assert a["C"].linear_value == pytest.approx(200 / 3 + 25)
    assert (a["A"].paths, a["B"].paths, a["D"].paths) == (5, 4, 0)
    assert a[0].name == "A" and len(a) == 4
    with pytest.raises(cx.NotFound):
        a["Z"]
    df = a.to_dataframe()
    assert list(df["name"]) == ["A", "B", "C", "D"]
    # By channel: removing web (A and C) leaves no conversion; removing
    # email (B): x_web = x_web / 9 + 3 / 9 = 3/8, P = .3, RE .5.
    ch = r.attribution(by_channel=True)
    assert ch.summary.by_channel is True
    assert ch.removal_effects == pytest.approx(
        {"web": 1.0, "email": 0.5, "branch": 0.0})
    assert ch["web"].last_touch == 3
    # Order 2: removing C still removes every conversion.
    two = r.attribution(order=2)
    assert two.summary.order == 2 and two["C"].removal_effect == 1.0
    assert two.summary.p_conversion == pytest.approx(0.6)
    with pytest.raises(cx.InvalidArgument):
        r.attribution(order=7)
    with pytest.raises(cx.RangeError):
        r.attribution(max_states=2)
    assert pickle.loads(pickle.dumps(a)) == a
    assert "P(conversion) 0.6" in repr(a)


def abce_map():
    j = cx.Journey("map")
    first = j.add_stage("s1", "First")
    first.add_touchpoint("A", "Ad")
    first.add_touchpoint("B", "Brochure")
    second = j.add_stage("s2", "Second")
    second.add_touchpoint("C", "Call")
    second.add_touchpoint("E", "Email")
    return j


def test_conformance_by_hand(tmp_path):
    r = hand_log().result()
    j = abce_map()
    c = r.conformance(j)
    # Map A B C E.  c4 visits B before A: 4 of 5 follow.  c2 reaches C
    # without B: one case skips B.  D is not on the map: 3 events in 3
    # cases.  c3 stops at B; the others stop at C (E is last, unreached).
    s = c.summary
    assert (s.cases, s.on_map, s.following, s.share_following,
            s.with_skips, s.with_unexpected, s.unexpected_events) == \
        (5, 5, 4, 0.8, 1, 3, 3)
    got = {t.id: (t.reach, t.skipped, t.dropoff) for t in c}
    assert got == {"A": (5, 0, 0), "B": (4, 1, 1), "C": (4, 0, 4),
                   "E": (0, 0, 0)}
    assert (c["B"].reach_share, c["B"].dropoff_share) == (0.8, 0.25)
    assert c["C"].dropoff_share == 1.0 and isnan(c["E"].dropoff_share)
    assert [(u.name, u.events, u.cases) for u in c.unexpected] == \
        [("D", 3, 3)]
    assert len(c) == 4 and list(c.to_dataframe()["id"]) == list("ABCE")
    assert list(c.to_dataframe("unexpected")["name"]) == ["D"]
    with pytest.raises(cx.NotFound):
        c["Z"]
    assert c.apply(j) is j
    assert j["B"].reach == 4
    assert j["B"].metrics["observed_dropoff_share"] == pytest.approx(0.25)
    assert j["B"].metrics["observed_skipped"] == 1
    assert "observed_dropoff_share" not in j["E"].metrics
    # From a file, and as plain data after pickling.
    path = tmp_path / "map.json"
    abce_map().save(path)
    assert r.conformance(path) == c
    back = pickle.loads(pickle.dumps(c))
    assert back == c
    with pytest.raises(cx.InvalidArgument, match="unpickled"):
        back.apply(j)
    with pytest.raises(cx.InvalidArgument):
        r.conformance(cx.Journey("empty"))


def test_graph_export():
    r = hand_log().result()
    dot = r.to_dot(title="Hand <log>")
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    assert dot.count("->") >= 5
    assert r.to_dot(min_count=2).count("->") < dot.count("->")
    svg = r.to_svg(title="<Hand>")
    assert svg.startswith("<svg") and "&lt;Hand&gt;" in svg
    assert r._repr_svg_() == r.to_svg() and r.to_svg() == r.to_svg()
    assert len(r.to_svg(max_edges=1)) < len(svg)


# ---------------------------------------------------------------------------
# Input paths agree

def test_order_of_input_and_sorted_logs():
    want = hand_log().result()
    shuffled = hand_log(order=[(i * 7) % len(HAND) for i in range(len(HAND))])
    assert shuffled.result().summary == want.summary
    assert by_name(shuffled.result().variants(), "path") == \
        by_name(want.variants(), "path")
    streamed = hand_log(sorted_by_case=True)
    assert streamed.sorted_by_case and streamed.n_pending() == 4   # c5 open
    assert streamed.result().summary == want.summary
    assert streamed.options == {"sorted_by_case": True, "max_cases": 0,
                                "max_touchpoints": 100000,
                                "graph_only": False}


def test_dataframe_codes_categoricals_and_strings_agree():
    df = hand_frame()
    strings = cx.paths.from_dataframe(df)
    cats = df.copy()
    for col in ("case", "touchpoint", "segment", "channel"):
        cats[col] = cats[col].astype("category")
    categorical = cx.paths.from_dataframe(cats)
    names = ["D", "C", "B", "A"]                    # another dictionary order
    codes = cx.PathsLog()
    for t in names:
        codes.add_touchpoint(t, CHANNEL[t])
    codes.add_batch(
        case=df["case"].str[1:].astype(np.int32).to_numpy(),
        touchpoint=df["touchpoint"].map(names.index).to_numpy(np.uint8),
        timestamp=df["timestamp"].to_numpy(),
        value=df["value"].to_numpy(), outcome=df["outcome"].to_numpy(),
        segment=(df["segment"] == "shop").to_numpy(np.int16),
        segments=["web", "shop"])
    reference = hand_log()
    results = [log.result() for log in (reference, strings, categorical,
                                        codes)]
    for log, r in zip((strings, categorical, codes), results[1:]):
        assert r.summary == results[0].summary
        assert by_name(r.edges, "source") == by_name(results[0].edges,
                                                     "source")
        assert by_name(r.variants(), "path") == by_name(
            results[0].variants(), "path")
        assert {t.name: t.to_dict() | {"index": 0} for t in r.touchpoints} \
            == {t.name: t.to_dict() | {"index": 0}
                for t in results[0].touchpoints}
        assert by_name(r.attribution()) == by_name(
            results[0].attribution())
        assert log.funnel("A,B,C,D") == reference.funnel("A,B,C,D")
    assert strings.channels == reference.channels
    # Text outcomes as the CSV reader writes them, and bools.
    words = df.assign(outcome=df["outcome"].map({0: None, 1: "conversion"}))
    assert cx.paths.from_dataframe(words).result().summary == \
        results[0].summary
    flags = df.assign(outcome=df["outcome"].astype(bool))
    assert cx.paths.from_dataframe(flags).result().summary == \
        results[0].summary
    # Time-zone-aware and text timestamps give the same instants.
    tz = df.assign(timestamp=df["timestamp"].dt.tz_localize("UTC")
                   .dt.tz_convert("Europe/Berlin"))
    assert cx.paths.from_dataframe(tz).result().summary == \
        results[0].summary
    text = df.assign(timestamp=df["timestamp"].dt.strftime(
        "%Y-%m-%dT%H:%M:%S+00:00"))
    assert cx.paths.from_dataframe(text).result().summary == \
        results[0].summary


def test_batches_keep_case_ids_across_calls():
    df = hand_frame()
    whole = cx.paths.from_dataframe(df).result()
    # Split in the middle of cases: c1's events land in both halves.
    for sorted_by_case in (False, True):
        log = cx.PathsLog(sorted_by_case=sorted_by_case)
        log.add_dataframe(df.iloc[:2])
        log.add_dataframe(df.iloc[2:9])
        log.add_dataframe(df.iloc[9:])
        assert log.result().summary == whole.summary
    # The codes survive pickling: c5 is still open in the copy.
    log = cx.PathsLog()
    log.add_dataframe(df.iloc[:15])
    back = pickle.loads(pickle.dumps(log))
    back.add_dataframe(df.iloc[15:])
    assert back.result().summary == whole.summary
    with pytest.raises(cx.StateError, match="integer codes"):
        back.add_batch(np.array([1]), ["A"], np.array([0]))
    with pytest.raises(cx.StateError):
        hand_log().add_batch(np.array([1]), ["A"], np.array([0]))


def test_batch_reads_in_place():
    n = 1_000_000
    case = np.repeat(np.arange(n // 4, dtype=np.int64), 4)
    tp = np.tile(np.arange(4, dtype=np.int32), n // 4)
    ts = np.tile(np.arange(4, dtype=np.int64) * S, n // 4)
    stamps = ts.astype("datetime64[us]")
    later = case + n
    log = cx.PathsLog()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    log.add_batch(case, tp, ts, touchpoints=["a", "b", "c", "d"])
    log.add_batch(later, tp, stamps)             # datetime64[us] in place
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    # The columns are 8, 4 and 8 MB: a copy of any of them would show.
    assert peak < 400_000
    r = log.result()
    assert r.summary.n_cases == n // 2 and r.summary.n_events == 2 * n
    assert [(e.source, e.target, e.count, e.mean) for e in r.edges] == [
        ("a", "b", n // 2, 1.0), ("b", "c", n // 2, 1.0),
        ("c", "d", n // 2, 1.0)]
    frozen = np.zeros(3, dtype=np.int64)
    frozen.setflags(write=False)
    log.add_batch(frozen + 7 * n, np.zeros(3, dtype=np.uint8), frozen)
    # Strided columns are read through their strides.
    wide = np.zeros((4, 3), dtype=np.int64)
    wide[:, 0] = [1, 1, 2, 2]
    wide[:, 1] = [0, 1, 1, 0]
    wide[:, 2] = [0, 5, 0, 9]
    strided = cx.PathsLog().add_batch(wide[:, 0], wide[:, 1], wide[:, 2] * S,
                                      touchpoints=["x", "y"])
    assert by_name(strided.result().edges, "source") == {
        "x": {"source": "x", "target": "y", "count": 1, "share": 1.0,
              "mean": 5.0, "median": 5.0, "min": 5.0, "max": 5.0,
              "exact": True},
        "y": {"source": "y", "target": "x", "count": 1, "share": 1.0,
              "mean": 9.0, "median": 9.0, "min": 9.0, "max": 9.0,
              "exact": True}}


def test_datetime_units_and_timestamps():
    seconds = np.array([0, 60, 180], dtype="datetime64[s]")
    nanos = seconds.astype("datetime64[ns]")
    a = cx.PathsLog().add_batch(np.zeros(3, np.int8), np.arange(3), seconds,
                                touchpoints=["a", "b", "c"])
    b = cx.PathsLog().add_batch(np.zeros(3, np.int8), np.arange(3), nanos,
                                touchpoints=["a", "b", "c"])
    assert a.result().summary == b.result().summary
    assert a.result().summary.duration_max == 180
    with pytest.raises(cx.InvalidArgument, match="row 1 is NaT"):
        cx.PathsLog().add_batch(np.zeros(2, np.int8), np.zeros(2, np.int8),
                                np.array(["2024-01-01", "NaT"],
                                         dtype="datetime64[us]"))
    with pytest.raises(TypeError, match="timedelta"):
        cx.PathsLog().add_batch([1], [0], np.array([5], "timedelta64[s]"))
    # One event at a time: ints, datetimes, datetime64, pandas, text.
    moments = [1_700_000_000 * S,
               dt.datetime(2023, 11, 14, 22, 13, 20),
               dt.datetime(2023, 11, 14, 23, 13, 20,
                           tzinfo=dt.timezone(dt.timedelta(hours=1))),
               np.datetime64("2023-11-14T22:13:20"),
               pd.Timestamp("2023-11-14T22:13:20Z"),
               "2023-11-14T22:13:20Z", "1700000000"]
    for m in moments:
        assert cxp.to_microseconds(m) == 1_700_000_000 * S
    assert cxp.to_microseconds(dt.date(1970, 1, 2)) == 86400 * S
    with pytest.raises(TypeError):
        cxp.to_microseconds(1.5)
    # The library's parser: offsets, leap days, before 1970, fractions.
    assert cxp.parse_timestamp("2024-02-29T12:00:00+02:00") == \
        int(pd.Timestamp("2024-02-29T10:00:00Z").value // 1000)
    assert cxp.parse_timestamp("1969-12-31T23:59:59.5Z") == -500_000
    assert cxp.parse_timestamp("1700000000123", format="ms") == \
        1_700_000_000_123_000
    assert cxp.parse_timestamp(b"12", format="us") == 12
    with pytest.raises(cx.ParseError):
        cxp.parse_timestamp("2023-02-30")
    with pytest.raises(cx.InvalidArgument, match="time format"):
        cxp.parse_timestamp("1", format="fortnights")


# ---------------------------------------------------------------------------
# Independent oracles on random logs

def random_log_frame(seed, cases=300, touchpoints=6):
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(cases):
        n = int(rng.integers(1, 9))
        t = int(rng.integers(-10_000, 10_000)) * S
        converted = rng.random() < 0.4
        for k in range(n):
            # Equal timestamps now and then: input order decides.
            t += int(rng.choice([0, 1, 7, 60, 3600])) * S
            rows.append((c, "t%d" % rng.integers(touchpoints), t, 0))
        if converted:
            t += int(rng.integers(0, 100)) * S
            rows.append((c, "buy", t, 1))
            if rng.random() < 0.2:           # after the conversion
                rows.append((c, "t0", t + S, 0))
    df = pd.DataFrame(rows, columns=["case", "touchpoint", "timestamp",
                                     "outcome"])
    df["value"] = np.where(df["outcome"] == 1,
                           rng.integers(1, 100, len(df)).astype(float),
                           np.nan)
    # Shuffle the rows, keeping each case's order among equal times by a
    # sequence number the oracle sorts on.
    df["seq"] = np.arange(len(df))
    return df.sample(frac=1, random_state=seed).reset_index(drop=True)


def oracle_steps(df):
    """Events ordered by (case, timestamp, input order within the case)."""
    return df.sort_values(["case", "timestamp", "seq"], kind="stable")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_graph_and_variants_against_pandas(seed):
    df = random_log_frame(seed)
    # Input order of equal times is the seq order: feed rows in seq order
    # but cases interleaved (the frame is sorted by seq, not by case).
    fed = df.sort_values("seq")
    log = cx.paths.from_dataframe(fed)
    r = log.result()
    ev = oracle_steps(df)
    ev = ev.assign(nxt=ev.groupby("case")["touchpoint"].shift(-1),
                   dt=(ev.groupby("case")["timestamp"].shift(-1)
                       - ev["timestamp"]) / S)
    pairs = ev.dropna(subset=["nxt"])
    want = pairs.groupby(["touchpoint", "nxt"])["dt"].agg(
        ["count", "mean", "median", "min", "max"])
    out_total = pairs.groupby("touchpoint")["dt"].count()
    got = {(e.source, e.target): e for e in r.edges}
    assert set(got) == set(want.index)
    for (a, b), row in want.iterrows():
        e = got[a, b]
        assert e.count == row["count"]
        assert e.share == pytest.approx(row["count"] / out_total[a])
        assert (e.mean, e.median, e.min, e.max) == pytest.approx(
            (row["mean"], row["median"], row["min"], row["max"]))
    counts = [e.count for e in r.edges]
    assert counts == sorted(counts, reverse=True)
    # Variants: the sequences of touchpoints per case.
    seqs = ev.groupby("case")["touchpoint"].apply(tuple)
    vc = seqs.value_counts()
    got_v = {v.path: v for v in r.variants()}
    assert {p: v.count for p, v in got_v.items()} == vc.to_dict()
    span = (ev.groupby("case")["timestamp"].max()
            - ev.groupby("case")["timestamp"].min()) / S
    for path, v in got_v.items():
        members = seqs[seqs == path].index
        assert v.mean_duration == pytest.approx(span[members].mean())
        assert v.share == pytest.approx(len(members) / len(seqs))
    s = r.summary
    assert s.n_cases == df["case"].nunique() and s.n_events == len(df)
    assert s.n_converted == df.loc[df["outcome"] == 1, "case"].nunique()
    assert s.value == pytest.approx(df["value"].sum())
    assert (s.duration_mean, s.duration_median, s.duration_min,
            s.duration_max) == pytest.approx(
        (span.mean(), span.median(), span.min(), span.max()))
    for q in (0.1, 0.33, 0.9):
        assert r.duration_quantile(q) == pytest.approx(
            np.quantile(span.to_numpy(), q))
    starts = ev.groupby("case")["touchpoint"].first().value_counts()
    assert {t.name: t.starts for t in r.touchpoints if t.starts} == \
        starts.to_dict()


def python_ordered_funnel(ev, steps, window=None):
    """Cases reaching each step: the first event at step 1 starts, each
    later step is matched at its earliest event after the previous match
    (and within ``window`` microseconds of the start)."""
    reached = [0] * len(steps)
    times = [[] for _ in steps]
    for _, case in ev.groupby("case", sort=False):
        tps = list(case["touchpoint"])
        ts = list(case["timestamp"])
        pos = -1
        start = None
        for k, step in enumerate(steps):
            nxt = next((i for i in range(pos + 1, len(tps))
                        if tps[i] == step), None)
            if nxt is None:
                break
            if start is None:
                start = ts[nxt]
            if window is not None and ts[nxt] - start > window:
                break
            pos = nxt
            reached[k] += 1
            times[k].append((ts[nxt] - start) / S)
    return reached, times


@pytest.mark.parametrize("seed", [4, 5])
def test_ordered_funnel_against_python(seed):
    df = random_log_frame(seed)
    log = cx.paths.from_dataframe(df.sort_values("seq"))
    ev = oracle_steps(df)
    for steps, window in ((["t1", "t2", "buy"], None),
                          (["t0", "t3", "t1", "t5"], None),
                          (["t2", "buy"], 600 * S)):
        f = log.funnel(steps, window=window)
        reached, times = python_ordered_funnel(ev, steps, window)
        assert f.reached == reached
        for row, t in zip(f, times):
            if t:
                assert row.median_time == pytest.approx(np.median(t))
                assert row.mean_time == pytest.approx(np.mean(t))
            else:
                assert isnan(row.median_time)


def chain_removal_effects(paths, channels):
    """Removal effects of a first-order absorbing Markov chain built from
    ``paths`` (lists of channels, each with a converted flag), computed
    with the fundamental matrix N = (I - Q)^-1."""
    states = ["(start)"] + channels
    index = {s: i for i, s in enumerate(states)}
    k = len(states)
    counts = np.zeros((k, k + 2))            # columns: states, conv, null
    for path, converted in paths:
        prev = 0
        for c in path:
            counts[prev, index[c]] += 1
            prev = index[c]
        counts[prev, k if converted else k + 1] += 1
    rows = counts.sum(axis=1, keepdims=True)
    P = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    Q, R = P[:, :k], P[:, k:]

    def p_conv(removed=None):
        q = Q.copy()
        if removed is not None:
            q[:, index[removed]] = 0          # its mass goes to null
        N = np.linalg.inv(np.eye(k) - q)
        return (N @ R)[0, 0]

    base = p_conv()
    return base, {c: 1 - p_conv(c) / base for c in channels}


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_removal_effects_against_numpy(seed):
    df = random_log_frame(seed, cases=400, touchpoints=5)
    log = cx.paths.from_dataframe(df.sort_values("seq"))
    a = log.result().attribution()
    ev = oracle_steps(df)
    paths = []
    for _, case in ev.groupby("case", sort=False):
        tps = list(case["touchpoint"])
        conv = tps.index("buy") if "buy" in tps else None
        paths.append((tps[:conv] if conv is not None else tps,
                      conv is not None))
    channels = sorted({c for p, _ in paths for c in p})
    base, effects = chain_removal_effects(paths, channels)
    assert a.summary.p_conversion == pytest.approx(base, rel=1e-10)
    got = a.removal_effects
    for c in channels:
        assert got[c] == pytest.approx(effects[c], rel=1e-9, abs=1e-12)
    assert got["buy"] == 0.0
    conversions = sum(1 for p, conv in paths if conv and p)
    total = sum(effects.values())
    for c in channels:
        assert a[c].markov == pytest.approx(conversions * effects[c] / total)
    firsts = pd.Series([p[0] for p, conv in paths if conv and p])
    assert {c.name: c.first_touch for c in a if c.first_touch} == \
        firsts.value_counts().to_dict()
    assert a.summary.n_unattributed == sum(
        1 for p, conv in paths if conv and not p)


# ---------------------------------------------------------------------------
# Merge, serialization, pickling

def test_merge_partitions_and_pickle():
    df = hand_frame()
    whole = cx.paths.from_dataframe(df)
    web = cx.paths.from_dataframe(df[df["segment"] == "web"])
    shop = cx.paths.from_dataframe(df[df["segment"] == "shop"])
    both = web + shop
    assert both.result().summary == whole.result().summary
    assert web.n_events() == 11 and len(both) == 17
    web += shop
    assert web.result().summary == whole.result().summary
    with pytest.raises(TypeError):
        web + 1
    with pytest.raises(cx.InvalidArgument):
        web.merge(web)
    log = hand_log()
    data = log.serialize()
    assert cx.PathsLog.deserialize(data).serialize() == data
    assert pickle.loads(pickle.dumps(log)).serialize() == data
    assert copy.deepcopy(log).serialize() == data
    assert copy.copy(log).result().summary == log.result().summary
    with pytest.raises(cx.ParseError):
        cx.PathsLog.deserialize(data[:-3])
    damaged = bytearray(data)
    damaged[len(damaged) // 2] ^= 0xFF
    with pytest.raises(cx.ParseError):
        cx.PathsLog.deserialize(bytes(damaged))
    with pytest.raises(cx.Error):
        cx.PathsLog.deserialize(b"")
    # Funnels of closed cases need a declaration before they close.
    a = hand_log(sorted_by_case=True)
    with pytest.raises(cx.StateError):
        a.funnel("A,B")
    b = cx.PathsLog(sorted_by_case=True).declare_funnel("A,B,C,D")
    for c, t, s, v, o, seg in HAND:
        b.add(c, t, s * S, value=v, outcome=o, segment=seg)
    assert b.funnel("A,B,C,D").reached == [5, 4, 3, 2]
    flushed = hand_log().flush()
    assert flushed.n_pending() == 0 and flushed.n_events() == 17
    with pytest.raises(cx.StateError):
        flushed.funnel("A,B")
    with pytest.raises(cx.StateError):
        flushed.declare_funnel("A,B")
    with pytest.raises(cx.StateError):
        b.copy().merge(hand_log().flush())


# ---------------------------------------------------------------------------
# Errors with their fields; failed calls change nothing

def test_errors_and_unchanged_logs(tmp_path):
    coded = cx.PathsLog().add_batch(np.array([1]), np.array([0]),
                                    np.array([0]), touchpoints=["A"])
    kept = coded.serialize()
    with pytest.raises(cx.RangeError, match="row 2") as e:
        coded.add_batch(np.array([9, 9, 9]), np.array([0, 1, 5]),
                        np.array([0, 1, 2]), touchpoints=["A", "B"])
    assert e.value.status == cx.Status.ERANGE
    assert coded.serialize() == kept
    log = hand_log()
    before = log.serialize()
    with pytest.raises(cx.StateError):      # text ids held: no codes
        log.add_batch(np.array([9]), np.array([0]), np.array([0]))
    with pytest.raises(cx.InvalidArgument, match="outcome"):
        log.add("c9", "A", 0, outcome=2)
    with pytest.raises(cx.InvalidArgument, match="outcome"):
        log.add("c9", "A", 0, outcome="maybe")
    with pytest.raises(cx.InvalidArgument):
        log.add("c9", "A", 0, value=math.inf, outcome=1)
    with pytest.raises(cx.InvalidArgument):
        log.add("", "A", 0)
    with pytest.raises(cx.InvalidArgument):
        log.add("c9", "", 0)
    assert log.serialize() == before
    codes = cx.PathsLog()
    with pytest.raises(ValueError, match="differ in length"):
        codes.add_batch(np.arange(3), np.arange(2), np.arange(3))
    with pytest.raises(TypeError, match="timestamp"):
        codes.add_batch(np.arange(2), np.arange(2),
                        np.array([1 + 1j, 2j]))
    with pytest.raises(TypeError, match="required"):
        codes.add_batch(None, np.arange(2), np.arange(2))
    with pytest.raises(cx.InvalidArgument, match="no case id"):
        codes.add_batch(["a", None], ["x", "y"], np.arange(2))
    with pytest.raises(cx.RangeError):
        codes.add_batch(np.arange(2), np.array([0.5, 1.0]), np.arange(2))
    with pytest.raises(cx.InvalidArgument, match="dictionary"):
        codes.add_batch(np.arange(2), ["x", "y"], np.arange(2),
                        touchpoints=["x", "y"])
    with pytest.raises(TypeError, match="sequence of str"):
        codes.add_batch(np.arange(1), np.zeros(1, np.int8), np.arange(1),
                        touchpoints="x")
    assert codes.n_events() == 0
    with pytest.raises(cx.NotFound):
        log.find_touchpoint("Z")
    assert log.find_touchpoint("C") == 2
    small = cx.PathsLog(max_touchpoints=2)
    small.add("a", "x", 0).add("a", "y", 1)
    with pytest.raises(cx.RangeError):
        small.add("a", "z", 2)
    few = cx.PathsLog(max_cases=1)
    few.add("a", "x", 0)
    with pytest.raises(cx.RangeError, match="max_cases"):
        few.add("b", "x", 1)
    assert few.n_events() == 1
    # The CSV reader names the file, line, column and value.
    text = ("case,touchpoint,timestamp,outcome\n"
            "c1,A,2024-01-01T00:00:00Z,\n"
            "c1,B,2024-01-01T00:05:00Z,conversion\n"
            "c2,A,2024-02-30T00:00:00Z,\n")
    with pytest.raises(cx.ParseError) as e:
        cx.paths.read_csv_buffer(text, name="events.csv")
    # Columns count bytes from 1: "c2,A," is 5 bytes.
    assert (e.value.path, e.value.line, e.value.column) == ("events.csv",
                                                            4, 6)
    assert "2024-02-30" in e.value.value
    with pytest.raises(cx.ParseError) as e:
        cx.paths.read_csv_buffer(text.replace("conversion", "perhaps"))
    assert e.value.line == 3 and e.value.value == "perhaps"
    with pytest.raises(cx.ParseError) as e:
        cx.paths.read_csv_buffer(b"case,touchpoint,timestamp\nc1,\xff,0\n",
                                 name="bin.csv")
    assert (e.value.path, e.value.line, e.value.column) == ("bin.csv", 2, 4)
    path = tmp_path / "absent.csv"
    with pytest.raises(cx.IOError):
        cx.paths.read_csv(path)
    with pytest.raises(TypeError, match="unknown CSV option"):
        cx.paths.read_csv_buffer(text, colour="red")
    with pytest.raises(cx.InvalidArgument, match="delimiter"):
        cx.paths.read_csv_buffer(text, delimiter=";;")


def test_read_csv_options_and_files(tmp_path):
    text = ("who;what;when;gain\n"
            "c1;A;0;\nc1;B;60;\nc1;D;300;100\n"
            "c2;A;0;\nc2;C;120;\n")
    log = cx.paths.read_csv_buffer(
        text, delimiter=";", case_column="who", touchpoint_column="what",
        timestamp_column="when", value_column="gain", time_format="s",
        conversion_touchpoint="D")
    s = log.result().summary
    assert (s.n_events, s.n_cases, s.n_converted, s.value) == (5, 2, 1, 100)
    assert s.duration_max == 300
    path = tmp_path / "e.csv"
    path.write_text(text)
    again = cx.PathsLog().read_csv(path, delimiter=";", case_column="who",
                                   touchpoint_column="what",
                                   timestamp_column="when",
                                   value_column="gain", time_format="s",
                                   conversion_touchpoint="D")
    assert again.serialize() == log.serialize()
    with pytest.raises(cx.ParseError):
        cx.paths.read_csv_buffer(text, delimiter=";", case_column="who",
                                 touchpoint_column="what",
                                 timestamp_column="when",
                                 segment_column="region",
                                 require_optional=True)
    with pytest.raises(cx.StateError):
        cx.PathsLog().add_batch([1], [0], [0],
                                touchpoints=["A"]).read_csv(path)


def test_sample_event_log_against_pandas():
    path = os.path.join(os.environ.get("CX_EXAMPLES_DATA", "examples/data"),
                        "events", "onboarding_events.csv")
    if not os.path.exists(path):
        pytest.skip("examples/data/events/onboarding_events.csv is missing")
    log = cx.paths.read_csv(path)
    frame = pd.read_csv(path)
    stamps = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601") \
        if pd.__version__ >= "2" else pd.to_datetime(frame["timestamp"],
                                                     utc=True)
    from_df = cx.paths.from_dataframe(frame.assign(timestamp=stamps))
    r, r2 = log.result(), from_df.result()
    assert r.summary == r2.summary
    assert by_name(r.edges, "source") == by_name(r2.edges, "source")
    ev = frame.assign(ts=stamps, seq=np.arange(len(frame))).sort_values(
        ["case", "ts", "seq"], kind="stable")
    assert r.summary.n_cases == frame["case"].nunique()
    nxt = ev.groupby("case")["touchpoint"].shift(-1)
    pairs = pd.Series(list(zip(ev["touchpoint"], nxt)))[nxt.notna()
                                                        .to_numpy()]
    assert {(e.source, e.target): e.count for e in r.edges} == \
        pairs.value_counts().to_dict()
    assert log.channels["video-ident"] == "app"
    assert set(log.segments) == {"retail", "small-business", "student"}


# ---------------------------------------------------------------------------
# Graph-only logs: the graph, touchpoint figures, conversions and durations
# of a full log, without its variants; events in time order per case

def interleaved(df, seed):
    """The rows of ``df`` (a random_log_frame) with the cases interleaved
    at random, each case's rows kept in their own order (``seq``), which is
    time order."""
    rng = np.random.default_rng(seed)
    df = df.sort_values("seq").assign(key=rng.random(len(df)))
    # Each case takes its own keys sorted, in seq order.
    df["key"] = df.groupby("case")["key"].transform(np.sort)
    return df.sort_values("key").drop(columns="key").reset_index(drop=True)


def assert_same_graph(full, graph):
    """A graph-only log's result equals a full log's but for the
    variants."""
    a, b = full.result(), graph.result()
    sa, sb = a.summary.to_dict(), b.summary.to_dict()
    assert sa.pop("n_variants") > 0 and sb.pop("n_variants") == 0
    assert sb.pop("value") == pytest.approx(sa.pop("value"), rel=1e-12)
    assert sb == sa
    assert [e.to_dict() for e in b.edges] == [e.to_dict() for e in a.edges]
    assert {t.name: t.to_dict() | {"index": 0} for t in b.touchpoints} == \
        {t.name: t.to_dict() | {"index": 0} for t in a.touchpoints}
    assert b.duration_quantiles() == a.duration_quantiles()
    assert b.variants() == [] and b.n_variants() == 0


def test_graph_only_log_by_hand():
    # Every case in time order, the cases interleaved by time.
    order = sorted(range(len(HAND)), key=lambda i: HAND[i][2])
    log = hand_log(order=order, graph_only=True)
    assert log.graph_only and not log.sorted_by_case
    assert log.options == {"sorted_by_case": False, "max_cases": 0,
                           "max_touchpoints": 100000, "graph_only": True}
    assert (len(log), log.n_pending()) == (17, 0)     # no event is held
    assert repr(log).endswith(", graph only>")
    r = log.result()
    s = r.summary
    # The numbers of test_graph_durations_and_variants_by_hand, no variants.
    assert (s.n_events, s.n_cases, s.n_converted, s.value) == (17, 5, 3, 250)
    assert (s.n_touchpoints, s.n_segments, s.n_variants, s.n_edges) == \
        (4, 2, 0, 5)
    assert (s.duration_mean, s.duration_median, s.duration_min,
            s.duration_max) == (204, 240, 30, 300)
    assert r.duration_quantile(0.25) == pytest.approx(150)
    ab = r.edges[0]
    assert (ab.source, ab.target, ab.count, ab.share, ab.mean, ab.median,
            ab.min, ab.max) == ("A", "B", 4, 0.8, 52.5, 60, 30, 60)
    assert [(e.source, e.target, e.count) for e in r.edges] == [
        ("A", "B", 4), ("B", "C", 3), ("C", "D", 3), ("A", "C", 1),
        ("B", "A", 1)]
    tps = {t.name: (t.events, t.cases, t.starts, t.ends, t.channel)
           for t in r.touchpoints}
    assert tps == {"A": (5, 5, 4, 0, "web"), "B": (5, 4, 1, 1, "email"),
                   "C": (4, 4, 0, 1, "web"), "D": (3, 3, 0, 3, "branch")}
    assert r.variants() == [] and len(r.variants_dataframe()) == 0
    assert "0 variants" in repr(r)
    assert r.to_dot().count("->") == hand_log().result().to_dot().count("->")
    assert r.to_svg().startswith("<svg")


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_graph_only_log_matches_full_log(seed):
    fed = interleaved(random_log_frame(seed, cases=400, touchpoints=7), seed)
    assert fed.groupby("case")["seq"].apply(
        lambda q: q.is_monotonic_increasing).all()
    assert not fed["case"].is_monotonic_increasing
    full = cx.paths.from_dataframe(fed)
    # Integer case codes in batches that split cases.
    coded = cx.PathsLog(graph_only=True)
    for part in np.array_split(fed, 7):
        coded.add_dataframe(part)
    assert_same_graph(full, coded)
    # Text ids and categorical touchpoints, also split; the graph-only log
    # keeps each id's code across the batches.
    text = fed.assign(case="id" + fed["case"].astype(str),
                      touchpoint=fed["touchpoint"].astype("category"))
    named = cx.paths.from_dataframe(text.iloc[:500], graph_only=True)
    cx.paths.from_dataframe(text.iloc[500:], log=named)
    assert_same_graph(full, named)
    assert_same_graph(cx.paths.from_dataframe(text), named)
    # One event at a time.
    single = cx.PathsLog(graph_only=True)
    for row in fed.itertuples():
        single.add("c%d" % row.case, row.touchpoint, row.timestamp,
                   value=None if math.isnan(row.value) else row.value,
                   outcome=row.outcome)
    assert_same_graph(full, single)
    # And pandas, for the pairs and the durations.
    ev = oracle_steps(fed)
    nxt = ev.groupby("case")["touchpoint"].shift(-1)
    pairs = pd.Series(list(zip(ev["touchpoint"], nxt)))[nxt.notna()
                                                        .to_numpy()]
    assert {(e.source, e.target): e.count for e in coded.result().edges} \
        == pairs.value_counts().to_dict()
    spans = ev.groupby("case")["timestamp"].agg(lambda t: t.max() - t.min())
    assert coded.result().summary.duration_mean == \
        pytest.approx(spans.mean() / S)
    assert coded.result().summary.n_converted == \
        ev.groupby("case")["outcome"].max().sum()


def test_graph_only_log_refuses_events_out_of_time_order():
    # One event at a time: refused, not added; equal times are in order.
    log = cx.PathsLog(graph_only=True)
    log.add("x", "A", 100 * S).add("y", "B", 50 * S)
    with pytest.raises(cx.InvalidArgument, match="time order"):
        log.add("x", "B", 99 * S)
    assert len(log) == 2 and log.result().n_edges() == 0
    log.add("x", "B", 100 * S)
    assert len(log) == 3 and log.result().n_edges() == 1
    # A full log takes the same events.
    assert len(cx.PathsLog().add("x", "A", 100).add("x", "B", 99)) == 2
    # A batch with a late row adds nothing, not even its new names.
    coded = cx.PathsLog(graph_only=True).add_batch(
        np.array([7, 8]), ["A", "B"], np.array([10, 5]) * S)
    before = coded.serialize()
    late = (np.array([7, 9, 7, 8]), ["B", "C", "D", "A"],
            np.array([20, 30, 15, 6]) * S)      # case 7: 10, 20, then 15
    with pytest.raises(cx.InvalidArgument, match="row 2") as e:
        coded.add_batch(*late)
    assert e.value.status == cx.Status.EINVAL
    assert coded.serialize() == before
    assert (len(coded), coded.touchpoints) == (2, ["A", "B"])
    assert len(cx.PathsLog().add_batch(*late)) == 4
    # Against a held case: case 8 was last seen at 5 s.
    with pytest.raises(cx.InvalidArgument, match="row 0"):
        coded.add_batch(np.array([8]), ["A"], np.array([4]) * S)
    assert coded.serialize() == before
    coded.add_batch(np.array([8]), ["A"], np.array([5]) * S)
    assert len(coded) == 3
    # Refused events with new names, channels and segments add none of
    # them: text ids, integer codes, a frame with a channel column.
    before = coded.serialize()
    with pytest.raises(cx.InvalidArgument):
        coded.add(8, "New", 1 * S, segment="new-seg", channel="web")
    with pytest.raises(cx.InvalidArgument):
        coded.add_dataframe(pd.DataFrame({
            "case": [8], "touchpoint": ["Newer"], "timestamp": [2 * S],
            "channel": ["email"]}))
    assert coded.serialize() == before
    assert coded.touchpoints == ["A", "B"] and coded.segments == []
    named = cx.PathsLog(graph_only=True).add("x", "A", 100 * S)
    before = named.serialize()
    with pytest.raises(cx.InvalidArgument):
        named.add("x", "New", 99 * S, segment="s", channel="web")
    assert named.serialize() == before
    # Taken events keep their channels.
    coded.add(8, "New", 9 * S, channel="web")
    assert coded.channels["New"] == "web"
    # A DataFrame of text ids.
    frame = pd.DataFrame({"case": ["a", "b", "a"],
                          "touchpoint": ["web", "app", "call"],
                          "timestamp": pd.to_datetime([60, 0, 0], unit="s")})
    with pytest.raises(cx.InvalidArgument, match="row 2"):
        cx.paths.from_dataframe(frame, graph_only=True)
    assert len(cx.paths.from_dataframe(frame)) == 3
    # The CSV reader: a parse error at the late line, the log unchanged.
    text = ("case,touchpoint,timestamp\n"
            "a,web,2024-01-01T00:00:00Z\n"
            "a,phone,2024-01-01T00:01:00Z\n"
            "a,branch,2024-01-01T00:00:59Z\n")
    with pytest.raises(cx.ParseError, match="time order") as e:
        cx.paths.read_csv_buffer(text, name="late.csv", graph_only=True)
    assert (e.value.path, e.value.line) == ("late.csv", 4)
    kept = cx.paths.read_csv_buffer("case,touchpoint,timestamp\n"
                                    "b,web,2024-01-01T00:00:00Z\n",
                                    graph_only=True)
    before = kept.serialize()
    with pytest.raises(cx.ParseError):
        kept.read_csv_buffer(text)
    assert kept.serialize() == before and kept.touchpoints == ["web"]
    assert len(cx.paths.read_csv_buffer(text)) == 3


def test_graph_only_log_refuses_what_needs_paths():
    with pytest.raises(cx.InvalidArgument, match="sorted_by_case"):
        cx.PathsLog(sorted_by_case=True, graph_only=True)
    text = "case,touchpoint,timestamp\na,web,0\na,app,5\n"
    with pytest.raises(cx.InvalidArgument):
        cx.paths.read_csv_buffer(text, sorted_by_case=True, graph_only=True)
    # A log given to fill must already be graph-only.
    with pytest.raises(cx.InvalidArgument, match="graph_only"):
        cx.paths.read_csv_buffer(text, log=cx.PathsLog(), graph_only=True)
    with pytest.raises(cx.InvalidArgument, match="graph_only"):
        cx.paths.from_dataframe(hand_frame(), log=cx.PathsLog(),
                                graph_only=True)
    into = cx.PathsLog(graph_only=True)
    assert cx.paths.read_csv_buffer(text, log=into, graph_only=True) is into
    log = hand_log(graph_only=True)
    with pytest.raises(cx.StateError):
        log.funnel("A,B")
    with pytest.raises(cx.StateError):
        log.declare_funnel("A,B")
    r = log.result()
    with pytest.raises(cx.StateError, match="graph-only"):
        r.attribution()
    with pytest.raises(cx.StateError):
        r.attribution(by_channel=True)
    with pytest.raises(cx.StateError):
        r.conformance(abce_map())
    # A full log and a graph-only one do not merge, either way round.
    full = hand_log()
    before, full_before = log.serialize(), full.serialize()
    with pytest.raises(cx.StateError):
        log.merge(full)
    with pytest.raises(cx.StateError):
        full.merge(log)
    with pytest.raises(cx.StateError):
        full + log
    assert (log.serialize(), full.serialize()) == (before, full_before)


def test_graph_only_log_merges_pickles_and_copies():
    df = hand_frame()
    whole = cx.paths.from_dataframe(df, graph_only=True)
    web = cx.paths.from_dataframe(df[df["segment"] == "web"],
                                  graph_only=True)
    shop = cx.paths.from_dataframe(df[df["segment"] == "shop"],
                                   graph_only=True)
    both = web + shop
    assert both.graph_only and len(both) == 17
    assert both.result().summary == whole.result().summary
    assert both.result().edges == whole.result().edges
    assert_same_graph(hand_log(), both)
    # Pickled half-way through c5 (rows 13 and 14 of its four): the copy
    # keeps c5's code and its last time.
    part = cx.paths.from_dataframe(df.iloc[:15], graph_only=True)
    back = pickle.loads(pickle.dumps(part))
    assert back.graph_only and back.options == part.options
    back.add_dataframe(df.iloc[15:])
    assert back.result().summary == whole.result().summary
    assert back.result().edges == whole.result().edges
    with pytest.raises(cx.InvalidArgument):
        back.add_dataframe(df.iloc[16:].assign(
            timestamp=df["timestamp"].iloc[16] - pd.Timedelta(seconds=1)))
    data = whole.serialize()
    again = cx.PathsLog.deserialize(data)
    assert again.graph_only and again.serialize() == data
    assert copy.deepcopy(whole).serialize() == data
    assert copy.copy(whole).graph_only


def test_graph_only_sample_event_log():
    path = os.path.join(os.environ.get("CX_EXAMPLES_DATA", "examples/data"),
                        "events", "onboarding_events.csv")
    if not os.path.exists(path):
        pytest.skip("examples/data/events/onboarding_events.csv is missing")
    full = cx.paths.read_csv(path)
    graph = cx.paths.read_csv(path, graph_only=True)
    assert_same_graph(full, graph)
    assert graph.channels == full.channels
    frame = pd.read_csv(path)
    frame["timestamp"] = [cxp.parse_timestamp(t) for t in frame["timestamp"]]
    assert_same_graph(full, cx.paths.from_dataframe(frame, graph_only=True))


# ---------------------------------------------------------------------------
# The low-level classes, borrowed records and garbage collection

def test_low_level_api():
    log = core.PathsLog()
    assert log.add_touchpoint("A", "web") == 0
    assert log.add_touchpoint("A", "email") == 0      # first channel kept
    assert log.touchpoint_channel(0) == "web" and log.n_touchpoints() == 1
    assert log.touchpoint_name(5) is None and log.segment_name(0) is None
    assert log.add_segment("north") == 0 and log.n_segments() == 1
    log.add("c1", "A", 0, math.nan, 0, "north", None)
    log.add("c1", "B", S, math.nan, core.PATHS_OUTCOME_CONVERSION, None,
            None)
    assert (log.n_events(), log.n_pending()) == (2, 2)
    o = log.get_options()
    assert (o.sorted_by_case, o.max_touchpoints, o.graph_only) == \
        (0, 100000, 0)
    assert core.PathsLog(0, 0, 100000, 1).get_options().graph_only == 1
    assert core.PathsOptions().max_touchpoints == 100000
    r = cx.PathsResult(log)
    assert r.n_edges() == 1 and r.n_variants() == 1
    assert (r.edge(0).from_index, r.edge(0).to_index) == (0, 1)
    assert r.variant_step(0, 1) == 1
    assert r.variant_step(0, 2) == core.PATHS_NO_STEP
    assert r.touchpoint_name(1) == "B"
    with pytest.raises(cx.NotFound):
        r.edge(1)
    assert r.variant(0).converted == 1
    f = core.paths_funnel_compute(log, ["A", "B"], core.PATHS_FUNNEL_STRICT,
                                  0)
    assert (f.n_steps(), f.n_segments(), f.segment_name(0)) == \
        (2, 1, "north")
    assert f.step_get(core.PATHS_ALL, 1).reached == 1
    a = core.paths_attribution_compute(r, 1, 0, 0)
    assert a.n_channels() == 2 and a.summary_get().n_conversions == 1
    assert a.channel(0).name == "A"
    j = cx.Journey("m")
    j.add_stage("s").add_touchpoint("A")
    c = core.paths_conformance_compute(r, j)
    assert c.n_touchpoints() == 1 and c.n_unexpected() == 1
    assert c.touchpoint_get(0).id == "A"
    assert c.unexpected_get(0).name == "B"
    assert c.summary_get().following == 1
    c.apply(j)
    assert j["A"].reach == 1
    assert core.paths_parse_timestamp("1970-01-01T00:00:01Z",
                                      core.PATHS_TIME_ISO8601) == S
    assert "2 events" in repr(log) or "PathsLog" in repr(log)
    assert repr(cx.PathsLog()) == \
        "<PathsLog: 0 events (0 pending), 0 touchpoints, 0 segments>"


def test_borrowed_records_keep_their_owner_alive():
    r = hand_log().result()
    edge = r.edge(0)
    tp = r.touchpoint(3)
    a = core.paths_attribution_compute(r, 1, 1, 0)
    credit = a.channel(1)
    del r, a
    gc.collect()
    assert (edge.from_name, edge.to_name, tp.name, tp.channel) == \
        ("A", "B", "D", "branch")
    assert credit.name == "email"


def test_gc_in_any_order():
    rng = random.Random(11)
    for _ in range(5):
        log = hand_log()
        r = log.result()
        j = abce_map()
        raw_f = core.paths_funnel_compute(log, ["A", "B"], 0, 0)
        raw_a = core.paths_attribution_compute(r, 1, 0, 0)
        raw_c = core.paths_conformance_compute(r, j)
        objs = [log, r, j, raw_f, raw_a, raw_c, raw_f.step_get(ALL_, 0),
                raw_a.channel(0), raw_c.touchpoint_get(0),
                raw_c.unexpected_get(0), r.edge(0), r.touchpoint(0),
                r.conformance(j), log.copy(), log.funnel("A,B"),
                r.attribution(), cx.PathsLog(sorted_by_case=True),
                cx.PathsLog(graph_only=True)]
        del log, r, j, raw_f, raw_a, raw_c
        rng.shuffle(objs)
        while objs:
            o = objs.pop()
            if isinstance(o, core.PathsCredit):
                assert o.name == "A"
            del o
            gc.collect()


ALL_ = cx.paths.ALL
