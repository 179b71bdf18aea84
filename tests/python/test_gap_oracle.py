"""SciPy as an independent oracle for the gap statistics of libcx.

The C library is loaded with ctypes (the Python binding does not cover
gap analysis yet): from $CX_LIBDIR/libcx.so, or else the first
build*/lib/libcx.so under the source tree.  The test skips when neither
exists.  Random surveys on a 1-7 scale (so with many ties and zero gaps)
are fed in one respondent at a time; SciPy and NumPy compute the expected
values from the same answers.
"""
import ctypes as C
import glob
import math
import os

import numpy as np
import pytest
import scipy
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def _find_library():
    libdir = os.environ.get("CX_LIBDIR")
    candidates = [os.path.join(libdir, "libcx.so")] if libdir else []
    candidates += sorted(glob.glob(os.path.join(ROOT, "build*", "lib", "libcx.so")))
    for path in candidates:
        if os.path.exists(path):
            try:
                lib = C.CDLL(path)
                lib.cx_gap_survey_new  # exported?
                return lib
            except (OSError, AttributeError):
                continue
    return None


LIB = _find_library()
pytestmark = pytest.mark.skipif(
    LIB is None,
    reason="libcx.so with the gap functions not found: set CX_LIBDIR to the "
    "build's lib folder (and export the cx_gap_* symbols in lib/libcx.map)",
)

# ---- mirrors of the C structs (include/cx/scale.h, include/cx/gap.h) ----


class Scale(C.Structure):
    _fields_ = [("version", C.c_uint), ("min", C.c_int32), ("max", C.c_int32),
                ("neutral", C.c_double), ("direction", C.c_int),
                ("has_na_code", C.c_int), ("na_code", C.c_int32),
                ("has_dk_code", C.c_int), ("dk_code", C.c_int32),
                ("labels", C.c_void_p), ("nlabels", C.c_size_t)]


class Config(C.Structure):
    _fields_ = [("version", C.c_uint), ("scale", Scale), ("importance", Scale),
                ("disconfirmation", Scale), ("min_share", C.c_double)]


class Response(C.Structure):
    _fields_ = [("version", C.c_uint), ("respondent", C.c_char_p),
                ("weight", C.c_double)] + [
        (name, C.POINTER(C.c_double)) for name in
        ("expectation", "perception", "adequate", "desired", "importance",
         "disconfirmation", "dimension_points")]


class Options(C.Structure):
    _fields_ = [("version", C.c_uint), ("level", C.c_double),
                ("zero_method", C.c_int), ("tie_correction", C.c_int),
                ("continuity", C.c_int), ("overall", C.c_int),
                ("drop_inversions", C.c_int), ("crosshair", C.c_int),
                ("custom_importance", C.c_double),
                ("custom_performance", C.c_double),
                ("custom_gap", C.c_double)]


_STATS = ["n:u", "sum_weights", "n_eff", "mean_e", "mean_p", "sd_e", "sd_p",
          "mean", "median", "sd", "se", "ci_low", "ci_high", "t", "df", "p_t",
          "p_t_holm", "p_t_bh", "n_zero:u", "n_ranked:u", "w_plus", "w_minus",
          "w", "z", "p_w", "p_w_holm", "p_w_bh", "d_z", "d_av", "g_z", "g_av"]


class Stats(C.Structure):
    _fields_ = [(f.split(":")[0], C.c_uint64 if f.endswith(":u") else C.c_double)
                for f in _STATS]


class ItemResult(C.Structure):
    # Only the leading fields are read.
    _fields_ = [("id", C.c_char_p), ("label", C.c_char_p),
                ("dimension", C.c_size_t), ("n_missing", C.c_uint64),
                ("n_not_applicable", C.c_uint64), ("n_dont_know", C.c_uint64),
                ("gap", Stats)]


class DimensionResult(C.Structure):
    _fields_ = [("name", C.c_char_p), ("n_items", C.c_size_t),
                ("n_too_few", C.c_uint64), ("n_none", C.c_uint64),
                ("gap", Stats)]


