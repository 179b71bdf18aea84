"""The Kano classes of the Python binding, against hand-computed values."""

import copy
import gc
import json
import math
import os
import pickle
import subprocess
import threading

import numpy as np
import pytest

import cx
from cx import kano

from conftest import REFERENCE, build_reference, isnan, reference_rows


# --------------------------------------------------------------------------
# module functions

def test_version():
    assert cx.version() == "%d.%d.%d" % cx.version_info()
    assert cx.__version__ == cx.version()
    assert cx.version_info()[0] >= 0


def test_strerror_and_error_state():
    assert cx.strerror(cx.Status.OK) != cx.strerror(cx.Status.EPARSE)
    assert isinstance(cx.strerror(-42), str)
    cx.error_clear()
    assert cx.error_last() == ""
    with pytest.raises(cx.NotFound):
        cx.KanoSurvey().find_feature("nope")
    assert "nope" in cx.error_last()
    cx.error_clear()
    assert cx.error_last() == ""


def test_dtype_size():
    assert [cx.core.dtype_size(d) for d in range(10)] == [1, 1, 2, 2, 4, 4,
                                                          8, 8, 4, 8]


def test_categories():
    assert kano.CATEGORIES == ("A", "O", "M", "I", "R", "Q")
    assert kano.category_name("O") == "one-dimensional"
    assert kano.category_name(2) == "must-be"
    assert kano.category_letter("must-be") == "M"
    assert kano.parse_category("Attractive") == "A"
    assert kano.parse_category("q") == "Q"
    with pytest.raises(cx.ParseError) as e:
        kano.parse_category("awesome")
    assert e.value.value == "awesome"


def test_answers():
    assert [kano.answer_name(a) for a in range(6)] == list(kano.ANSWERS)
    assert kano.parse_answer("I like it") == 1
    assert kano.parse_answer("i  LIKE it!") == 1
    assert kano.parse_answer("I dislike it") == 5
    assert kano.parse_answer("") == 0
    assert kano.parse_answer("4") == 4
    with pytest.raises(cx.ParseError):
        kano.parse_answer("maybe")


def test_rules():
    assert kano.RULES == ("mode", "moai", "oam-irq")
    assert [kano.rule_name(i) for i in range(3)] == list(kano.RULES)
    assert kano.parse_rule("oam-irq") == "oam-irq"
    with pytest.raises(cx.ParseError):
        kano.parse_rule("median")


def test_tables_and_classify():
    berger = kano.table()
    # Berger et al. (1993), rows functional Like..Dislike.
    assert berger.to_list() == [list("QAAAO"), list("RIIIM"),
                                list("RIIIM"), list("RIIIM"),
                                list("RRRRQ")]
    pouliot = kano.table("pouliot")
    assert pouliot[2, 2] == "Q" and pouliot[4, 4] == "Q"
    assert pouliot[3, 3] == "I"
    assert berger != pouliot and kano.table(berger) == berger
    assert kano.classify(1, 5) == "O"
    assert kano.classify(2, 2) == "I"
    assert kano.classify(2, 2, table="pouliot") == "Q"
    assert kano.classify(0, 5) is None
    custom = kano.table([["I"] * 5] * 5)
    custom[1, 5] = "O"
    assert kano.classify(1, 5, table=custom) == "O"
    assert kano.classify(1, 4, table=custom) == "I"
    assert pickle.loads(pickle.dumps(custom)) == custom
    assert cx.core.kano_table_init(1).to_list() == pouliot.to_list()
    with pytest.raises(cx.InvalidArgument):
        kano.table("nonsense")
    with pytest.raises(cx.InvalidArgument):
        kano.table([["A"] * 5] * 4)
    with pytest.raises(cx.RangeError):
        berger[0, 1]
    bad = kano.table()
    bad.set_category(1, 1, 9)
    with pytest.raises(cx.InvalidArgument):
        bad.validate()


