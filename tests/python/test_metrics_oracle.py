"""NPS, CSAT and CES of libcx checked against NumPy and SciPy on random data.

The C library is called through ctypes on the built shared library, so this
test needs no binding.  The library is found through the CX_LIBDIR
environment variable (the folder holding libcx.so) or, failing that, in a
build*/lib/ folder of the source tree.  Without a library, or with one that
lacks the metric functions, the whole module is skipped with the reason.

Run it with pytest --noconftest: the conftest.py beside it loads the
Python binding, which this test does not use.

Every expected value is computed here from the raw answers with NumPy or
SciPy, never from the library's own output.
"""

import ctypes as C
import glob
import math
import os

import numpy as np
import pytest
from scipy import optimize, stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _find_library():
    libdir = os.environ.get("CX_LIBDIR")
    if libdir:
        path = os.path.join(libdir, "libcx.so")
        return path if os.path.exists(path) else None
    found = sorted(glob.glob(os.path.join(ROOT, "build*", "lib", "libcx.so")),
                   key=os.path.getmtime, reverse=True)
    return found[0] if found else None


def _load():
    path = _find_library()
    if path is None:
        pytest.skip("libcx.so not found: build the library and set CX_LIBDIR "
                    "to the folder that holds it", allow_module_level=True)
    with open(path, "rb") as f:
        sanitized = b"__asan_init" in f.read()
    if sanitized and "libasan" not in os.environ.get("LD_PRELOAD", ""):
        pytest.skip(f"{path} is built with AddressSanitizer; run with "
                    "LD_PRELOAD=$(gcc -print-file-name=libasan.so) or use a "
                    "non-sanitized build", allow_module_level=True)
    lib = C.CDLL(path)
    if not hasattr(lib, "cx_nps_compute"):
        pytest.skip(f"{path} does not export the metric functions (is "
                    "lib/libcx.map up to date?)", allow_module_level=True)
    return lib


lib = _load()

# ---- mirrors of the C declarations in include/cx/metrics.h ----------------

ALL = C.c_size_t(-1).value
DT_U8, DT_I32, DT_I64, DT_F64 = 0, 5, 7, 9
CSAT_TOP2BOX, CSAT_MEAN = 1, 2
CES_1, CES_2 = 1, 2


class Array(C.Structure):
    _fields_ = [("data", C.c_void_p), ("dtype", C.c_int),
                ("stride", C.c_ssize_t)]


class Sample(C.Structure):
    _fields_ = [("n_raw", C.c_uint64), ("n_missing", C.c_uint64),
                ("n_not_applicable", C.c_uint64), ("n_dont_know", C.c_uint64),
                ("n", C.c_double), ("n_effective", C.c_double),
                ("scale_min", C.c_int32), ("n_points", C.c_size_t),
                ("count", C.POINTER(C.c_double)),
                ("count_raw", C.POINTER(C.c_uint64))]


class NpsOptions(C.Structure):
    _fields_ = [("version", C.c_uint), ("confidence", C.c_double),
                ("bootstrap", C.c_uint), ("seed", C.c_uint64),
                ("percent", C.c_int)]


class NpsResult(C.Structure):
    _fields_ = [("segment", C.c_char_p), ("options", NpsOptions),
                ("sample", Sample)] + [
        (name, C.c_double) for name in (
            "detractors", "passives", "promoters", "share_detractors",
            "share_passives", "share_promoters", "nps", "variance", "se", "z",
            "wald_lo", "wald_hi", "adjusted_nps", "adjusted_se",
            "adjusted_lo", "adjusted_hi")] + [
        ("bootstrap", C.c_uint), ("bootstrap_se", C.c_double),
        ("bootstrap_lo", C.c_double), ("bootstrap_hi", C.c_double),
        ("mean_score", C.c_double)]


class NpsDiff(C.Structure):
    _fields_ = [(name, C.c_double) for name in (
        "difference", "se", "confidence", "lo", "hi", "z", "p_value")] + [
        ("percent", C.c_int)]


class CsatOptions(C.Structure):
    _fields_ = [("version", C.c_uint), ("method", C.c_int),
                ("confidence", C.c_double)]


class CsatResult(C.Structure):
    _fields_ = [("segment", C.c_char_p), ("options", CsatOptions),
                ("direction", C.c_int), ("sample", Sample)] + [
        (name, C.c_double) for name in (
            "value", "lo", "hi", "top2", "top2_lo", "top2_hi", "bottom2",
            "mean", "sd", "se", "df", "mean_lo", "mean_hi")]


