"""The JSON Schema of the journey format against the reader of libcx.

docs/schema/journey.schema.json is checked as a draft 2020-12 schema with
Debian's python3-jsonschema (those checks skip, with the reason shown,
where the module is missing).  Every example journey in
examples/data/journeys/ and the example of docs/journey-format.md must be
valid under the schema, load with libcx (with validation) and be in the
writer's canonical form.  Documents that break the schema must be refused
by both, and documents the schema allows must load.

libcx is loaded with ctypes: from $CX_LIBDIR/libcx.so, or else the first
build*/lib/libcx.so under the source tree that is not a sanitized build;
the libcx checks skip when there is none.
"""
import ctypes as C
import glob
import json
import os
import re

import pytest

try:
    import jsonschema
except ImportError:  # pragma: no cover - depends on the machine
    jsonschema = None

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCHEMA_PATH = os.path.join(ROOT, "docs", "schema", "journey.schema.json")
FORMAT_DOC = os.path.join(ROOT, "docs", "journey-format.md")
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "data", "journeys",
                                         "*.json")))

CX_EPARSE = -3
CX_UNKNOWN_REJECT = 1


def _find_library():
    libdir = os.environ.get("CX_LIBDIR")
    candidates = [os.path.join(libdir, "libcx.so")] if libdir else []
    # Sanitized builds need their runtime preloaded: not those.
    candidates += sorted(p for p in glob.glob(os.path.join(
        ROOT, "build*", "lib", "libcx.so")) if "san" not in p)
    for path in candidates:
        if os.path.exists(path):
            try:
                lib = C.CDLL(path)
                lib.cx_journey_from_json  # exported?
                return lib
            except (OSError, AttributeError):
                continue
    return None


LIB = _find_library()
needs_cx = pytest.mark.skipif(
    LIB is None, reason="libcx.so with cx_journey_from_json not found: set "
    "CX_LIBDIR to the build's lib folder")
needs_schema = pytest.mark.skipif(
    jsonschema is None, reason="python3-jsonschema is not installed "
    "(Debian package python3-jsonschema): schema checks skipped")


class JsonOptions(C.Structure):
    """Mirror of cx_journey_json_options (include/cx/io.h)."""
    _fields_ = [("version", C.c_uint), ("unknown", C.c_int),
                ("max_bytes", C.c_size_t), ("max_depth", C.c_size_t),
                ("max_string", C.c_size_t), ("max_touchpoints", C.c_size_t),
                ("validate", C.c_int)]


def _options(unknown=0, validate=0):
    return JsonOptions(1, unknown, 64 << 20, 64, 1 << 20, 100000, validate)


if LIB is not None:
    LIB.cx_journey_from_json.restype = C.c_int
    LIB.cx_journey_from_json.argtypes = [
        C.POINTER(C.c_void_p), C.c_char_p, C.c_size_t, C.c_char_p,
        C.POINTER(JsonOptions)]
    LIB.cx_journey_to_json.restype = C.c_int
    LIB.cx_journey_to_json.argtypes = [C.c_void_p, C.c_int,
                                       C.POINTER(C.c_void_p),
                                       C.POINTER(C.c_size_t)]
    LIB.cx_journey_free.argtypes = [C.c_void_p]
    LIB.cx_free.argtypes = [C.c_void_p]
    LIB.cx_error_last.restype = C.c_char_p


def cx_load(text, **options):
    """Load JSON text with libcx: (status, canonical text or error)."""
    if isinstance(text, str):
        text = text.encode("utf-8")
    out = C.c_void_p()
    opts = _options(**options)
    st = LIB.cx_journey_from_json(C.byref(out), text, len(text), b"doc.json",
                                  C.byref(opts))
    if st != 0:
        return st, LIB.cx_error_last().decode("utf-8")
    buf, n = C.c_void_p(), C.c_size_t()
    assert LIB.cx_journey_to_json(out, 2, C.byref(buf), C.byref(n)) == 0
    saved = C.string_at(buf, n.value)
    LIB.cx_free(buf)
    LIB.cx_journey_free(out)
    return st, saved


def schema_errors(doc):
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    return [e.message for e in validator.iter_errors(doc)]


def doc_example():
    with open(FORMAT_DOC, encoding="utf-8") as f:
        text = f.read()
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    assert blocks, "no ```json block in docs/journey-format.md"
    return blocks[0]


def test_examples_exist():
    names = [os.path.basename(p) for p in EXAMPLES]
    assert {"onboarding.json", "support.json", "offboarding.json"} <= set(names)


@needs_schema
def test_schema_is_a_2020_12_schema():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@needs_schema
@pytest.mark.parametrize("path", EXAMPLES, ids=os.path.basename)
def test_example_valid_under_schema(path):
    with open(path, encoding="utf-8") as f:
        assert schema_errors(json.load(f)) == []


@needs_cx
@pytest.mark.parametrize("path", EXAMPLES, ids=os.path.basename)
def test_example_loads_validated_and_canonical(path):
    with open(path, "rb") as f:
        text = f.read()
    st, saved = cx_load(text, validate=1)
    assert st == 0, saved
    assert saved == text
    # The features the samples are there to show.
    doc = json.loads(text)
    tps = [t for s in doc["stages"] for t in s["touchpoints"]]
    assert len(doc["actors"]) >= 2
    for key in ("expectation", "experience", "adequate", "desired", "reach",
                "quotes", "pain_points", "metrics", "moment_of_truth"):
        assert any(key in t for t in tps), key


