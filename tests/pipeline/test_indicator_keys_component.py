"""ie_indicator_keys: keys on quantities from their links; the taxonomy is saved with the pipeline."""
from __future__ import annotations

from pathlib import Path

import spacy

from ie.attrs import install_extensions
from ie.indicators.taxonomy import Taxonomy


def _doc(nlp):
    install_extensions()
    doc = nlp.make_doc("支出执行率96%，年度资金总额50万元。")
    rate, ind = doc.char_span(5, 8, label="PERCENT"), doc.char_span(0, 5, label="INDICATOR")
    money, task = doc.char_span(15, 19, label="MONEY"), doc.char_span(9, 15, label="TASK")
    doc.ents = [rate, money]
    doc.ents[0]._.indicator = ind
    doc.ents[1]._.task = task
    return doc


def test_indicator_keys_component_sets_keys_from_links():
    nlp = spacy.blank("zh")
    pipe = nlp.add_pipe("ie_indicator_keys")
    doc = pipe(_doc(nlp))
    rate, money = doc.ents
    assert rate._.indicator_key == "funds.execution_rate" and rate._.indicator_class == ("过程", "资金管理")
    assert money._.indicator_key is None and money._.task_key == "funds.total"


def test_indicator_keys_component_saves_its_taxonomy(tmp_path: Path):
    nlp = spacy.blank("zh")
    pipe = nlp.add_pipe("ie_indicator_keys")
    data = Taxonomy.default().to_dict()
    for key in data["keys"]:
        if key["key"] == "funds.execution_rate":
            key["terms"].remove("支出执行率")
            key["patterns"] = []
    pipe.taxonomy = Taxonomy.from_dict(data)
    nlp.to_disk(tmp_path / "p")
    assert (tmp_path / "p" / "ie_indicator_keys" / "taxonomy.json").is_file()
    loaded = spacy.load(tmp_path / "p")   # found through the spacy_factories entry point
    doc = loaded.get_pipe("ie_indicator_keys")(_doc(loaded))
    assert doc.ents[0]._.indicator_key is None   # the saved taxonomy, not the shipped one
