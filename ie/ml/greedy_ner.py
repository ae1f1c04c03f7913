"""``ie_ner``: spaCy's entity recognizer with its greedy decoding done in numpy, outside the entities at once.

spaCy 3.8's transition loop (``Parser._parseC``) calls the move validity
tests of every action for every token, and each of those reads the buffer
through ``StateC::B``, which the Cython-3 build of spaCy compiles with a
check that takes the GIL: most of the ner's time is the GIL taken and
dropped (``perf`` shows ``take_gil``/``drop_gil`` above 40 % of it, the
arithmetic under 3 %), whether the docs come one at a time or batched.

The BILUO system leaves little to decode step by step: outside an entity
the state's features are the current token and two padding slots, so the
scores of every token seen from outside are one matrix product; only the
tokens inside an entity need their own step (their features name the
entity's first and the previous token). This component keeps spaCy's
model, weights, training and serialization (it *is* an
``EntityRecognizer``), and replaces only the greedy ``predict`` for docs
with no preset entities; beam search and preset entities go to spaCy's
own loop. The entities are the same as spaCy's (``tests/ml/test_greedy_ner.py``
compares them on the bundled reports); the scores are the same sums in
the same order, so only a tie within float rounding could differ.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline.ner import DEFAULT_NER_MODEL, EntityRecognizer
from spacy.tokens import Doc, Span
from thinc.api import Model, set_dropout_rate

_MOVES = {"B": 1, "I": 2, "L": 3, "U": 4}
_OUT = 5


@dataclass(frozen=True)
class _MoveTable:
    """What each class of the transition system does."""

    move: numpy.ndarray            # B, I, L, U or O per class
    label: list[str]               # its entity label ("" for O and the blocked U-)
    labelled: numpy.ndarray        # whether it has one
    out: int                       # the O class
    inside: dict[str, list[int]]   # per label, the I and L classes


class GreedyEntityRecognizer(EntityRecognizer):
    """An ``EntityRecognizer`` whose greedy prediction runs in numpy (same model, same entities)."""

    def predict(self, docs: Iterable[Doc]):  # noqa: ANN201 - spaCy's states or this component's spans
        docs = list(docs)
        if self.cfg.get("beam_width", 1) != 1 or not docs or not self._plain(docs):
            return ("spacy", super().predict(docs))
        return ("ie", self._decode(docs))

    def set_annotations(self, docs: Iterable[Doc], predicted) -> None:  # noqa: ANN001
        kind, result = predicted
        if kind == "spacy":
            super().set_annotations(docs, result)
            return
        for doc, spans in zip(docs, result):
            # as BiluoPushDown.set_annotations: the entities, every other token O
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in spans], default="outside")
            for hook in self.postprocesses:
                hook(doc)

    @staticmethod
    def _plain(docs: list[Doc]) -> bool:
        """No token carries a preset entity tag: validity is then the plain BILUO rules."""
        return all(not doc.to_array([ENT_IOB]).any() for doc in docs)

    def _move_table(self) -> _MoveTable:
        """The move and label of each class, from the transition system's names (B-ORG, U-MONEY, O …)."""
        moves, labels, out = [], [], -1
        inside: dict[str, list[int]] = {}
        for i in range(self.moves.n_moves):
            name = self.moves.get_class_name(i)
            move, _, label = ("O", "", "") if name == "O" else name.partition("-")
            moves.append(_OUT if name == "O" else _MOVES[move])
            labels.append(label)
            if name == "O":
                out = i
            elif moves[-1] in (_MOVES["I"], _MOVES["L"]):
                inside.setdefault(label, []).append(i)
        return _MoveTable(numpy.asarray(moves), labels, numpy.asarray([bool(x) for x in labels]), out, inside)

    def _decode(self, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
        tb = self.model
        set_dropout_rate(tb, 0.0)  # as spaCy's greedy_parse: a model saved after prediction records no dropout
        tokvecs = tb.get_ref("tok2vec").predict(docs)
        lower = tb.get_ref("lower")
        cached = lower.predict(tokvecs)            # (tokens + 1, nF, nH, nP); row 0 is the padding
        bias = lower.get_param("b")                # (nH, nP)
        upper = tb.get_ref("upper") if tb.attrs.get("has_upper", True) else None
        W = upper.get_param("W") if upper is not None else None
        b = upper.get_param("b") if upper is not None else None
        mask = numpy.ones((self.moves.n_moves,), dtype="f")
        unseen = tb.attrs.get("unseen_classes") or set()
        for c in unseen:
            mask[c] = 0
        table = self._move_table()

        def scores(unmaxed: numpy.ndarray) -> numpy.ndarray:
            hidden = (unmaxed + bias).max(axis=-1)
            s = hidden @ W.T + b if W is not None else hidden
            if unseen:
                s = numpy.where(mask > 0, s, s.min(axis=-1, keepdims=True))
            return s

        # outside an entity the features are (B0, padding, padding): every token at once
        outside = scores(cached[1:, 0] + cached[0, 1] + cached[0, 2])
        results = []
        offset = 0
        for doc in docs:
            n = len(doc)
            results.append(_walk(doc, cached, offset, outside[offset:offset + n], scores, table))
            offset += n
        return results



def _walk(doc: Doc, cached: numpy.ndarray, offset: int, outside: numpy.ndarray, scores,  # noqa: ANN001
          table: _MoveTable) -> list[tuple[int, int, str]]:
    """One doc's entities: the outside moves read off ``outside``, the inside ones stepped with ``scores``."""
    n = len(doc)
    if n == 0:
        return []
    moves = table.move
    arr = doc.to_array([IS_SPACE, SENT_START])
    space = arr[:, 0].astype(bool)
    # B and I need the next token in the same sentence
    next_starts = numpy.zeros(n, dtype=bool)
    next_starts[:-1] = arr[1:, 1] == 1
    last = numpy.zeros(n, dtype=bool)
    last[-1] = True
    # valid from outside: O always; B off the last token, off whitespace, not before a sentence start; U off whitespace
    valid = numpy.zeros((n, len(moves)), dtype=bool)
    valid[:, table.out] = True
    valid[:, (moves == _MOVES["B"]) & table.labelled] = (~last & ~space & ~next_starts)[:, None]
    valid[:, (moves == _MOVES["U"]) & table.labelled] = (~space)[:, None]
    # the first maximum, as arg_max_if_valid
    guesses = numpy.where(valid, outside, -numpy.inf).argmax(axis=1)
    spans = []
    i = 0
    while i < n:
        guess = int(guesses[i])
        if moves[guess] != _MOVES["B"]:
            if moves[guess] == _MOVES["U"]:
                spans.append((i, i + 1, table.label[guess]))
            i += 1
            continue
        start, label = i, table.label[guess]
        i += 1
        while True:
            # inside: features (B0, the entity's first token, the previous token)
            s = scores(cached[1 + offset + i, 0] + cached[1 + offset + start, 1] + cached[offset + i, 2])
            best, best_score = -1, None
            for c in table.inside[label]:  # I needs a next token in the same sentence; L is always valid
                if moves[c] == _MOVES["I"] and (i == n - 1 or next_starts[i]):
                    continue
                if best == -1 or s[c] > best_score:
                    best, best_score = c, s[c]
            i += 1
            if moves[best] == _MOVES["L"]:
                spans.append((start, i, label))
                break
    return spans


@Language.factory(
    "ie_ner",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "model": DEFAULT_NER_MODEL,
        "incorrect_spans_key": None,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_greedy_ner(nlp: Language, name: str, model: Model, moves, update_with_oracle_cut_size: int,  # noqa: ANN001
                    incorrect_spans_key: str | None, scorer) -> GreedyEntityRecognizer:  # noqa: ANN001
    """spaCy's ``ner`` (same config, same weights) with the greedy decoding of :class:`GreedyEntityRecognizer`."""
    return GreedyEntityRecognizer(nlp.vocab, model, name, moves=moves,
                                  update_with_oracle_cut_size=update_with_oracle_cut_size,
                                  incorrect_spans_key=incorrect_spans_key, scorer=scorer)


__all__ = ["GreedyEntityRecognizer", "make_greedy_ner"]
