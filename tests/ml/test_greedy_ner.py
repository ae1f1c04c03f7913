"""``ie_ner`` decodes as spaCy's ner does: the same entities, batched or not, on a tiny model and on the shipped one."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.pipeline.ner import EntityRecognizer
from spacy.tokens import Doc
from spacy.training import Example

from ie.ml.greedy_ner import GreedyEntityRecognizer

REPO = Path(__file__).resolve().parents[2]
LABELS = ("MONEY", "PERCENT", "ORG")


def _spacy_entities(ner: GreedyEntityRecognizer, docs: list[Doc]) -> list[list[tuple]]:
    """What spaCy's own greedy loop gives with the same model and moves."""
    out = []
    for doc in docs:
        doc = doc.copy()
        EntityRecognizer.set_annotations(ner, [doc], EntityRecognizer.predict(ner, [doc]))
        out.append([(e.start, e.end, e.label_) for e in doc.ents])
    return out


def _ours(ner: GreedyEntityRecognizer, docs: list[Doc], batch: bool = False) -> list[list[tuple]]:
    docs = [d.copy() for d in docs]
    if batch:
        ner.set_annotations(docs, ner.predict(docs))
    else:
        for doc in docs:
            ner.set_annotations([doc], ner.predict([doc]))
    return [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]


@pytest.fixture(scope="module", params=[True, False], ids=["upper", "no-upper"])
def tiny(request):
    """A blank zh pipeline (one token per character) with ``ie_ner`` trained a little: entities of several tokens.

    Once with the ner's hidden layer (the shipped setting) and once without (``use_upper = false``, the scores
    straight from the state's maxout).
    """
    nlp = spacy.blank("zh")
    config = {"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                        "extra_state_tokens": False, "hidden_width": 32 if request.param else 16,
                        "maxout_pieces": 2, "use_upper": request.param, "nO": None,
                        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None,
                                    "width": 32, "depth": 2, "embed_size": 500, "window_size": 1,
                                    "maxout_pieces": 3, "subword_features": True}}}
    ner = nlp.add_pipe("ie_ner", config=config)
    rng = random.Random(0)
    phrases = [("资金", None), ("100万元", "MONEY"), ("执行率", None), ("95%", "PERCENT"), ("县财政局", "ORG"),
               ("完成", None), ("，", None), ("。", None), (" ", None), ("项目", None), ("3.5万元", "MONEY")]
    examples = []
    for _ in range(40):
        text, spans = "", []
        for phrase, label in (rng.choice(phrases) for _ in range(rng.randint(2, 9))):
            if label:
                spans.append((len(text), len(text) + len(phrase), label))
            text += phrase
        doc = nlp.make_doc(text)
        ref = nlp.make_doc(text)
        ref.ents = [ref.char_span(s, e, label=label) for s, e, label in spans]
        examples.append(Example(doc, ref))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer)
    texts = ["县财政局资金100万元，执行率95%。项目完成3.5万元", "  县 财政局。。100万元95%县", "执行率", "", "县财政局"]
    docs = [nlp.make_doc(t) for t in texts]
    sentenced = nlp.make_doc(texts[0])
    for i, token in enumerate(sentenced):  # a sentence start inside an entity's span: B and I must not cross it
        token.is_sent_start = i in (0, 8, 14)
    return nlp, ner, docs + [sentenced]


def test_greedy_ner_same_entities_as_spacy_on_a_tiny_model(tiny):
    nlp, ner, docs = tiny
    assert isinstance(ner, GreedyEntityRecognizer)
    expected = _spacy_entities(ner, docs)
    assert _ours(ner, docs) == expected
    assert _ours(ner, docs, batch=True) == expected
    assert any(expected), "the tiny model should find some entities"


def test_greedy_ner_preset_entities_go_to_spacys_loop(tiny):
    nlp, ner, docs = tiny
    doc = docs[0].copy()
    doc.ents = [doc.char_span(0, 4, label="ORG")]
    kind, _ = ner.predict([doc])
    assert kind == "spacy"
    ner.set_annotations([doc], ner.predict([doc]))
    assert (doc.ents[0].start_char, doc.ents[0].end_char, doc.ents[0].label_) == (0, 4, "ORG")


@pytest.mark.slow
def test_greedy_ner_same_entities_as_spacy_on_the_bundled_reports():
    import ie

    nlp = ie.load(str(REPO / "models" / "ie_zh"))
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, GreedyEntityRecognizer)
    paths = sorted((REPO / "annotations" / "raw").glob("*.txt")) + sorted((REPO / "annotations" / "raw" / "derived").glob("*.txt"))
    before = nlp.pipe_names[: nlp.pipe_names.index("ner")]
    docs = []
    for path in paths:
        doc = nlp.make_doc(path.read_text(encoding="utf-8"))
        for name in before:
            doc = nlp.get_pipe(name)(doc)
        docs.append(doc)
    expected = _spacy_entities(ner, docs)
    assert sum(map(len, expected)) > 1000
    assert _ours(ner, docs) == expected
    assert _ours(ner, docs[:12], batch=True) == expected[:12]
