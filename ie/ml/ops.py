"""CPU ops for running ie pipelines: thinc's NumpyOps with the matrix products done by numpy.

thinc's ``NumpyOps.gemm`` calls blis; on the machines this project runs on
(x86-64, 2 cores) numpy's OpenBLAS does the same product about 1.7x faster
single-threaded, and the tok2vec and ner spend most of their time there
(``evaluation/benchmark.py`` prints the figures). Everything else is
NumpyOps. The entities are the same (``tests/ml/test_ops_same_entities.py``);
the last bits of the floats may differ, as between any two BLAS libraries.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy
from thinc.api import NumpyOps, get_current_ops, set_current_ops


class IENumpyOps(NumpyOps):
    """NumpyOps whose ``gemm`` is ``numpy.matmul``."""

    name = "ie_numpy"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):  # noqa: ANN001 - thinc's signature
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


@contextmanager
def ie_ops() -> Iterator[None]:
    """Models built inside the block run on :class:`IENumpyOps` (thinc sets a model's ops when it is built)."""
    previous = get_current_ops()
    set_current_ops(IENumpyOps())
    try:
        yield
    finally:
        set_current_ops(previous)
