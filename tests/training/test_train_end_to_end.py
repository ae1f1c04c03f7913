"""train_model on a handful of units: model folder, meta.json record, held-out metrics."""
from __future__ import annotations

import json

import pytest
import spacy

from ie.contract import NER_LABELS
from ie.corpus.docbin import data_hash
from ie.errors import AnnotationError, ModelError
from ie.training import RULE_COMPONENTS, train_model
from ie.training import train as train_module

REQUIRED = {"metrics", "metrics_ner", "config", "segmenter", "data_hash", "split", "seed", "train_seconds",
            "peak_rss_mb", "max_steps", "rules", "misaligned"}


def test_tiny_training_writes_model_and_meta(tmp_path, gold_file, config_path):
    out = tmp_path / "models" / "tiny"
    result = train_model([gold_file], out, config=config_path, test_sources=["101"], max_steps=20, rules=False)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    record = meta["ie_training"]
    assert REQUIRED <= set(record)
    assert record["segmenter"] == "jieba" and record["seed"] == 0 and record["max_steps"] == 20
    assert record["data_hash"] == data_hash([gold_file]) == result.data_hash
    assert record["split"]["test_sources"] == ["101_bbbb.txt"]
    assert record["split"]["train_sources"] == ["100_aaaa.txt"]
    assert record["split"]["synthetic_units"] == 2 and record["split"]["train_units"] == 5
    assert record["split"]["test_units"] == 2
    assert set(record["metrics"]["ents_per_type"]) == set(NER_LABELS)
    assert record["config"]["overrides"]["training.max_steps"] == 20
    assert record["train_seconds"] > 0 and record["peak_rss_mb"] > 0
    assert meta["performance"]["ents_f"] == record["metrics"]["ents_f"]
    nlp = spacy.load(out)
    # the rule candidates feed the ner, so they are part of the trained pipeline even without --rules
    assert nlp.pipe_names == ["ie_quantity_rules", "ie_tables", "tok2vec", "ner"]
    assert type(nlp.tokenizer).__name__ == "IETokenizer"
    assert result.pipeline == nlp.pipe_names
    assert record["rule_features"] is True and record["order"] is None
    gold = result.metrics["ents_tp"] + result.metrics["ents_fn"]
    assert gold == 6  # the held-out report's entities


def test_train_ner_alone_has_words_only(tmp_path, gold_file, config_path):
    out = tmp_path / "alone"
    result = train_model([gold_file], out, config=config_path, test_sources=["101"], max_steps=5, rules=False,
                         rule_features=False)
    assert result.pipeline == ["tok2vec", "ner"]
    layers = {layer.name for layer in spacy.load(out).get_pipe("tok2vec").model.walk()}
    assert "ie_rule_tags" not in layers


def test_rules_are_added_around_ner_in_the_shipped_order(tmp_path, gold_file, config_path):
    if train_module.import_rule_factories():
        pytest.skip("rule components not available yet")
    out = tmp_path / "full"
    result = train_model([gold_file], out, config=config_path, test_sources=["101"], max_steps=10)
    # rule_features: candidates before tok2vec, the ner decides, ORG names fill its gaps after it
    assert result.pipeline == ["ie_quantity_rules", "ie_tables", "tok2vec", "ner", "ie_org_rules",
                               "ie_values", "ie_linker", "ie_indicator_keys", "ie_metadata"]
    loaded = spacy.load(out)
    assert loaded.pipe_names == result.pipeline
    assert loaded.get_pipe("ie_quantity_rules").spans_key == "ie_rules"
    assert "ie_rule_tags" in {layer.name for layer in loaded.get_pipe("tok2vec").model.walk()}
    record = json.loads((out / "meta.json").read_text(encoding="utf-8"))["ie_training"]
    assert set(RULE_COMPONENTS) <= set(record["rules"])
    assert record["order"] == "rule_features" and record["rule_features"] is True


def test_rules_quantities_order_for_a_ner_trained_on_words(tmp_path, gold_file, config_path):
    if train_module.import_rule_factories():
        pytest.skip("rule components not available yet")
    result = train_model([gold_file], tmp_path / "rq", config=config_path, test_sources=["101"], max_steps=5,
                         rule_features=False)
    # rules_quantities: rules and table cells before ner, ner's quantities filtered, ORG rules after
    assert result.pipeline == ["tok2vec", "ie_quantity_rules", "ie_tables", "ner", "ie_entity_filter",
                               "ie_org_rules", "ie_values", "ie_linker", "ie_indicator_keys", "ie_metadata"]


def test_rules_can_be_appended_after_ner(tmp_path, gold_file, config_path):
    if train_module.import_rule_factories():
        pytest.skip("rule components not available yet")
    out = tmp_path / "ner_first"
    result = train_model([gold_file], out, config=config_path, test_sources=["101"], max_steps=10,
                         order="ner_first", rule_features=False)
    assert result.pipeline == ["tok2vec", "ner", *RULE_COMPONENTS]
    record = json.loads((out / "meta.json").read_text(encoding="utf-8"))["ie_training"]
    assert set(record["metrics_ner"]["ents_per_type"]) == set(record["metrics"]["ents_per_type"])


def test_missing_rule_factory_is_a_clear_error_before_training(tmp_path, gold_file, config_path, monkeypatch):
    monkeypatch.setattr(train_module, "RULE_COMPONENTS", ("ie_no_such_component",))
    with pytest.raises(ModelError) as err:
        train_model([gold_file], tmp_path / "m", config=config_path, test_sources=["101"], max_steps=5)
    assert "[E404]" in str(err.value) and "ie_no_such_component" in str(err.value) and "--no-rules" in str(err.value)
    assert not (tmp_path / "m").exists()


def test_unknown_test_source_is_rejected(tmp_path, gold_file, config_path):
    with pytest.raises(AnnotationError, match="E401"):
        train_model([gold_file], tmp_path / "m", config=config_path, test_sources=["999"], max_steps=5, rules=False)


def test_missing_config_is_rejected(tmp_path, gold_file):
    with pytest.raises(ModelError, match="E405"):
        train_model([gold_file], tmp_path / "m", config=tmp_path / "nope.cfg", test_sources=["101"], rules=False)


def test_output_that_is_not_a_model_is_not_overwritten(tmp_path, gold_file, config_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(Exception, match="E413"):  # refused before training, without --force
        train_model([gold_file], out, config=config_path, test_sources=["101"], max_steps=5, rules=False)
    with pytest.raises(Exception, match="E412"):  # and with --force: not a model folder
        train_model([gold_file], out, config=config_path, test_sources=["101"], max_steps=5, rules=False,
                    force=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
