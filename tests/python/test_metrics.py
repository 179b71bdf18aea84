"""NPS, CSAT and CES through the Python binding, against values
counted by hand (the worked examples of docs/methodology/metrics.md), the
same numbers as tests/ruby/test_metrics.rb (scales: test_scale.py)."""

import array
import copy
import gc
import math
import pickle
import random
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import cx
from cx import metrics

# Ten NPS answers: 5 promoters (9, 10, 9, 10, 9), 3 passives (7, 8, 7),
# 2 detractors (0, 6).  p = 0.5, d = 0.2.
#   NPS = 0.3; var = p + d - (p - d)^2 = 0.7 - 0.09 = 0.61;
#   SE = sqrt(0.61 / 10) = 0.246981; z(0.975) = 1.959964;
#   Wald = 0.3 -/+ 0.484075 = (-0.184075, 0.784075);
#   adjusted Wald: p~ = 5.75/13, d~ = 2.75/13, centre 3/13 = 0.230769,
#   var 8.5/13 - (3/13)^2 = 0.600592, SE = sqrt(var/13) = 0.214940,
#   interval (-0.190506, 0.652045); mean score 75/10 = 7.5.
NPS_SCORES = [9, 10, 9, 10, 9, 7, 8, 7, 0, 6]
Z95 = 1.959964


def nps_reference():
    s = cx.MetricSurvey.nps()
    for x in NPS_SCORES:
        s.add(x)
    return s


def isnan(x):
    return isinstance(x, float) and math.isnan(x)


# --------------------------------------------------------------------------
# Accumulator

def test_constructors_and_properties():
    n = cx.MetricSurvey.nps()
    assert n.metric == "nps" and n.ces_version is None
    assert (n.scale.min, n.scale.max) == (0, 10)
    c = cx.MetricSurvey.csat(segments=["north", "south"])
    assert c.metric == "csat" and c.segments == ["north", "south"]
    assert c.find_segment("south") == 1 and c.segment_name(5) is None
    e1 = cx.MetricSurvey.ces(1)
    e2 = cx.MetricSurvey("ces", version="2.0")
    assert (e1.ces_version, e2.ces_version) == (1, 2)
    assert e1.scale.direction == "higher_is_worse"
    assert (e2.scale.min, e2.scale.max) == (1, 7)
    custom = cx.MetricSurvey.csat(cx.Scale(min=1, max=10))
    assert custom.scale.max == 10
    assert cx.MetricSurvey.csat("likert7").scale.max == 7   # a preset name
    assert repr(e1) == "<MetricSurvey ces 1.0: scale 1-5, 0 segments>"
    with pytest.raises(cx.InvalidArgument, match="version"):
        cx.MetricSurvey("ces")
    with pytest.raises(cx.InvalidArgument):
        cx.MetricSurvey("nps", version=2)
    with pytest.raises(cx.InvalidArgument, match="metric"):
        cx.MetricSurvey("sus")
    with pytest.raises(cx.InvalidArgument):                 # NPS is 0-10
        cx.MetricSurvey.nps(cx.Scale(min=1, max=10))


def test_nps_worked_example():
    r = nps_reference().compute()
    assert r.metric == "nps" and r.segment is None
    assert (r.n_raw, r.n, r.n_effective) == (10, 10.0, 10.0)
    assert (r.promoters, r.passives, r.detractors) == (5.0, 3.0, 2.0)
    assert (r.share_promoters, r.share_passives, r.share_detractors) == \
        pytest.approx((0.5, 0.3, 0.2))
    assert r.nps == pytest.approx(0.3)
    assert r.variance == pytest.approx(0.61)
    assert r.se == pytest.approx(0.246981, abs=1e-6)
    assert r.z == pytest.approx(Z95, abs=1e-6)
    assert (r.wald_lo, r.wald_hi) == pytest.approx((-0.184075, 0.784075),
                                                   abs=1e-6)
    assert r.adjusted_nps == pytest.approx(3 / 13)
    assert r.adjusted_se == pytest.approx(0.214940, abs=1e-6)
    assert (r.adjusted_lo, r.adjusted_hi) == pytest.approx(
        (-0.190506, 0.652045), abs=1e-6)
    assert r.mean_score == pytest.approx(7.5)
    assert r.counts == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0, 5: 0.0,
                        6: 1.0, 7: 2.0, 8: 1.0, 9: 3.0, 10: 2.0}
    assert r.counts_raw[9] == 3 and r.value == r.nps
    assert (r.confidence, r.bootstrap, r.seed, r.percent) == (0.95, 2000, 0,
                                                             False)
    # the bootstrap interval brackets the estimate
    assert r.bootstrap_lo < 0.3 < r.bootstrap_hi


def test_nps_percent_option():
    r = nps_reference().compute(percent=True, bootstrap=0)
    assert r.percent is True
    assert r.nps == pytest.approx(30.0)
    assert r.variance == pytest.approx(6100.0)          # x 10 000
    assert r.se == pytest.approx(24.6981, abs=1e-4)
    assert (r.wald_lo, r.wald_hi) == pytest.approx((-18.4075, 78.4075),
                                                   abs=1e-4)
    assert r.share_promoters == 0.5                    # shares stay shares
    assert r.bootstrap == 0 and isnan(r.bootstrap_lo) and isnan(r.bootstrap_se)


