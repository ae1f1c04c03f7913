"""compare_models rejects bad settings before training anything."""
from __future__ import annotations

import pytest

from ie.corpus.jsonl import write_jsonl
from ie.errors import AnnotationError
from ie.training.compare import compare_models

from .conftest import gold_records


def test_bad_fraction_is_rejected(tmp_path, gold_file, config_path):
    with pytest.raises(AnnotationError, match="E410"):
        compare_models([gold_file], tmp_path / "c.md", config=config_path, fractions=(0.5, 1.5),
                       test_sources=["101"])
    assert not (tmp_path / "c.md").exists()


def test_cross_validation_needs_two_reports(tmp_path, config_path):
    gold = tmp_path / "one.jsonl"
    write_jsonl(gold, [r for r in gold_records() if r["meta"]["source"] != "101_bbbb.txt"])
    with pytest.raises(AnnotationError, match="E411"):
        compare_models([gold], tmp_path / "c.md", config=config_path, test_sources=["100"])


def test_unknown_segmenter_is_rejected(tmp_path, gold_file, config_path):
    from ie.errors import ModelError

    with pytest.raises(ModelError, match="E011"):
        compare_models([gold_file], tmp_path / "c.md", config=config_path, segmenters=("jieba", "foo"),
                       test_sources=["101"])