def test_labels():
    labels = cx.KanoLabels()
    assert labels.parse("It must be that way") == 2
    assert labels("I can live with it") == 4
    labels.add("Love it", "like").add("no idea", 0)
    assert labels.parse("love it") == 1
    assert labels.parse("No idea") == 0
    reversed_ = cx.KanoLabels("reversed", {"super": 1})
    assert reversed_.parse("5") == 1 and reversed_.parse("1") == 5
    assert reversed_.parse("super") == 1
    with pytest.raises(cx.ParseError):
        labels.parse("sometimes")
    with pytest.raises(cx.InvalidArgument):
        labels.add("3", 1)  # digits are reserved for the coding
    with pytest.raises(cx.InvalidArgument):
        cx.KanoLabels("backwards")


# --------------------------------------------------------------------------
# survey

def test_survey_names(reference):
    assert reference.features == list(REFERENCE)
    assert reference.n_features() == 4
    assert reference.find_feature("Pay") == 2
    assert reference.feature_name(1) == "Battery"
    assert reference.feature_name(99) is None
    assert reference.segments == [] and reference.n_segments() == 0
    assert reference.add_feature("New") == 4
    assert repr(reference) == "<KanoSurvey: 5 features, 0 segments>"


def test_cells(reference):
    cells = reference.cells("Wifi")
    raw = cells.raw
    assert raw[0][4] == 3 and raw[0][2] == 2 and raw[1][4] == 4
    assert raw[2][2] == 1 and raw[4][0] == 1 and raw[0][0] == 1
    assert sum(map(sum, raw)) == 12
    assert cells.missing == 1
    assert cells.sum_weights == 12.0 and cells.sum_weights_sq == 12.0
    assert cells.weighted[1][4] == 4.0
    assert cells.to_dict()["raw"] == raw
    assert reference.cells(1).raw[0][2] == 3


def test_result_values(reference):
    r = reference.result()
    assert len(r) == 4 and r.features == list(REFERENCE)
    w = r["Wifi"]
    # A=2 O=3 M=4 I=1 R=1 Q=1 of n=12
    assert w.count == {"A": 2, "O": 3, "M": 4, "I": 1, "R": 1, "Q": 1}
    assert w.n_raw == 12 and w.n == 12.0 and w.n_missing == 1
    assert w.share["M"] == pytest.approx(4 / 12)
    assert w.category == "M"
    assert w.better == pytest.approx((2 + 3) / (2 + 3 + 4 + 1))   # 0.5
    assert w.worse == pytest.approx(-(3 + 4) / (2 + 3 + 4 + 1))   # -0.7
    assert w.total_strength == pytest.approx((2 + 3 + 4) / 12)
    assert w.category_strength == pytest.approx(4 / 12 - 3 / 12)
    # Fong: a=4, b=3, n=12; limit = 1.65 sqrt((a+b)(2n-a-b)/(2n))
    assert (w.fong_a, w.fong_b) == (4.0, 3.0)
    assert w.fong_limit == pytest.approx(1.65 * math.sqrt(7 * 17 / 24))
    assert w.significant is False
    # chi-square of M, O, A, I = 4, 3, 2, 1 against 2.5 each
    assert w.chi2 == pytest.approx((1.5**2 + 0.5**2 + 0.5**2 + 1.5**2) / 2.5)
    from scipy.stats import chi2
    assert w.chi2_p == pytest.approx(chi2.sf(2.0, 3))
    assert w.pooled and w.segment is None

    b = r[1]
    assert b.feature == "Battery" and b.category == "A"
    assert b.better == pytest.approx(1.0) and b.worse == pytest.approx(-0.4)
    assert b.by_rule == {"mode": "A", "moai": "A", "oam-irq": "A"}

    e = r["Empty"]
    assert e.category is None and e.n_raw == 0
    assert isnan(e.better) and isnan(e.worse)
    assert r[-1].feature == "Empty"
    assert [row.feature for row in r] == list(REFERENCE)