def test_nps_undefined_and_options():
    s = cx.MetricSurvey.nps()
    r = s.compute()
    assert r.n_raw == 0 and r.n_effective == 0
    assert isnan(r.nps) and isnan(r.se) and isnan(r.adjusted_lo)
    for _ in range(10):
        s.add(10)
    r = s.compute(bootstrap=0)
    # all promoters: variance 0, Wald undefined; adjusted centre 10/13,
    # interval (0.47504, 1.06343) clipped to 1
    assert r.nps == 1.0 and r.variance == 0.0
    assert isnan(r.wald_lo) and isnan(r.wald_hi)
    assert r.adjusted_nps == pytest.approx(10 / 13)
    assert (r.adjusted_lo, r.adjusted_hi) == pytest.approx((0.47504, 1.0),
                                                           abs=1e-5)
    r90 = nps_reference().compute(confidence=0.90, bootstrap=0)
    assert r90.z == pytest.approx(1.644854, abs=1e-6)
    with pytest.raises(cx.InvalidArgument):
        s.compute(confidence=1.5)
    with pytest.raises(cx.InvalidArgument, match="bootstrap"):
        s.compute(bootstrap=-1)


def test_nps_bootstrap_is_seeded():
    a = nps_reference().compute(bootstrap=500, seed=7)
    b = nps_reference().compute(bootstrap=500, seed=7)
    assert (a.bootstrap_lo, a.bootstrap_hi, a.bootstrap_se) == \
        (b.bootstrap_lo, b.bootstrap_hi, b.bootstrap_se)
    assert a.bootstrap == 500 and a.seed == 7


def test_weights_and_codes():
    s = cx.MetricSurvey.nps(cx.Scale(min=0, max=10, na_code=98, dk_code=99))
    s.add(10, weight=2.0).add(0).add(8)
    s.add(None).add(98).add(99).add(99)
    r = s.compute(bootstrap=0)
    # n = 4, p = 0.5, d = 0.25: NPS 0.25, var 0.75 - 0.0625 = 0.6875;
    # n_eff = 4^2 / (4 + 1 + 1) = 8/3; SE = sqrt(0.6875 / (8/3)) = 0.507752
    assert (r.n_raw, r.n_missing, r.n_not_applicable, r.n_dont_know) == \
        (3, 1, 1, 2)
    assert r.n == 4.0 and r.n_effective == pytest.approx(8 / 3)
    assert r.nps == pytest.approx(0.25)
    assert r.variance == pytest.approx(0.6875)
    assert r.se == pytest.approx(0.507752, abs=1e-6)
    assert r.counts[10] == 2.0 and r.counts_raw[10] == 1


def test_csat_worked_example():
    s = cx.MetricSurvey.csat()
    s.add_many([1, 2, 3, 3, 4, 4, 4, 5, 5, 5])
    top = s.compute(method="top2box")
    # top-2-box 6/10, Wilson (0.31267, 0.83182); bottom-2 2/10
    assert (top.method, top.direction) == ("top2box", "higher_is_better")
    assert top.value == top.top2 == pytest.approx(0.6)
    assert (top.lo, top.hi) == pytest.approx((0.31267, 0.83182), abs=1e-5)
    assert top.bottom2 == pytest.approx(0.2)
    mean = s.compute(method="mean")
    # mean 3.6, sd sqrt(16.4/9) = 1.34990, se 0.42687, df 9,
    # t(0.975, 9) = 2.26216: (2.63434, 4.56566)
    assert mean.value == mean.mean == pytest.approx(3.6)
    assert mean.sd == pytest.approx(1.34990, abs=1e-5)
    assert mean.se == pytest.approx(0.42687, abs=1e-5)
    assert mean.df == pytest.approx(9.0)
    assert (mean.lo, mean.hi) == pytest.approx((2.63434, 4.56566), abs=1e-5)
    with pytest.raises(cx.InvalidArgument):
        s.compute()                           # the method is required
    with pytest.raises(cx.InvalidArgument, match="CSAT method"):
        s.compute(method="nps-style")


def test_ces_both_versions():
    v2 = cx.MetricSurvey.ces(2)
    v2.add_many([7, 6, 5, 4, 2])
    r = v2.compute()
    # mean 24/5 = 4.8; squares of deviations 4.84 + 1.44 + 0.04 + 0.64 +
    # 7.84 = 14.8, sd sqrt(14.8/4) = 1.923538; easy (5-7) 3/5, neutral
    # (4) 1/5, difficult 1/5
    assert (r.ces_version, r.direction, r.neutral) == (2, "higher_is_better",
                                                       4.0)
    assert r.mean == pytest.approx(4.8) and r.value == r.mean
    assert r.sd == pytest.approx(1.923538, abs=1e-6)
    assert (r.share_easy, r.share_neutral, r.share_difficult) == \
        pytest.approx((0.6, 0.2, 0.2))
    v1 = cx.MetricSurvey.ces(1)
    v1.add_many([1, 2, 3, 4])
    r = v1.compute()
    # effort 1-5, higher is worse: easy is 1-2 (1/2), neutral 3, difficult
    # 4-5; the mean stays on the scale as asked, 2.5
    assert (r.ces_version, r.direction) == (1, "higher_is_worse")
    assert r.mean == pytest.approx(2.5)
    assert (r.share_easy, r.share_neutral, r.share_difficult) == \
        pytest.approx((0.5, 0.25, 0.25))


