"""score_ents agrees with spaCy's ents scorer and ignores labels outside the set."""
from __future__ import annotations

from spacy.scorer import get_ner_prf
from spacy.training import Example

from ie.corpus.docbin import record_to_doc
from ie.segment.tokenizer import blank
from ie.training import score_ents

from .conftest import make_record


def test_matches_spacy_get_ner_prf():
    nlp = blank("jieba")
    gold, _ = record_to_doc(make_record(1, "s", "征集提案[565件|COUNT]，执行率[100%|PERCENT]，[市政协|ORG]。"), nlp)
    pred = nlp.make_doc(gold.text)
    # one right, one wrong label, one missed
    pred.ents = [pred.char_span(4, 8, label="COUNT"), pred.char_span(12, 16, label="MONEY")]
    examples = [Example(pred, gold)]
    ours = score_ents(examples)
    theirs = get_ner_prf(examples)
    for key in ("ents_p", "ents_r", "ents_f"):
        assert abs(ours[key] - theirs[key]) < 1e-9
    assert ours["ents_per_type"]["COUNT"]["tp"] == 1
    assert ours["ents_per_type"]["MONEY"]["fp"] == 1
    assert ours["ents_per_type"]["PERCENT"]["fn"] == 1 and ours["ents_per_type"]["ORG"]["fn"] == 1


def test_labels_outside_the_set_do_not_count():
    nlp = blank("jieba")
    gold, _ = record_to_doc(make_record(1, "s", "执行率[100%|PERCENT]"), nlp)
    pred = nlp.make_doc(gold.text)
    pred.ents = [pred.char_span(0, 3, label="INDICATOR"), pred.char_span(3, 7, label="PERCENT")]
    scores = score_ents([Example(pred, gold)])
    assert scores["ents_p"] == 1.0 and scores["ents_r"] == 1.0
    assert "INDICATOR" not in scores["ents_per_type"]