if LIB is not None:
    LIB.cx_gap_survey_new.argtypes = [C.POINTER(C.c_void_p), C.POINTER(Config)]
    LIB.cx_gap_survey_free.argtypes = [C.c_void_p]
    LIB.cx_gap_survey_add_item.argtypes = [C.c_void_p, C.c_char_p, C.c_char_p,
                                           C.c_char_p, C.c_uint, C.c_void_p]
    LIB.cx_gap_survey_add_respondent.argtypes = [C.c_void_p, C.POINTER(Response)]
    LIB.cx_gap_result_compute.argtypes = [C.POINTER(C.c_void_p), C.c_void_p,
                                          C.POINTER(Options)]
    LIB.cx_gap_result_free.argtypes = [C.c_void_p]
    LIB.cx_gap_result_item.argtypes = [C.c_void_p, C.c_size_t]
    LIB.cx_gap_result_item.restype = C.POINTER(ItemResult)
    LIB.cx_gap_result_dimension.argtypes = [C.c_void_p, C.c_size_t]
    LIB.cx_gap_result_dimension.restype = C.POINTER(DimensionResult)
    LIB.cx_error_last.restype = C.c_char_p


def _ok(status):
    assert status == 0, LIB.cx_error_last().decode()


def _scale7():
    return Scale(1, 1, 7, 4.0, 0, 0, 0, 0, 0, None, 0)


def _survey(E, P, dims, weights=None):
    """A survey with one column per item; E and P are (n, items) arrays."""
    cfg = Config(1, _scale7(), _scale7(), _scale7(), 0.75)
    s = C.c_void_p()
    _ok(LIB.cx_gap_survey_new(C.byref(s), C.byref(cfg)))
    for j in range(E.shape[1]):
        _ok(LIB.cx_gap_survey_add_item(s, b"q%d" % j, None,
                                       dims[j].encode() if dims[j] else None,
                                       0, None))
    dp = C.POINTER(C.c_double)
    for i in range(E.shape[0]):
        e = np.ascontiguousarray(E[i], dtype=np.float64)
        p = np.ascontiguousarray(P[i], dtype=np.float64)
        r = Response(1, None, 1.0 if weights is None else float(weights[i]),
                     e.ctypes.data_as(dp), p.ctypes.data_as(dp))
        _ok(LIB.cx_gap_survey_add_respondent(s, C.byref(r)))
    return s


def _compute(s, **kw):
    o = Options(1, 0.95, 0, 1, 0, 0, 0, 0, 0.0, 0.0, 0.0)
    for k, v in kw.items():
        setattr(o, k, v)
    r = C.c_void_p()
    _ok(LIB.cx_gap_result_compute(C.byref(r), s, C.byref(o)))
    return r


def _random_answers(rng, n, items, missing=0.1):
    E = rng.integers(1, 8, size=(n, items)).astype(float)
    # Perceptions near expectations: many zero and tied gaps.
    P = np.clip(E + rng.integers(-2, 3, size=(n, items)), 1, 7).astype(float)
    E[rng.random((n, items)) < missing] = np.nan
    P[rng.random((n, items)) < missing] = np.nan
    return E, P


def _wilcoxon(d, zero_method, correction):
    kw = dict(zero_method=zero_method, correction=correction)
    major, minor = (int(x) for x in scipy.__version__.split(".")[:2])
    if (major, minor) >= (1, 13):
        kw["method"] = "approx"
    else:
        kw["mode"] = "approx"
    return st.wilcoxon(d, **kw)


def _holm(p):
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj
    return out