def test_segments_result_and_diff():
    s = cx.MetricSurvey.nps(segments=["a", "b"])
    for x in (9, 9, 9, 0):
        s.add(x, segment="a")
    for x in (9, 7, 0, 0):
        s.add(x, segment="b")
    res = s.result(bootstrap=0)
    # a: p .75 d .25, NPS .5, var 1 - .25 = .75; b: p .25 d .5, NPS -.25,
    # var .75 - .0625 = .6875; pooled: p .5 d .375, NPS .125
    assert [row.segment for row in res] == ["a", "b"] == res.segments
    assert len(res) == 2 and res["a"].nps == pytest.approx(0.5)
    assert res[1].nps == pytest.approx(-0.25)
    assert res[None] is res.pooled and res.pooled.nps == pytest.approx(0.125)
    assert [r.segment for r in res.rows()] == [None, "a", "b"]
    with pytest.raises(cx.NotFound):
        res["c"]
    # difference a - b: .75, SE sqrt(.75/4 + .6875/4) = 0.599479,
    # interval .75 -/+ 1.959964 SE, z = .75 / SE, p = erfc(|z| / sqrt 2)
    se = math.sqrt(0.75 / 4 + 0.6875 / 4)
    for d in (s.nps_diff("a", "b", bootstrap=0), res.diff("a", "b"),
              res["a"] - res["b"], cx.nps_diff(res["a"], res["b"])):
        assert (d.a, d.b) == ("a", "b")
        assert d.difference == pytest.approx(0.75)
        assert d.se == pytest.approx(se)
        assert d.se == pytest.approx(0.599479, abs=1e-6)
        assert (d.lo, d.hi) == pytest.approx((0.75 - Z95 * se,
                                              0.75 + Z95 * se), abs=1e-6)
        assert d.z == pytest.approx(0.75 / se)
        assert d.p_value == pytest.approx(math.erfc(0.75 / se / math.sqrt(2)),
                                          abs=1e-6)
        assert d.confidence == 0.95 and d.percent is False
    pct = s.nps_diff("a", "b", bootstrap=0, percent=True)
    assert pct.difference == pytest.approx(75.0) and pct.percent is True
    assert pct.se == pytest.approx(100 * se)
    # one segment against the pooled figure, and two separate surveys
    assert s.nps_diff("a", None, bootstrap=0).b is None
    other = nps_reference()
    d = cx.nps_diff(s, other, bootstrap=0)
    assert d.difference == pytest.approx(0.125 - 0.3)
    with pytest.raises(cx.InvalidArgument):
        cx.nps_diff(res["a"], other.compute(confidence=0.9, bootstrap=0))
    with pytest.raises(TypeError):
        cx.nps_diff(res["a"], 0.3)
    csat = cx.MetricSurvey.csat()
    with pytest.raises(cx.InvalidArgument, match="NPS only"):
        csat.result(method="mean").diff(None, None)


def test_unsegmented_result_iterates_pooled():
    res = nps_reference().result(bootstrap=0)
    assert len(res) == 1 and list(res) == [res.pooled]
    with pytest.raises(IndexError):
        res[0]


def test_result_records_and_dataframe():
    s = cx.MetricSurvey.csat(segments=["x", "y"])
    s.add(5, segment="x").add(1, segment="y").add(4, segment="y")
    res = s.result(method="top2box")
    recs = res.to_records()
    assert [r["segment"] for r in recs] == [None, "x", "y"]
    assert recs[2]["count_4"] == 1.0 and recs[2]["count_raw_1"] == 1
    df = res.to_dataframe()
    assert list(df["segment"]) == [None, "x", "y"]
    # pooled 2 of 3 in the top two boxes; x 1 of 1; y 1 of 2
    assert list(df["top2"]) == pytest.approx([2 / 3, 1.0, 0.5])
    assert len(res.to_dataframe(pooled=False)) == 2
    row = res["y"]
    assert dict(row)["n_raw"] == 2 and row.to_dict()["method"] == "top2box"
    assert "CsatRow(segment='y'" in repr(row)
    with pytest.raises(AttributeError):
        row.value = 1.0


def test_add_errors_and_failed_calls_change_nothing():
    s = cx.MetricSurvey.nps()
    s.add(9)
    before = s.serialize()
    with pytest.raises(cx.RangeError) as e:
        s.add(11, respondent="r42")
    assert "r42" in str(e.value) and "11" in str(e.value)
    assert e.value.status == -4 and str(e.value) == cx.error_last()
    with pytest.raises(cx.RangeError):
        s.add(7.5)
    with pytest.raises(cx.RangeError):
        s.add(9, weight=-1)
    with pytest.raises(cx.RangeError):
        s.add_batch(np.array([9.0, 10.0, 12.0]))
    with pytest.raises(cx.StateError):
        s.add_segment("late")
    with pytest.raises(cx.NotFound) as e:
        s.find_segment("vip")
    assert isinstance(e.value, KeyError) and "vip" in str(e.value)
    assert s.serialize() == before


