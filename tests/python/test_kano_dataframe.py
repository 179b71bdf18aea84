"""cx.kano.from_dataframe and KanoResult.to_dataframe."""

import numpy as np
import pandas as pd
import pytest

import cx
from cx import kano


def frame():
    # Wifi: (Like, Dislike) O, (Like, Neutral) A, (Expect, Dislike) M,
    #       one missing functional answer.
    # Pay (segment b): (Dislike, Like) R.
    return pd.DataFrame({
        "feature": ["Wifi", "Wifi", "Wifi", "Wifi", "Pay"],
        "segment": ["a", "a", "b", "b", "b"],
        "functional": ["I like it", "like", "I expect it", None,
                       "I dislike it"],
        "dysfunctional": ["I dislike it", "I am neutral", "Dislike",
                          "I dislike it", "I like it"],
        "importance": [9.0, np.nan, 7.0, 5.0, 1.0],
        "weight": [1.0, 1.0, 2.0, 1.0, 1.0],
    })


def test_text_answers():
    s = kano.from_dataframe(frame(), segment="segment",
                            importance="importance", weight="weight")
    assert s.features == ["Wifi", "Pay"] and s.segments == ["a", "b"]
    r = s.result()
    wifi = r["Wifi"]
    assert wifi.count == {"A": 1, "O": 1, "M": 2, "I": 0, "R": 0, "Q": 0}
    assert wifi.n_missing == 1
    assert wifi.n_raw == 3 and wifi.n == 4.0
    assert r["Wifi", "a"].count["O"] == 1
    assert r["Pay"].category == "R"
    # segment a: importance 9 and NaN (not answered)
    assert r["Wifi", "a"].importance_mean == pytest.approx(9.0)
    assert r["Wifi", "a"].importance_n == 1


def test_integer_codes_and_labels():
    df = pd.DataFrame({"feature": ["x", "x", "y"], "functional": [1, 2, 5],
                       "dysfunctional": [5, 5, 1]})
    r = kano.from_dataframe(df).result()
    assert r["x"].count["O"] == 1 and r["x"].count["M"] == 1
    assert r["y"].category == "R"
    # the same digits read with the reversed coding: 1 <-> 5, 2 <-> 4
    rev = kano.from_dataframe(df, labels=cx.KanoLabels("reversed")).result()
    assert rev["x"].category == "R"     # (5,1) R and (4,1) R
    assert rev["x"].count["R"] == 2
    assert rev["y"].category == "O"     # (1,5)


def test_unknown_label_names_the_value():
    df = frame()
    df.loc[1, "functional"] = "sometimes"
    with pytest.raises(cx.ParseError) as e:
        kano.from_dataframe(df)
    assert e.value.value == "sometimes"


def test_adds_to_an_existing_survey():
    s = cx.KanoSurvey(features=["Pay", "Other"])
    kano.from_dataframe(frame(), survey=s)
    assert s.features == ["Pay", "Other", "Wifi"]
    assert cx.KanoSurvey.from_dataframe(frame()).n_features() == 2


def test_to_dataframe():
    s = kano.from_dataframe(frame(), segment="segment")
    df = s.result().to_dataframe()
    # per feature: pooled, a, b
    assert list(df["segment"]) == [None, "a", "b", None, "a", "b"]
    # unweighted here: A=1 O=1 M=1
    assert df.loc[0, "count_M"] == 1
    assert df.loc[0, "better"] == pytest.approx((1 + 1) / (1 + 1 + 1))
    assert df.loc[0, "significant"] in (True, False)
    flat = s.result().to_dataframe(segments=False)
    assert len(flat) == 2
