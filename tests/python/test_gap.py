"""Gap analysis through the Python binding: every number is checked
against a hand-computed value or an independent implementation (NumPy,
SciPy), never against the library's own earlier output."""

import copy
import gc
import math
import os
import pickle
import random
import tracemalloc

import numpy as np
import pytest
from scipy import stats

import cx

# Three items in two dimensions, four respondents (1-7 scale):
#           E a b c     P a b c
#   r1        5 6 7       4 6 5
#   r2        3 4 5       4 4 6
#   r3        5 5 5       4 6 3
#   r4        6 6 6       7 2 6
# Gaps a: -1 1 -1 1 (mean 0, sd sqrt(4/3)); b: 0 0 1 -4 (mean -0.75);
#      c: -2 1 -2 0 (mean -0.75, sd 1.5).
E = np.array([[5, 6, 7], [3, 4, 5], [5, 5, 5], [6, 6, 6]], dtype=float)
P = np.array([[4, 6, 5], [4, 4, 6], [4, 6, 3], [7, 2, 6]], dtype=float)
ITEMS = [("a", "Item A", "d1"), ("b", "Item B", "d1"), ("c", "Item C", "d2")]


def reference():
    s = cx.GapSurvey(items=ITEMS)
    s.add_batch(expectation=E, perception=P)
    return s


