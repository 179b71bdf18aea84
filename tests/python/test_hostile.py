"""Hostile input through the Python binding: every reader refuses NUL
bytes, invalid UTF-8, UTF-16, overlong lines and binary data with a
ParseError or RangeError that names the input and a position; batch input
with NaN, infinities, out-of-range codes, negative weights or the wrong
shape is refused without adding anything; damaged serialized bytes and
pickles of the wrong kind never load.  (tests/c/test_hostile.c does the
same in C; this checks that the binding surfaces it.)"""

import pickle

import numpy as np
import pytest

import cx
from cx import kano

BAD_TEXTS = {
    "nul": b"feature,functional,dysfunctional\nf,\x00,1\n",
    "latin1": b"feature,functional,dysfunctional\ncaf\xe9,1,2\n",
    "utf16": "feature,functional\n".encode("utf-16"),
    "overlong": b"feature,functional\n" + b"x" * (3 << 20) + b",1\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
}


def readers():
    yield "kano", lambda data: kano.read_csv_buffer(data, name="up.csv")
    yield "nps", lambda data: cx.metrics.read_csv_buffer(
        data, metric="nps", name="up.csv")
    yield "gap", lambda data: cx.gap.read_csv_buffer(data, name="up.csv")


@pytest.mark.parametrize("what", sorted(BAD_TEXTS))
def test_csv_readers_refuse(what):
    for name, read in readers():
        with pytest.raises((cx.ParseError, cx.RangeError)) as e:
            read(BAD_TEXTS[what])
        assert e.value.path == "up.csv", name
        assert e.value.line >= 1 and e.value.column >= 1, name


@pytest.mark.parametrize("what", sorted(BAD_TEXTS))
def test_journey_readers_refuse(what):
    text = BAD_TEXTS[what]
    for load in (cx.Journey.from_json, cx.Journey.from_mermaid):
        with pytest.raises((cx.ParseError, cx.RangeError, ValueError)):
            load(text)


def test_deep_json():
    doc = '{"format":"libcx-journey","x":' + "[" * 100000 + "]" * 100000 + "}"
    with pytest.raises(cx.RangeError, match="depth"):
        cx.Journey.from_json(doc)


def test_kano_batch_refuses_and_adds_nothing():
    s = kano.KanoSurvey(["a", "b"])
    good = np.array([1, 2, 3], dtype=np.int8)
    s.add_batch(np.zeros(3, np.int32), good, good)
    before = s.serialize()
    # (NaN in a float column is a missing answer, as documented.)
    for fn in (np.array([1.0, np.inf, 2.0]), np.array([1.5, 2.0, 3.0]),
               np.array([1, 9, 2], np.int64), np.array([1, -1, 2], np.int64)):
        with pytest.raises((cx.RangeError, cx.InvalidArgument)):
            s.add_batch(np.zeros(3, np.int32), fn, good)
    with pytest.raises((cx.RangeError, cx.NotFound, cx.InvalidArgument)):
        s.add_batch(np.array([0, 7, 1], np.int32), good, good)
    with pytest.raises((cx.RangeError, cx.InvalidArgument)):
        s.add_batch(np.zeros(3, np.int32), good, good,
                    weight=np.array([1.0, -0.5, 1.0]))
    with pytest.raises((ValueError, TypeError, cx.Error)):
        s.add_batch(np.zeros((3, 2), np.int32), good, good)
    assert s.serialize() == before


def test_metric_batch_refuses_and_adds_nothing():
    s = cx.MetricSurvey.nps()
    s.add_batch(np.array([0, 5, 10]))
    before = s.serialize()
    for bad in (np.array([1.0, np.inf]), np.array([11, 3]),
                np.array([7.5, 3.0]), np.array([-1, 3])):
        with pytest.raises(cx.RangeError):
            s.add_batch(bad)
    with pytest.raises(cx.RangeError):
        s.add_batch(np.array([1, 2]), weight=np.array([1.0, np.nan]))
    assert s.serialize() == before


