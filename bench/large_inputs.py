#!/usr/bin/python3
"""The largest inputs: how big a file each `cx` reader handles, how long it
takes and how much memory it needs.

Generates, in a temporary folder, one large valid file per kind of input
(or, with --gb, files of about that many gigabytes), runs the `cx`
command a user would run on it, and prints the file size, the wall
seconds, MB/s and the peak resident memory of the `cx` process:

  kano         long Kano survey, answers as text       cx kano --format csv
  nps          wide metrics file (nps, csat, ces)      cx nps --segment --format csv
  gap          long SERVQUAL survey, items from the file  cx gap --scale 1:7 --format csv
  gap-servqual the same with the items declared          cx gap --servqual --format csv
  paths-sorted event log grouped by case               cx paths --sorted --dfg
  paths        event log in time order (unsorted)      cx paths --dfg
  paths-graph  the same log, graph only                 cx paths --dfg --graph-only
  journey      JSON journey map at the 64 MiB limit     cx journey score
  mermaid      Mermaid journey at the 16 MiB limit      cx journey validate
  sparse       2 GiB sparse file of NUL bytes           cx kano (refused)

Each command runs under `bench_kano --measure` (built by `./run bench`),
which reports its wall time and peak RSS: a child's ru_maxrss as this
driver could read it starts from the driver's own peak (Linux carries it
across exec), while the launcher is a small C program.  Every command must succeed (the sparse file must be
refused with exit status 1) and its output is checked for the expected
number of items, cases or touchpoints.

Usage: large_inputs.py --build BUILD_DIR [--gb G] [--only NAME,...] [--keep]
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

KANO_ANSWERS = ["I like it", "It must be that way", "I am neutral",
                "I can live with it", "I dislike it"]
BLOCK = 1 << 22  # bytes written at a time


def write_rows(path, header, target, make_block):
    """Write header, then blocks from make_block() until target bytes."""
    size = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        size += len(header)
        while size < target:
            block = make_block()
            f.write(block)
            size += len(block)
    return os.path.getsize(path)


def write_numbered(path, header, target, make_row):
    """Write header, then make_row(0), make_row(1), ... until target
    bytes, in blocks of about BLOCK bytes."""
    state = {"next": 0}

    def block():
        out, size, r = [], 0, state["next"]
        while size < BLOCK:
            row = make_row(r)
            out.append(row)
            size += len(row)
            r += 1
        state["next"] = r
        return "".join(out)
    return write_rows(path, header, target, block)


class Gen:
    """Generators: each returns (path, command args, check(stdout))."""

    def __init__(self, folder, target):
        self.folder = folder
        self.target = target
        self.rng = random.Random(20261123)

    def kano(self):
        path = os.path.join(self.folder, "kano.csv")
        rng = self.rng

        def row(r):
            resp, feat = divmod(r, 20)
            return "R%09d,%s,Feature %02d,%s,%s,%d\n" % (
                resp, "retail" if resp % 5 < 3 else "business", feat,
                rng.choice(KANO_ANSWERS), rng.choice(KANO_ANSWERS),
                rng.randint(1, 9))
        write_numbered(path, "respondent,segment,feature,functional,"
                       "dysfunctional,importance\n", self.target, row)
        return path, ["kano", path, "--format", "csv"], \
            lambda out: out.count("Feature ") == 20

    def nps(self):
        path = os.path.join(self.folder, "metrics.csv")
        rng = self.rng

        def row(r):
            return "M%09d,%s,%.3f,%d,%d,%d\n" % (
                r, ("retail", "business", "private")[r % 3],
                0.5 + rng.random(), rng.randint(0, 10), rng.randint(1, 5),
                rng.randint(1, 7))
        write_numbered(path, "respondent,segment,weight,nps,csat,ces\n",
                       self.target, row)
        return path, ["nps", path, "--segment", "segment", "--weight",
                      "weight", "--format", "csv"], \
            lambda out: all(s in out for s in ("retail", "business", "private"))

    def gap(self, servqual=False):
        path = os.path.join(self.folder, "gap.csv")
        rng = self.rng

        def row(r):
            resp, item = divmod(r, 22)
            e = rng.randint(3, 7)
            return "G%09d,SQ%d,%d,%d\n" % (
                resp, item + 1, e, max(1, min(7, e + rng.randint(-3, 1))))
        write_numbered(path, "respondent,item,expectation,perception\n",
                       self.target, row)
        args = ["gap", path, "--scale", "1:7", "--format", "csv"]
        if servqual:
            args.append("--servqual")
        return path, args, lambda out: out.count("SQ22") >= 1

    def gap_servqual(self):
        return self.gap(servqual=True)

    def _events(self, name, sorted_by_case, graph_only=False):
        """Events of 12 touchpoints; grouped by case, or interleaved in
        time order across blocks of 50,000 concurrent cases."""
        path = os.path.join(self.folder, name)
        rng = self.rng
        state = {"case": 0}
        tps = ["tp%02d" % i for i in range(12)]

        def one_case(c):
            t = 1_700_000_000 + c * 7
            steps = []
            tp = rng.randrange(4)
            for _ in range(rng.randint(1, 16)):
                steps.append((t, tp))
                t += rng.randint(60, 86400)
                tp = (tp + rng.choice((1, 1, 2, 3))) % 12
            return steps

        def block():
            if sorted_by_case:
                out, size = [], 0
                while size < BLOCK:
                    c = state["case"]
                    state["case"] += 1
                    for t, tp in one_case(c):
                        row = "C%010d,%s,%d\n" % (c, tps[tp], t)
                        out.append(row)
                        size += len(row)
                return "".join(out)
            events = []
            first = state["case"]
            for c in range(first, first + 50_000):
                events.extend((t, c, tp) for t, tp in one_case(c))
            state["case"] += 50_000
            events.sort()
            return "".join("C%010d,%s,%d\n" % (c, tps[tp], t)
                           for t, c, tp in events)
        # The time-ordered file serves both of its rows.
        if not os.path.exists(path):
            write_rows(path, "case,touchpoint,timestamp\n", self.target, block)
        args = ["paths", path, "--dfg", "--format", "csv", "--time-format", "s",
                "--progress", "never"]
        if sorted_by_case:
            args.append("--sorted")
        if graph_only:
            args.append("--graph-only")
        return path, args, lambda out: out.count("tp") >= 12

    def paths_sorted(self):
        return self._events("events_by_case.csv", True)

    def paths(self):
        return self._events("events_by_time.csv", False)

    def paths_graph(self):
        return self._events("events_by_time.csv", False, graph_only=True)

    def journey(self):
        """A journey map at the reader's default limits: 100,000
        touchpoints (max_touchpoints) in stages of 1,000, each with every
        numeric field and a pain point, about 30 MB (max_bytes is 64 MiB)."""
        path = os.path.join(self.folder, "journey.json")
        rng = self.rng
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"format": "libcx-journey", "version": 1, "id": "large",'
                    ' "title": "A large journey", "scale": {"min": 1, "max": 5,'
                    ' "neutral": 3}, "actors": [{"id": "customer", "name":'
                    ' "Customer"}], "stages": [')
            n, s = 0, 0
            while n < 100_000:
                tp = []
                for _ in range(1000):
                    tp.append('{"id": "t%d", "name": "Touchpoint %d of the '
                              'journey", "channel": "%s", "actors": ["customer"],'
                              ' "score": %.1f, "expectation": %.1f, "experience":'
                              ' %.1f, "importance": %d, "reach": %d,'
                              ' "duration": %d, "pain_points": ["Waiting for'
                              ' step %d"]}'
                              % (n, n, ("web", "email", "phone", "branch")[n % 4],
                                 rng.uniform(1, 5), rng.uniform(2, 5),
                                 rng.uniform(1, 5), rng.randint(1, 5),
                                 rng.randint(100, 100000), rng.randint(1, 30),
                                 n))
                    n += 1
                f.write("%s{\"id\": \"s%d\", \"name\": \"Stage %d\", "
                        "\"touchpoints\": [%s]}" % ("," if s else "", s, s,
                                                    ",".join(tp)))
                s += 1
            f.write("]}\n")
        self.journey_touchpoints = n
        return path, ["journey", "score", path, "--format", "json"], \
            lambda out: len(out) > 0

    def mermaid(self):
        """A Mermaid journey at the default limits: 100,000 task lines
        (max_touchpoints) with long names, about 16 MB (max_bytes is
        16 MiB)."""
        path = os.path.join(self.folder, "journey.mmd")
        rng = self.rng
        pad = "x" * 100
        with open(path, "w", encoding="utf-8") as f:
            f.write("journey\n  title A large journey\n")
            for s in range(100):
                f.write("  section Stage %d\n" % s)
                for t in range(1000):
                    f.write("    Touchpoint %d of stage %d %s: %d: Customer, "
                            "Advisor\n" % (t, s, pad, rng.randint(1, 5)))
        return path, ["journey", "validate", path], lambda out: True

    def sparse(self):
        path = os.path.join(self.folder, "sparse.csv")
        with open(path, "wb") as f:
            f.truncate(2 << 30)
        return path, ["kano", path], None


def measure(launcher, cx, args):
    """(exit status, wall seconds, peak MiB, stdout, stderr) of cx ARGS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        subprocess.run([launcher, "--measure", cx] + args, stdout=out,
                       stderr=err, check=False)
        err.seek(0)
        text = err.read().decode(errors="replace")
        stdout = out_text(out)
    tag = "bench_kano-measure: "
    report = [ln for ln in text.splitlines() if ln.startswith(tag)]
    if not report:
        sys.exit("the measuring launcher failed:\n" + text)
    f = dict(kv.split("=") for kv in report[-1][len(tag):].split())
    return (int(f["exit"]), float(f["wall_seconds"]),
            int(f["peak_rss_kib"]) / 1024, stdout, text)


