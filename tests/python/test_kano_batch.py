"""KanoSurvey.add_batch: buffers read in place, bad buffers rejected."""

import array

import numpy as np
import pytest

import cx


def expected_cells(features, functional, dysfunctional, n_features):
    """Hand count: one 5x5 table per feature."""
    out = np.zeros((n_features, 5, 5), dtype=np.int64)
    for f, a, b in zip(features, functional, dysfunctional):
        if 1 <= a <= 5 and 1 <= b <= 5:
            out[int(f), int(a) - 1, int(b) - 1] += 1
    return out


def cells(survey):
    return np.array([survey.cells(i).raw for i in range(survey.n_features())])


FEATURES = [0, 1, 1, 2, 0, 2, 1]
FUNC = [1, 2, 1, 3, 5, 1, 2]
DYS = [5, 5, 3, 3, 1, 1, 4]


@pytest.mark.parametrize("dtype", ["u1", "i1", "u2", "i2", "u4", "i4", "u8",
                                   "i8", "f4", "f8"])
def test_every_numeric_dtype(dtype):
    s = cx.KanoSurvey(features=["a", "b", "c"])
    s.add_batch(np.array(FEATURES, dtype=dtype), np.array(FUNC, dtype=dtype),
                np.array(DYS, dtype=dtype))
    assert (cells(s) == expected_cells(FEATURES, FUNC, DYS, 3)).all()


def test_bytes_array_memoryview_and_lists():
    s = cx.KanoSurvey(features=["a", "b", "c"])
    s.add_batch(bytes(FEATURES), array.array("H", FUNC),
                memoryview(array.array("q", DYS)))
    s.add_batch(FEATURES, FUNC, DYS)  # lists go through NumPy
    import pandas as pd
    s.add_batch(pd.Series(FEATURES), pd.Series(FUNC, dtype="uint8"),
                pd.Series(DYS))
    assert (cells(s) == 3 * expected_cells(FEATURES, FUNC, DYS, 3)).all()


def test_strided_and_reversed_views():
    s = cx.KanoSurvey(features=["a", "b", "c"])
    table = np.array([FEATURES, FUNC, DYS], dtype=np.int32).T.copy()
    # columns of a C-ordered 2-d array: stride of 12 bytes, no copy
    s.add_batch(table[:, 0], table[:, 1], table[:, 2])
    rev = np.array(DYS, dtype=np.uint8)[::-1]
    s.add_batch(np.array(FEATURES)[::-1], np.array(FUNC)[::-1], rev)
    every_other = np.repeat(np.array(FUNC, dtype=np.uint8), 2)[::2]
    s.add_batch(np.array(FEATURES), every_other, np.array(DYS))
    assert (cells(s) == 3 * expected_cells(FEATURES, FUNC, DYS, 3)).all()


def test_optional_columns():
    s = cx.KanoSurvey(features=["a"], segments=["x", "y"])
    s.add_batch(np.zeros(3, np.uint8), np.array([1, 1, 1]),
                np.array([5, 3, np.nan]), segment=np.array([0, 1, 1]),
                weight=np.array([2.0, 1.0, 1.0]),
                importance=np.array([7.0, np.nan, 3.0]))
    x = s.cells("a", "x")
    assert x.raw[0][4] == 1 and x.weighted[0][4] == 2.0
    y = s.cells("a", "y")
    assert y.raw[0][2] == 1 and y.missing == 1
    pooled = s.cells("a")
    assert pooled.importance_n == 2
    assert pooled.importance_sum == pytest.approx(2 * 7.0 + 1 * 3.0)


@pytest.mark.parametrize("bad", [
    np.array([1 + 1j, 2, 3]),              # complex
    np.array(["1", "2", "3"]),              # strings
    np.array([1, 2, 3], dtype=object),      # objects
    np.array([1, 2, 3], dtype=">i4"),       # big-endian
    np.array([True, False, True]),          # booleans are not codes
    np.array([1, 2, 3], dtype=np.float16),  # no C type
])
def test_wrong_dtype_is_a_type_error(bad):
    s = cx.KanoSurvey(features=["a"])
    with pytest.raises(TypeError, match="functional"):
        s.add_batch(np.zeros(3, np.uint8), bad, np.ones(3, np.uint8))
    assert s.cells("a").raw == [[0] * 5] * 5


def test_not_a_buffer_is_a_type_error():
    s = cx.KanoSurvey(features=["a"])
    with pytest.raises(TypeError, match="dysfunctional"):
        s.add_batch_buffers(np.zeros(1, np.uint8), np.ones(1, np.uint8),
                            object(), None, None, None)
    with pytest.raises(TypeError, match="required"):
        s.add_batch_buffers(np.zeros(1, np.uint8), None, np.ones(1),
                            None, None, None)


def test_wrong_shape_or_length_is_a_value_error():
    s = cx.KanoSurvey(features=["a"])
    one = np.ones(3, np.uint8)
    with pytest.raises(ValueError, match="one-dimensional"):
        s.add_batch(np.zeros((3, 1), np.uint8), one, one)
    with pytest.raises(ValueError, match="one-dimensional"):
        s.add_batch(np.uint8(0), one, one)
    with pytest.raises(ValueError, match="differ in length"):
        s.add_batch(np.zeros(3, np.uint8), one, np.ones(4, np.uint8))
    with pytest.raises(ValueError, match="differ in length"):
        s.add_batch(np.zeros(3, np.uint8), one, one, weight=np.ones(2))
    with pytest.raises(ValueError, match="zero stride"):
        s.add_batch(np.zeros(3, np.uint8), np.broadcast_to(np.uint8(1), 3),
                    one)


def test_bad_values_add_nothing():
    s = cx.KanoSurvey(features=["a"])
    with pytest.raises(cx.Error) as e:
        s.add_batch(np.zeros(3, np.uint8), np.array([1, 1, 9]),
                    np.array([5, 5, 5]))
    assert isinstance(e.value, (cx.RangeError, cx.NotFound))
    with pytest.raises(cx.Error):
        s.add_batch(np.array([0, 0, 4]), np.ones(3), np.ones(3))
    assert s.cells("a").raw == [[0] * 5] * 5
    with pytest.raises(cx.RangeError):
        s.add_batch(np.zeros(1, np.uint8), np.ones(1), np.ones(1),
                    weight=np.array([-1.0]))


def test_empty_batch():
    s = cx.KanoSurvey(features=["a"])
    s.add_batch(np.zeros(0, np.uint8), np.zeros(0, np.uint8),
                np.zeros(0, np.uint8))
    assert s.cells("a").raw == [[0] * 5] * 5


def test_batch_equals_one_by_one():
    rng = np.random.default_rng(11)
    n = 5000
    f = rng.integers(0, 3, n)
    a = rng.integers(0, 6, n)
    b = rng.integers(0, 6, n)
    one = cx.KanoSurvey(features=["a", "b", "c"])
    for i in range(n):
        one.add(int(f[i]), int(a[i]), int(b[i]))
    batch = cx.KanoSurvey(features=["a", "b", "c"])
    batch.add_batch(f, a, b)
    assert batch.serialize() == one.serialize()


def test_array_is_not_copied():
    # The buffer is exported while the call runs: a read-only view works,
    # which would not matter for a copy but proves nothing is written.
    f = np.zeros(4, np.uint8)
    f.setflags(write=False)
    s = cx.KanoSurvey(features=["a"])
    s.add_batch(f, np.ones(4, np.uint8), np.full(4, 5, np.uint8))
    assert s.cells("a").raw[0][4] == 4