class CesOptions(C.Structure):
    _fields_ = [("version", C.c_uint), ("confidence", C.c_double)]


class CesResult(C.Structure):
    _fields_ = [("segment", C.c_char_p), ("options", CesOptions),
                ("ces_version", C.c_int), ("direction", C.c_int),
                ("neutral", C.c_double), ("sample", Sample)] + [
        (name, C.c_double) for name in (
            "mean", "sd", "se", "df", "mean_lo", "mean_hi", "share_easy",
            "easy_lo", "easy_hi", "share_neutral", "share_difficult")]


P = C.c_void_p
lib.cx_error_last.restype = C.c_char_p
for name, args in {
        "cx_metric_survey_new_nps": [C.POINTER(P), P],
        "cx_metric_survey_new_csat": [C.POINTER(P), P],
        "cx_metric_survey_new_ces": [C.POINTER(P), C.c_int, P],
        "cx_metric_survey_add": [P, C.c_size_t, C.c_double, C.c_double,
                                 C.c_char_p],
        "cx_metric_survey_add_segment": [P, C.c_char_p, C.POINTER(C.c_size_t)],
        "cx_metric_survey_add_batch": [P, C.c_size_t, C.POINTER(Array),
                                       C.POINTER(Array), C.POINTER(Array)],
        "cx_metric_survey_merge": [P, P],
        "cx_metric_survey_serialize": [P, C.POINTER(C.POINTER(C.c_uint8)),
                                       C.POINTER(C.c_size_t)],
        "cx_nps_compute": [C.POINTER(C.POINTER(NpsResult)), P, C.c_size_t,
                           C.POINTER(NpsOptions)],
        "cx_nps_diff_compute": [C.POINTER(C.POINTER(NpsDiff)),
                                C.POINTER(NpsResult), C.POINTER(NpsResult)],
        "cx_csat_compute": [C.POINTER(C.POINTER(CsatResult)), P, C.c_size_t,
                            C.POINTER(CsatOptions)],
        "cx_ces_compute": [C.POINTER(C.POINTER(CesResult)), P, C.c_size_t,
                           C.POINTER(CesOptions)],
}.items():
    getattr(lib, name).argtypes = args
    getattr(lib, name).restype = C.c_int
for name in ("cx_metric_survey_free", "cx_nps_result_free", "cx_nps_diff_free",
             "cx_csat_result_free", "cx_ces_result_free", "cx_free"):
    getattr(lib, name).argtypes = [P]
    getattr(lib, name).restype = None


def ok(status):
    assert status == 0, lib.cx_error_last().decode()


class Survey:
    """An accumulator handle freed with the object."""

    def __init__(self, kind="nps", ces_version=CES_2, segments=()):
        self.h = P()
        if kind == "nps":
            ok(lib.cx_metric_survey_new_nps(C.byref(self.h), None))
        elif kind == "csat":
            ok(lib.cx_metric_survey_new_csat(C.byref(self.h), None))
        else:
            ok(lib.cx_metric_survey_new_ces(C.byref(self.h), ces_version, None))
        for s in segments:
            ok(lib.cx_metric_survey_add_segment(self.h, s.encode(), None))

    def __del__(self):
        lib.cx_metric_survey_free(self.h)

    def batch(self, scores, segment=None, weight=None):
        keep = []

        def view(a, dt):
            a = np.ascontiguousarray(a, dtype=dt)
            keep.append(a)
            code = {np.dtype(np.uint8): DT_U8, np.dtype(np.int32): DT_I32,
                    np.dtype(np.int64): DT_I64,
                    np.dtype(np.float64): DT_F64}[a.dtype]
            return C.byref(Array(a.ctypes.data, code, 0))

        sc = np.asarray(scores)
        ok(lib.cx_metric_survey_add_batch(
            self.h, len(sc), view(sc, sc.dtype),
            view(segment, np.int64) if segment is not None else None,
            view(weight, np.float64) if weight is not None else None))

    def bytes(self):
        buf = C.POINTER(C.c_uint8)()
        n = C.c_size_t()
        ok(lib.cx_metric_survey_serialize(self.h, C.byref(buf), C.byref(n)))
        data = C.string_at(buf, n.value)
        lib.cx_free(buf)
        return data

    def nps(self, segment=ALL, confidence=0.95, bootstrap=0, seed=0):
        opt = NpsOptions(1, confidence, bootstrap, seed, 0)
        out = C.POINTER(NpsResult)()
        ok(lib.cx_nps_compute(C.byref(out), self.h, segment, C.byref(opt)))
        return out

    def csat(self, method, confidence=0.95):
        opt = CsatOptions(1, method, confidence)
        out = C.POINTER(CsatResult)()
        ok(lib.cx_csat_compute(C.byref(out), self.h, ALL, C.byref(opt)))
        r = out.contents
        copy = {f[0]: getattr(r, f[0]) for f in CsatResult._fields_[4:]}
        lib.cx_csat_result_free(out)
        return copy

    def ces(self, confidence=0.95):
        opt = CesOptions(1, confidence)
        out = C.POINTER(CesResult)()
        ok(lib.cx_ces_compute(C.byref(out), self.h, ALL, C.byref(opt)))
        r = out.contents
        copy = {f[0]: getattr(r, f[0]) for f in CesResult._fields_[6:]}
        lib.cx_ces_result_free(out)
        return copy