def test_merge_and_add():
    a = cx.MetricSurvey.nps(segments=["x"])
    b = cx.MetricSurvey.nps(segments=["y", "x"])
    a.add(9, segment="x")
    b.add(0, segment="x").add(10, segment="y")
    c = a + b
    assert c.segments == ["x", "y"] and a.segments == ["x"]
    assert c.compute("x", bootstrap=0).n_raw == 2
    assert c.compute(bootstrap=0).nps == pytest.approx(1 / 3)
    a.merge(b, b)
    assert a.compute(bootstrap=0).n_raw == 5
    a += b
    assert a.compute(bootstrap=0).n_raw == 7
    with pytest.raises(cx.InvalidArgument):
        a.merge(cx.MetricSurvey.csat())
    with pytest.raises(cx.InvalidArgument):
        cx.MetricSurvey.ces(1).merge(cx.MetricSurvey.ces(2))
    with pytest.raises(cx.StateError):
        a.merge(nps_reference())        # unsegmented answers into segments
    with pytest.raises(TypeError):
        a + 1


def test_serialize_and_pickle():
    s = cx.MetricSurvey.ces(1, segments=["web"])
    s.add(2, segment="web", weight=0.25)
    data = s.serialize()
    assert data[:4] == b"CXMS"
    back = cx.MetricSurvey.deserialize(data)
    assert back.serialize() == data and back.ces_version == 1
    p = pickle.loads(pickle.dumps(s))
    assert p.serialize() == data and p.segments == ["web"]
    assert copy.copy(s).serialize() == data
    row = s.compute()
    assert pickle.loads(pickle.dumps(row)) == row
    res = nps_reference().result(bootstrap=0)
    back = pickle.loads(pickle.dumps(res))
    assert back == res and back.pooled.nps == pytest.approx(0.3)
    d = res.pooled - res.pooled
    assert pickle.loads(pickle.dumps(d)) == d
    # an unpickled row lost its library result: no difference from it
    with pytest.raises(cx.InvalidArgument, match="unpickled"):
        back.pooled - res.pooled


def test_deserialize_errors():
    data = bytearray(cx.MetricSurvey.nps().serialize())
    with pytest.raises(cx.ParseError) as e:
        cx.MetricSurvey.deserialize(bytes(data[:-3]))
    assert e.value.status == -3
    altered = bytearray(data)
    altered[-9] ^= 1
    with pytest.raises(cx.ParseError, match="checksum"):
        cx.MetricSurvey.deserialize(bytes(altered))
    data[4:8] = (999).to_bytes(4, "little")          # the format version
    with pytest.raises(cx.VersionError) as e:
        cx.MetricSurvey.deserialize(bytes(data))
    assert e.value.status == -8 and "999" in str(e.value)


# --------------------------------------------------------------------------
# Batches and pandas

def test_batch_equals_one_by_one():
    rng = np.random.default_rng(5)
    n = 4000
    score = rng.integers(0, 11, n).astype(np.float64)
    score[rng.random(n) < 0.05] = np.nan
    seg = rng.integers(0, 3, n).astype(np.uint16)
    weight = rng.integers(1, 5, n) / 4.0                # exact quarters
    one = cx.MetricSurvey.nps(segments=["a", "b", "c"])
    for i in range(n):
        one.add(None if math.isnan(score[i]) else score[i],
                segment=int(seg[i]), weight=weight[i])
    batch = cx.MetricSurvey.nps(segments=["a", "b", "c"])
    batch.add_batch(score, seg, weight)
    assert batch.serialize() == one.serialize()


@pytest.mark.parametrize("dtype", ["u1", "i1", "u2", "i2", "u4", "i4", "u8",
                                   "i8", "f4", "f8"])
def test_every_numeric_dtype(dtype):
    s = cx.MetricSurvey.nps()
    s.add_batch(np.array(NPS_SCORES, dtype=dtype))
    assert s.compute(bootstrap=0).nps == pytest.approx(0.3)


def test_buffers_strides_and_names():
    s = cx.MetricSurvey.nps(segments=["x", "y"])
    table = np.array([NPS_SCORES, [0, 1] * 5], dtype=np.int32).T.copy()
    s.add_batch(table[:, 0], table[:, 1])              # strided, no copy
    s.add_batch(bytes(NPS_SCORES), bytes([0] * 10))
    s.add_batch(array.array("h", NPS_SCORES), ["x", "y"] * 5,
                array.array("d", [1.0] * 10))
    s.add_batch(np.array(NPS_SCORES, np.uint8)[::-1], ["y"] * 10)
    assert s.compute(bootstrap=0).n_raw == 40
    assert s.compute("y", bootstrap=0).n_raw == 5 + 0 + 5 + 10
    frozen = np.array(NPS_SCORES, np.uint8)
    frozen.setflags(write=False)                       # read in place
    s.add_batch(frozen, None)
    assert s.compute("x", bootstrap=0).n_raw == 5 + 10 + 5 + 10


