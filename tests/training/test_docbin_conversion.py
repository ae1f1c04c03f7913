"""records_to_docbin: aligned spans become doc.ents, misaligned ones are reported, not dropped."""
from __future__ import annotations

from spacy.tokens import DocBin

from ie.corpus.docbin import Misaligned, records_to_docbin
from ie.segment.tokenizer import blank

from .conftest import gold_records, make_record


def test_aligned_spans_become_entities():
    nlp = blank("jieba")
    records = gold_records()
    docbin, misaligned = records_to_docbin(records, nlp)
    assert misaligned == []
    docs = list(docbin.get_docs(nlp.vocab))
    assert len(docs) == len(records)
    for doc, rec in zip(docs, records):
        want = [(e["start_offset"], e["end_offset"], e["label"]) for e in rec["entities"]]
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == want
        assert doc.user_data["source"] == rec["meta"]["source"]


def test_user_data_survives_serialization():
    nlp = blank("char")
    docbin, _ = records_to_docbin(gold_records()[:2], nlp)
    again = DocBin().from_bytes(docbin.to_bytes())
    docs = list(again.get_docs(nlp.vocab))
    assert [d.user_data["source"] for d in docs] == ["100_aaaa.txt", "100_aaaa.txt"]
    assert docs[1].user_data["doc_start"] > 0


def test_docbin_splits_a_token_to_reach_a_gold_span():
    nlp = blank("jieba")
    # "3480.37万元" starts inside the number token "13480.37": the token is split there
    rec = make_record(7, "100_aaaa.txt", "部门整体支出预算数1[3480.37万元|MONEY]，执行率[98.51%|PERCENT]。",
                      doc_start=1000)
    docbin, misaligned = records_to_docbin([rec], nlp)
    assert misaligned == []
    doc = next(iter(docbin.get_docs(nlp.vocab)))
    assert [(e.text, e.label_) for e in doc.ents] == [("3480.37万元", "MONEY"), ("98.51%", "PERCENT")]


def test_misaligned_span_is_reported_with_source_offsets_and_text():
    nlp = blank("jieba")
    # a span that starts on white space cannot be placed on tokens
    rec = make_record(7, "100_aaaa.txt", "部门整体支出预算数[ 3480.37万元|MONEY]，执行率[98.51%|PERCENT]。",
                      doc_start=1000)
    docbin, misaligned = records_to_docbin([rec], nlp)
    assert misaligned == [Misaligned(source="100_aaaa.txt", unit_id=7, start=1000 + 9, end=1000 + 19,
                                     text=" 3480.37万元", label="MONEY")]
    doc = next(iter(docbin.get_docs(nlp.vocab)))
    assert [(e.text, e.label_) for e in doc.ents] == [("98.51%", "PERCENT")]
    assert "100_aaaa.txt:1009-1019 MONEY" in str(misaligned[0])


def test_only_ner_labels_are_set():
    nlp = blank("jieba")
    rec = make_record(1, "100_aaaa.txt", "[预算执行率|INDICATOR][98.51%|PERCENT]")
    docbin, misaligned = records_to_docbin([rec], nlp)
    doc = next(iter(docbin.get_docs(nlp.vocab)))
    assert [e.label_ for e in doc.ents] == ["PERCENT"]
    assert misaligned == []
    docbin, _ = records_to_docbin([rec], nlp, labels=("INDICATOR",))
    assert [e.label_ for e in next(iter(docbin.get_docs(nlp.vocab))).ents] == ["INDICATOR"]


def test_docbin_bundled_gold_has_no_misaligned_span_with_the_default_segmenter():
    """Issue #4: with the default segmenter (jieba + numeral split) every gold NER span is on token boundaries."""
    from pathlib import Path

    from ie.corpus.jsonl import read_jsonl

    root = Path(__file__).resolve().parents[2] / "annotations" / "gold"
    records = [r for name in ("reports.jsonl", "synthetic.jsonl") for r in read_jsonl(root / name)]
    _, misaligned = records_to_docbin(records, blank("jieba"))
    assert misaligned == []