def test_rules_and_tables_as_options(reference):
    # Battery: A .6, O .4; their gap .2 is under a .25 threshold, so the
    # moai rule picks the earlier of A, O in M > O > A > I: O.
    assert reference.result(rule="moai", threshold=0.25)["Battery"].category \
        == "O"
    assert reference.result(rule="moai", threshold=0.1)["Battery"].category \
        == "A"
    r = reference.result(rule="moai", threshold=0.25)
    assert r["Battery"].by_rule == {"mode": "A", "moai": "O", "oam-irq": "A"}
    assert r.options["rule"] == "moai" and r.options["threshold"] == 0.25
    # Pay: Berger I=4; Pouliot Q=3 I=1
    assert reference.result()["Pay"].count["I"] == 4
    pay = reference.result(table="pouliot")["Pay"]
    assert (pay.count["Q"], pay.count["I"]) == (3, 1)
    assert pay.category == "Q"
    opts = reference.result(precedence="OMAIRQ", fong_z=2.0,
                            functional_scores=[2, 1, 0, -1, -2]).options
    assert opts["precedence"] == "OMAIRQ" and opts["fong_z"] == 2.0
    assert opts["functional_scores"] == (2, 1, 0, -1, -2)
    assert opts["table"] == kano.table().to_list()
    with pytest.raises(cx.InvalidArgument):
        reference.result(precedence="MMAIRQ")
    with pytest.raises(cx.InvalidArgument):
        reference.result(confidence=1.5)
    with pytest.raises(cx.ParseError):
        reference.result(rule="majority")


def test_bootstrap_is_seeded(reference):
    a = reference.result(bootstrap=200, seed=7)["Wifi"]
    b = reference.result(bootstrap=200, seed=7)["Wifi"]
    assert a.bootstrap == 200
    assert (a.better_lo, a.better_hi) == (b.better_lo, b.better_hi)
    assert a.better_lo <= a.better <= a.better_hi
    assert sum(a.stability.values()) == pytest.approx(1.0)


def test_weights_and_importance():
    s = cx.KanoSurvey()
    s.add("W", 1, 3, weight=2.0, importance=8)
    s.add("W", 1, 5, weight=1.0, importance=2)
    row = s.result()["W"]
    assert row.n_raw == 2 and row.n == 3.0
    assert row.count["A"] == 2.0 and row.count["O"] == 1.0
    assert row.n_effective == pytest.approx(3.0**2 / (2.0**2 + 1.0**2))
    assert row.better == pytest.approx(1.0)
    assert row.worse == pytest.approx(-1 / 3)
    assert row.importance_n == 2
    assert row.importance_mean == pytest.approx((2 * 8 + 1 * 2) / 3)


def test_answers_as_text():
    s = cx.KanoSurvey()
    s.add("X", "I like it", "I dislike it")
    assert s.result()["X"].category == "O"


def test_significant_fong():
    s = cx.KanoSurvey()
    for _ in range(10):
        s.add("X", 1, 5)
    row = s.result()["X"]
    # a=10, b=0, n=10: limit 1.65 sqrt(10*10/20)
    assert row.fong_limit == pytest.approx(1.65 * math.sqrt(5))
    assert row.significant is True


def test_segments():
    s = cx.KanoSurvey(segments=["retail", "business"])
    s.add("X", 1, 5, segment="retail")
    s.add("X", 1, 5, segment="retail")
    s.add("X", 1, 3, segment="business")
    s.add("X", 2, 5, segment=1)
    assert s.segments == ["retail", "business"]
    r = s.result()
    assert r.segments == ["retail", "business"]
    assert r["X"].count == {"A": 1, "O": 2, "M": 1, "I": 0, "R": 0, "Q": 0}
    retail = r["X", "retail"]
    assert retail.segment == "retail" and not retail.pooled
    assert retail.count["O"] == 2 and retail.category == "O"
    business = r.row("X", 1)
    assert business.better == pytest.approx(0.5)
    assert len(r.rows()) == 3 and len(r.rows(segments=False)) == 1
    assert s.cells("X", "business").raw[0][2] == 1
    with pytest.raises(cx.NotFound):
        r["X", "nowhere"]
    with pytest.raises(cx.StateError):
        t = cx.KanoSurvey()
        t.add("X", 1, 5)
        t.add_segment("late")