@pytest.mark.parametrize("bad", [
    np.array([1 + 1j, 2, 3]),              # complex
    np.array(["1", "2", "3"]),              # strings
    np.array([1, 2, 3], dtype=object),      # objects
    np.array([1, 2, 3], dtype=">i4"),       # big-endian
    np.array([True, False, True]),          # booleans are not scores
    np.array([1, 2, 3], dtype=np.float16),  # no C type
])
def test_wrong_dtype_is_a_type_error(bad):
    s = cx.MetricSurvey.nps()
    with pytest.raises(TypeError, match="score"):
        s.add_batch(bad)
    assert s.compute(bootstrap=0).n_raw == 0


def test_bad_columns():
    s = cx.MetricSurvey.nps(segments=["a"])
    with pytest.raises(TypeError, match="required"):
        s.add_batch_buffers(None, None, None)
    with pytest.raises(TypeError, match="weight"):
        s.add_batch_buffers(np.ones(2), None, object())
    with pytest.raises(ValueError, match="differ in length"):
        s.add_batch(np.ones(3), np.zeros(2, np.uint8))
    with pytest.raises(ValueError, match="one-dimensional"):
        s.add_batch(np.ones((2, 2)))
    with pytest.raises(ValueError, match="zero stride"):
        s.add_batch(np.broadcast_to(np.float64(9), 3))
    with pytest.raises(cx.RangeError):
        s.add_batch(np.ones(2), np.array([0, 3]))       # no segment 3
    s.add_batch(np.zeros(0))
    assert s.compute(bootstrap=0).n_raw == 0


def test_from_dataframe():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({
        "nps": pd.array([9, 10, None, 0, 7, 9], dtype="Int64"),
        "region": ["north", "south", "north", "north", "south", "south"],
        "w": [1.0, 2.0, 1.0, 1.0, 1.0, 1.0],
    })
    s = cx.MetricSurvey.from_dataframe(df, score="nps", segment="region",
                                       weight="w")
    assert s.metric == "nps" and s.segments == ["north", "south"]
    north = s.compute("north", bootstrap=0)
    # north: 9, missing, 0 -> p 1/2, d 1/2, NPS 0
    assert (north.n_raw, north.n_missing) == (2, 1) and north.nps == 0.0
    south = s.compute("south", bootstrap=0)
    # south: 10 (w 2), 7, 9 -> n 4, p 3/4, d 0, NPS .75
    assert south.n == 4.0 and south.nps == pytest.approx(0.75)
    csat = metrics.from_dataframe(pd.DataFrame({"score": [5, 4, 1]}),
                                  score="score", metric="csat")
    assert csat.compute(method="top2box").top2 == pytest.approx(2 / 3)
    more = csat.add_dataframe(pd.DataFrame({"score": [5.0]}), "score")
    assert more is csat and csat.compute(method="mean").n_raw == 4
    with pytest.raises(cx.InvalidArgument, match="metric"):
        metrics.from_dataframe(df, score="w")
    with pytest.raises(TypeError, match="score"):
        metrics.from_dataframe(pd.DataFrame({"nps": ["9", "x"]}), "nps")


# --------------------------------------------------------------------------
# CSV

def test_read_csv_buffer_and_errors(tmp_path):
    text = ("respondent,segment,weight,nps,csat\n"
            "r1,web,1,9,5\n"
            "r2,web,1,n/a,4\n"
            "r3,shop,2,0,\n")
    s = metrics.read_csv_buffer(text, metric="nps",
                                scale=cx.Scale(min=0, max=10, na_code=98))
    assert s.segments == ["web", "shop"]
    r = s.compute(bootstrap=0)
    assert (r.n_raw, r.n_not_applicable, r.n) == (2, 1, 3.0)
    path = tmp_path / "answers.csv"
    path.write_text(text)
    c = metrics.read_csv(path, metric="csat")
    assert c.compute(method="mean").n_missing == 1
    c.read_csv(path)                                  # into an existing one
    assert c.compute(method="mean").n_raw == 4
    long_text = "respondent,metric,score\nr1,nps,10\nr1,csat,2\n"
    s = metrics.read_csv_buffer(long_text, metric="csat")
    assert s.compute(method="mean").mean == 2.0
    bad = "respondent,nps\nr1,9\nr2,nine\n"
    with pytest.raises(cx.ParseError) as e:
        metrics.read_csv_buffer(bad, name="bad.csv")
    assert (e.value.path, e.value.line, e.value.column, e.value.value) == \
        ("bad.csv", 3, 4, "nine")
    with pytest.raises(cx.RangeError) as e:
        metrics.read_csv_buffer("nps\n9\n11\n", name="r.csv")
    assert e.value.line == 3 and e.value.value == "11"
    with pytest.raises(cx.IOError) as e:
        metrics.read_csv(tmp_path / "absent.csv")
    assert isinstance(e.value, OSError) and e.value.status == -6
    with pytest.raises(cx.InvalidArgument, match="delimiter"):
        metrics.read_csv_buffer("nps\n9\n", delimiter=";;")
    with pytest.raises(TypeError, match="unknown CSV option"):
        metrics.read_csv_buffer("nps\n9\n", colour="red")


# --------------------------------------------------------------------------
# Low level and lifetime

