"""ie.ml.ops: the shipped model on numpy's matrix products finds the same entities as on thinc's blis."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import ie
from ie.ml.ops import IENumpyOps

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "models" / "ie_zh"


def _ents(nlp, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def test_ops_gemm_matches_numpy_with_every_transpose():
    import numpy

    ops = IENumpyOps()
    x = numpy.random.default_rng(0).random((5, 3), dtype="float32")
    y = numpy.random.default_rng(1).random((5, 3), dtype="float32")
    assert numpy.allclose(ops.gemm(x, y, trans2=True), x @ y.T)
    assert numpy.allclose(ops.gemm(x, y, trans1=True), x.T @ y)
    out = numpy.zeros((3, 3), dtype="float32")
    assert ops.gemm(x, y, out=out, trans1=True) is out and numpy.allclose(out, x.T @ y)


@pytest.mark.slow
def test_ops_same_entities_as_blis_on_the_bundled_reports():
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "annotations" / "raw").glob("*.txt"))]
    with_ie_ops = ie.load(MODEL)
    plain = spacy.load(MODEL)   # thinc's default ops (blis)
    assert type(with_ie_ops.get_pipe("tok2vec").model.ops) is IENumpyOps
    assert type(plain.get_pipe("tok2vec").model.ops) is not IENumpyOps
    got = _ents(with_ie_ops, texts)
    assert sum(map(len, got)) > 100
    assert got == _ents(plain, texts)


def test_ops_worker_processes_that_share_the_cores_keep_ie_ops_with_one_blas_thread(monkeypatch, tmp_path):
    from threadpoolctl import threadpool_info

    from ie.batch import worker
    from ie.batch.entries import InputItem

    monkeypatch.setattr(worker, "_SHARED", False)
    monkeypatch.setattr(worker, "_PIPELINES", {})
    monkeypatch.setattr(worker, "_LOADS", [])
    alone = worker.get_pipeline(str(MODEL), "jieba")
    assert type(alone.get_pipe("tok2vec").model.ops) is IENumpyOps
    worker.share_cores()
    monkeypatch.setattr(worker, "_PIPELINES", {})
    shared = worker.get_pipeline(str(MODEL), "jieba")
    assert type(shared.get_pipe("tok2vec").model.ops) is IENumpyOps
    # a shared worker's document runs with one BLAS thread; the process's setting is back after it
    before = {lib["num_threads"] for lib in threadpool_info() if lib.get("user_api") == "blas"}
    report = tmp_path / "r.txt"
    report.write_text("全年预算数100万元，执行率95%。", encoding="utf-8")
    entry = worker.process_item(InputItem(str(report), str(report), "r.txt"), str(MODEL), "jieba", 10.0)
    assert entry["status"] == "ok", entry
    assert {lib["num_threads"] for lib in threadpool_info() if lib.get("user_api") == "blas"} == before
    assert type(ie.load(MODEL, ops="thinc").get_pipe("ner").model.ops) is not IENumpyOps


def test_ops_unknown_ops_is_a_one_line_error():
    from ie.errors import ModelError

    with pytest.raises(ModelError, match="Unknown ops 'blis'.*Choose one of: ie, thinc"):
        ie.load(MODEL, ops="blis")
