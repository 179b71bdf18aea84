#!/usr/bin/python3
"""Throughput of KanoSurvey.add_batch against plain NumPy.

Generates N answer pairs (default 50,000,000) deterministically, then times
  - cx: KanoSurvey.add_batch over the arrays (read in place), best of 3;
  - NumPy: the same 5x5 count tables with one np.bincount over a combined
    index, plus Better/Worse from a category lookup table, best of 3;
and reports rows/s, their ratio, and how much the process's peak RSS grew
during add_batch (it must stay under 10% of the input size: no copy).

    PYTHONPATH=build/bindings/python /usr/bin/python3 bench/kano_python.py \
        [N] [--quick] [--build BUILD_DIR]

With --build, the C benchmark program (BUILD_DIR/bench/bench_kano) also
times cx_kano_survey_add_batch on the same arrays, so the binding's
overhead shows as a ratio (target: within 1.3x of C).

Not a test: the figures depend on the machine.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

import cx

FEATURES = 40


def reset_peak_rss():
    """Make the kernel's high-water mark start again from the current RSS,
    so a copy made by add_batch cannot hide under the peak left by the
    generation of the input (Linux; elsewhere the peak is never reset)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_bytes():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def best_of(n, fn):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def c_add_batch_seconds(build, feature, functional, dysfunctional):
    """Best-of-3 time of the C benchmark program on the same arrays."""
    exe = os.path.join(build, "bench", "bench_kano")
    with tempfile.TemporaryDirectory(prefix="cx-bench-py-") as tmp:
        paths = []
        for name, arr in (("feature", feature), ("functional", functional),
                          ("dysfunctional", dysfunctional)):
            path = os.path.join(tmp, name + ".bin")
            arr.astype(arr.dtype.newbyteorder("<")).tofile(path)
            paths.append(path)
        out = subprocess.run([exe, "--runs", "3", "--features",
                              str(FEATURES), *paths], check=True,
                             capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("add_batch_seconds="):
            return float(line.split("=", 1)[1])
    raise RuntimeError("bench_kano printed no add_batch_seconds")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rows", nargs="?", type=float, default=50e6)
    ap.add_argument("--quick", action="store_true",
                    help="5,000,000 rows instead of 50,000,000")
    ap.add_argument("--build", help="build folder with bench/bench_kano")
    args, _ = ap.parse_known_args()
    N = 5_000_000 if args.quick else int(args.rows)
    rng = np.random.default_rng(20240601)
    feature = rng.integers(0, FEATURES, N, dtype=np.uint32)
    functional = rng.integers(0, 6, N, dtype=np.uint8)     # 0 = missing
    dysfunctional = rng.integers(0, 6, N, dtype=np.uint8)
    input_bytes = feature.nbytes + functional.nbytes + dysfunctional.nbytes
    names = ["f%02d" % i for i in range(FEATURES)]

    # ---- cx
    def run_cx():
        s = cx.KanoSurvey(features=names)
        s.add_batch(feature, functional, dysfunctional)
        return s

    reset_peak_rss()
    rss_before = current_rss_bytes()
    t_cx, survey = best_of(3, run_cx)
    rss_growth = max(0, peak_rss_bytes() - rss_before)
    result = survey.result()

    # ---- NumPy: counts per (feature, functional, dysfunctional), then
    # categories through Berger's table
    berger = np.array([[{"A": 0, "O": 1, "M": 2, "I": 3, "R": 4, "Q": 5}[c]
                        for c in row] for row in cx.kano.table().to_list()])

    def run_numpy():
        ok = (functional > 0) & (dysfunctional > 0)
        idx = (feature[ok].astype(np.int64) * 25
               + (functional[ok].astype(np.int64) - 1) * 5
               + (dysfunctional[ok].astype(np.int64) - 1))
        cells = np.bincount(idx, minlength=FEATURES * 25).reshape(
            FEATURES, 5, 5)
        counts = np.zeros((FEATURES, 6))
        for c in range(6):
            counts[:, c] = cells[:, berger == c].sum(axis=1)
        a, o, m, i = counts[:, 0], counts[:, 1], counts[:, 2], counts[:, 3]
        denom = a + o + m + i
        return cells, (a + o) / denom, -(o + m) / denom

    t_np, (cells, better, worse) = best_of(3, run_numpy)

    # the two must agree before their speed means anything
    for f in (0, FEATURES - 1):
        assert survey.cells(f).raw == cells[f].tolist()
        assert abs(result[f].better - better[f]) < 1e-12
        assert abs(result[f].worse - worse[f]) < 1e-12

    print("answer pairs            %14s" % format(N, ","))
    print("input arrays            %14.1f MB" % (input_bytes / 1e6))
    print("cx add_batch            %14.3f s   %8.1f M rows/s"
          % (t_cx, N / t_cx / 1e6))
    print("NumPy bincount          %14.3f s   %8.1f M rows/s"
          % (t_np, N / t_np / 1e6))
    print("speed-up cx / NumPy     %14.2f x" % (t_np / t_cx))
    print("peak RSS growth, cx     %14.1f MB   (%.2f%% of the input; "
          "must be < 10%%)" % (rss_growth / 1e6,
                               100.0 * rss_growth / input_bytes))
    if args.build:
        t_c = c_add_batch_seconds(args.build, feature, functional,
                                  dysfunctional)
        print("C add_batch, same arrays%14.3f s   %8.1f M rows/s"
              % (t_c, N / t_c / 1e6))
        print("Python / C time         %14.2f x   (target <= 1.3x: %s)"
              % (t_cx / t_c, "PASS" if t_cx <= 1.3 * t_c else "MISS"))
    if rss_growth >= 0.10 * input_bytes:
        print("WARNING: add_batch grew memory by 10% or more of its input")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