def test_low_level_functions():
    core = cx.core
    assert [core.metric_kind_name(i) for i in range(3)] == ["nps", "csat",
                                                            "ces"]
    s = core.metric_survey_new_csat(None)
    assert s.kind() == core.METRIC_CSAT and s.n_segments() == 0
    o = core.CsatOptions()
    assert (o.method, o.confidence) == (core.CSAT_METHOD_UNSET, 0.95)
    cx.metrics._survey_add(s, 0, 5.0, 1.0, None)     # the C signature
    o.method = core.CSAT_MEAN
    raw = core.csat_compute(s, core.METRIC_ALL, o)
    assert raw.sample.n_points == 5 and raw.sample.scale_min == 1
    assert raw.sample.count_at(4) == 1.0 and raw.sample.count_raw_at(4) == 1
    with pytest.raises(cx.RangeError, match="scale point index 5"):
        raw.sample.count_at(5)
    with pytest.raises(cx.InvalidArgument):
        core.nps_compute(s, core.METRIC_ALL, None)   # not an NPS survey
    with pytest.raises(cx.NotFound):
        core.csat_compute(s, 3, o)                    # no segment 3
    assert core.NpsOptions().bootstrap == 2000
    assert core.CesOptions().confidence == 0.95


def test_borrowed_views_keep_their_result_alive():
    s = nps_reference()
    raw = cx.core.nps_compute(s, cx.core.METRIC_ALL, None)
    sample = raw.sample
    options = raw.options
    del raw, s
    gc.collect()
    # counted by hand above: one 0, two 7s, three 9s
    assert (sample.count_at(0), sample.count_at(7), sample.count_at(9)) == \
        (1.0, 2.0, 3.0)
    assert options.bootstrap == 2000


def test_link_journey_writes_metrics():
    j = cx.Journey("j")
    stage = j.add_stage("s")
    stage.add_touchpoint("web")
    stage.add_touchpoint("shop")
    s = cx.MetricSurvey.nps(segments=["web", "app"])
    for x in (10, 9, 0):              # p 2/3, d 1/3: NPS 1/3
        s.add(x, segment="web")
    s.add(9, segment="app")
    report = s.link_journey(j, percent=True)
    assert report == {"matched": ["web"], "no_data": [],
                      "item_only": ["app"], "touchpoint_only": ["shop"]}
    assert j["web"].metrics["nps"] == pytest.approx(100 / 3)
    assert dict(j["shop"].metrics) == {}
    csat = cx.MetricSurvey.csat(segments=["shop"])
    csat.add_many([5, 4, 1], segment="shop")  # top-2-box 2/3, mean 10/3
    with pytest.raises(cx.InvalidArgument):
        csat.link_journey(j)                  # the method is required
    csat.link_journey(j, name="CSAT", method="mean")
    assert j["shop"].metrics["CSAT"] == pytest.approx(10 / 3)


def test_gc_in_any_order():
    rng = random.Random(3)
    for _ in range(5):
        objs = []
        s = nps_reference()
        objs += [s, s.compute(bootstrap=10), s.result(bootstrap=0),
                 s.scale, cx.Scale.preset("likert7"), s.copy()]
        row = s.compute(bootstrap=0)
        objs += [row, row - row, cx.MetricSurvey.csat(), cx.core.NpsOptions()]
        raw = cx.core.nps_compute(s, cx.core.METRIC_ALL, None)
        objs += [raw, raw.sample]
        del s, row, raw
        rng.shuffle(objs)
        while objs:
            objs.pop()
            gc.collect()
    gc.collect()


# --------------------------------------------------------------------------
# Charts (the geometry and number formats are those documented in
# include/cx/render.h: rows 36 pixels high from y = 58, a legend of 78
# pixels under an NPS chart and 60 under the others; NPS in [-1, 1] written
# with a sign and two decimals, x100 without decimals, shares as whole
# percents, means with two decimals)

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text):
    root = ET.fromstring(text)           # raises on a malformed document
    assert root.tag == SVG + "svg"
    return root


def chart_rows(root):
    """(tooltip, [texts]) of every row group of a chart."""
    rows = []
    for g in root.findall(SVG + "g"):
        title = g.find(SVG + "title")
        rows.append((title.text, [t.text for t in g.findall(SVG + "text")]))
    return rows


def segmented_nps():
    """Segment "<b>&": the ten answers above (NPS 0.3); segment "north":
    9, 9, 0 (p 2/3, d 1/3: NPS 1/3).  Pooled: 7 promoters and 3
    detractors of 13, NPS 4/13."""
    s = cx.MetricSurvey.nps(segments=["<b>&", "north"])
    s.add_many(NPS_SCORES, segment="<b>&")
    s.add_many([9, 9, 0], segment="north")
    return s


