"""Answer scales (cx.Scale) through the Python binding, against values
worked out by hand from the definitions in include/cx/scale.h; the same
checks as tests/ruby/test_scale.rb."""

import copy
import gc
import math
import pickle
import random

import numpy as np
import pytest

import cx


def isnan(x):
    return isinstance(x, float) and math.isnan(x)


# --------------------------------------------------------------------------
# Scale

def test_scale_defaults_and_fields():
    s = cx.Scale()
    assert (s.min, s.max, s.neutral, s.direction) == (1, 5, 3.0,
                                                      "higher_is_better")
    assert s.na_code is None and s.dk_code is None and s.labels is None
    s = cx.Scale(min=1, max=6, direction="higher_is_worse", na_code=98,
                 dk_code=99, labels=["a", None, "c", "d", "e", "f"])
    assert s.neutral == 3.5                      # midpoint of 1-6
    assert s.na_code == 98 and s.dk_code == 99 and s.has_na_code == 1
    assert s.labels == ["a", None, "c", "d", "e", "f"]
    assert s.label(1) == "a" and s.label(2) is None and s.label(7) is None
    assert len(s) == s.points() == 6 and list(s.values) == [1, 2, 3, 4, 5, 6]
    s.na_code = None
    assert s.has_na_code == 0 and s.na_code is None


def test_scale_presets():
    nps = cx.Scale.preset("nps")
    assert (nps.min, nps.max, nps.neutral) == (0, 10, 5.0)
    assert nps.label(0) == "not at all likely" and nps.label(5) is None
    ces1 = cx.scale.preset("ces1")
    assert (ces1.min, ces1.max, ces1.direction) == (1, 5, "higher_is_worse")
    assert cx.Scale.preset("likert7").points() == 7
    assert cx.Scale.preset("ces2").neutral == 4.0
    with pytest.raises(cx.InvalidArgument, match="preset"):
        cx.Scale.preset("likert11")


def test_scale_classify_check_and_positions():
    s = cx.Scale(min=1, max=7, neutral=4, na_code=98, dk_code=99)
    assert [s.classify(v) for v in (4, None, math.nan, 98, 99, 8, 2.5)] == [
        "valid", "missing", "missing", "not applicable", "don't know",
        "out of scale", "non-integer"]
    assert 7 in s and 8 not in s
    assert s.check(5, "r1", "q1") == "valid"
    assert s.check(99) == "don't know"
    with pytest.raises(cx.RangeError) as e:
        s.check(8, "r17", "q3")
    assert str(e.value) == "respondent r17, item q3: 8 is outside the scale 1-7"
    assert e.value.status == -4
    # 1 + 7 - 2 = 6; codes and NaN pass; off the scale is NaN
    assert s.reverse(2) == 6 and s.reverse(98) == 98 and isnan(s.reverse(9))
    # 100 (5.5 - 1) / 6 = 75; centred: (5.5 - 4) / (7 - 4) = 0.5
    assert s.to_percent(5.5) == pytest.approx(75.0)
    assert s.to_centered(5.5) == pytest.approx(0.5)
    assert s.to_centered(1) == -1.0 and s.to_centered(4) == 0.0
    assert list(s.to_percent([1, 7])) == [0.0, 100.0]
    worse = cx.Scale.preset("ces1")                # 1-5, higher is worse
    assert worse.to_percent(1) == 100.0 and worse.to_centered(5) == -1.0
    assert cx.scale.answer_kind_name(4) == "out of scale"


def test_scale_validation_and_labels():
    with pytest.raises(cx.InvalidArgument):
        cx.Scale(min=5, max=1)
    with pytest.raises(cx.InvalidArgument):
        cx.Scale(min=1, max=5, na_code=3)             # a code on the scale
    with pytest.raises(cx.InvalidArgument):
        cx.Scale(min=1, max=5, labels=["only", "two"])
    with pytest.raises(cx.InvalidArgument, match="direction"):
        cx.Scale(direction="sideways")
    s = cx.Scale()
    with pytest.raises(cx.RangeError, match="label index 5"):
        s.set_label_at(5, "x")                        # no labels yet
    with pytest.raises(cx.RangeError):
        s.set_label_count(2000)
    s.labels = ["1", "2", "3", "4", "5"]
    s.labels = None
    assert s.nlabels == 0 and s.labels is None


def test_scale_pickle_copy_eq():
    s = cx.Scale(min=0, max=4, neutral=2, na_code=9, labels="abcde")
    back = pickle.loads(pickle.dumps(s))
    assert back == s and back is not s
    assert copy.deepcopy(s) == s and s.copy().labels == list("abcde")
    assert s != cx.Scale(min=0, max=4, neutral=2, na_code=9)
    assert "na_code=9" in repr(s)


def test_elementwise_on_arrays():
    s = cx.Scale(min=1, max=5)
    x = np.array([[1.0, 2.0], [5.0, np.nan]])
    # 100 (x - 1) / 4
    out = s.to_percent(x)
    assert out.shape == (2, 2) and out[0, 1] == 25.0 and math.isnan(out[1, 1])
    assert list(s.reverse([1, 5, 3])) == [5.0, 1.0, 3.0]


def test_scale_errors_carry_status():
    with pytest.raises(cx.InvalidArgument) as e:
        cx.Scale(min=1, max=5, neutral=9)
    assert e.value.status == -1 and isinstance(e.value, ValueError)
    assert str(e.value) == cx.error_last()


def test_scale_gc_in_any_order():
    rng = random.Random(11)
    for _ in range(5):
        objs = [cx.Scale(labels=list("abcde")), cx.Scale.preset("nps"),
                cx.MetricSurvey.nps().scale, cx.GapSurvey().scale]
        objs.append(objs[0].copy())
        rng.shuffle(objs)
        while objs:
            objs.pop()
            gc.collect()