def test_damaged_bytes_never_load():
    s = kano.KanoSurvey(["a"])
    s.add_batch(np.zeros(4, np.int32), np.array([1, 2, 3, 4], np.int8),
                np.array([5, 4, 3, 2], np.int8))
    blob = bytes(s.serialize())
    for cut in range(0, len(blob), max(1, len(blob) // 50)):
        with pytest.raises((cx.ParseError, cx.VersionError)):
            kano.KanoSurvey.deserialize(blob[:cut])
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 0x10
    with pytest.raises((cx.ParseError, cx.VersionError)):
        kano.KanoSurvey.deserialize(bytes(flipped))
    # Bytes of another accumulator are not a Kano survey.
    m = cx.MetricSurvey.nps()
    with pytest.raises((cx.ParseError, cx.VersionError)):
        kano.KanoSurvey.deserialize(bytes(m.serialize()))
    # A pickle round trip still works after all that.
    assert pickle.loads(pickle.dumps(s)).serialize() == s.serialize()


def test_reader_limits():
    lim = cx.ReadLimits()
    assert (lim.max_bytes, lim.max_record, lim.max_columns,
            lim.max_names) == (0, 1 << 20, 10000, 100000)
    data = b"feature,functional,dysfunctional\nf,1,2\n"
    with pytest.raises(cx.RangeError, match="3 columns exceed the limit "
                       "max_columns = 2") as e:
        kano.read_csv_buffer(data, name="x.csv", limits={"max_columns": 2})
    assert (e.value.path, e.value.line, e.value.column) == ("x.csv", 1, 20)
    with pytest.raises(cx.RangeError, match="max_bytes = 3"):
        cx.metrics.read_csv_buffer(b"nps\n1\n", metric="nps", limits={
            "max_bytes": 3})
    with pytest.raises(cx.RangeError, match="2 items exceed the limit "
                       "max_names = 1"):
        cx.gap.read_csv_buffer(b"respondent,item,expectation,perception\n"
                               b"r1,q1,3,4\nr1,q2,3,4\n",
                               limits={"max_names": 1})
    with pytest.raises(cx.RangeError, match="2 segments exceed the limit "
                       "max_names = 1") as e:
        cx.paths.read_csv_buffer(b"case,touchpoint,timestamp,segment\n"
                                 b"c1,a,1,s1\nc2,a,2,s2\n", name="e.csv",
                                 limits={"max_names": 1})
    assert (e.value.line, e.value.column, e.value.value) == (3, 8, "s2")
    small = cx.ReadLimits()
    small.max_bytes = 64
    log = cx.paths.read_csv_buffer(b"case,touchpoint,timestamp\nc1,a,1\n",
                                   limits=small)
    assert len(log) == 1
    with pytest.raises(cx.RangeError, match="max_bytes = 64"):
        cx.paths.read_csv_buffer(b"case,touchpoint,timestamp\n" + b"c1,a,1\n" * 9,
                                 limits=small)
    # At the limit it loads; a failed load keeps the survey.
    s = kano.read_csv_buffer(data, limits={"max_columns": 3})
    before = s.serialize()
    with pytest.raises(cx.RangeError):
        s.read_csv_buffer(b"feature,functional,dysfunctional\ng,1,2\n",
                          limits={"max_record": 10})
    assert s.serialize() == before
    lim.max_columns = 2
    with pytest.raises(cx.RangeError):
        kano.read_csv_buffer(data, limits=lim)
    with pytest.raises(TypeError):
        kano.read_csv_buffer(data, limits={"max_rows": 1})
    with pytest.raises(ValueError):
        kano.read_csv_buffer(data, limits={"max_columns": -1})


def test_journey_at_the_touchpoint_limit():
    """A journey with as many touchpoints as the readers accept by default
    (100,000) loads, validates, scores, ranks, diffs and converts in time
    that grows with its size, not with its square: lookups by id go
    through an index (the test's timeout catches a quadratic pass, which
    took over ten minutes for this journey)."""
    n = 100_000
    stages = []
    for s in range(n // 1000):
        tps = ",".join(
            '{"id": "t%d", "name": "Step %d", "score": %d, "expectation": 4,'
            ' "experience": %d, "importance": %d, "reach": %d}'
            % (k, k, 1 + k % 5, 1 + k % 5, 1 + k % 3, 100 + k)
            for k in range(s * 1000, (s + 1) * 1000))
        stages.append('{"id": "s%d", "name": "Stage %d", "touchpoints": [%s]}'
                      % (s, s, tps))
    text = ('{"format": "libcx-journey", "version": 1, "stages": [%s]}'
            % ",".join(stages))
    j = cx.Journey.from_json(text)
    assert len(j.touchpoints) == n and j.validate() == []
    assert j.touchpoint("t99999").name == "Step 99999"
    pains = j.pain_points()
    # experience below the expectation of 4: scores 1-3, 60% of them
    assert len(pains) == 3 * n // 5
    # scores 1-5 in equal numbers: the neutral 3, which is 0 on [-1, 1]
    assert j.score().mean == pytest.approx(0.0, abs=1e-12)
    assert len(j.diff(j)) == 0
    back = cx.Journey.from_mermaid(j.to_mermaid())
    assert len(back.touchpoints) == n
    with pytest.raises(cx.RangeError, match="max_touchpoints"):
        cx.Journey.from_json(text, max_touchpoints=n - 1)
