#!/usr/bin/python3
"""Event-log benchmark: libcx paths against idiomatic pandas and NumPy.

Generates a deterministic log (default exactly 20,000,000 events over
2,000,000 customers and 40 touchpoints: a Markov chain with drop-outs,
conversions at one touchpoint, events in time order across customers),
then, each in its own child process pinned to one core, so that peak
resident memory and CPU are its own:

  c-graph    a graph-only log (cx_paths_options.graph_only, which adds
             each event to the graph as it arrives and keeps per case only
             what the graph needs): cx_paths_log_add_batch() over
             int64/int32/int64 columns, then cx_paths_result_compute()
             (graph with durations, touchpoint figures, case durations):
             the events/s of the directly-follows graph, checked against
             the full log's graph;
  c-arrays   the same, then a 4-step ordered funnel (through ctypes: one
             call per step);
  c-csv      `cx paths FILE --dfg --format csv` on the same log as CSV, and
             the same with --graph-only (its output must be the same);
  pandas     sort_values([case, ts], stable) + groupby/shift for the graph
             (count, mean, median, min, max per pair), "path strings"
             value_counts for the variants, and a hand-rolled 4-step
             ordered funnel (first time of step 1, then the next step
             after it, per case);
  pandas-csv the same after pandas.read_csv;
  markov     removal effects: libcx against a NumPy implementation (counts
             with np.add.at, np.linalg.solve per removed channel).

Results must agree (edge counts and means exactly, medians to the
documented 0.4%, variant counts, funnel counts, removal effects to 1e-9)
or the benchmark stops.  It prints per analysis the seconds and events/s,
the CSV MB/s against `cat FILE > /dev/null` (best of three, warm cache),
the peak RSS of each process and how much of it came after its input was
loaded, and the ratios the targets are stated in.

Usage: paths.py --build BUILD_DIR [--events N] [--customers N] [--quick]
                [--keep] [--data DIR]
"""

import argparse
import ctypes as C
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

SEED = 20240611
NTP = 40
FUNNEL = [0, 5, 12, 20]
CONV = 39


def generate(n_events, n_customers, seed=SEED):
    """Exactly n_events events over n_customers customers (each with at
    least one event): paths are drawn a little longer than needed, then
    events that neither start a path nor convert are dropped at random
    until the count is right."""
    rng = np.random.default_rng(seed)
    mean_len = 1.25 * n_events / n_customers
    # A sparse-ish transition matrix: each touchpoint leads to ~6 others,
    # plus drop-out (column NTP) with probability 1 / mean_len.
    P = np.zeros((NTP, NTP + 1))
    for i in range(NTP):
        nxt = rng.choice(NTP, size=6, replace=False)
        P[i, nxt] = rng.dirichlet(np.ones(6))
        P[i, (i + 1) % NTP] += 0.5
        P[i, :NTP] *= (1 - 1.0 / mean_len) / P[i, :NTP].sum()
        P[i, NTP] = 1.0 / mean_len
    cum = np.cumsum(P, axis=1)
    cases, tps, gaps = [], [], []
    active = np.arange(n_customers, dtype=np.int64)
    state = rng.integers(0, 8, size=n_customers)
    step = 0
    while active.size and step < 200:
        cases.append(active)
        tps.append(state.astype(np.int32))
        gaps.append(np.where(step == 0, 0,
                             rng.exponential(3600e6, active.size)).astype(np.int64))
        u = rng.random(active.size)
        nxt = (u[:, None] > cum[state]).sum(axis=1)
        keep = (nxt < NTP) & (state != CONV)
        active, state = active[keep], nxt[keep]
        step += 1
    case = np.concatenate(cases)
    tp = np.concatenate(tps)
    gap = np.concatenate(gaps)
    order = np.lexsort((np.repeat(np.arange(len(cases)), [c.size for c in cases]), case))
    case, tp, gap = case[order], tp[order], gap[order]
    if case.size > n_events:
        # Drop events that neither start a case nor convert, uniformly.
        inner = np.flatnonzero(~np.r_[True, case[1:] != case[:-1]] & (tp != CONV))
        if inner.size >= case.size - n_events:
            drop = rng.choice(inner, size=case.size - n_events, replace=False)
            keep = np.ones(case.size, bool)
            keep[drop] = False
            case, tp, gap = case[keep], tp[keep], gap[keep]
    if case.size != n_events:
        sys.exit("generator: %d events, not %d" % (case.size, n_events))
    start = rng.integers(1_700_000_000_000_000, 1_710_000_000_000_000,
                         size=n_customers)
    first = np.r_[True, case[1:] != case[:-1]]
    grp = np.cumsum(first) - 1
    ts = start[case] + (np.cumsum(gap) - np.cumsum(gap)[first][grp])
    out = (tp == CONV).astype(np.int8)
    # A CRM export: time order across customers.
    order = np.argsort(ts, kind="stable")
    return case[order], tp[order], ts[order], out[order]


