"""ie.ml.rule_features: rule candidates as ner input features."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.ml.models import MultiHashEmbed
from spacy.training import Example
from spacy.util import fix_random_seed, registry

from ie.ml.rule_features import TokenDropout, rule_feature_embed, rule_tag_ids

LABELS = ["MONEY", "PERCENT", "ORG"]


@pytest.fixture
def doc():
    nlp = spacy.blank("zh")  # characters: one token each
    doc = nlp("市政协资金245万元，率99%")
    doc.spans["cands"] = [doc.char_span(0, 3, "ORG"), doc.char_span(5, 10, "MONEY"),
                          doc.char_span(6, 8, "PERCENT"),   # overlaps the MONEY: the earlier one wins
                          doc.char_span(12, 15, "PERCENT"),
                          doc.char_span(3, 5, "COUNT")]     # not a feature label: ignored
    return doc


def test_rule_features_tag_ids_are_label_and_biluo_position(doc):
    ids = rule_tag_ids(doc, "cands", LABELS).ravel().tolist()
    org, money, percent = 1 + 4 * 2, 1, 1 + 4
    assert ids == [org, org + 1, org + 2,          # 市政协: B I L
                   0, 0,                           # 资金: a COUNT candidate, not a feature label
                   money, money + 1, money + 1, money + 1, money + 2,   # 245万元
                   0, 0,                           # ，率
                   percent, percent + 1, percent + 2]


def test_rule_features_single_token_candidate_is_u():
    nlp = spacy.blank("zh")
    doc = nlp("甲乙")
    doc.spans["cands"] = [doc.char_span(1, 2, "MONEY")]
    assert rule_tag_ids(doc, "cands", LABELS).ravel().tolist() == [0, 4]


def test_rule_features_missing_group_gives_zeros():
    doc = spacy.blank("zh")("甲乙丙")
    assert rule_tag_ids(doc, "cands", LABELS).ravel().tolist() == [0, 0, 0]


def _embed(feature_width: int, word_dropout: float = 0.0):
    words = MultiHashEmbed(width=8, attrs=["NORM"], rows=[50], include_static_vectors=False)
    return rule_feature_embed(words, 8, "cands", LABELS, feature_width, word_dropout), words


def test_rule_features_change_the_token_vectors(doc):
    model, _ = _embed(4)
    model.initialize(X=[doc])
    with_candidates = model.predict([doc])[0]
    del doc.spans["cands"]
    without = model.predict([doc])[0]
    assert with_candidates.shape == without.shape == (len(doc), 8)
    assert not numpy.allclose(with_candidates[0], without[0])      # 市: an ORG candidate before
    numpy.testing.assert_allclose(with_candidates[3], without[3])  # 资: no candidate either way


def test_rule_features_width_zero_is_the_word_embedding():
    model, words = _embed(0)
    assert model is words


def test_rule_features_architecture_is_registered():
    assert registry.architectures.get("ie.RuleFeatureEmbed.v1") is rule_feature_embed


def test_rule_features_token_dropout_only_while_training():
    layer = TokenDropout(0.5)
    X = [numpy.ones((200, 3), dtype="float32")]
    Y, _ = layer(X, is_train=False)
    assert Y[0] is X[0]
    Y, backprop = layer(X, is_train=True)
    rows = Y[0].sum(axis=1)
    assert set(rows.tolist()) == {0.0, 3.0} and 40 < (rows == 0).sum() < 160  # whole rows, about half
    dX = backprop([numpy.ones((200, 3), dtype="float32")])
    numpy.testing.assert_array_equal(dX[0], Y[0])  # no gradient through a dropped token


def test_rule_features_ner_learns_from_candidates_and_round_trips(tmp_path):
    """A tiny ner with only rule features learns to copy the candidates, and loads back."""
    fix_random_seed(0)  # the tiny ner must learn the same way every run
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_quantity_rules", config={"spans_key": "ie_rules", "orgs": False})
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "ie.RuleFeatureEmbed.v1", "width": 16, "spans_key": "ie_rules",
                  "labels": ["MONEY", "PERCENT", "COUNT", "SCORE"], "feature_width": 8,
                  "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 16, "attrs": ["SHAPE"],
                            "rows": [10], "include_static_vectors": False}},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16, "depth": 1,
                   "window_size": 1, "maxout_pieces": 2}}})
    nlp.add_pipe("ner")
    texts = ["资金12万元", "征集提案5件", "执行率9%", "得分8分", "资金3万元，提案7件"]
    examples = []
    for text in texts:
        doc = nlp.make_doc(text)
        ruled = nlp.get_pipe("ie_quantity_rules")(nlp.make_doc(text))
        cands = ruled.spans["ie_rules"]
        examples.append(Example.from_dict(doc, {"entities": [(s.start_char, s.end_char, s.label_)
                                                             for s in cands]}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(60):
        nlp.update(examples, sgd=optimizer, annotates=["ie_quantity_rules"])
    doc = nlp("资金45万元")
    assert [(e.text, e.label_) for e in doc.ents] == [("45万元", "MONEY")]
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    assert [(e.text, e.label_) for e in loaded("资金45万元").ents] == [("45万元", "MONEY")]