def test_add_respondent_and_filter():
    s = cx.KanoSurvey(features=["a", "b", "c"])
    # no filter: everyone counts
    assert s.add_respondent([1, 2, 3], [5, 5, 3]) is False
    # drop respondents with more than a third of Q answers
    s.set_filter(max_questionable=1 / 3)
    # two Q pairs of three: (1,1) and (5,5)
    assert s.add_respondent([1, 5, 1], [1, 5, 5]) is True
    assert s.add_respondent([1, 1, 1], [5, 5, 5], importance=[9, None, 7]) \
        is False
    assert s.respondents() == (2, 1)
    assert s.cells("c").importance_n == 1
    s.clear_filter()
    assert s.add_respondent([1, 5, 1], [1, 5, 5]) is False
    assert s.respondents() == (3, 1)
    assert s.result().respondents() == (3, 1)
    with pytest.raises(cx.InvalidArgument):
        s.add_respondent([1, 2], [5, 5])


def test_csv_buffer():
    text = ("respondent,feature,functional,dysfunctional\n"
            "r1,Wifi,I like it,I dislike it\n"
            "r2,Wifi,I like it,I am neutral\n")
    s = kano.read_csv_buffer(text, name="mem.csv")
    assert s.result()["Wifi"].count["O"] == 1
    s.read_csv_buffer(text.encode())
    assert s.cells("Wifi").raw[0][4] == 2
    with pytest.raises(cx.ParseError) as e:
        kano.read_csv_buffer(text + "r3,Wifi,often,I dislike it\n",
                             name="mem.csv")
    assert (e.value.path, e.value.line, e.value.value) == ("mem.csv", 4,
                                                          "often")
    with pytest.raises(TypeError):
        kano.read_csv_buffer(text, colour="blue")


