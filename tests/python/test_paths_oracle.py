"""pandas and NumPy as independent oracles for the event-log analyses.

The C library is loaded with ctypes from $CX_LIBDIR/libcx.so (or the first
build*/lib/libcx.so under the source tree); the test skips when neither
exports the cx_paths_* functions.  On the bundled sample log and on
random logs (unsorted, with equal timestamps and conversions):

- the directly-follows graph against sort_values + groupby/shift
  (count, mean, median, min, max per pair);
- the variants against value_counts of the joined paths;
- ordered funnels against a hand-rolled pandas funnel;
- first-order removal effects against np.linalg.solve on the absorbing
  chain built with NumPy from the same paths.
"""
import ctypes as C
import glob
import os

import numpy as np
import pandas as pd
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLE = os.path.join(ROOT, "examples", "data", "events", "onboarding_events.csv")


def _find_library():
    libdir = os.environ.get("CX_LIBDIR")
    candidates = [os.path.join(libdir, "libcx.so")] if libdir else []
    candidates += sorted(glob.glob(os.path.join(ROOT, "build*", "lib", "libcx.so")))
    for path in candidates:
        if os.path.exists(path):
            try:
                lib = C.CDLL(path)
                lib.cx_paths_log_new  # exported?
                return lib
            except (OSError, AttributeError):
                continue
    return None


LIB = _find_library()
pytestmark = pytest.mark.skipif(LIB is None, reason="libcx.so with cx_paths_* not found")
ALL = C.c_size_t(2**64 - 1)


class Edge(C.Structure):
    _fields_ = [("frm", C.c_size_t), ("to", C.c_size_t), ("fn", C.c_char_p),
                ("tn", C.c_char_p), ("count", C.c_uint64), ("share", C.c_double),
                ("mean", C.c_double), ("median", C.c_double), ("min", C.c_double),
                ("max", C.c_double), ("exact", C.c_int)]


class Variant(C.Structure):
    _fields_ = [("length", C.c_size_t), ("count", C.c_uint64), ("share", C.c_double),
                ("converted", C.c_uint64), ("value", C.c_double), ("mean", C.c_double)]


class Step(C.Structure):
    _fields_ = [("name", C.c_char_p), ("cases", C.c_uint64), ("reached", C.c_uint64),
                ("from_previous", C.c_double), ("from_first", C.c_double),
                ("dropoff", C.c_uint64), ("dropoff_share", C.c_double),
                ("median", C.c_double), ("mean", C.c_double), ("exact", C.c_int)]


class Credit(C.Structure):
    _fields_ = [("name", C.c_char_p), ("paths", C.c_uint64)] + [
        (k, C.c_double) for k in ("re", "markov", "markov_value", "ft", "ftv", "lt",
                                  "ltv", "lin", "linv")]


class Options(C.Structure):
    _fields_ = [("version", C.c_uint), ("sorted_by_case", C.c_int),
                ("max_cases", C.c_uint64), ("max_touchpoints", C.c_size_t),
                ("graph_only", C.c_int)]


if LIB is not None:
    V = C.c_void_p
    LIB.cx_paths_log_new.argtypes = [C.POINTER(V), C.POINTER(Options)]
    LIB.cx_paths_log_free.argtypes = [V]
    LIB.cx_paths_log_add.argtypes = [V, C.c_char_p, C.c_char_p, C.c_int64, C.c_double,
                                     C.c_int, C.c_char_p, C.c_char_p]
    LIB.cx_paths_read_csv.argtypes = [V, C.c_char_p, V]
    LIB.cx_paths_result_compute.argtypes = [C.POINTER(V), V]
    LIB.cx_paths_result_free.argtypes = [V]
    LIB.cx_paths_result_n_edges.argtypes = [V]
    LIB.cx_paths_result_n_edges.restype = C.c_size_t
    LIB.cx_paths_result_edge.argtypes = [V, C.c_size_t, C.POINTER(Edge)]
    LIB.cx_paths_result_n_variants.argtypes = [V]
    LIB.cx_paths_result_n_variants.restype = C.c_size_t
    LIB.cx_paths_result_variant.argtypes = [V, C.c_size_t, C.POINTER(Variant)]
    LIB.cx_paths_result_variant_step.argtypes = [V, C.c_size_t, C.c_size_t]
    LIB.cx_paths_result_variant_step.restype = C.c_size_t
    LIB.cx_paths_result_touchpoint_name.argtypes = [V, C.c_size_t]
    LIB.cx_paths_result_touchpoint_name.restype = C.c_char_p
    LIB.cx_paths_funnel_compute.argtypes = [C.POINTER(V), V, C.POINTER(C.c_char_p),
                                            C.c_size_t, V]
    LIB.cx_paths_funnel_step_get.argtypes = [V, C.c_size_t, C.c_size_t, C.POINTER(Step)]
    LIB.cx_paths_funnel_free.argtypes = [V]
    LIB.cx_paths_attribution_compute.argtypes = [C.POINTER(V), V, V]
    LIB.cx_paths_attribution_free.argtypes = [V]
    LIB.cx_paths_attribution_n_channels.argtypes = [V]
    LIB.cx_paths_attribution_n_channels.restype = C.c_size_t
    LIB.cx_paths_attribution_channel.argtypes = [V, C.c_size_t, C.POINTER(Credit)]
    LIB.cx_error_last.restype = C.c_char_p