def holm(p):
    """Holm's step-down adjustment, written out from its definition."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [0.0] * len(p), 0.0
    for rank, i in enumerate(order):
        running = max(running, (len(p) - rank) * p[i])
        out[i] = min(1.0, running)
    return out


def test_items_and_settings():
    s = cx.GapSurvey(items=ITEMS, scale=cx.Scale(min=1, max=5),
                     min_share=0.5)
    assert s.items == ["a", "b", "c"] and s.dimensions == ["d1", "d2"]
    assert s.item("b") == {"id": "b", "label": "Item B", "dimension": "d1"}
    assert (s.scale.min, s.scale.max) == (1, 5) and s.min_share == 0.5
    assert (s.importance_scale.max, s.disconfirmation_scale.neutral) == \
        (7, 4.0)
    assert s.add_item("d") == 3 and s.item("d")["dimension"] is None
    assert s.find_item("c") == 2 and s.find_dimension("d2") == 1
    with pytest.raises(cx.NotFound):
        s.find_item("zz")
    with pytest.raises(cx.InvalidArgument):
        s.add_item("a")                            # duplicate id
    sq = cx.GapSurvey.servqual()
    # Parasuraman, Zeithaml & Berry (1988): 4 + 5 + 4 + 4 + 5 items
    assert sq.n_items() == 22 and sq.dimensions == [
        "tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    assert [sq.item(i)["dimension"] for i in (3, 4, 8, 9, 12, 13, 16, 17)] \
        == ["tangibles", "reliability", "reliability", "responsiveness",
            "responsiveness", "assurance", "assurance", "empathy"]
    with pytest.raises(cx.StateError):
        sq.declare_servqual()
    with pytest.raises(cx.InvalidArgument):
        cx.GapSurvey(min_share=0)


def test_item_statistics_against_scipy():
    r = reference().result()
    gaps = P - E
    for j, row in enumerate(r):
        g = gaps[:, j]
        assert row.n == 4
        assert row.mean_e == pytest.approx(E[:, j].mean())
        assert row.mean_p == pytest.approx(P[:, j].mean())
        assert row.mean == pytest.approx(g.mean())
        assert row.sd == pytest.approx(g.std(ddof=1))
        assert row.se == pytest.approx(g.std(ddof=1) / 2)
        assert row.median == pytest.approx(np.median(g))
        assert row.df == 3.0
        t = stats.ttest_rel(P[:, j], E[:, j])
        if np.isnan(t.statistic):
            assert math.isnan(row.t)
        else:
            assert row.t == pytest.approx(t.statistic)
            assert row.p_t == pytest.approx(t.pvalue)
        lo, hi = stats.t.interval(0.95, 3, loc=g.mean(), scale=g.std(ddof=1) / 2)
        assert (row.ci_low, row.ci_high) == pytest.approx((lo, hi))
        assert row.d_z == pytest.approx(g.mean() / g.std(ddof=1))
    # hand: gaps of a are -1, 1, -1, 1
    assert r["a"].mean == 0.0 and r["a"].sd == pytest.approx(math.sqrt(4 / 3))
    p = [row.p_t for row in r]
    assert [row.p_t_holm for row in r] == pytest.approx(holm(p))


def test_wilcoxon_against_scipy():
    rng = np.random.default_rng(3)
    e = rng.integers(1, 8, (60, 2)).astype(float)
    p = np.clip(e + rng.integers(-3, 3, (60, 2)), 1, 7)
    s = cx.GapSurvey(items=["x", "y"])
    s.add_batch(expectation=e, perception=p)
    for zm in ("wilcox", "pratt", "zsplit"):
        r = s.result(zero_method=zm)
        for j, row in enumerate(r):
            ref = stats.wilcoxon(p[:, j], e[:, j], zero_method=zm,
                                 correction=False, method="approx")
            assert row.w == pytest.approx(ref.statistic)
            assert row.p_w == pytest.approx(ref.pvalue, rel=1e-9)
            assert r.options["zero_method"] == zm


def test_dimensions_overall_and_options():
    r = reference().result()
    # d1 respondent gaps: means of (a, b): 0-... per row: (-1+0)/2, (1+0)/2,
    # (-1+1)/2, (1-4)/2 = -0.5, 0.5, 0, -1.5 -> mean -0.375
    d1 = r.dimension("d1")
    assert d1.n_items == 2 and d1.n == 4
    assert d1.mean == pytest.approx(-0.375)
    assert d1.sd == pytest.approx(np.std([-0.5, 0.5, 0, -1.5], ddof=1))
    assert r.dimension(1).mean == pytest.approx(-0.75)
    # overall by dimensions: (-0.375 - 0.75) / 2; by items: (0 - .75 - .75)/3
    assert r.overall == pytest.approx(-0.5625)
    assert reference().result(overall="items").overall == pytest.approx(-0.5)
    assert r.options["level"] == 0.95
    r90 = reference().result(confidence=0.9)
    g = (P - E)[:, 2]
    lo, hi = stats.t.interval(0.9, 3, loc=g.mean(), scale=g.std(ddof=1) / 2)
    assert (r90["c"].ci_low, r90["c"].ci_high) == pytest.approx((lo, hi))
    with pytest.raises(cx.InvalidArgument, match="zero method"):
        reference().result(zero_method="drop")
    with pytest.raises(cx.InvalidArgument):
        reference().result(level=1.5)
    with pytest.raises(cx.NotFound):
        r["zz"]
    with pytest.raises(cx.NotFound):
        r.dimension("zz")


def test_zone_ipa_and_disconfirmation():
    s = cx.GapSurvey(items=["a", "b"])
    # a: A 3 D 6 P 5 within; A 4 D 5 P 2 below; A 2 D 3 P 7 above
    s.add_respondent(perception=[5, 4], adequate=[3, 3], desired=[6, 5],
                     importance=[7, 2], disconfirmation=[5, 4])
    s.add_respondent(perception=[2, 4], adequate=[4, 3], desired=[5, 5],
                     importance=[6, 3], disconfirmation=[3, 4])
    s.add_respondent(perception=[7, 4], adequate=[2, 6], desired=[3, 4],
                     importance=[5, 1])
    r = s.result()
    a, b = r["a"], r["b"]
    assert (a.zot_n, a.zot_below, a.zot_within, a.zot_above) == (3, 1, 1, 1)
    # P - A: 2, -2, 5 -> 5/3; D - A: 3, 1, 1 -> 5/3
    assert a.msa_mean == pytest.approx(5 / 3)
    assert a.width_mean == pytest.approx(5 / 3)
    assert b.zot_inversions == 1                   # A 6 > D 4
    assert a.importance_mean == 6.0 and b.importance_mean == 2.0
    assert a.performance_mean == pytest.approx(14 / 3)
    assert a.priority == pytest.approx(6 - 14 / 3)
    assert a.disconfirmation_n == 2 and a.disconfirmation_mean == 4.0
    # crosshair at the means of the item means: importance 4, performance
    # (14/3 + 4) / 2; a: high importance, high performance
    assert r.crosshair["importance"] == pytest.approx(4.0)
    assert r.crosshair["performance"] == pytest.approx((14 / 3 + 4) / 2)
    assert a.quadrant == "keep up the good work"
    assert b.quadrant == "low priority"
    assert math.isnan(a.mean) and a.n == 0          # no expectations asked
    dropped = s.result(drop_inversions=True)["b"]
    assert dropped.zot_n == 2 and dropped.zot_inversions == 1
    custom = s.result(crosshair=(6.5, 4.0, 0.0))
    assert custom.crosshair == {"importance": 6.5, "performance": 4.0,
                                "gap": 0.0}
    assert custom["a"].quadrant == "possible overkill"
    ipa = r.ipa()
    assert list(ipa["id"]) == ["a", "b"] and "priority" in ipa.columns


def test_weighted_servqual_score():
    s = cx.GapSurvey(items=ITEMS)
    # respondent gaps: d1 (0 + 1)/2 = 0.5, d2 -1; points 60 / 40:
    # 0.6 * 0.5 + 0.4 * -1 = -0.1; second: d1 -1, d2 2, points 50/50: 0.5
    s.add_respondent([4, 4, 5], [4, 5, 4], dimension_points={"d1": 60,
                                                             "d2": 40})
    s.add_respondent([5, 5, 3], [4, 4, 5], dimension_points=[50, 50])
    s.add_respondent([5, 5, 5], [5, 5, 5])          # no points
    w = s.result().weighted
    assert (w.n, w.n_no_points) == (2, 1)
    assert w.mean == pytest.approx(0.2)
    assert w.sd == pytest.approx(np.std([-0.1, 0.5], ddof=1))
    with pytest.raises(cx.RangeError, match="100"):
        s.add_respondent([5, 5, 5], [5, 5, 5], dimension_points=[50, 20])


def test_add_respondent_forms_and_errors():
    s = cx.GapSurvey(items=ITEMS, scale=cx.Scale(min=1, max=7, na_code=8))
    s.add_respondent({"a": 5, "b": None, "c": 8}, np.array([4.0, 3, 3]),
                     respondent="r1", weight=2.0)
    r = s.result()
    assert (r["a"].n, r["b"].n_missing, r["c"].n_not_applicable) == (1, 1, 1)
    assert r["a"].sum_weights == 2.0
    before = s.serialize()
    with pytest.raises(cx.RangeError) as e:
        s.add_respondent([5, 5, 9], [5, 5, 5], respondent="r17")
    assert "r17" in str(e.value) and "c" in str(e.value) and "9" in str(e.value)
    assert e.value.status == -4 and str(e.value) == cx.error_last()
    with pytest.raises(cx.RangeError):
        s.add_respondent([5, 5, 4.5], [5, 5, 5])
    with pytest.raises(cx.RangeError):
        s.add_respondent([5, 5, 5], [5, 5, 5], weight=-1)
    with pytest.raises(cx.InvalidArgument, match="3 items"):
        s.add_respondent([5, 5], [5, 5, 5])
    with pytest.raises(cx.NotFound, match="zz"):
        s.add_respondent({"zz": 5}, [5, 5, 5])
    with pytest.raises(TypeError):
        s.add_respondent_doubles(None, 1.0, b"x" * 24, None, None, None,
                                 None, None, None)
    with pytest.raises(cx.StateError):
        s.add_item("late")
    assert s.serialize() == before
    with pytest.raises(cx.StateError):
        cx.GapSurvey().add_respondent([], [])


def test_batch_equals_one_by_one_and_forms():
    rng = np.random.default_rng(9)
    n = 300
    e = rng.integers(1, 8, (n, 3)).astype(float)
    p = rng.integers(1, 8, (n, 3)).astype(np.int16)
    e[rng.random((n, 3)) < 0.05] = np.nan
    w = rng.integers(1, 5, n) / 4.0
    one = cx.GapSurvey(items=ITEMS)
    for i in range(n):
        one.add_respondent(e[i], p[i].astype(float), weight=w[i])
    batch = cx.GapSurvey(items=ITEMS)
    batch.add_batch(expectation=e, perception=p, weight=w)
    assert batch.serialize() == one.serialize()
    as_dict = cx.GapSurvey(items=ITEMS)
    as_dict.add_batch(expectation={k: e[:, j] for j, (k, _, _) in
                                   enumerate(ITEMS)},
                      perception=[p[:, 0], p[:, 1], p[:, 2]], weight=w)
    assert as_dict.serialize() == one.serialize()
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"w": w})
    for j, (k, _, _) in enumerate(ITEMS):
        df[k + "_expectation"] = e[:, j]
        df[k + "_perception"] = p[:, j]
    from_df = cx.GapSurvey(items=ITEMS).add_dataframe(df, weight="w")
    assert from_df.serialize() == one.serialize()


def test_batch_reads_in_place():
    n = 200_000
    e = np.full((n, 3), 4.0)
    p = np.full((n, 3), 5, dtype=np.int8)
    s = cx.GapSurvey(items=ITEMS)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    s.add_batch(expectation=e, perception=p)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    # the inputs are 4.8 MB and 0.6 MB: a copy of either would show here
    assert peak < 200_000
    assert s.result()["a"].mean == 1.0 and s.n_respondents == n
    frozen = np.full((5, 3), 4.0)
    frozen.setflags(write=False)                  # read, never written
    s.add_batch(expectation=frozen, perception=frozen)


def test_batch_errors_leave_survey_unchanged():
    s = reference()
    before = s.serialize()
    bad = P.copy()
    bad[2, 1] = 9
    with pytest.raises(cx.RangeError, match="row 2"):
        s.add_batch(expectation=E, perception=bad)
    with pytest.raises(cx.InvalidArgument, match="columns"):
        s.add_batch(expectation=E[:, :2], perception=P[:, :2])
    with pytest.raises(ValueError, match="differ in length"):
        s.add_batch(expectation=E, perception=P[:3])
    with pytest.raises(TypeError, match="expectation"):
        s.add_batch(expectation=E.astype(complex), perception=P)
    with pytest.raises(ValueError, match="no column"):
        s.add_batch()
    assert s.serialize() == before


def test_merge_pickle_and_copies():
    a, b = reference(), reference()
    c = a + b
    assert c.n_respondents == 8 and a.n_respondents == 4
    r = c.result()
    # the same respondents twice: same means, n doubled
    assert r["c"].n == 8 and r["c"].mean == pytest.approx(-0.75)
    a += b
    assert a.serialize() == c.serialize()
    with pytest.raises(cx.StateError):
        a.merge(cx.GapSurvey(items=["a", "b"]))
    with pytest.raises(TypeError):
        a + 1
    back = pickle.loads(pickle.dumps(c))
    assert back.serialize() == c.serialize() and back is not c
    assert copy.deepcopy(c).serialize() == c.serialize()
    data = bytearray(c.serialize())
    with pytest.raises(cx.ParseError):
        cx.GapSurvey.deserialize(bytes(data[:-2]))
    res = reference().result()
    again = pickle.loads(pickle.dumps(res))
    assert again == res and again["b"] == res["b"]
    with pytest.raises(cx.InvalidArgument, match="unpickled"):
        again.gap_svg()


def test_dataframes_and_html():
    r = reference().result()
    df = r.items_dataframe()
    assert list(df["id"]) == ["a", "b", "c"]
    assert list(df["mean"]) == pytest.approx(list((P - E).mean(axis=0)))
    dims = r.to_dataframe("dimensions")
    assert list(dims["name"]) == ["d1", "d2"]
    html = r._repr_html_()
    assert html.startswith("<table") and "<td>b</td>" in html
    assert "GapItemRow(id='a'" in repr(r["a"])


def test_charts_and_journey_link():
    r = reference().result()
    svg = r.gap_svg(title="<gaps>")
    assert svg.startswith("<svg") and "&lt;gaps&gt;" in svg
    assert r.gap_svg() == r.gap_svg()                 # deterministic
    assert r._repr_svg_() == r.gap_svg()
    assert r.ipa_svg(x_axis="gap").startswith("<svg")
    with pytest.raises(cx.InvalidArgument, match="theme"):
        r.gap_svg(theme="neon")
    j = cx.Journey("j", scale=(1, 4, 7))
    st = j.add_stage("s")
    st.add_touchpoint("a")
    st.add_touchpoint("other")
    report = r.link_journey(j)
    assert report == {"matched": ["a"], "no_data": [],
                      "item_only": ["b", "c"], "touchpoint_only": ["other"]}
    # item a: mean E (5 + 3 + 5 + 6) / 4, mean P (4 + 4 + 4 + 7) / 4
    assert j["a"].expectation == pytest.approx(4.75)
    assert j["a"].experience == pytest.approx(4.75)
    assert math.isnan(j["other"].expectation)


def test_read_csv(tmp_path):
    text = ("respondent,segment,item,dimension,expectation,perception\n"
            "r1,x,a,d1,5,4\nr1,x,b,d1,6,6\n"
            "r2,y,a,d1,3,4\nr2,y,b,d1,4,n/a\n")
    s = cx.gap.read_csv_buffer(text, name="g.csv")
    assert s.items == ["a", "b"] and s.dimensions == ["d1"]
    r = s.result()
    assert r["a"].n == 2 and r["a"].mean == 0.0 and r["b"].n == 1
    path = tmp_path / "g.csv"
    path.write_text(text)
    assert cx.gap.read_csv(path).serialize() == s.serialize()
    segs = cx.gap.read_csv_segments(path)
    assert sorted(k for k in segs if k) == ["x", "y"]
    assert segs[None].n_respondents == 2 and segs["y"].n_respondents == 1
    with pytest.raises(cx.ParseError) as e:
        cx.gap.read_csv_buffer(text.replace("3,4", "3,four"), name="bad.csv")
    assert (e.value.path, e.value.line, e.value.value) == ("bad.csv", 4,
                                                           "four")
    with pytest.raises(cx.RangeError) as e:
        cx.gap.read_csv_buffer(text.replace("5,4", "5,9"), name="r.csv")
    assert e.value.line == 2 and e.value.value == "9"
    with pytest.raises(cx.IOError):
        cx.gap.read_csv(tmp_path / "absent.csv")
    with pytest.raises(TypeError, match="unknown CSV option"):
        cx.gap.read_csv_buffer(text, colour="red")
    with pytest.raises(cx.InvalidArgument, match="delimiter"):
        cx.gap.read_csv_buffer(text, delimiter="::")


def test_sample_servqual_file():
    path = os.path.join(os.environ.get("CX_EXAMPLES_DATA", "examples/data"),
                        "servqual_survey.csv")
    if not os.path.exists(path):
        pytest.skip("examples/data/servqual_survey.csv is not there")
    s = cx.GapSurvey.servqual().read_csv(path)
    r = s.result()
    assert len(r) == 22 and s.n_respondents >= 200


def test_gc_in_any_order():
    rng = random.Random(5)
    for _ in range(5):
        s = reference()
        res = s.result()
        raw = cx.core.gap_result_compute(s, None)
        objs = [s, res, raw, raw.item_row(0), raw.item_row(1).gap,
                raw.dimension_row(0), raw.weighted(), raw.options(),
                s.copy(), s.scale, cx.GapSurvey.servqual(), res["a"]]
        del s, res, raw
        rng.shuffle(objs)
        while objs:
            o = objs.pop()
            if isinstance(o, cx.core.GapStats):
                assert o.n == 4                     # still readable
            del o
            gc.collect()