def test_csv_file(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("feature;functional;dysfunctional\nX;1;5\n")
    s = kano.read_csv(path, delimiter=";", layout="long")
    assert s.cells("X").raw[0][4] == 1
    with pytest.raises(cx.IOError):
        kano.read_csv(tmp_path / "missing.csv")


def test_examples_data():
    data = os.environ.get("CX_EXAMPLES_DATA")
    path = os.path.join(data or "", "kano_survey.csv")
    if not data or not os.path.exists(path):
        pytest.skip("sample data not available")
    s = kano.read_csv(path)
    assert s.n_features() > 0 and s.n_segments() > 0


# --------------------------------------------------------------------------
# presentation

def test_dataframe_and_html_and_svg(reference):
    r = reference.result()
    df = r.to_dataframe()
    assert list(df["feature"]) == list(REFERENCE)
    assert df.loc[0, "share_M"] == pytest.approx(4 / 12)
    assert df.loc[1, "by_rule_mode"] == "A"
    page = r._repr_html_()
    assert page.startswith("<table") and "Wifi" in page
    s = cx.KanoSurvey()
    s.add("<script>", 1, 5)
    assert "<script>" not in s.result()._repr_html_()
    svg = r._repr_svg_()
    assert svg.lstrip().startswith("<svg") and "Wifi" in svg
    assert r.svg(title="T", width=300, height=300, theme="dark") != svg
    with pytest.raises(cx.InvalidArgument):
        r.svg(width=5)
    row = r["Wifi"]
    assert "Wifi" in repr(row) and "'M'" in repr(row)
    d = row.to_dict()
    assert list(d) == list(row.fields)
    assert list(dict(row)) == list(d) and row == r["Wifi"]
    json.dumps({k: v for k, v in d.items()})


# --------------------------------------------------------------------------
# serialization, merging, copies

def test_pickle_round_trip(reference):
    data = pickle.dumps(reference)
    back = pickle.loads(data)
    assert back.serialize() == reference.serialize()
    assert back.features == reference.features
    assert back.result()["Wifi"] == reference.result()["Wifi"]


def test_merge_equals_single_pass():
    rows = reference_rows()
    whole = build_reference()
    left = cx.KanoSurvey(features=list(REFERENCE))
    right = cx.KanoSurvey()
    for i, (feature, f, d) in enumerate(rows):
        (left if i % 2 else right).add(feature, f, d)
    merged = left + right
    assert merged is not left
    assert merged.result()["Wifi"] == whole.result()["Wifi"]
    assert merged.result().rows() == whole.result().rows()
    for name in REFERENCE:
        assert merged.cells(name).raw == whole.cells(name).raw
    # + left its operands alone
    assert left.cells("Wifi").raw != whole.cells("Wifi").raw
    left.merge(right)
    assert left.cells("Wifi").raw == whole.cells("Wifi").raw
    c = copy.deepcopy(whole)
    c += whole
    assert c.cells("Battery").raw[0][2] == 6


def test_deserialize_errors(reference):
    data = bytearray(reference.serialize())
    assert cx.KanoSurvey.deserialize(memoryview(data)).features == \
        reference.features
    data[-1] ^= 0xFF
    with pytest.raises(cx.ParseError):
        cx.KanoSurvey.deserialize(bytes(data))
    with pytest.raises(cx.ParseError):
        cx.KanoSurvey.deserialize(b"")


# --------------------------------------------------------------------------
# lifetime

def test_gc_in_any_order():
    s = build_reference()
    r = s.result()
    row = r["Wifi"]
    seg_row = r[0]
    del s
    gc.collect()
    assert r["Battery"].category == "A"
    del r
    gc.collect()
    # the rows keep their result alive
    assert row.count["M"] == 4 and seg_row.feature == "Wifi"
    assert row.result.features == list(REFERENCE)
    del row, seg_row
    gc.collect()

    # a result does not borrow its survey
    s = build_reference()
    r = s.result()
    s.add("Wifi", 1, 5)
    del s
    gc.collect()
    assert r["Wifi"].count["O"] == 3

    # many objects dropped in a shuffled order
    objs = []
    for i in range(50):
        s = build_reference()
        objs += [s, s.result(), cx.KanoLabels(), s.cells(0), kano.table()]
    order = np.random.default_rng(1).permutation(len(objs))
    for i in order:
        objs[i] = None
        if i % 7 == 0:
            gc.collect()
    gc.collect()


def test_two_threads_each_with_a_survey():
    n = 200_000
    rng = np.random.default_rng(3)
    features = rng.integers(0, 4, n).astype(np.uint16)
    func = rng.integers(1, 6, n).astype(np.uint8)
    dys = rng.integers(1, 6, n).astype(np.uint8)
    # expected cells, counted with NumPy
    expected = np.zeros((4, 5, 5), dtype=np.int64)
    np.add.at(expected, (features, func - 1, dys - 1), 1)

    surveys = [cx.KanoSurvey(features=list("abcd")) for _ in range(2)]
    errors = []

    def work(s):
        try:
            for _ in range(5):
                s.add_batch(features, func, dys)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in surveys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for s in surveys:
        for i in range(4):
            assert s.cells(i).raw == (5 * expected[i]).tolist()


# --------------------------------------------------------------------------
# the same survey in Ruby

RUBY_SCRIPT = r'''
require "cx"
require "json"
s = CX::KanoSurvey.new(features: %w[Wifi Battery Pay Empty])
JSON.parse(ARGV[0]).each { |f, a, b| s.add(f, a, b) }
r = s.result
out = r.map { |row| [row.feature, row.category, row.better, row.worse,
                     row.count, row.fong_limit] }
puts JSON.generate(out.map { |x| x.map { |v| v.is_a?(Float) && v.nan? ? nil : v } })
'''


def test_same_numbers_in_ruby():
    ruby_dir = os.environ.get("CX_RUBY_BINDING")
    if not ruby_dir:
        pytest.skip("the Ruby binding was not built")
    rows = reference_rows()
    out = subprocess.run(["ruby", "-I", ruby_dir, "-e", RUBY_SCRIPT,
                          json.dumps(rows)], capture_output=True, text=True,
                         check=True).stdout
    ruby = json.loads(out)
    py = build_reference().result()
    for (feature, category, better, worse, count, limit), row in zip(ruby, py):
        assert feature == row.feature and category == row.category
        if row.n_raw == 0:
            assert better is None and worse is None
            continue
        assert better == row.better and worse == row.worse
        assert count == row.count and limit == row.fong_limit
    # and both equal the hand count: Wifi better (A+O)/(A+O+M+I) = 5/10
    assert ruby[0][2] == pytest.approx(0.5)
    assert ruby[0][3] == pytest.approx(-0.7)