def ok(status):
    assert status == 0, LIB.cx_error_last().decode()


class Log:
    def __init__(self):
        self.p = C.c_void_p()
        ok(LIB.cx_paths_log_new(C.byref(self.p), None))

    def __del__(self):
        LIB.cx_paths_log_free(self.p)

    def result(self):
        r = C.c_void_p()
        ok(LIB.cx_paths_result_compute(C.byref(r), self.p))
        return r


def from_frame(df):
    log = Log()
    for row in df.itertuples(index=False):
        ok(LIB.cx_paths_log_add(log.p, row.case.encode(), row.touchpoint.encode(),
                                int(row.ts), float(row.value), int(row.outcome),
                                None, None))
    return log


def random_frame(seed, cases=300, tps=6):
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(cases):
        t = int(rng.integers(0, 10**12))
        for i in range(int(rng.integers(1, 9))):
            t += int(rng.choice([0, 1, 7, 60, 3600]) * 10**6 * rng.integers(0, 3))
            rows.append(("k%d" % k, "t%d" % rng.integers(0, tps), t, np.nan, 0))
        if rng.random() < 0.4:
            rows.append(("k%d" % k, "conv", t + 1, float(rng.integers(1, 100)), 1))
    df = pd.DataFrame(rows, columns=["case", "touchpoint", "ts", "value", "outcome"])
    # Shuffle rows; the stable order of equal timestamps is the row order.
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    return df


def ordered(df):
    return df.sort_values(["case", "ts"], kind="stable").reset_index(drop=True)


