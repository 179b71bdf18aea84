#!/usr/bin/python3
"""Kano benchmark: libcx against an idiomatic NumPy/pandas implementation.

Two measurements on the same deterministic survey (5,000,000 long-format
rows by default: 250,000 respondents x 20 features, two segments):

(a) counting: cx_kano_survey_add_batch() over three in-memory arrays
    (bench/kano.c, built as bench/bench_kano) against the idiomatic
    in-memory implementation the target names: evaluation-table lookup
    TABLE[functional, dysfunctional], then a pandas
    groupby(["feature", "category"]).size().unstack() and Better/Worse.
    A hand-tuned NumPy variant (np.bincount over feature * 7 + category)
    is reported beside it as a stricter reference.
(b) end to end: `cx kano FILE --format csv` on the long CSV with text
    answers, against pandas.read_csv + dict map of the labels + table
    lookup + groupby(["feature", "category"]).size().unstack() +
    Better/Worse.  Both run as child processes of a small launcher
    (`bench_kano --measure`) that reports each one's wall time and peak
    resident memory.

Both sides must produce the same A/O/M/I/R/Q counts and the same
Better/Worse (to 1e-9) or the benchmark stops: comparing the speed of two
programs that compute different things would be meaningless.

Usage: kano.py --build BUILD_DIR [--rows N] [--quick] [--keep] [--repeat N]
              [--strict]
(normally through `./run bench`).
"""

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

SEED = 20261123
N_FEATURES = 20
FEATURES = [
    "One-click checkout", "Order tracking", "Dark mode", "Live chat",
    "Free returns", "Saved carts", "Price alerts", "Gift wrapping",
    "Voice search", "Loyalty points", "Same-day delivery", "Wish lists",
    "Product videos", "Size guide", "Guest checkout", "Push notifications",
    "Store pickup", "Reviews with photos", "Split payment", "Carbon offset",
]
SEGMENTS = ["new", "returning"]
# Index = answer code (0 missing, then canonical order 1-5).
LABELS = ["", "I like it", "It must be that way", "I am neutral",
          "I can live with it", "I dislike it"]
CATEGORIES = "AOMIRQ"
MISSING = 6  # category index of a pair with a missing answer

# Berger et al. (1993), extended with a row and a column for "missing" so
# that one lookup classifies every pair, complete or not.
A, O, M, I, R, Q = range(6)
TABLE = np.array([
    [MISSING] * 6,
    [MISSING, Q, A, A, A, O],
    [MISSING, R, I, I, I, M],
    [MISSING, R, I, I, I, M],
    [MISSING, R, I, I, I, M],
    [MISSING, R, R, R, R, Q],
], dtype=np.uint8)

# How strongly each answer pair stands for its category: respondents who
# find a feature attractive mostly answer Like / Neutral, few Like /
# Must-be.  Only the relative weights within a category matter.
CELL_WEIGHT = np.array([
    [1.0, 1.0, 4.0, 1.5, 1.0],
    [1.0, 1.0, 1.0, 0.5, 2.0],
    [1.0, 1.0, 6.0, 1.5, 2.0],
    [1.0, 0.5, 1.5, 2.0, 1.0],
    [2.0, 0.5, 0.5, 0.5, 1.0],
])

RSS_TARGET_MIB = 100.0
ADD_BATCH_TARGET = 10.0
END_TO_END_TARGET = 5.0


# ---------------------------------------------------------------------------
# Data


def category_mixes(rng):
    """Category shares (A, O, M, I, R, Q) per (feature, segment).

    Each feature leans to one of M, O, A, I, the way real surveys do; the
    second segment sees it a little differently so per-segment results are
    not copies of each other.
    """
    mixes = np.empty((N_FEATURES, len(SEGMENTS), 6))
    for f in range(N_FEATURES):
        lead = (M, O, A, I)[f % 4]
        base = np.array([0.16, 0.16, 0.16, 0.22, 0.03, 0.02])
        base[lead] += 0.30
        for s in range(len(SEGMENTS)):
            mix = rng.dirichlet(base * 60.0)
            mixes[f, s] = mix / mix.sum()
    return mixes


