"""run_batch with two worker processes writes exactly what one in-process worker writes."""
from __future__ import annotations

from .conftest import assert_same_outputs

from ie.batch import BatchOptions, run_batch


def test_run_two_workers_output_identical_to_one_worker(corpus, tmp_path):
    out = tmp_path / "out"
    summary = run_batch(corpus["paths"], out, BatchOptions(model="rules", workers=2))
    reference = corpus["summary"]
    assert (summary.documents, summary.quantities, summary.characters) == \
        (reference.documents, reference.quantities, reference.characters)
    assert summary.documents == len(corpus["copies"]) and summary.quantities > 0
    assert [(f.path, f.code) for f in summary.failures] == [(f.path, f.code) for f in reference.failures]
    assert_same_outputs(corpus["reference"], out)
