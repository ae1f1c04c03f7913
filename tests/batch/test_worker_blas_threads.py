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


def test_worker_one_blas_thread_covers_a_blas_loaded_later():
    # a library imported after the first block (scipy's BLAS, by a later import) is limited too
    with one_blas_thread():
        pass
    import scipy.linalg  # noqa: F401 - loads scipy's BLAS if nothing did yet

    with one_blas_thread():
        assert _threads() == {1}