def _bh(p):
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adj = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    out = np.empty(m)
    out[order] = adj
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paired_t_and_interval(seed):
    rng = np.random.default_rng(seed)
    E, P = _random_answers(rng, 60, 5)
    s = _survey(E, P, [None] * 5)
    r = _compute(s, level=0.9)
    try:
        for j in range(5):
            ok = ~np.isnan(E[:, j]) & ~np.isnan(P[:, j])
            e, p = E[ok, j], P[ok, j]
            d = p - e
            g = LIB.cx_gap_result_item(r, j).contents.gap
            assert g.n == len(d)
            res = st.ttest_rel(p, e)
            assert g.t == pytest.approx(res.statistic, rel=1e-10)
            assert g.p_t == pytest.approx(res.pvalue, rel=1e-8, abs=1e-14)
            sem = st.sem(d)
            lo, hi = st.t.interval(0.9, len(d) - 1, loc=d.mean(), scale=sem)
            # SciPy's t quantile is good to about 1e-9 relative (libcx's
            # inverts its distribution function to full precision), so the
            # limits agree to that, scaled by the standard error.
            assert g.ci_low == pytest.approx(lo, abs=1e-9 * (1 + sem))
            assert g.ci_high == pytest.approx(hi, abs=1e-9 * (1 + sem))
            assert g.median == pytest.approx(np.median(d), abs=1e-12)
            assert g.d_z == pytest.approx(d.mean() / d.std(ddof=1), rel=1e-10)
            sav = (e.std(ddof=1) + p.std(ddof=1)) / 2
            assert g.d_av == pytest.approx(d.mean() / sav, rel=1e-10)
    finally:
        LIB.cx_gap_result_free(r)
        LIB.cx_gap_survey_free(s)


@pytest.mark.parametrize("zero_method", ["wilcox", "pratt", "zsplit"])
@pytest.mark.parametrize("correction", [False, True])
def test_wilcoxon(zero_method, correction):
    rng = np.random.default_rng(7)
    E, P = _random_answers(rng, 45, 6)
    s = _survey(E, P, [None] * 6)
    code = {"wilcox": 0, "pratt": 1, "zsplit": 2}[zero_method]
    r = _compute(s, zero_method=code, continuity=int(correction))
    try:
        for j in range(6):
            ok = ~np.isnan(E[:, j]) & ~np.isnan(P[:, j])
            d = P[ok, j] - E[ok, j]
            assert np.sum(d == 0) > 0  # the data exercise zero handling
            g = LIB.cx_gap_result_item(r, j).contents.gap
            res = _wilcoxon(d, zero_method, correction)
            assert g.w == pytest.approx(res.statistic, abs=1e-9)
            assert g.p_w == pytest.approx(res.pvalue, rel=1e-9, abs=1e-14)
            assert g.n_zero == np.sum(d == 0)
    finally:
        LIB.cx_gap_result_free(r)
        LIB.cx_gap_survey_free(s)


def test_wilcoxon_dimension_gaps_with_rational_ties():
    # Respondent dimension gaps are means over 3 or 4 answered items, so
    # values such as 1/3 and 2/4 occur; SciPy ranks the same numbers.
    rng = np.random.default_rng(11)
    E, P = _random_answers(rng, 80, 4, missing=0.08)
    s = _survey(E, P, ["d"] * 4)
    r = _compute(s, zero_method=2)
    try:
        ok = ~np.isnan(E) & ~np.isnan(P)
        m = ok.sum(axis=1)
        keep = m >= 3
        gaps = np.where(ok, P - E, 0.0).sum(axis=1)[keep] / m[keep]
        dim = LIB.cx_gap_result_dimension(r, 0).contents
        assert dim.gap.n == keep.sum()
        res = _wilcoxon(gaps, "zsplit", False)
        assert dim.gap.w == pytest.approx(res.statistic, abs=1e-9)
        assert dim.gap.p_w == pytest.approx(res.pvalue, rel=1e-9)
        t = st.ttest_1samp(gaps, 0.0)
        assert dim.gap.t == pytest.approx(t.statistic, rel=1e-10)
        assert dim.gap.p_t == pytest.approx(t.pvalue, rel=1e-8)
    finally:
        LIB.cx_gap_result_free(r)
        LIB.cx_gap_survey_free(s)


