"""Same data + same seed -> same model and metrics; another seed -> another model."""
from __future__ import annotations

from ie.training import train_model


def _weights(path):
    return (path / "ner" / "model").read_bytes(), (path / "tok2vec" / "model").read_bytes()


def test_same_seed_same_metrics_and_weights(tmp_path, gold_file, config_path):
    kw = {"config": config_path, "test_sources": ["101"], "max_steps": 30, "rules": False, "seed": 3}
    first = train_model([gold_file], tmp_path / "a", **kw)
    second = train_model([gold_file], tmp_path / "b", **kw)
    assert first.metrics == second.metrics
    assert _weights(tmp_path / "a") == _weights(tmp_path / "b")
    other = train_model([gold_file], tmp_path / "c", **{**kw, "seed": 4})
    assert _weights(tmp_path / "c") != _weights(tmp_path / "a")
    assert other.meta["ie_training"]["seed"] == 4