def nps_fields(survey, **kw):
    out = survey.nps(**kw)
    r = out.contents
    copy = {f[0]: getattr(r, f[0]) for f in NpsResult._fields_[3:]}
    copy["n_effective"] = r.sample.n_effective
    lib.cx_nps_result_free(out)
    return copy


def trinomial(scores):
    """The +1 / 0 / -1 value of each 0-10 score."""
    s = np.asarray(scores)
    return np.where(s >= 9, 1.0, np.where(s >= 7, 0.0, -1.0))


SEEDS = [1, 2, 3, 4, 5]


# ---- NPS ---------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_nps_se_matches_population_variance(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 800))
    scores = rng.integers(0, 11, n)
    s = Survey()
    s.batch(scores.astype(np.int64))
    r = nps_fields(s)
    x = trinomial(scores)
    var = np.var(x)  # population form: the mean of squared deviations
    z = stats.norm.ppf(0.975)
    assert r["nps"] == pytest.approx(x.mean(), abs=1e-12)
    assert r["variance"] == pytest.approx(var, abs=1e-12)
    assert r["se"] == pytest.approx(math.sqrt(var / n), rel=1e-12)
    assert r["wald_lo"] == pytest.approx(max(-1, x.mean() - z * math.sqrt(var / n)), abs=1e-9)
    assert r["wald_hi"] == pytest.approx(min(1, x.mean() + z * math.sqrt(var / n)), abs=1e-9)
    assert r["z"] == pytest.approx(z, rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_weighted_nps_and_kish(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(20, 500))
    scores = rng.integers(0, 11, n)
    w = rng.uniform(0.2, 3.0, n)
    s = Survey()
    s.batch(scores.astype(np.float64), weight=w)
    r = nps_fields(s)
    x = trinomial(scores)
    mean = np.average(x, weights=w)
    var = np.average((x - mean) ** 2, weights=w)
    neff = w.sum() ** 2 / (w ** 2).sum()
    assert r["n_effective"] == pytest.approx(neff, rel=1e-12)
    assert r["nps"] == pytest.approx(mean, abs=1e-12)
    assert r["variance"] == pytest.approx(var, abs=1e-12)
    assert r["se"] == pytest.approx(math.sqrt(var / neff), rel=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_adjusted_wald(seed):
    rng = np.random.default_rng(200 + seed)
    n = int(rng.integers(3, 60))
    probs = rng.dirichlet([1, 1, 1])
    scores = rng.choice([3, 7, 10], size=n, p=probs)
    s = Survey()
    s.batch(scores.astype(np.uint8))
    r = nps_fields(s, confidence=0.9)
    pro = np.sum(scores >= 9) + 0.75
    det = np.sum(scores <= 6) + 0.75
    m = n + 3
    centre = (pro - det) / m
    se = math.sqrt(((pro + det) / m - centre ** 2) / m)
    z = stats.norm.ppf(0.95)
    assert r["adjusted_nps"] == pytest.approx(centre, abs=1e-12)
    assert r["adjusted_lo"] == pytest.approx(max(-1.0, centre - z * se), abs=1e-9)
    assert r["adjusted_hi"] == pytest.approx(min(1.0, centre + z * se), abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_bootstrap_interval_shape(seed):
    rng = np.random.default_rng(300 + seed)
    n = 400
    scores = rng.integers(0, 11, n)
    s = Survey()
    s.batch(scores.astype(np.int32))
    a = nps_fields(s, bootstrap=4000, seed=seed)
    b = nps_fields(s, bootstrap=4000, seed=seed)
    assert (a["bootstrap_lo"], a["bootstrap_hi"]) == (b["bootstrap_lo"], b["bootstrap_hi"])
    assert a["bootstrap"] == 4000
    x = trinomial(scores)
    se = math.sqrt(np.var(x) / n)
    # The multinomial bootstrap of a mean of n trinomial values has the
    # same standard error as the plug-in formula; with 4000 resamples its
    # estimate lands within a few percent, and the percentile interval is
    # close to symmetric about the estimate with width about 2 z se.
    assert a["bootstrap_se"] == pytest.approx(se, rel=0.08)
    assert a["bootstrap_lo"] < x.mean() < a["bootstrap_hi"]
    width = a["bootstrap_hi"] - a["bootstrap_lo"]
    assert width == pytest.approx(2 * stats.norm.ppf(0.975) * se, rel=0.12)
    mid = (a["bootstrap_hi"] + a["bootstrap_lo"]) / 2
    assert abs(mid - x.mean()) < 0.25 * se
    # Resampled values of a sample of 400 are multiples of 1/400; the
    # interpolated percentiles lie between two of them, inside [-1, 1].
    assert -1 <= a["bootstrap_lo"] and a["bootstrap_hi"] <= 1


def test_difference_z_test():
    rng = np.random.default_rng(7)
    a_scores = rng.integers(3, 11, 300)
    b_scores = rng.integers(0, 11, 250)
    sa, sb = Survey(), Survey()
    sa.batch(a_scores.astype(np.int64))
    sb.batch(b_scores.astype(np.int64))
    ra, rb = sa.nps(), sb.nps()
    out = C.POINTER(NpsDiff)()
    ok(lib.cx_nps_diff_compute(C.byref(out), ra, rb))
    d = out.contents
    xa, xb = trinomial(a_scores), trinomial(b_scores)
    diff = xa.mean() - xb.mean()
    se = math.sqrt(np.var(xa) / len(xa) + np.var(xb) / len(xb))
    assert d.difference == pytest.approx(diff, abs=1e-12)
    assert d.se == pytest.approx(se, rel=1e-12)
    assert d.z == pytest.approx(diff / se, rel=1e-10)
    assert d.p_value == pytest.approx(2 * stats.norm.sf(abs(diff / se)), rel=1e-6)
    lib.cx_nps_diff_free(out)
    lib.cx_nps_result_free(ra)
    lib.cx_nps_result_free(rb)


def test_merge_equals_one_pass():
    rng = np.random.default_rng(11)
    n = 3000
    scores = rng.integers(0, 11, n).astype(np.float64)
    scores[rng.random(n) < 0.05] = np.nan
    seg = rng.integers(0, 3, n)
    w = rng.integers(1, 5, n) / 4.0  # quarters: sums exact in any order
    one = Survey(segments=("north", "south", "east"))
    one.batch(scores, segment=seg, weight=w)
    parts = []
    for chunk in np.array_split(np.arange(n), 4):
        p = Survey(segments=("north", "south", "east"))
        p.batch(scores[chunk], segment=seg[chunk], weight=w[chunk])
        parts.append(p)
    for p in parts[1:]:
        ok(lib.cx_metric_survey_merge(parts[0].h, p.h))
    assert parts[0].bytes() == one.bytes()
    r = nps_fields(parts[0], segment=1)
    mask = (seg == 1) & ~np.isnan(scores)
    assert r["nps"] == pytest.approx(
        np.average(trinomial(scores[mask]), weights=w[mask]), abs=1e-12)


# ---- CSAT and CES -------------------------------------------------------

def wilson_closed_form(p, n, z):
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("seed", SEEDS)
def test_csat_wilson(seed):
    rng = np.random.default_rng(400 + seed)
    n = int(rng.integers(1, 300))
    scores = rng.integers(1, 6, n)
    s = Survey("csat")
    s.batch(scores.astype(np.int64))
    conf = [0.8, 0.9, 0.95, 0.99, 0.999][seed - 1]
    r = s.csat(CSAT_TOP2BOX, conf)
    p = np.mean(scores >= 4)
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    lo, hi = wilson_closed_form(p, n, z)
    assert r["top2"] == pytest.approx(p, abs=1e-12)
    assert r["top2_lo"] == pytest.approx(lo, abs=1e-9)
    assert r["top2_hi"] == pytest.approx(hi, abs=1e-9)
    assert (r["value"], r["lo"], r["hi"]) == (r["top2"], r["top2_lo"], r["top2_hi"])
    # The Wilson bounds are the shares whose score test just accepts p:
    # (p - q)^2 = z^2 q (1 - q) / n.  Solve that independently.
    f = lambda q: (p - q) ** 2 - z * z * q * (1 - q) / n
    if 0 < p:
        assert r["top2_lo"] == pytest.approx(optimize.brentq(f, 0, p), abs=1e-9)
    if p < 1:
        assert r["top2_hi"] == pytest.approx(optimize.brentq(f, p, 1), abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_csat_mean_t_interval(seed):
    rng = np.random.default_rng(500 + seed)
    n = int(rng.integers(2, 400))
    scores = rng.integers(1, 6, n)
    s = Survey("csat")
    s.batch(scores.astype(np.int64))
    r = s.csat(CSAT_MEAN)
    mean, sem = scores.mean(), stats.sem(scores)
    assert r["mean"] == pytest.approx(mean, abs=1e-12)
    assert r["sd"] == pytest.approx(np.std(scores, ddof=1), rel=1e-10)
    assert r["se"] == pytest.approx(sem, rel=1e-10)
    assert r["df"] == pytest.approx(n - 1, abs=1e-9)
    lo, hi = stats.t.interval(0.95, n - 1, loc=mean, scale=sem)
    assert r["mean_lo"] == pytest.approx(max(lo, 1.0), abs=1e-8)
    assert r["mean_hi"] == pytest.approx(min(hi, 5.0), abs=1e-8)
    assert (r["value"], r["lo"], r["hi"]) == (r["mean"], r["mean_lo"], r["mean_hi"])


@pytest.mark.parametrize("seed", SEEDS)
def test_ces2_agreement_and_mean(seed):
    rng = np.random.default_rng(600 + seed)
    n = int(rng.integers(10, 300))
    scores = rng.integers(1, 8, n)
    s = Survey("ces", CES_2)
    s.batch(scores.astype(np.int64))
    r = s.ces()
    p = np.mean(scores >= 5)
    lo, hi = wilson_closed_form(p, n, stats.norm.ppf(0.975))
    assert r["share_easy"] == pytest.approx(p, abs=1e-12)
    assert r["share_neutral"] == pytest.approx(np.mean(scores == 4), abs=1e-12)
    assert r["share_difficult"] == pytest.approx(np.mean(scores <= 3), abs=1e-12)
    assert r["easy_lo"] == pytest.approx(lo, abs=1e-9)
    assert r["easy_hi"] == pytest.approx(hi, abs=1e-9)
    tlo, thi = stats.t.interval(0.95, n - 1, loc=scores.mean(), scale=stats.sem(scores))
    assert r["mean"] == pytest.approx(scores.mean(), abs=1e-12)
    assert r["mean_lo"] == pytest.approx(max(tlo, 1.0), abs=1e-8)
    assert r["mean_hi"] == pytest.approx(min(thi, 7.0), abs=1e-8)


def test_ces1_low_effort_share():
    rng = np.random.default_rng(9)
    scores = rng.integers(1, 6, 250)
    s = Survey("ces", CES_1)
    s.batch(scores.astype(np.int64))
    r = s.ces()
    # Higher means more effort on CES 1.0: "easy" is 1-2.
    assert r["share_easy"] == pytest.approx(np.mean(scores <= 2), abs=1e-12)
    assert r["share_difficult"] == pytest.approx(np.mean(scores >= 4), abs=1e-12)
    assert r["mean"] == pytest.approx(scores.mean(), abs=1e-12)


def test_bad_score_is_refused_with_its_row():
    s = Survey()
    before = s.bytes()
    bad = np.array([9.0, 10.0, 6.5, 3.0])
    keep = np.ascontiguousarray(bad)
    status = lib.cx_metric_survey_add_batch(
        s.h, 4, C.byref(Array(keep.ctypes.data, DT_F64, 0)), None, None)
    assert status == -4  # CX_ERANGE
    message = lib.cx_error_last().decode()
    assert "row 2" in message and "6.5" in message
    assert s.bytes() == before
