"""Every status code surfaces as its own exception class, with its fields."""

import pickle

import pytest

import cx
from cx import kano


def test_hierarchy():
    assert issubclass(cx.Error, Exception)
    pairs = {
        cx.InvalidArgument: ValueError, cx.OutOfMemory: MemoryError,
        cx.ParseError: ValueError, cx.RangeError: ValueError,
        cx.NotFound: KeyError, cx.IOError: OSError,
    }
    for cls, builtin in pairs.items():
        assert issubclass(cls, cx.Error) and issubclass(cls, builtin)
    for cls in (cx.StateError, cx.VersionError, cx.Undefined):
        assert issubclass(cls, cx.Error)
    statuses = {cls.status for cls in (
        cx.InvalidArgument, cx.OutOfMemory, cx.ParseError, cx.RangeError,
        cx.NotFound, cx.IOError, cx.StateError, cx.VersionError,
        cx.Undefined)}
    assert statuses == {-1, -2, -3, -4, -5, -6, -7, -8, -9}


def test_mapping_of_statuses_without_a_trigger():
    # Out of memory and undefined statistics cannot be provoked from a
    # script; the factory the extension calls maps them.
    for status, cls in ((-2, cx.OutOfMemory), (-9, cx.Undefined),
                        (-99, cx.Error)):
        e = cx.errors._from_status(status, "msg", None, 0, 0, None)
        assert type(e) is cls and e.status == status and str(e) == "msg"
        assert pickle.loads(pickle.dumps(e)).status == status


def check(exc, cls, status, text=None):
    assert type(exc) is cls
    assert exc.status == status == cx.Status(status)
    assert str(exc) == exc.message == cx.error_last()
    if text:
        assert text in str(exc)


def test_invalid_argument():
    s = cx.KanoSurvey()
    s.add_feature("a")
    with pytest.raises(cx.InvalidArgument) as e:
        s.add_feature("a")
    check(e.value, cx.InvalidArgument, -1)
    assert e.value.path is None and e.value.line == 0
    with pytest.raises(ValueError):
        s.add_feature("")


def test_parse_error_fields():
    text = "feature,functional,dysfunctional\nX,1,5\nX,I like it,soso\n"
    with pytest.raises(cx.ParseError) as e:
        kano.read_csv_buffer(text, name="answers.csv")
    check(e.value, cx.ParseError, -3, "soso")
    assert e.value.path == "answers.csv"
    assert e.value.line == 3
    assert e.value.column == len("X,I like it,") + 1
    assert e.value.value == "soso"


def test_range_error():
    s = cx.KanoSurvey()
    with pytest.raises(cx.RangeError) as e:
        s.add("a", 6, 1)
    check(e.value, cx.RangeError, -4)
    with pytest.raises(cx.RangeError):
        s.add("a", 1, 1, weight=float("inf"))


def test_not_found():
    s = cx.KanoSurvey()
    with pytest.raises(cx.NotFound) as e:
        s.find_segment("vip")
    check(e.value, cx.NotFound, -5, "vip")
    with pytest.raises(KeyError):
        s.find_feature("a")


def test_io_error(tmp_path):
    with pytest.raises(cx.IOError) as e:
        kano.read_csv(tmp_path / "absent.csv")
    check(e.value, cx.IOError, -6, "absent.csv")
    with pytest.raises(OSError):
        kano.read_csv(tmp_path)


def test_state_error():
    s = cx.KanoSurvey()
    s.add("a", 1, 5)
    with pytest.raises(cx.StateError) as e:
        s.add_segment("late")
    check(e.value, cx.StateError, -7)
    seg = cx.KanoSurvey(segments=["x"])
    seg.add("a", 1, 5, segment="x")
    with pytest.raises(cx.StateError):
        seg.merge(s)


def test_version_error():
    data = bytearray(cx.KanoSurvey().serialize())
    data[4:8] = (999).to_bytes(4, "little")  # the format version
    with pytest.raises(cx.VersionError) as e:
        cx.KanoSurvey.deserialize(bytes(data))
    check(e.value, cx.VersionError, -8, "999")


def test_failed_call_changes_nothing():
    s = cx.KanoSurvey()
    s.add("a", 1, 5)
    before = s.serialize()
    with pytest.raises(cx.RangeError):
        s.add("a", 1, 7)
    with pytest.raises(cx.ParseError):
        s.read_csv_buffer("feature,functional,dysfunctional\na,1,huh\n")
    assert s.serialize() == before


def test_binding_side_checks():
    with pytest.raises(cx.RangeError, match="category index 6"):
        cx.KanoSurvey(features=["a"]).result()["a"]._raw.count_of(6)
    with pytest.raises(cx.InvalidArgument, match="delimiter"):
        kano.read_csv_buffer("a", delimiter=";;")