def sample_frame():
    raw = pd.read_csv(SAMPLE, keep_default_na=False, dtype=str)
    ts = pd.to_datetime(raw["timestamp"], utc=True)
    us = (ts - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(microseconds=1)
    return pd.DataFrame({"case": raw["case"], "touchpoint": raw["touchpoint"],
                         "ts": us.astype(np.int64),
                         "value": pd.to_numeric(raw["value"]).fillna(np.nan),
                         "outcome": (raw["outcome"] == "conversion").astype(int)})


FRAMES = [("random%d" % s, lambda s=s: random_frame(s)) for s in range(4)]
FRAMES.append(("sample", sample_frame))


@pytest.mark.parametrize("name,make", FRAMES)
def test_graph_and_variants_against_pandas(name, make):
    df = make()
    log = from_frame(df)
    r = log.result()
    try:
        o = ordered(df)
        same = o["case"].shift(-1) == o["case"]
        e = pd.DataFrame({"a": o["touchpoint"][same],
                          "b": o["touchpoint"].shift(-1)[same],
                          "d": (o["ts"].shift(-1)[same] - o["ts"][same]) / 1e6})
        want = e.groupby(["a", "b"])["d"].agg(["count", "mean", "median", "min", "max"])
        got = {}
        for i in range(LIB.cx_paths_result_n_edges(r)):
            x = Edge()
            ok(LIB.cx_paths_result_edge(r, i, C.byref(x)))
            got[(x.fn.decode(), x.tn.decode())] = x
        assert set(got) == set(want.index)
        for key, w in want.iterrows():
            x = got[key]
            assert x.count == w["count"]
            assert x.mean == pytest.approx(w["mean"], rel=1e-12, abs=1e-9)
            assert x.min == w["min"] and x.max == w["max"]
            tol = 0 if x.exact else 0.004 * w["median"]
            assert abs(x.median - w["median"]) <= tol + 1e-9, key
        paths = o.groupby("case", sort=False)["touchpoint"].agg(" > ".join)
        vc = paths.value_counts()
        got_v = {}
        for i in range(LIB.cx_paths_result_n_variants(r)):
            v = Variant()
            ok(LIB.cx_paths_result_variant(r, i, C.byref(v)))
            seq = [LIB.cx_paths_result_touchpoint_name(
                r, LIB.cx_paths_result_variant_step(r, i, k)).decode()
                for k in range(v.length)]
            got_v[" > ".join(seq)] = v.count
        assert got_v == vc.to_dict()
    finally:
        LIB.cx_paths_result_free(r)


def pandas_funnel(df, steps, window_us=0):
    o = ordered(df).reset_index(drop=True)
    out = [0] * len(steps)
    for _, g in o.groupby("case", sort=False):
        tp, ts = g["touchpoint"].tolist(), g["ts"].tolist()
        if steps[0] not in tp:
            continue
        i = tp.index(steps[0])
        t0, k = ts[i], 1
        for j in range(i + 1, len(tp)):
            if k == len(steps) or (window_us and ts[j] - t0 > window_us):
                break
            if tp[j] == steps[k]:
                k += 1
        for s in range(k):
            out[s] += 1
    return out


@pytest.mark.parametrize("name,make", FRAMES)
def test_funnel_against_pandas(name, make):
    df = make()
    log = from_frame(df)
    tps = sorted(df["touchpoint"].unique())
    steps = ([s for s in ("account-page", "online-application", "id-upload",
                          "contract-signing") if s in tps]
             if name == "sample" else tps[:3])
    for window in (0, 3600 * 10**6):
        class FO(C.Structure):
            _fields_ = [("version", C.c_uint), ("mode", C.c_int), ("window", C.c_int64)]
        fo = FO(1, 0, window)
        arr = (C.c_char_p * len(steps))(*[s.encode() for s in steps])
        f = C.c_void_p()
        ok(LIB.cx_paths_funnel_compute(C.byref(f), log.p, arr, len(steps), C.byref(fo)))
        got = []
        for j in range(len(steps)):
            s = Step()
            ok(LIB.cx_paths_funnel_step_get(f, ALL, j, C.byref(s)))
            got.append(s.reached)
        LIB.cx_paths_funnel_free(f)
        assert got == pandas_funnel(df, steps, window)


def numpy_removal_effects(df):
    """Build the absorbing chain of the paths with NumPy and solve it."""
    o = ordered(df)
    names = sorted(set(o["touchpoint"]))
    idx = {n: i + 1 for i, n in enumerate(names)}
    n = len(names) + 1
    T = np.zeros((n, n + 2))  # columns n: conversion, n + 1: null
    for _, g in o.groupby("case", sort=False):
        out = g["outcome"].tolist()
        path = g["touchpoint"].tolist()
        conv = 1 in out
        if conv:
            path = path[:out.index(1)]
        prev = 0
        for tp in path:
            T[prev, idx[tp]] += 1
            prev = idx[tp]
        T[prev, n if conv else n + 1] += 1
    rows = T.sum(axis=1)
    P = np.divide(T, rows[:, None], out=np.zeros_like(T), where=rows[:, None] > 0)
    live = rows > 0

    def p_conv(removed):
        keep = np.flatnonzero(live & ~removed)
        Q = P[np.ix_(keep, keep)]
        return np.linalg.solve(np.eye(keep.size) - Q, P[keep, n])[0]

    base = p_conv(np.zeros(n, bool))
    re = {}
    for name, i in idx.items():
        if live[i]:
            removed = np.zeros(n, bool)
            removed[i] = True
            re[name] = 1 - p_conv(removed) / base
    return base, re


@pytest.mark.parametrize("name,make", FRAMES)
def test_removal_effects_against_numpy(name, make):
    df = make()
    log = from_frame(df)
    r = log.result()
    a = C.c_void_p()
    ok(LIB.cx_paths_attribution_compute(C.byref(a), r, None))
    try:
        got = {}
        for k in range(LIB.cx_paths_attribution_n_channels(a)):
            c = Credit()
            ok(LIB.cx_paths_attribution_channel(a, k, C.byref(c)))
            if c.paths:
                got[c.name.decode()] = c.re
        _, want = numpy_removal_effects(df)
        assert set(got) == set(want)
        for k in want:
            assert got[k] == pytest.approx(want[k], abs=1e-10), k
    finally:
        LIB.cx_paths_attribution_free(a)
        LIB.cx_paths_result_free(r)
