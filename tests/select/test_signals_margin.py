"""ie.select.signals: the margin between the two best valid actions, on a blank pipeline and a tiny ner."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.training import Example

from ie.select.signals import _softmax_margin, ner_steps


def test_signals_margin_ignores_invalid_actions():
    scores = numpy.array([10.0, 0.0, 0.0, -50.0])
    # the best action overall (index 0) is invalid: the margin is between 1 and 2, which tie
    margin, best, second = _softmax_margin(scores, [False, True, True, True])
    assert margin == pytest.approx(0.0, abs=1e-9) and {best, second} == {1, 2}
    margin, best, _ = _softmax_margin(scores, [True, True, True, True])
    assert best == 0 and margin > 0.99


def test_signals_margin_single_valid_action_is_certain():
    assert _softmax_margin(numpy.array([1.0, 2.0]), [False, True]) == (1.0, 1, 1)


def test_signals_ner_steps_decode_what_the_ner_predicts():
    nlp = spacy.blank("zh")
    ner = nlp.add_pipe("ner")
    text = "预算执行率为百分之九十"
    doc = nlp.make_doc(text)
    examples = [Example.from_dict(doc, {"entities": [(0, 2, "ORG")]})]
    nlp.initialize(lambda: examples)
    for _ in range(5):
        nlp.update(examples)
    doc = nlp.make_doc(text)
    steps = ner_steps(ner, doc)
    assert steps and all(0.0 <= s.margin <= 1.0 for s in steps)
    # the decisions' best actions rebuild exactly the entities the ner sets itself
    ents, start = [], None
    for s in steps:
        move, _, label = s.best.partition("-")
        if move == "U":
            ents.append((s.token, s.token + 1, label))
        elif move == "B":
            start = s.token
        elif move == "L":
            ents.append((start, s.token + 1, label))
    predicted = ner(nlp.make_doc(text))
    assert ents == [(e.start, e.end, e.label_) for e in predicted.ents]
