#!/usr/bin/python3
"""Scale out a Kano survey with Dask: one accumulator per partition,
merged into exactly the single-machine result.

Each worker turns its partition into a KanoSurvey; the surveys travel back
pickled (their versioned byte string) and are merged with +.  Features and
segments are matched by name, so partitions need not agree on their order.

Run from a build folder:
    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/kano_dask.py
"""

import os
import sys


def survey_of_partition(df):
    """Runs on a worker: one accumulator for one partition."""
    from cx import kano
    return kano.from_dataframe(df, feature="feature", segment="segment",
                               functional="functional",
                               dysfunctional="dysfunctional",
                               importance="importance")


def merge_all(surveys):
    total = None
    for s in surveys:
        total = s if total is None else total + s
    return total


def distributed_survey(path, partitions=4, workers=2):
    """Read ``path``, split it into ``partitions`` and build the merged
    survey on a local cluster of ``workers`` processes."""
    import pandas as pd
    from distributed import Client, LocalCluster

    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    bounds = [len(df) * i // partitions for i in range(partitions + 1)]
    parts = [df.iloc[bounds[i]:bounds[i + 1]] for i in range(partitions)]
    with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, \
            Client(cluster) as client:
        futures = client.map(survey_of_partition, parts)
        # a tree reduction would merge on the workers; for a handful of
        # partitions gathering the small accumulators is simpler
        return merge_all(client.gather(futures))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.environ.get("CX_EXAMPLES_DATA", os.path.join(here, "..", "data"))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        data, "kano_survey.csv")
    survey = distributed_survey(path)
    result = survey.result()
    print("%d features, %d segments, merged from 4 partitions"
          % (survey.n_features(), survey.n_segments()))
    for row in result:
        print("%-36s %-2s better %.3f worse %.3f n %d" % (
            row.feature, row.category or "-", row.better, row.worse,
            row.n_raw))


if __name__ == "__main__":
    main()