def test_nps_chart_rows_names_and_numbers():
    res = segmented_nps().result(bootstrap=0)
    assert res["<b>&"].nps == pytest.approx(0.3)
    assert res["north"].nps == pytest.approx(1 / 3)
    assert res.pooled.nps == pytest.approx(4 / 13)
    text = res.to_svg()
    root = parse_svg(text)
    # one row per result: the pooled row first, then the segments in order
    rows = chart_rows(root)
    assert [r[0].split(":")[0] for r in rows] == \
        ["All respondents", "<b>&", "north"]
    assert int(root.get("height")) == 58 + 36 * 3 + 78
    assert root.get("width") == "720"
    # the segment name is escaped in the document, read back intact
    assert "&lt;b&gt;&amp;" in text and "<b>&" not in text
    assert rows[1][1][0] == "<b>&"
    # each row's NPS as the chart writes it, from the row's own value,
    # which is the hand-computed one (0.3 and its adjusted Wald interval)
    for row, (title, texts) in zip(res.rows(), rows):
        shown = "%+.2f [%+.2f, %+.2f]" % (row.nps, row.adjusted_lo,
                                          row.adjusted_hi)
        assert shown in texts
        assert title.startswith("%s: NPS %+.3f" % (
            row.segment or "All respondents", row.nps))
    assert "+0.30 [-0.19, +0.65]" in rows[1][1]
    assert "+0.33" in rows[2][1][-1]
    # the shares under the bar: 20% detractors, 30% passives, 50% promoters
    assert [t for t in rows[1][1] if t.endswith("%")] == ["20%", "30%", "50%"]
    assert rows[1][1][1] == "n 10"
    # without the pooled row
    assert len(chart_rows(parse_svg(res.to_svg(pooled=False)))) == 2


def test_nps_chart_options():
    s = nps_reference()
    res = s.result(bootstrap=0)
    root = parse_svg(res.to_svg(width=500, title="Wave <2> & more",
                                all_label="Everyone", theme="dark"))
    assert root.get("width") == "500"
    assert root.find(SVG + "title").text == "Wave <2> & more"
    assert [t.text for t in root.findall(SVG + "text")][0] == \
        "Wave <2> & more"
    assert chart_rows(root)[0][1][0] == "Everyone"
    # themes (render.h): light is dark ink on white, dark a dark
    # background, print no background at all
    def backgrounds(svg):
        return [r.get("fill") for r in parse_svg(svg).findall(SVG + "rect")
                if r.get("width") == "100%"]
    assert backgrounds(res.to_svg()) == ["#ffffff"]
    assert len(backgrounds(ET.tostring(root))) == 1
    assert backgrounds(ET.tostring(root)) != ["#ffffff"]
    assert backgrounds(res.to_svg(theme="print")) == []
    # the interval drawn: Wald (-0.184075, 0.784075) counted by hand
    wald = chart_rows(parse_svg(res.to_svg(interval="wald")))[0]
    assert "+0.30 [-0.18, +0.78]" in wald[1] and "(Wald)" in wald[0]
    # no resamples: no bootstrap interval, and the chart says so
    boot = chart_rows(parse_svg(res.to_svg(interval="bootstrap")))[0]
    assert "+0.30, interval n/a" in boot[1]
    with_boot = s.result(bootstrap=200, seed=4)
    row = with_boot.pooled
    boot = chart_rows(parse_svg(with_boot.to_svg(interval="bootstrap")))[0]
    assert "%+.2f [%+.2f, %+.2f]" % (row.nps, row.bootstrap_lo,
                                     row.bootstrap_hi) in boot[1]
    # percent: -100 .. 100, no decimals
    pct = chart_rows(parse_svg(s.compute(percent=True, bootstrap=0).to_svg()))
    assert "+30 [-19, +65]" in pct[0][1]
    for bad in (dict(width=100), dict(width=5000), dict(theme="neon"),
                dict(interval="exact")):
        with pytest.raises(cx.InvalidArgument):
            res.to_svg(**bad)
    for bad in (42, b"caf\xe9"):        # a title is text (str)
        with pytest.raises(TypeError):
            res.to_svg(title=bad)
    with pytest.raises(TypeError):
        res.to_svg(height=300)


def test_single_row_chart_and_jupyter():
    s = segmented_nps()
    row = s.compute("north", bootstrap=0)
    root = parse_svg(row.to_svg())
    assert int(root.get("height")) == 58 + 36 + 78
    ((title, texts),) = chart_rows(root)
    assert title.startswith("north: NPS +0.333")
    assert row._repr_svg_() == row.to_svg()
    res = s.result(bootstrap=0)
    assert res._repr_svg_() == res.to_svg()
    assert metrics.to_svg(res) == res.to_svg()
    assert metrics.to_svg(row) == row.to_svg()
    # rows of separate results in one chart, in the order given
    both = metrics.to_svg([res["north"], res["<b>&"]])
    assert [t.split(":")[0] for t, _ in chart_rows(parse_svg(both))] == \
        ["north", "<b>&"]


def test_csat_chart():
    s = cx.MetricSurvey.csat(segments=["x", "y"])
    s.add_many([5, 4, 1], segment="x")          # top-2-box 2/3, mean 10/3
    s.add_many([2, 3, 4, 5], segment="y")       # top-2-box 1/2, mean 3.5
    top = s.result(method="top2box")
    assert top["x"].value == pytest.approx(2 / 3)
    root = parse_svg(top.to_svg())
    assert int(root.get("height")) == 58 + 36 * 3 + 60
    rows = chart_rows(root)
    assert [t.split(":")[0] for t, _ in rows] == ["All respondents", "x", "y"]
    assert rows[1][1][-1].startswith("67% [")
    assert rows[2][1][-1].startswith("50% [")
    assert rows[0][1][-1].startswith("%.0f%% [" % (100 * 4 / 7))
    mean = s.result(method="mean")
    rows = chart_rows(parse_svg(mean.to_svg(title="Mean")))
    assert rows[1][1][-1].startswith("3.33 [")
    assert rows[2][1][-1].startswith("3.50 [")
    with pytest.raises(cx.InvalidArgument, match="method"):
        metrics.to_svg([top["x"], mean["x"]])
    with pytest.raises(TypeError, match="NPS"):
        top.to_svg(interval="wald")
    other_scale = cx.MetricSurvey.csat("likert7").add(7)
    with pytest.raises(cx.InvalidArgument, match="scale"):
        metrics.to_svg([top["x"], other_scale.compute(method="top2box")])


