"""ie.batch.worker.one_blas_thread: documents are extracted with one BLAS thread, the setting restored after."""
from __future__ import annotations

import numpy
from threadpoolctl import threadpool_info

from ie.batch.worker import one_blas_thread


def _threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib.get("user_api") == "blas"}


def test_worker_one_blas_thread_inside_and_restored_after():
    before = _threads()
    with one_blas_thread():
        assert _threads() == {1}
        assert (numpy.ones((64, 64)) @ numpy.ones((64, 64)))[0, 0] == 64
    assert _threads() == before