def test_holm_and_bh_across_items():
    rng = np.random.default_rng(5)
    E, P = _random_answers(rng, 40, 8)
    P[:, :3] = np.clip(P[:, :3] - 1, 1, 7)  # some items with real gaps
    s = _survey(E, P, [None] * 8)
    r = _compute(s)
    try:
        rows = [LIB.cx_gap_result_item(r, j).contents.gap for j in range(8)]
        for raw, holm, bh in (("p_t", "p_t_holm", "p_t_bh"),
                              ("p_w", "p_w_holm", "p_w_bh")):
            p = np.array([getattr(g, raw) for g in rows])
            np.testing.assert_allclose([getattr(g, holm) for g in rows],
                                       _holm(p), rtol=1e-12)
            np.testing.assert_allclose([getattr(g, bh) for g in rows],
                                       _bh(p), rtol=1e-12)
    finally:
        LIB.cx_gap_result_free(r)
        LIB.cx_gap_survey_free(s)


def test_weighted_mean_and_kish_n():
    rng = np.random.default_rng(9)
    E, P = _random_answers(rng, 50, 1, missing=0.0)
    w = rng.uniform(0.5, 2.0, size=50)
    s = _survey(E, P, [None], weights=w)
    r = _compute(s)
    try:
        g = LIB.cx_gap_result_item(r, 0).contents.gap
        d = P[:, 0] - E[:, 0]
        mean = np.average(d, weights=w)
        n_eff = w.sum() ** 2 / (w ** 2).sum()
        var = np.average((d - mean) ** 2, weights=w) * n_eff / (n_eff - 1)
        assert g.mean == pytest.approx(mean, rel=1e-12)
        assert g.n_eff == pytest.approx(n_eff, rel=1e-12)
        assert g.sd == pytest.approx(math.sqrt(var), rel=1e-10)
        t = mean / (math.sqrt(var) / math.sqrt(n_eff))
        assert g.t == pytest.approx(t, rel=1e-10)
        assert g.p_t == pytest.approx(2 * st.t.sf(abs(t), n_eff - 1), rel=1e-8)
    finally:
        LIB.cx_gap_result_free(r)
        LIB.cx_gap_survey_free(s)


# ---- the CSV reader on the bundled sample, against pandas and SciPy ----

class CsvOptions(C.Structure):
    _fields_ = [("version", C.c_uint), ("layout", C.c_int),
                ("delimiter", C.c_char)] + [
        (name, C.c_char_p) for name in
        ("respondent_column", "item_column", "label_column",
         "dimension_column", "expectation_column", "perception_column",
         "adequate_column", "desired_column", "importance_column",
         "disconfirmation_column", "expectation_suffix", "perception_suffix",
         "adequate_suffix", "desired_suffix", "importance_suffix",
         "disconfirmation_suffix", "points_suffix", "segment_column",
         "segment", "weight_column")] + [
        ("require_segment", C.c_int), ("require_weight", C.c_int),
        ("numeric_codes", C.c_int), ("na_text", C.c_char_p),
        ("dk_text", C.c_char_p), ("progress", C.c_void_p),
        ("progress_ctx", C.c_void_p),
        ("limits", C.c_uint64 * 4)]  # cx_read_limits (zero: no limits)


def _csv_options(weight=None, segment=None):
    return CsvOptions(
        1, 0, b",", b"respondent", b"item", b"label", b"dimension",
        b"expectation", b"perception", b"adequate", b"desired", b"importance",
        b"disconfirmation", b"_expectation", b"_perception", b"_adequate",
        b"_desired", b"_importance", b"_disconfirmation", b"_points",
        b"segment", segment, weight, 0, 0, 1, b"n/a,not applicable",
        b"don't know,dont know,do not know,dk", None, None)


SAMPLE = os.path.join(os.environ.get("CX_EXAMPLES_DATA",
                                     os.path.join(ROOT, "examples", "data")),
                      "servqual_survey.csv")

if LIB is not None and hasattr(LIB, "cx_gap_read_csv"):
    LIB.cx_gap_read_csv.argtypes = [C.c_void_p, C.c_char_p,
                                    C.POINTER(CsvOptions)]
    LIB.cx_gap_survey_declare_servqual.argtypes = [C.c_void_p]


