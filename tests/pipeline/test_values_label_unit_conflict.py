"""ie_values refuses a value whose written unit says another label (never a wrong number that looks right)."""
from __future__ import annotations

import spacy

from ie.attrs import install_extensions
from ie.pipeline.values import ValueNormalizer, quantity_normalizer


def _normalize(text: str, start: int, end: int, label: str):
    install_extensions()
    nlp = spacy.blank("zh")
    doc = nlp(text)
    doc.ents = [doc.char_span(start, end, label=label)]
    doc = ValueNormalizer(nlp, "ie_values", quantity_normalizer())(doc)
    return doc.ents[0]


def test_values_label_unit_conflict_is_ambiguous():
    ent = _normalize("其中本年财政拨款20万元", 8, 12, "SCORE")
    assert ent._.value is None and ent._.value_status == "ambiguous"
    assert "万元" in ent._.value_reason and "MONEY" in ent._.value_reason


def test_values_label_matching_its_unit_keeps_the_value():
    ent = _normalize("其中本年财政拨款20万元", 8, 12, "MONEY")
    assert str(ent._.value) == "200000" and ent._.value_status == "ok"


def test_values_glued_percent_cells_are_ambiguous():
    # 4000 | 4000 | 100% glued by a PDF export (derived report 064): never 40004000100%
    text = "年度资金总额: 40004000100%"
    ent = _normalize(text, 8, len(text), "PERCENT")
    assert ent._.value is None and ent._.value_status == "ambiguous"
    assert "glued" in ent._.value_reason


def test_values_large_but_plain_percent_keeps_its_value():
    ent = _normalize("同比增长1200%", 4, 9, "PERCENT")
    assert str(ent._.value) == "12" and ent._.value_status == "ok"