@needs_schema
def test_format_doc_example_valid_under_schema():
    assert schema_errors(json.loads(doc_example())) == []


@needs_cx
def test_format_doc_example_loads_and_is_canonical():
    text = doc_example().encode("utf-8")
    st, saved = cx_load(text, validate=1)
    assert st == 0, saved
    assert saved == text


def _tp(**members):
    tp = {"id": "t"}
    tp.update(members)
    return {"version": 1, "stages": [{"id": "s", "touchpoints": [tp]}]}


# Documents that break the schema; libcx refuses each with CX_EPARSE.
VIOLATIONS = {
    "not an object": [1, 2],
    "no version": {"stages": []},
    "version 2": {"version": 2},
    "version as text": {"version": "1"},
    "other format": {"format": "other", "version": 1},
    "format null": {"format": None, "version": 1},
    "title a number": {"version": 1, "title": 5},
    "scale without neutral": {"version": 1, "scale": {"min": 0, "max": 10}},
    "scale with more": {"version": 1,
                        "scale": {"min": 0, "max": 10, "neutral": 5, "x": 1}},
    "scale min text": {"version": 1,
                       "scale": {"min": "0", "max": 10, "neutral": 5}},
    "actors an object": {"version": 1, "actors": {"id": "a"}},
    "actor without id": {"version": 1, "actors": [{"name": "Ann"}]},
    "actor a string": {"version": 1, "actors": ["ann"]},
    "actor id null": {"version": 1, "actors": [{"id": None}]},
    "stage without id": {"version": 1, "stages": [{"name": "S"}]},
    "stage touchpoints object": {"version": 1,
                                 "stages": [{"id": "s", "touchpoints": {}}]},
    "touchpoint without id": {"version": 1, "stages": [
        {"id": "s", "touchpoints": [{"name": "x"}]}]},
    "score text": _tp(score="high"),
    "reach array": _tp(reach=[]),
    "name number": _tp(name=3),
    "owner unknown": _tp(owner="boss"),
    "layer unknown": _tp(layer="middle"),
    "channel number": _tp(channel=5),
    "channel object empty": _tp(channel={}),
    "channel object other": _tp(channel={"name": "x"}),
    "channel custom number": _tp(channel={"custom": 1}),
    "empty quote": _tp(quotes=["a", ""]),
    "actor id number": _tp(actors=["a", 3]),
    "pain points text": _tp(pain_points="slow"),
    "moment of truth text": _tp(moment_of_truth="yes"),
    "moment of truth number": _tp(moment_of_truth=1),
    "metric text": _tp(metrics={"NPS": "high"}),
    "metric null": _tp(metrics={"NPS": None}),
    "metrics array": _tp(metrics=[1]),
}

# Documents the schema allows; libcx loads each.
ALLOWED = {
    "minimal": {"version": 1},
    "version 1.0": {"version": 1.0, "format": "libcx-journey"},
    "nulls": {"version": 1, "id": None, "title": None, "scale": None,
              "actors": [{"id": "a", "name": None}],
              "stages": [{"id": "s", "name": None, "touchpoints": None}]},
    "unknown members": {"version": 1, "x": {"y": [1, None]},
                        "actors": [{"id": "a", "colour": "red"}],
                        "stages": [{"id": "s", "k": [], "touchpoints": [
                            {"id": "t", "z": True}]}]},
    "aliases": _tp(owner="Brand-Owned", layer="front stage",
                   channel="E-Mail"),
    "custom channels": {"version": 1, "stages": [{"id": "s", "touchpoints": [
        {"id": "a", "channel": "kiosk"}, {"id": "b", "channel": {"custom": "Web"}},
        {"id": "c", "channel": ""}]}]},
    "faults validate reports": {
        "version": 1, "scale": {"min": 5, "max": 1, "neutral": 3},
        "actors": [{"id": ""}, {"id": "a"}, {"id": "a"}],
        "stages": [{"id": "s", "name": "", "touchpoints": [
            {"id": "s", "score": 9, "reach": -1, "actors": ["zz"],
             "metrics": {"": 1}}]}]},
    "every field": _tp(name="N", description="D", channel="web", owner="brand",
                       department="Ops", layer="backstage", actors=["a"],
                       score=1, expectation=2, experience=3, adequate=1,
                       desired=5, importance=0.5, duration=3, reach=10,
                       pain_points=["p"], opportunities=["o"], quotes=["q"],
                       moment_of_truth=False, metrics={"NPS": -5}),
}


@needs_schema
@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_violation_refused_by_schema(name):
    assert schema_errors(VIOLATIONS[name]) != []


@needs_cx
@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_violation_refused_by_cx(name):
    st, message = cx_load(json.dumps(VIOLATIONS[name]))
    assert st == CX_EPARSE, message
    assert message.startswith("doc.json:1:")


@needs_schema
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_by_schema(name):
    assert schema_errors(ALLOWED[name]) == []


@needs_cx
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_loads_in_cx(name):
    st, saved = cx_load(json.dumps(ALLOWED[name]))
    assert st == 0, saved
    # What libcx writes is valid too, and loads to the same text again.
    assert cx_load(saved) == (0, saved)
    if jsonschema is not None:
        assert schema_errors(json.loads(saved)) == []


@needs_cx
def test_unknown_member_refused_on_request():
    st, message = cx_load(json.dumps(ALLOWED["unknown members"]),
                          unknown=CX_UNKNOWN_REJECT)
    assert st == CX_EPARSE
    assert ": x: unknown member" in message
