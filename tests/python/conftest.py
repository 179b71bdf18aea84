"""Shared fixtures of the Python binding tests.

The reference survey below is small enough to count by hand; every
expected number in the tests is derived from these counts in comments,
never read back from the library.
"""

import math

import pytest

import cx

# Answer pairs of the reference survey, (functional, dysfunctional, times),
# classified with Berger's table (rows functional, columns dysfunctional):
#   Wifi: (1,5) O x3, (1,3) A x2, (2,5) M x4, (3,3) I x1, (5,1) R x1,
#         (1,1) Q x1, and one pair with a missing answer (0,5).
#         A=2 O=3 M=4 I=1 R=1 Q=1, n=12, missing=1.
#   Battery: (1,3) A x3, (1,5) O x2.  A=3 O=2, n=5.
#   Pay: (2,2) x2, (4,4) x1, (3,3) x1: Berger I=4; Pouliot Q=3 I=1.
#   Empty: no answers.
REFERENCE = {
    "Wifi": [(1, 5, 3), (1, 3, 2), (2, 5, 4), (3, 3, 1), (5, 1, 1), (1, 1, 1),
             (0, 5, 1)],
    "Battery": [(1, 3, 3), (1, 5, 2)],
    "Pay": [(2, 2, 2), (4, 4, 1), (3, 3, 1)],
    "Empty": [],
}


def reference_rows():
    """The reference survey as (feature, functional, dysfunctional) rows."""
    rows = []
    for feature, pairs in REFERENCE.items():
        for f, d, times in pairs:
            rows.extend([(feature, f, d)] * times)
    return rows


def build_reference():
    survey = cx.KanoSurvey(features=list(REFERENCE))
    for feature, f, d in reference_rows():
        survey.add(feature, f, d)
    return survey


@pytest.fixture
def reference():
    return build_reference()


def isnan(x):
    return isinstance(x, float) and math.isnan(x)