# ---- child: libcx from arrays --------------------------------------------


def cpu_seconds():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


# Children time their work with this clock: CPU seconds of the process by
# default (the machine may be shared), wall seconds with --clock wall.
now = cpu_seconds


def peak_mb():
    """Peak resident MB of this process's own memory (VmHWM).  Not
    ru_maxrss: Linux carries a parent's peak across fork and exec into it."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_c_arrays(build, folder, graph_only):
    lib = C.CDLL(os.path.join(build, "lib", "libcx.so"))
    case = np.load(os.path.join(folder, "case.npy"))
    tp = np.load(os.path.join(folder, "tp.npy"))
    ts = np.load(os.path.join(folder, "ts.npy"))
    out = np.load(os.path.join(folder, "out.npy"))
    input_mb = peak_mb()

    class Arr(C.Structure):
        _fields_ = [("data", C.c_void_p), ("dtype", C.c_int), ("stride", C.c_ssize_t)]

    def arr(a, dt):
        return Arr(a.ctypes.data, dt, 0)

    class Options(C.Structure):
        _fields_ = [("version", C.c_uint), ("sorted_by_case", C.c_int),
                    ("max_cases", C.c_uint64), ("max_touchpoints", C.c_size_t),
                    ("graph_only", C.c_int)]

    names = (C.c_char_p * NTP)(*[b"t%02d" % i for i in range(NTP)])
    log = C.c_void_p()
    opt = Options(1, 0, 0, 100000, 1 if graph_only else 0)
    assert lib.cx_paths_log_new(C.byref(log), C.byref(opt)) == 0
    steps = (C.c_char_p * 4)(*[b"t%02d" % i for i in FUNNEL])
    t0 = now()
    rc = lib.cx_paths_log_add_batch(log, C.c_size_t(case.size),
                                    C.byref(arr(case, 7)), C.byref(arr(tp, 5)),
                                    C.byref(arr(ts, 7)), None,
                                    C.byref(arr(out, 1)), None, names,
                                    C.c_size_t(NTP), None, C.c_size_t(0))
    assert rc == 0
    t1 = now()
    res = C.c_void_p()
    assert lib.cx_paths_result_compute(C.byref(res), log) == 0
    t2 = now()
    if graph_only:
        report = {"add": t1 - t0, "graph_variants": t2 - t1,
                  "rss_mb": peak_mb(), "input_mb": input_mb}
        report.update(collect(lib, res, None))
        print(json.dumps(report))
        return
    fun = C.c_void_p()
    assert lib.cx_paths_funnel_compute(C.byref(fun), log, steps, 4, None) == 0
    t3 = now()
    report = {"add": t1 - t0, "graph_variants": t2 - t1, "funnel": t3 - t2,
              "total": t3 - t0}
    report.update(collect(lib, res, fun))
    att = C.c_void_p()
    t4 = now()
    assert lib.cx_paths_attribution_compute(C.byref(att), res, None) == 0
    report["markov"] = now() - t4
    report["re"] = removal_effects(lib, att)
    report["rss_mb"] = peak_mb()
    report["input_mb"] = input_mb
    print(json.dumps(report))


class Edge(C.Structure):
    _fields_ = [("from_", C.c_size_t), ("to", C.c_size_t), ("fn", C.c_char_p),
                ("tn", C.c_char_p), ("count", C.c_uint64), ("share", C.c_double),
                ("mean", C.c_double), ("median", C.c_double), ("min", C.c_double),
                ("max", C.c_double), ("exact", C.c_int)]


class Step(C.Structure):
    _fields_ = [("name", C.c_char_p), ("cases", C.c_uint64), ("reached", C.c_uint64),
                ("fp", C.c_double), ("ff", C.c_double), ("drop", C.c_uint64),
                ("ds", C.c_double), ("med", C.c_double), ("mean", C.c_double),
                ("exact", C.c_int)]


class Variant(C.Structure):
    _fields_ = [("length", C.c_size_t), ("count", C.c_uint64), ("share", C.c_double),
                ("converted", C.c_uint64), ("value", C.c_double), ("mean", C.c_double)]


class Credit(C.Structure):
    _fields_ = [("name", C.c_char_p), ("paths", C.c_uint64)] + [
        (k, C.c_double) for k in ("re", "m", "mv", "ft", "ftv", "lt", "ltv", "li", "liv")]


def collect(lib, res, fun):
    lib.cx_paths_result_n_edges.restype = C.c_size_t
    lib.cx_paths_result_n_variants.restype = C.c_size_t
    edges = {}
    for i in range(lib.cx_paths_result_n_edges(res)):
        e = Edge()
        lib.cx_paths_result_edge(res, C.c_size_t(i), C.byref(e))
        edges["%s>%s" % (e.fn.decode(), e.tn.decode())] = [e.count, e.mean, e.median,
                                                           e.min, e.max]
    counts = []
    for i in range(min(lib.cx_paths_result_n_variants(res), 50)):
        v = Variant()
        lib.cx_paths_result_variant(res, C.c_size_t(i), C.byref(v))
        counts.append(v.count)
    reached = []
    for j in range(4 if fun is not None else 0):
        s = Step()
        lib.cx_paths_funnel_step_get(fun, C.c_size_t(2**64 - 1), C.c_size_t(j), C.byref(s))
        reached.append(s.reached)
    return {"edges": edges, "top_variants": counts, "funnel_reached": reached}


def removal_effects(lib, att):
    lib.cx_paths_attribution_n_channels.restype = C.c_size_t
    out = {}
    for k in range(lib.cx_paths_attribution_n_channels(att)):
        c = Credit()
        lib.cx_paths_attribution_channel(att, C.c_size_t(k), C.byref(c))
        if c.paths:
            out[int(c.name.decode()[1:])] = c.re
    return out


# ---- child: pandas ----------------------------------------------------------


def pandas_analyses(df):
    import pandas as pd
    t0 = now()
    df = df.sort_values(["case", "ts"], kind="stable", ignore_index=True)
    nxt_case = df["case"].shift(-1)
    same = nxt_case == df["case"]
    e = pd.DataFrame({"a": df["tp"][same], "b": df["tp"].shift(-1)[same].astype(np.int32),
                      "d": (df["ts"].shift(-1)[same] - df["ts"][same]) / 1e6})
    g = e.groupby(["a", "b"])["d"].agg(["count", "mean", "median", "min", "max"])
    t1 = now()
    paths = df.groupby("case", sort=False)["tp"].agg(lambda s: " ".join(map(str, s)))
    variants = paths.value_counts()
    t2 = now()
    # Ordered funnel: first time of step 1, then each next step after it.
    t_prev = df[df["tp"] == FUNNEL[0]].groupby("case")["ts"].min()
    reached = [len(t_prev)]
    for s in FUNNEL[1:]:
        cand = df[df["tp"] == s][["case", "ts"]]
        cand = cand.join(t_prev.rename("prev"), on="case", how="inner")
        cand = cand[cand["ts"] > cand["prev"]]
        t_prev = cand.groupby("case")["ts"].min()
        reached.append(len(t_prev))
    t3 = now()
    edges = {"t%02d>t%02d" % k: [int(r["count"]), r["mean"], r["median"], r["min"], r["max"]]
             for k, r in g.iterrows()}
    return {"graph": t1 - t0, "variants": t2 - t1, "funnel": t3 - t2,
            "total": t3 - t0, "edges": edges,
            "top_variants": [int(x) for x in variants.values[:50]],
            "funnel_reached": reached, "df": df}


def numpy_markov(df):
    """Removal effects with NumPy: transition counts, then one solve per
    channel on the absorbing chain."""
    t0 = now()
    case = df["case"].to_numpy()
    tp = df["tp"].to_numpy()
    # Paths end before the first conversion event.
    first = np.r_[True, case[1:] != case[:-1]]
    grp = np.cumsum(first) - 1
    conv_seen = np.maximum.accumulate(np.where(tp == CONV, np.arange(tp.size), -1))
    start_idx = np.flatnonzero(first)[grp]
    keep = ~((conv_seen >= start_idx))
    conv_case = np.zeros(grp[-1] + 1, bool)
    conv_case[grp[tp == CONV]] = True
    c, t = grp[keep], tp[keep]
    n = NTP + 1  # 0 = start, 1 + k
    T = np.zeros((n, n + 2))  # + conv, null
    fst = np.r_[True, c[1:] != c[:-1]]
    lst = np.r_[c[1:] != c[:-1], True]
    np.add.at(T, (np.zeros(fst.sum(), int), 1 + t[fst]), 1)
    inner = ~lst
    np.add.at(T, (1 + t[inner], 1 + t[1:][inner[:-1]]), 1)
    end = np.where(conv_case[c[lst]], n, n + 1)
    np.add.at(T, (1 + t[lst], end), 1)
    empty = np.setdiff1d(np.arange(grp[-1] + 1), np.unique(c))
    np.add.at(T, (np.zeros(empty.size, int), np.where(conv_case[empty], n, n + 1)), 1)
    rows = T.sum(axis=1)
    Pm = np.divide(T, rows[:, None], out=np.zeros_like(T), where=rows[:, None] > 0)
    live = rows > 0

    def p_conv(removed):
        idx = np.flatnonzero(live & ~removed)
        Q = Pm[np.ix_(idx, idx)]
        r = Pm[idx, n]
        x = np.linalg.solve(np.eye(idx.size) - Q, r)
        return x[0]

    base = p_conv(np.zeros(n, bool))
    re = {}
    for k in range(NTP):
        if not live[1 + k]:
            continue
        removed = np.zeros(n, bool)
        removed[1 + k] = True
        re[k] = 1 - p_conv(removed) / base
    return re, now() - t0


def child_pandas(folder, csv):
    import pandas as pd
    t0 = now()
    if csv:
        df = pd.read_csv(os.path.join(folder, "log.csv"),
                         dtype={"case": np.int64, "tp": np.int32, "ts": np.int64,
                                "out": np.int8})
    else:
        df = pd.DataFrame({k: np.load(os.path.join(folder, k + ".npy"))
                           for k in ("case", "tp", "ts", "out")})
    t_read = now() - t0
    input_mb = peak_mb()
    r = pandas_analyses(df)
    re, t_markov = (numpy_markov(r["df"]) if not csv else ({}, 0.0))
    del r["df"]
    r.update({"read": t_read, "markov": t_markov, "re": re,
              "rss_mb": peak_mb(), "input_mb": 0 if csv else input_mb})
    r["total"] += t_read
    print(json.dumps(r))


# ---- driver ---------------------------------------------------------------------


def run_child(args):
    t0 = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode:
        sys.exit("child failed: %s\n%s" % (" ".join(args), p.stderr))
    return p.stdout, wall


def agree(c, pd_, what):
    if c["funnel_reached"] != pd_["funnel_reached"]:
        sys.exit("%s: funnels differ: %s vs %s" % (what, c["funnel_reached"], pd_["funnel_reached"]))
    if c["top_variants"] != pd_["top_variants"]:
        sys.exit("%s: variant counts differ" % what)
    if set(c["edges"]) != set(pd_["edges"]):
        sys.exit("%s: edge sets differ" % what)
    worst = 0.0
    for k, (cnt, mean, med, mn, mx) in c["edges"].items():
        p = pd_["edges"][k]
        if cnt != p[0] or abs(mean - p[1]) > 1e-9 * max(1, abs(p[1])) or \
                mn != p[3] or mx != p[4]:
            sys.exit("%s: edge %s differs: %s vs %s" % (what, k, c["edges"][k], p))
        worst = max(worst, abs(med - p[2]) / max(p[2], 1e-9))
    if worst > 0.004:
        sys.exit("%s: a median is off by %.3g" % (what, worst))
    return worst


def write_data(folder, n_events, n_customers):
    t0 = time.perf_counter()
    case, tp, ts, out = generate(n_events, n_customers)
    for k, v in (("case", case), ("tp", tp), ("ts", ts), ("out", out)):
        np.save(os.path.join(folder, k + ".npy"), v)
    with open(os.path.join(folder, "log.csv"), "w") as f:
        f.write("case,tp,ts,out\n")
        block = 1_000_000
        for i in range(0, case.size, block):
            s = slice(i, i + block)
            np.savetxt(f, np.c_[case[s], tp[s], ts[s], out[s]], fmt="%d",
                       delimiter=",")
    print("generated %d events over %d customers, %d touchpoints in %.1f s"
          % (case.size, np.unique(case).size, NTP, time.perf_counter() - t0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--events", type=int, default=20_000_000)
    ap.add_argument("--customers", type=int, default=0,
                    help="default: events / 10")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--data", help="folder of a log generated before (--keep)")
    ap.add_argument("--child", choices=["generate", "c-graph", "c-arrays", "pandas",
                                        "pandas-csv"])
    ap.add_argument("--folder")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="time CPU seconds (default) or wall seconds")
    a, rest = ap.parse_known_args()
    global now
    if a.clock == "wall":
        now = time.perf_counter
    if a.child:
        # One core for every contender (libcx is single-threaded; this
        # also keeps NumPy's BLAS to one thread of work).
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if a.child == "generate":
        return write_data(a.folder, a.events, a.customers)
    if a.child in ("c-graph", "c-arrays"):
        return child_c_arrays(a.build, a.folder, a.child == "c-graph")
    if a.child:
        return child_pandas(a.folder, a.child == "pandas-csv")
    events = 2_000_000 if a.quick else a.events
    customers = a.customers or max(1, events // 10)
    folder = a.data or tempfile.mkdtemp(prefix="cx-bench-paths.")
    try:
        if not a.data:
            # In a child: the arrays would otherwise make this driver's
            # peak RSS large, and the ru_maxrss of the `cx` process waited
            # for below starts from it.
            print(run_child([sys.executable, os.path.abspath(__file__), "--build",
                             a.build, "--child", "generate", "--folder", folder,
                             "--events", str(events), "--customers",
                             str(customers)])[0], end="")
        csv = os.path.join(folder, "log.csv")
        size = os.path.getsize(csv)
        n = np.load(os.path.join(folder, "tp.npy"), mmap_mode="r").size
        print("log: %d events, CSV %.0f MB" % (n, size / 1e6))
        me = [sys.executable, os.path.abspath(__file__), "--build", a.build,
              "--folder", folder, "--clock", a.clock]
        print("times are %s seconds; load average %.1f" %
              (a.clock.upper() if a.clock == "cpu" else "wall", os.getloadavg()[0]))
        g = json.loads(run_child(me + ["--child", "c-graph"])[0])
        c = json.loads(run_child(me + ["--child", "c-arrays"])[0])
        p = json.loads(run_child(me + ["--child", "pandas"])[0])
        worst = agree(c, p, "arrays")
        if g["edges"] != c["edges"]:
            sys.exit("the graph-only log's graph differs from the full log's")
        re_err = max(abs(c["re"][str(k)] - v) for k, v in p["re"].items())
        if not re_err <= 1e-9 or not p["re"]:
            sys.exit("removal effects differ by %.3g" % re_err)
        def took(t0, usage):
            if a.clock == "wall":
                return time.perf_counter() - t0
            return usage.ru_utime + usage.ru_stime

        t_cat = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            pr = subprocess.Popen(["cat", csv], stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(pr.pid, 0)
            t_cat = min(t_cat, took(t0, usage))
        cx = os.path.join(a.build, "tools", "cx", "cx")
        t0 = time.perf_counter()
        pr = subprocess.Popen(["taskset", "-c", str(min(os.sched_getaffinity(0))),
                               cx, "paths", csv, "--dfg", "--format", "csv",
                               "--case", "case", "--touchpoint", "tp",
                               "--timestamp", "ts", "--outcome", "out",
                               "--time-format", "us", "--progress", "never"],
                              stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(pr.pid, 0)
        t_cli = took(t0, usage)
        cli_rss = usage.ru_maxrss / 1024
        if status:
            sys.exit("cx paths failed")
        # The same with --graph-only, whose graph must be the same.
        t0 = time.perf_counter()
        pr = subprocess.Popen(["taskset", "-c", str(min(os.sched_getaffinity(0))),
                               cx, "paths", csv, "--dfg", "--format", "csv",
                               "--case", "case", "--touchpoint", "tp",
                               "--timestamp", "ts", "--outcome", "out",
                               "--time-format", "us", "--progress", "never",
                               "--graph-only"],
                              stdout=subprocess.PIPE)
        graph_csv = pr.stdout.read()
        _, status, usage = os.wait4(pr.pid, 0)
        t_cli_g = took(t0, usage)
        cli_g_rss = usage.ru_maxrss / 1024
        full_csv = subprocess.run([cx, "paths", csv, "--dfg", "--format", "csv",
                                   "--case", "case", "--touchpoint", "tp",
                                   "--timestamp", "ts", "--outcome", "out",
                                   "--time-format", "us", "--progress", "never"],
                                  stdout=subprocess.PIPE, check=True).stdout
        if status or graph_csv != full_csv:
            sys.exit("cx paths --graph-only failed or gave another graph")
        pc = json.loads(run_child(me + ["--child", "pandas-csv"])[0])
        mb = size / 1e6
        p_all = p["graph"] + p["variants"] + p["funnel"]
        print("\n%-34s %9s %11s %9s %8s %9s" % ("", "seconds", "events/s", "MB/s",
                                             "peak MB", "+input MB"))
        rows = [
            ("libcx arrays: add_batch", c["add"], None, None),
            ("libcx arrays: graph+variants", c["graph_variants"], None, None),
            ("libcx arrays: funnel", c["funnel"], None, None),
            ("libcx arrays: all three", c["total"], c["rss_mb"], c["input_mb"]),
            ("libcx graph-only: add_batch", g["add"], None, None),
            ("libcx graph-only: compute", g["graph_variants"], None, None),
            ("libcx graph-only: graph (both)", g["add"] + g["graph_variants"],
             g["rss_mb"], g["input_mb"]),
            ("libcx arrays: graph+variants, full",
             c["add"] + c["graph_variants"], None, None),
            ("pandas arrays: graph", p["graph"], None, None),
            ("pandas arrays: variants", p["variants"], None, None),
            ("pandas arrays: funnel", p["funnel"], None, None),
            ("pandas arrays: all three", p_all, p["rss_mb"], p["input_mb"]),
            ("cx paths CSV --dfg", t_cli, cli_rss, None),
            ("cx paths CSV --dfg --graph-only", t_cli_g, cli_g_rss, None),
            ("pandas read_csv + all three", pc["total"], pc["rss_mb"], None),
            ("cat CSV > /dev/null", t_cat, None, None),
            ("libcx Markov (exact)", c["markov"], None, None),
            ("NumPy Markov (solve)", p["markov"], None, None),
        ]
        for name, t, rss, inp in rows:
            csvish = "CSV" in name
            print("%-34s %9.3f %11.3g %9s %8s %9s" % (
                name, t, n / t, "%.0f" % (mb / t) if csvish else "",
                "%.0f" % rss if rss else "",
                "%.0f" % (rss - inp) if rss and inp else ""))
        g_rate = n / (g["add"] + g["graph_variants"]) / 1e6
        print("\ntargets (issue 6):")
        print("  graph from arrays, one core: %.1f M events/s (target >= 50; "
              "graph-only log, the same graph as the full log's)" % g_rate)
        print("  graph+variants+funnel from arrays: pandas/libcx = %.1fx (target >= 10)"
              % (p_all / c["total"]))
        print("  CSV: cx paths --dfg %.0f MB/s (target >= 400); cat %.0f MB/s; "
              "cx takes %.1fx the time of cat; pandas/cx = %.1fx"
              % (mb / t_cli, mb / t_cat, t_cli / t_cat, pc["total"] / t_cli))
        print("  CSV, graph only: cx paths --dfg --graph-only %.0f MB/s, peak "
              "%.0f MB (the same graph)" % (mb / t_cli_g, cli_g_rss))
        print("  peak RSS from arrays: libcx/pandas = %.2f (target <= 0.25); "
              "above the loaded input: %.0f MB vs %.0f MB = %.2f"
              % (c["rss_mb"] / p["rss_mb"], c["rss_mb"] - c["input_mb"],
                 p["rss_mb"] - p["input_mb"],
                 (c["rss_mb"] - c["input_mb"]) / (p["rss_mb"] - p["input_mb"])))
        print("  peak RSS from CSV: cx/pandas = %.2f" % (cli_rss / pc["rss_mb"]))
        print("agreement: counts, means, min, max exact; medians within %.2g "
              "(relative); removal effects within %.1g" % (worst, re_err))
    finally:
        if a.keep and not a.data:
            print("kept", folder)
        elif not a.data:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
