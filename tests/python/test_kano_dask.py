"""Scale-out: per-partition surveys on a Dask cluster merge into exactly the
single-process survey (examples/python/kano_dask.py)."""

import os
import runpy
import subprocess
import sys

import pytest

from cx import kano

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "python", "kano_dask.py")
DATA = os.environ.get("CX_EXAMPLES_DATA",
                      os.path.join(HERE, "..", "..", "examples", "data"))
CSV = os.path.join(DATA, "kano_survey.csv")

pytestmark = pytest.mark.skipif(not os.path.exists(CSV),
                                reason="sample survey not available")


def test_merged_equals_single_process():
    pytest.importorskip("distributed")
    import pandas as pd
    example = runpy.run_path(EXAMPLE)
    merged = example["distributed_survey"](CSV, partitions=4, workers=2)

    df = pd.read_csv(CSV, keep_default_na=False, na_values=[""])
    single = example["survey_of_partition"](df)
    # the same features and segments in the same order (the first partition
    # sees every segment first), so the byte strings must agree exactly
    assert merged.features == single.features
    assert merged.segments == single.segments
    for f in range(single.n_features()):
        for seg in [None] + single.segments:
            assert merged.cells(f, seg).to_dict() == \
                single.cells(f, seg).to_dict()
    assert merged.result().rows() == single.result().rows()
    # and the CSV reader agrees with the DataFrame path on the counts
    direct = kano.read_csv(CSV)
    for name in single.features:
        assert direct.cells(name).raw == single.cells(name).raw


def test_example_runs():
    out = subprocess.run([sys.executable, EXAMPLE, CSV], capture_output=True,
                         text=True, timeout=240, check=True).stdout
    assert "merged from 4 partitions" in out