def test_ces_chart():
    s = cx.MetricSurvey.ces(2, segments=["web"])
    s.add_many([7, 6, 2], segment="web")        # mean 5, agreeing (5-7) 2/3
    res = s.result()
    rows = chart_rows(parse_svg(res.to_svg(width=640)))
    assert len(rows) == 2 and rows[1][0].startswith("web:")
    assert "5.00 [" in " ".join(rows[1][1])
    assert rows[1][1][-1].startswith("67% [")
    one = cx.MetricSurvey.ces(1).add(1)
    with pytest.raises(cx.InvalidArgument, match="CES"):
        metrics.to_svg([res.pooled, one.compute()])


def test_chart_errors():
    s = nps_reference()
    nps_row = s.compute(bootstrap=0)
    csat_row = cx.MetricSurvey.csat().add(5).compute(method="mean")
    with pytest.raises(TypeError, match="element 1"):
        metrics.to_svg([nps_row, csat_row])
    for bad in ([1], [None], "abc", 3, [nps_row.to_dict()]):
        with pytest.raises(TypeError):
            metrics.to_svg(bad)
    with pytest.raises(cx.InvalidArgument, match="no results"):
        metrics.to_svg([])
    # one chart, one confidence level and one unit
    with pytest.raises(cx.InvalidArgument, match="confidence"):
        metrics.to_svg([nps_row, s.compute(confidence=0.9, bootstrap=0)])
    with pytest.raises(cx.InvalidArgument, match="percent"):
        metrics.to_svg([nps_row, s.compute(percent=True, bootstrap=0)])
    # rows that came back from pickle carry no library result
    back = pickle.loads(pickle.dumps(s.result(bootstrap=0)))
    assert back == s.result(bootstrap=0)
    with pytest.raises(cx.InvalidArgument, match="unpickled"):
        back.to_svg()
    with pytest.raises(cx.InvalidArgument, match="unpickled"):
        pickle.loads(pickle.dumps(csat_row)).to_svg()
    assert back._repr_svg_() is None and back.pooled._repr_svg_() is None


def test_chart_low_level():
    core = cx.core
    s = nps_reference()
    raw = core.nps_compute(s, core.METRIC_ALL, None)
    text = core.render_nps_svg([raw, raw], 720, None, None, core.THEME_LIGHT,
                               core.NPS_SVG_ADJUSTED_WALD)
    assert len(chart_rows(parse_svg(text))) == 2
    # any sequence; results made on the fly live until the call returns
    gen = (core.nps_compute(s, core.METRIC_ALL, None) for _ in range(3))
    text = core.render_nps_svg(gen, 720, "G", None, core.THEME_DARK,
                               core.NPS_SVG_WALD)
    rows = chart_rows(parse_svg(text))
    assert len(rows) == 3 and all("+0.30 [-0.18, +0.78]" in t
                                  for _, t in rows)
    csat = core.csat_compute(cx.MetricSurvey.csat().add(4), core.METRIC_ALL,
                             cx.metrics._csat_options("top2box"))
    with pytest.raises(TypeError, match="element 1"):
        core.render_nps_svg([raw, csat], 720, None, None, 0, 1)
    with pytest.raises(TypeError):
        core.render_nps_svg(raw, 720, None, None, 0, 1)
    with pytest.raises(TypeError):
        core.render_csat_svg("x", 720, None, None, 0)
    with pytest.raises(cx.InvalidArgument, match=r"results\[1\] is NULL"):
        core.render_nps_svg([raw, None], 720, None, None, 0, 1)
    with pytest.raises(cx.InvalidArgument, match="n is 0"):
        core.render_ces_svg([], 720, None, None, 0)
    with pytest.raises(cx.RangeError):
        core.render_nps_svg([raw] * 10001, 720, None, None, 0, 1)
    assert len(chart_rows(parse_svg(core.render_csat_svg(
        (csat,), 720, None, None, 0)))) == 1


def test_chart_outlives_its_survey():
    s = segmented_nps()
    res = s.result(bootstrap=0)
    row = s.compute("north", bootstrap=0)
    raw = cx.core.nps_compute(s, 0, None)
    expected = res.to_svg()
    del s
    gc.collect()
    assert res.to_svg() == expected
    assert chart_rows(parse_svg(row.to_svg()))[0][0].startswith("north:")
    text = cx.core.render_nps_svg([raw], 720, None, None, 0, 1)
    del raw
    gc.collect()
    assert chart_rows(parse_svg(text))[0][0].startswith("<b>&: NPS +0.300")
    # results collected in any order after their chart
    rows = list(res.rows())
    del res
    gc.collect()
    assert len(chart_rows(parse_svg(metrics.to_svg(rows)))) == 3
