"""--engine dask on a LocalCluster writes the same outputs as the local engine."""
from __future__ import annotations

import pytest

from ie.batch import BatchOptions, run_batch

from .conftest import assert_same_outputs

pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_local_cluster_output_identical_to_local(corpus, tmp_path):
    out = tmp_path / "out"
    summary = run_batch(corpus["paths"], out, BatchOptions(model="rules", engine="dask", workers=2))
    assert summary.documents == len(corpus["copies"])
    assert summary.failures_by_reason == corpus["summary"].failures_by_reason
    assert_same_outputs(corpus["reference"], out)


@pytest.mark.slow
def test_dask_scheduler_address_loads_model_once_per_worker(corpus, tmp_path):
    from distributed import Client, LocalCluster

    from ie.batch.worker import pipeline_loads

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        summary = run_batch(corpus["paths"], tmp_path / "out",
                            BatchOptions(model="rules", engine="dask", scheduler=cluster.scheduler_address))
        loads = client.run(pipeline_loads)
    assert summary.documents == len(corpus["copies"])
    assert sorted(loads.values()) == [[("rules", "jieba")], [("rules", "jieba")]]
    assert_same_outputs(corpus["reference"], tmp_path / "out")