def out_text(f):
    f.seek(0)
    return f.read().decode(errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--gb", type=float, default=1.0,
                    help="size of the CSV files in GB (default 1)")
    ap.add_argument("--only", help="comma-separated names")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    cx = os.path.join(a.build, "tools", "cx", "cx")
    launcher = os.path.join(a.build, "bench", "bench_kano")
    names = ["kano", "nps", "gap", "gap_servqual", "paths_sorted", "paths",
             "paths_graph", "journey",
             "mermaid", "sparse"]
    if a.only:
        names = [n.replace("-", "_") for n in a.only.split(",")]
    folder = tempfile.mkdtemp(prefix="cx-large.")
    gen = Gen(folder, int(a.gb * 1e9))
    print("%-13s %10s %9s %9s %10s  %s" % ("input", "MB", "seconds", "MB/s",
                                          "peak MiB", "command"))
    failed = False
    try:
        for name in names:
            path, args, check = getattr(gen, name)()
            size = os.path.getsize(path)
            code, wall, rss, out, err = measure(launcher, cx, args)
            if check is None:
                good = code == 1
            else:
                good = code == 0 and check(out)
            if not good:
                failed = True
                print("%s: exit %d\n%s" % (name, code, err[-2000:]),
                      file=sys.stderr)
            print("%-13s %10.0f %9.2f %9.0f %10.1f  cx %s%s" % (
                name.replace("_", "-"), size / 1e6, wall, size / 1e6 / wall, rss,
                " ".join(x if x != path else os.path.basename(path)
                         for x in args),
                "" if good else "  FAILED"), flush=True)
            if not a.keep:
                os.unlink(path)
    finally:
        if a.keep:
            print("kept", folder)
        else:
            shutil.rmtree(folder)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
