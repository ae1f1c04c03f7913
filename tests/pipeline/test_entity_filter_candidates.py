"""ie_entity_filter with candidates: rule candidates replace the ner's quantities, label included."""
from __future__ import annotations

import spacy
from spacy.tokens import Span

from ie.attrs import install_extensions
from ie.pipeline.entity_filter import EntityFilter
from ie.pipeline.spans import char_spans


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


def test_entity_filter_candidates_a_run_the_table_reader_cut_gives_way_to_its_cells():
    install_extensions()
    nlp = spacy.blank("zh")
    doc = nlp("年度资金总额 50万元47.6895.00%")
    # split the run where the table reader cut it (ie_tables does this through char_spans)

    run, execution, rate = char_spans(doc, [(11, 22, "PERCENT"), (11, 16, "MONEY"), (16, 22, "PERCENT")], "x")
    run._.origin = "ie_quantity_rules"
    for cell in (execution, rate):
        cell._.origin = "ie_tables"
    doc.spans["ie_rules"] = [run, execution, rate]
    doc = EntityFilter(nlp, "ie_entity_filter", ["MONEY", "PERCENT", "COUNT", "SCORE"], "ie_rules")(doc)
    assert [e.text for e in doc.ents] == ["47.68", "95.00%"]


def test_entity_filter_candidates_one_cell_inside_a_run_does_not_cut_it():
    install_extensions()
    nlp = spacy.blank("zh")
    doc = nlp("合计 1,234.56万元")

    run, cell = char_spans(doc, [(3, 13, "MONEY"), (3, 11, "MONEY")], "x")
    run._.origin = "ie_quantity_rules"
    cell._.origin = "ie_tables"
    doc.spans["ie_rules"] = [run, cell]
    doc = EntityFilter(nlp, "ie_entity_filter", ["MONEY", "PERCENT", "COUNT", "SCORE"], "ie_rules")(doc)
    assert [e.text for e in doc.ents] == ["1,234.56万元"]


def _fill_doc():
    install_extensions()
    nlp = spacy.blank("zh")
    doc = nlp("资金100万元，培训320人次，表中4000")
    candidate = doc.char_span(2, 7, label="MONEY")
    candidate._.origin = "ie_quantity_rules"
    doc.spans["ie_rules"] = [candidate]
    # the ner: the same money, a count the rules missed, a bare number
    doc.ents = [doc.char_span(2, 7, label="MONEY"), doc.char_span(10, 15, label="COUNT"),
                doc.char_span(18, 22, label="MONEY")]
    return nlp, doc


def test_entity_filter_fill_keeps_ner_quantities_where_no_candidate_is():
    nlp, doc = _fill_doc()
    doc = EntityFilter(nlp, "ie_entity_filter", ["MONEY", "PERCENT", "COUNT", "SCORE"], "ie_rules",
                       fill_quantities=True)(doc)
    # the bare 4000 stays out: its unit would be the table's, which only the table reader knows
    assert [(e.text, e.label_) for e in doc.ents] == [("100万元", "MONEY"), ("320人次", "COUNT")]


def test_entity_filter_without_fill_drops_every_ner_quantity():
    nlp, doc = _fill_doc()
    doc = EntityFilter(nlp, "ie_entity_filter", ["MONEY", "PERCENT", "COUNT", "SCORE"], "ie_rules")(doc)
    assert [e.text for e in doc.ents] == ["100万元"]
