"""The Dask engine: the same per-document work on a Dask distributed cluster.

With a scheduler address it joins that cluster; without one it starts a
``LocalCluster`` of ``workers`` processes with one thread each. A worker
plugin loads the pipeline once per worker process when it joins; the task
(:func:`ie.batch.worker.process_item`) reuses it. The input files must be
readable at the same paths on every worker (a shared filesystem), and ``ie``
must be installed there.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import IEError
from .entries import InputItem, error_entry
from .worker import get_pipeline, process_item, share_cores

CONNECT_TIMEOUT = "10s"
TASKS_PER_THREAD = 4     # tasks in flight per worker thread: enough to keep workers busy


class PipelinePlugin(WorkerPlugin):
    """Load the pipeline once when a worker starts (and once on each worker that joins later)."""

    name = "ie-pipeline"

    def __init__(self, model: str, segmenter: str) -> None:
        self.model = model
        self.segmenter = segmenter

    def setup(self, worker) -> None:  # noqa: ANN001 - distributed.Worker
        share_cores()
        get_pipeline(self.model, self.segmenter)


def connect(scheduler: str | None, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client on ``scheduler``, or on a new local cluster of ``workers`` processes."""
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError, ValueError) as e:
            raise IEError("E079", address=scheduler, reason=str(e) or type(e).__name__) from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_dask(items: list[InputItem], model: str, segmenter: str, max_mb: float, *,
             workers: int, scheduler: str | None = None) -> Iterator[dict]:
    """Extract ``items`` on a Dask cluster; yield one journal entry per item, as they finish."""
    client, cluster = connect(scheduler, workers)
    try:
        try:
            client.register_plugin(PipelinePlugin(model, segmenter))
        except Exception as e:  # noqa: BLE001 - a worker could not load the model
            raise IEError("E075", model=model, reason=str(e) or type(e).__name__) from None
        threads = max(1, sum(client.nthreads().values()))
        pending = iter(items)
        by_key: dict[str, InputItem] = {}
        running = as_completed()

        def submit(n: int) -> None:
            for item in pending:
                future = client.submit(process_item, item, model, segmenter, max_mb, pure=False)
                by_key[future.key] = item
                running.add(future)
                n -= 1
                if n <= 0:
                    return

        submit(threads * TASKS_PER_THREAD)
        for future in running:
            item = by_key.pop(future.key)
            try:
                entry = future.result()
            except Exception as e:  # noqa: BLE001 - the worker died (KilledWorker) or the task failed
                code = "E073" if type(e).__name__ == "KilledWorker" else "E009"
                entry = error_entry(item, IEError(code, path=item.path, reason=str(e) or repr(e)))
            future.release()
            submit(1)
            yield entry
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