def _read_sample(weight=None, segment=None):
    import pandas as pd
    cfg = Config(1, _scale7(), _scale7(), _scale7(), 0.75)
    s = C.c_void_p()
    _ok(LIB.cx_gap_survey_new(C.byref(s), C.byref(cfg)))
    _ok(LIB.cx_gap_survey_declare_servqual(s))
    o = _csv_options(weight, segment)
    _ok(LIB.cx_gap_read_csv(s, SAMPLE.encode(), C.byref(o)))
    df = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    if segment is not None:
        df = df[df["segment"] == segment.decode()]
    return s, df


def _pairs(df, item):
    import pandas as pd
    x = df[df["item"] == item]
    e = pd.to_numeric(x["expectation"], errors="coerce")
    p = pd.to_numeric(x["perception"], errors="coerce")
    m = e.notna() & p.notna()
    return e[m].to_numpy(), p[m].to_numpy(), x["weight"][m].astype(float)


@pytest.mark.skipif(LIB is None or not hasattr(LIB, "cx_gap_read_csv")
                    or not os.path.exists(SAMPLE),
                    reason="cx_gap_read_csv or the sample file missing")
@pytest.mark.parametrize("segment", [None, b"business"])
def test_csv_reader_against_scipy(segment):
    # No weight column: SciPy's tests are unweighted.
    s, df = _read_sample(weight=None, segment=segment)
    r = _compute(s)
    pt, pw = [], []
    for j in range(22):
        it = LIB.cx_gap_result_item(r, j).contents
        e, p, _ = _pairs(df, it.id.decode())
        g = p - e
        assert it.gap.n == len(g)
        assert it.gap.mean_e == pytest.approx(e.mean(), abs=1e-12)
        assert it.gap.mean_p == pytest.approx(p.mean(), abs=1e-12)
        assert it.gap.mean == pytest.approx(g.mean(), abs=1e-12)
        t = st.ttest_rel(p, e)
        assert it.gap.t == pytest.approx(t.statistic, rel=1e-9)
        assert it.gap.p_t == pytest.approx(t.pvalue, rel=1e-8, abs=1e-300)
        w = _wilcoxon(g, "wilcox", False)
        assert it.gap.w == pytest.approx(w.statistic, rel=1e-12)
        assert it.gap.p_w == pytest.approx(w.pvalue, rel=1e-8, abs=1e-300)
        pt.append(t.pvalue)
        pw.append(w.pvalue)
        # "n/a" and "don't know" are counted apart from blanks.
        x = df[df["item"] == it.id.decode()]
        na = ((x["expectation"] == "n/a") | (x["perception"] == "n/a")).sum()
        assert it.n_not_applicable == 0  # the scale declares no code
        assert it.n_missing + it.n_not_applicable + it.n_dont_know == \
            len(x) - len(g)
        assert na <= it.n_missing
    holm = _holm(pt)
    for j in range(22):
        it = LIB.cx_gap_result_item(r, j).contents
        assert it.gap.p_t_holm == pytest.approx(holm[j], rel=1e-8, abs=1e-300)
    LIB.cx_gap_result_free(r)
    LIB.cx_gap_survey_free(s)


@pytest.mark.skipif(LIB is None or not hasattr(LIB, "cx_gap_read_csv")
                    or not os.path.exists(SAMPLE),
                    reason="cx_gap_read_csv or the sample file missing")
def test_csv_reader_weighted_means():
    s, df = _read_sample(weight=b"weight")
    r = _compute(s)
    for j in range(22):
        it = LIB.cx_gap_result_item(r, j).contents
        e, p, w = _pairs(df, it.id.decode())
        assert it.gap.mean_e == pytest.approx(np.average(e, weights=w),
                                              abs=1e-12)
        assert it.gap.mean == pytest.approx(np.average(p - e, weights=w),
                                            abs=1e-12)
        assert it.gap.n_eff == pytest.approx(w.sum() ** 2 / (w ** 2).sum(),
                                             rel=1e-12)
    LIB.cx_gap_result_free(r)
    LIB.cx_gap_survey_free(s)