def cell_probabilities(mix):
    """Probability of each of the 25 answer pairs given category shares."""
    cats = TABLE[1:, 1:]
    p = np.zeros((5, 5))
    for c in range(6):
        cells = cats == c
        w = np.where(cells, CELL_WEIGHT, 0.0)
        if w.sum() > 0:
            p += mix[c] * w / w.sum()
    return (p / p.sum()).ravel()


def make_survey(rows):
    """Deterministic long-format survey of about @rows rows.

    Returns the respondent count and the columns: feature index (uint32),
    segment index (uint8), functional and dysfunctional codes (uint8, 0 =
    missing) and importance (float64, NaN = not answered).
    """
    rng = np.random.default_rng(SEED)
    respondents = max(1, rows // N_FEATURES)
    n = respondents * N_FEATURES
    segment_of = (rng.random(respondents) < 0.4).astype(np.uint8)
    feature = np.tile(np.arange(N_FEATURES, dtype=np.uint32), respondents)
    segment = np.repeat(segment_of, N_FEATURES)
    mixes = category_mixes(rng)
    cell = np.empty(n, dtype=np.uint8)
    for f in range(N_FEATURES):
        for s in range(len(SEGMENTS)):
            where = np.flatnonzero((feature == f) & (segment == s))
            p = cell_probabilities(mixes[f, s])
            cell[where] = rng.choice(25, size=where.size, p=p)
    functional = (cell // 5 + 1).astype(np.uint8)
    dysfunctional = (cell % 5 + 1).astype(np.uint8)
    # About 2% of the pairs lack one answer or both.
    u = rng.random(n)
    functional[u < 0.008] = 0
    dysfunctional[(u >= 0.008) & (u < 0.016)] = 0
    both = (u >= 0.016) & (u < 0.020)
    functional[both] = 0
    dysfunctional[both] = 0
    importance = rng.integers(1, 10, size=n).astype(np.float64)
    importance[rng.random(n) < 0.01] = np.nan
    return respondents, feature, segment, functional, dysfunctional, importance


def write_arrays(folder, feature, functional, dysfunctional):
    paths = [os.path.join(folder, name) for name in
             ("feature.u32", "functional.u8", "dysfunctional.u8")]
    feature.astype("<u4").tofile(paths[0])
    functional.tofile(paths[1])
    dysfunctional.tofile(paths[2])
    return paths


def write_csv(path, feature, segment, functional, dysfunctional, importance):
    """The long CSV with text answers, written in slices to bound memory."""
    n = feature.size
    labels = np.array(LABELS, dtype=object)
    names = np.array(FEATURES, dtype=object)
    segs = np.array(SEGMENTS, dtype=object)
    imp_text = np.array([""] + [str(k) for k in range(1, 10)], dtype=object)
    imp_code = np.where(np.isnan(importance), 0, importance).astype(np.intp)
    step = 20 * 20000
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("respondent,segment,feature,functional,dysfunctional,"
                  "importance\n")
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            resp = (np.arange(lo, hi) // N_FEATURES + 100001).astype(str)
            cols = (resp.tolist(), segs[segment[lo:hi]].tolist(),
                    names[feature[lo:hi]].tolist(),
                    labels[functional[lo:hi]].tolist(),
                    labels[dysfunctional[lo:hi]].tolist(),
                    imp_text[imp_code[lo:hi]].tolist())
            out.write("\n".join(map(",".join, zip(*cols))))
            out.write("\n")


# ---------------------------------------------------------------------------
# Baselines


def numpy_kano(feature, functional, dysfunctional, n_features):
    """Counts per feature (A, O, M, I, R, Q, missing), Better and Worse."""
    category = TABLE[functional, dysfunctional]
    counts = np.bincount(feature.astype(np.intp) * 7 + category,
                         minlength=n_features * 7).reshape(n_features, 7)
    return counts, *better_worse(counts)


def pandas_kano(feature, functional, dysfunctional, n_features):
    """The same counts the way an analyst writes them: lookup + groupby."""
    import pandas as pd

    df = pd.DataFrame({"feature": feature,
                       "category": TABLE[functional, dysfunctional]})
    table = (df.groupby(["feature", "category"]).size()
             .unstack(fill_value=0)
             .reindex(index=range(n_features), columns=range(7),
                      fill_value=0))
    counts = table.to_numpy()
    return counts, *better_worse(counts)


def better_worse(counts):
    a, o, m, i = (counts[:, k].astype(np.float64) for k in (A, O, M, I))
    denom = a + o + m + i
    with np.errstate(invalid="ignore", divide="ignore"):
        return (a + o) / denom, -(o + m) / denom


def pandas_worker(path):
    """Child process of the end-to-end baseline: prints JSON on stdout."""
    import pandas as pd

    codes = {label: k for k, label in enumerate(LABELS) if label}
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    fu = df["functional"].map(codes).fillna(0).to_numpy(np.intp)
    dy = df["dysfunctional"].map(codes).fillna(0).to_numpy(np.intp)
    df["category"] = TABLE[fu, dy]
    table = (df.groupby(["feature", "category"]).size()
             .unstack(fill_value=0)
             .reindex(columns=range(7), fill_value=0))
    better, worse = better_worse(table.to_numpy())
    seconds = time.perf_counter() - t0
    json.dump({
        "seconds": seconds,
        "features": list(table.index),
        "counts": table.to_numpy().tolist(),
        "better": better.tolist(),
        "worse": worse.tolist(),
    }, sys.stdout)


# ---------------------------------------------------------------------------
# Measurement helpers


class ChildFailed(Exception):
    """A measured program exited with an error."""


def run_child(build, args):
    """Run a program through `bench_kano --measure`.

    Returns (wall seconds, peak RSS in MiB, stdout).  The measuring
    launcher is needed because a child's ru_maxrss, as os.wait4 would give
    it here, starts from this driver's own peak (Linux carries it across
    exec), which the generated arrays make large.
    """
    launcher = os.path.join(build, "bench", "bench_kano")
    with tempfile.TemporaryFile() as err:
        p = subprocess.run([launcher, "--measure", *args],
                           stdout=subprocess.PIPE, stderr=err, check=False)
        err.seek(0)
        lines = err.read().decode(errors="replace").splitlines()
    tag = "bench_kano-measure: "
    report = [ln for ln in lines if ln.startswith(tag)]
    if p.returncode != 0 or not report:
        raise ChildFailed(f"{' '.join(args)} failed (exit {p.returncode}):\n"
                          + "\n".join(lines))
    fields = dict(kv.split("=") for kv in report[-1][len(tag):].split())
    # Linux reports ru_maxrss in KiB.
    return (float(fields["wall_seconds"]),
            int(fields["peak_rss_kib"]) / 1024.0, p.stdout.decode())


def best_of(runs, fn):
    best = None
    for _ in range(runs):
        result = fn()
        if best is None or result[0] < best[0]:
            best = result
    return best


def check_same(what, names, counts, better, worse, ref):
    """Stop unless @counts/@better/@worse equal @ref (a dict by name).

    Counts are A, O, M, I, R, Q and pairs with a missing answer.
    """
    if sorted(names) != sorted(ref):
        sys.exit(f"kano.py: {what}: features differ: {sorted(names)} vs "
                 f"{sorted(ref)}")
    for k, name in enumerate(names):
        rc, rb, rw = ref[name]
        if [int(x) for x in counts[k]] != [int(x) for x in rc]:
            sys.exit(f"kano.py: {what}: counts of {name!r} differ: "
                     f"{list(counts[k])} vs {list(rc)}")
        for label, x, y in (("better", better[k], rb), ("worse", worse[k], rw)):
            if not (abs(x - y) <= 1e-9 or (np.isnan(x) and np.isnan(y))):
                sys.exit(f"kano.py: {what}: {label} of {name!r} differs: "
                         f"{x!r} vs {y!r}")


def verdict(ok):
    return "PASS" if ok else "MISS"


# ---------------------------------------------------------------------------
# The two benchmarks


def bench_add_batch(build, paths, feature, functional, dysfunctional, rows,
                    repeat):
    exe = os.path.join(build, "bench", "bench_kano")
    if not os.access(exe, os.X_OK):
        sys.exit(f"kano.py: {exe} not found: run "
                 f"`ninja -C {build} bench/bench_kano` first")
    _, c_rss, out = run_child(build, [exe, "--runs", "5", "--features",
                                      str(N_FEATURES), *paths])
    fields, c_counts, c_better, c_worse = {}, [], [], []
    for line in out.splitlines():
        if line.startswith("feature "):
            parts = dict(p.split("=") for p in line.split()[2:])
            c_counts.append([int(float(parts[c])) for c in CATEGORIES]
                            + [int(parts["missing"])])
            c_better.append(float(parts["better"]))
            c_worse.append(float(parts["worse"]))
        elif "=" in line:
            key, value = line.split("=", 1)
            fields[key] = float(value)
    if int(fields["counted_rows"]) != rows:
        sys.exit(f"kano.py: bench_kano counted {fields['counted_rows']} "
                 f"rows of {rows}")

    def numpy_run():
        t0 = time.perf_counter()
        result = numpy_kano(feature, functional, dysfunctional, N_FEATURES)
        return (time.perf_counter() - t0, result)

    def pandas_run():
        t0 = time.perf_counter()
        result = pandas_kano(feature, functional, dysfunctional, N_FEATURES)
        return (time.perf_counter() - t0, result)

    np_seconds, (np_counts, np_better, np_worse) = best_of(repeat, numpy_run)
    pd_seconds, (pd_counts, pd_better, pd_worse) = best_of(repeat, pandas_run)
    names = [str(k) for k in range(N_FEATURES)]
    for what, counts, better, worse in (
            ("NumPy", np_counts, np_better, np_worse),
            ("pandas", pd_counts, pd_better, pd_worse)):
        if int(counts.sum()) != rows:
            sys.exit(f"kano.py: the {what} baseline lost rows")
        ref = {str(k): (counts[k].tolist(), better[k], worse[k])
               for k in range(N_FEATURES)}
        check_same(f"add_batch vs {what}", names, c_counts, c_better,
                   c_worse, ref)
    return {
        "pd_seconds": pd_seconds,
        "c_seconds": fields["add_batch_seconds"],
        "compute_seconds": fields["result_compute_seconds"],
        "c_rss": c_rss,
        "np_seconds": np_seconds,
        "bytes": fields["input_bytes"],
    }


def parse_cx_csv(text):
    """Pooled rows of `cx kano --format csv`: name -> (counts, better, worse)."""
    result = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("segment"):
            continue
        counts = ([int(float(row[f"count_{c}"])) for c in CATEGORIES]
                  + [int(row["n_missing"])])
        result[row["feature"]] = (counts, float(row["better"] or "nan"),
                                  float(row["worse"] or "nan"))
    return result


def bench_end_to_end(build, csv_path, rows, repeat):
    cx = os.path.join(build, "tools", "cx", "cx")
    if not os.access(cx, os.X_OK):
        return {"skipped": f"{cx} not found"}
    size = os.path.getsize(csv_path)

    cat = best_of(repeat, lambda: _cat(csv_path))
    cx_args = [cx, "kano", csv_path, "--format", "csv", "--progress", "never"]
    try:
        cx_run = best_of(repeat, lambda: run_child(build, cx_args))
    except ChildFailed as e:
        return {"failed": str(e)}
    cx_rss = cx_run[1]
    cx_result = parse_cx_csv(cx_run[2])

    def pandas_run():
        wall, rss, out = run_child(build, [
            sys.executable, os.path.abspath(__file__), "--pandas-worker",
            csv_path])
        data = json.loads(out)
        return (data["seconds"], rss, data, wall)

    pd_seconds, pd_rss, pd_data, pd_wall = best_of(repeat, pandas_run)
    total = sum(sum(c) for c in pd_data["counts"])
    if total != rows:
        sys.exit(f"kano.py: pandas counted {total} rows of {rows}")
    check_same("cx kano vs pandas", pd_data["features"], pd_data["counts"],
               pd_data["better"], pd_data["worse"], cx_result)
    return {
        "bytes": size,
        "cat_seconds": cat[0],
        "cx_seconds": cx_run[0],
        "cx_rss": cx_rss,
        "pd_seconds": pd_seconds,
        "pd_wall": pd_wall,
        "pd_rss": pd_rss,
    }


def _cat(path):
    """`cat FILE > /dev/null`: the speed of just reading the file."""
    t0 = time.perf_counter()
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t0,)


# ---------------------------------------------------------------------------
# Report


def table_row(name, rows, nbytes, seconds, rss, ratio, note=""):
    rss_text = f"{rss:8.1f}" if rss is not None else f"{'':8}"
    ratio_text = f"{ratio:7.1f}x" if ratio is not None else f"{'':8}"
    seconds = max(seconds, 1e-9)  # tiny inputs can time as zero
    print(f"  {name:<26} {rows:>10,} {nbytes / 1e6:9.1f} {seconds:9.4f} "
          f"{rows / seconds / 1e6:9.2f} {nbytes / 1e6 / seconds:9.1f} "
          f"{rss_text} {ratio_text}  {note}")


def table_header():
    print(f"  {'':<26} {'rows':>10} {'MB':>9} {'seconds':>9} "
          f"{'Mrows/s':>9} {'MB/s':>9} {'RSS MiB':>8} {'vs base':>8}")


def report_header(rows, respondents, loadavg):
    print(f"Kano benchmark: {rows:,} rows ({respondents:,} respondents x "
          f"{N_FEATURES} features, {len(SEGMENTS)} segments), seed {SEED}")
    load = ", ".join(f"{x:.2f}" for x in loadavg)
    print(f"{os.cpu_count()} CPUs, load average {load} before the runs")
    print("MB = 10^6 bytes; RSS = peak resident set of the process, MiB; "
          "times are the best of several runs")
    print()


def report_add_batch(rows, a):
    """Print part (a); True when it meets its target."""
    print("(a) counting in memory: cx_kano_survey_add_batch vs NumPy/pandas "
          "(uint32 feature, uint8 answers: 6 bytes/row)")
    table_header()
    table_row("pandas lookup + groupby", rows, a["bytes"], a["pd_seconds"],
              None, None, "(the idiomatic baseline)")
    table_row("NumPy lookup + bincount", rows, a["bytes"], a["np_seconds"],
              None, None, "(hand-tuned reference)")
    ratio_a = a["pd_seconds"] / max(a["c_seconds"], 1e-9)
    ratio_np = a["np_seconds"] / max(a["c_seconds"], 1e-9)
    table_row("libcx add_batch", rows, a["bytes"], a["c_seconds"], None,
              ratio_a, f"{verdict(ratio_a >= ADD_BATCH_TARGET)} "
              f"(target >= {ADD_BATCH_TARGET:.0f}x pandas; "
              f"{ratio_np:.1f}x the bincount reference)")
    print(f"  cx_kano_result_compute on the filled survey: "
          f"{a['compute_seconds'] * 1e3:.3f} ms; bench_kano peak RSS "
          f"{a['c_rss']:.1f} MiB (holds the three arrays)")
    print("  same A/O/M/I/R/Q and missing counts and Better/Worse (1e-9) "
          "per feature; every row counted once")
    print(flush=True)
    return ratio_a >= ADD_BATCH_TARGET


def report_end_to_end(rows, b):
    """Print part (b); True when it meets its targets."""
    if "skipped" in b:
        print(f"(b) end to end: skipped, {b['skipped']}")
        return False
    if "failed" in b:
        print(f"(b) end to end: FAILED, {b['failed']}")
        return False
    print("(b) end to end on the CSV (text answers): cx kano --format csv "
          "vs pandas")
    table_header()
    table_row("cat FILE > /dev/null", rows, b["bytes"], b["cat_seconds"],
              None, None, "(reading speed reference)")
    table_row("pandas read_csv + groupby", rows, b["bytes"],
              b["pd_seconds"], b["pd_rss"], None,
              f"(in-process time; {b['pd_wall']:.2f} s with interpreter "
              "start)")
    ratio_b = b["pd_seconds"] / max(b["cx_seconds"], 1e-9)
    table_row("cx kano", rows, b["bytes"], b["cx_seconds"], b["cx_rss"],
              ratio_b, f"{verdict(ratio_b >= END_TO_END_TARGET)} "
              f"(target >= {END_TO_END_TARGET:.0f}x)")
    rss_ok = b["cx_rss"] < RSS_TARGET_MIB
    print(f"  cx kano peak RSS {b['cx_rss']:.1f} MiB: {verdict(rss_ok)} "
          f"(target < {RSS_TARGET_MIB:.0f} MiB whatever the file size)")
    print("  same A/O/M/I/R/Q and missing counts and Better/Worse (1e-9) "
          "per feature; every row counted once")
    return ratio_b >= END_TO_END_TARGET and rss_ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", help="build folder holding bench/bench_kano "
                    "and tools/cx/cx")
    ap.add_argument("--rows", type=int, default=5_000_000,
                    help="rows of the generated survey (default 5,000,000)")
    ap.add_argument("--quick", action="store_true",
                    help="500,000 rows, for a fast check")
    ap.add_argument("--keep", action="store_true",
                    help="keep the generated files and print where")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each end-to-end program and of the NumPy "
                    "baseline; the fastest counts (default 3)")
    ap.add_argument("--strict", action="store_true",
                    help="exit with status 1 when a target is missed")
    ap.add_argument("--pandas-worker", metavar="CSV", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.pandas_worker:
        pandas_worker(args.pandas_worker)
        return 0
    if not args.build:
        ap.error("--build is required")
    rows = 500_000 if args.quick else args.rows
    if rows < N_FEATURES:
        ap.error(f"--rows must be at least {N_FEATURES}")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    loadavg = os.getloadavg()
    folder = tempfile.mkdtemp(prefix="cx-bench-kano-")
    try:
        t0 = time.perf_counter()
        respondents, feature, segment, functional, dysfunctional, importance = \
            make_survey(rows)
        rows = feature.size
        paths = write_arrays(folder, feature, functional, dysfunctional)
        csv_path = os.path.join(folder, "kano_long.csv")
        write_csv(csv_path, feature, segment, functional, dysfunctional,
                  importance)
        del segment, importance
        print(f"generated {rows:,} rows in {time.perf_counter() - t0:.1f} s "
              f"into {folder}", file=sys.stderr, flush=True)
        report_header(rows, respondents, loadavg)
        try:
            a = bench_add_batch(args.build, paths, feature, functional,
                                dysfunctional, rows, args.repeat)
        except ChildFailed as e:
            sys.exit(f"kano.py: {e}")
        ok_a = report_add_batch(rows, a)
        del feature, functional, dysfunctional
        try:
            b = bench_end_to_end(args.build, csv_path, rows, args.repeat)
        except ChildFailed as e:
            sys.exit(f"kano.py: {e}")
        ok_b = report_end_to_end(rows, b)
    finally:
        if args.keep:
            print(f"kept the generated files in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if "failed" in b:
        return 1
    return 0 if (ok_a and ok_b) or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
