"""ie_entity_filter with candidates: rule candidates replace the ner's quantities, label included."""
from __future__ import annotations

import spacy
from spacy.tokens import Span

from ie.attrs import install_extensions
from ie.pipeline.entity_filter import EntityFilter


def _doc():
    install_extensions()
    nlp = spacy.blank("zh")
    doc = nlp("资金100万元由市财政局拨付")
    candidate = doc.char_span(2, 7, label="MONEY")
    candidate._.origin = "ie_quantity_rules"  # shared by any span on these offsets
    doc.spans["ie_rules"] = [candidate]
    ner_money = doc.char_span(2, 7, label="SCORE")  # the ner, same offsets, another label
    org = doc.char_span(8, 12, label="ORG")
    doc.ents = [ner_money, org]
    return nlp, doc


def test_entity_filter_candidates_replace_ner_quantities_with_their_own_label():
    nlp, doc = _doc()
    assert doc.ents[0]._.origin == "ie_quantity_rules"  # why the origin test alone is not enough
    doc = EntityFilter(nlp, "ie_entity_filter", ["MONEY", "PERCENT", "COUNT", "SCORE"], "ie_rules")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("100万元", "MONEY"), ("市财政局", "ORG")]


def test_entity_filter_without_candidates_keeps_rule_entities_only():
    nlp, doc = _doc()
    doc.ents = [Span(doc, 0, 1, label="COUNT"), *doc.ents[1:]]
    doc = EntityFilter(nlp, "ie_entity_filter", ["COUNT"])(doc)
    assert [e.label_ for e in doc.ents] == ["ORG"]
