"""Rule candidates as input features of the ``ner``'s token vectors.

The rule components (``ie_quantity_rules``, ``ie_tables``) can run before
``tok2vec`` and write what they find to a span group instead of
``doc.ents``. :func:`rule_feature_embed` embeds, for every token, which
candidate label covers it and where (B, I, L, U of the BILUO scheme) and
mixes that into the word embedding. The trained ``ner`` then decides every
entity: it learns when a rule candidate is right, where its boundaries
are, and what the rules miss.

With ``feature_width = 0`` the layer is the plain word embedding, so one
config can train the ``ner`` with and without the rules.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Embed, Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d, Ints2d

# BILUO positions of a token inside a candidate span
POSITIONS: tuple[str, ...] = ("B", "I", "L", "U")


def rule_tag_ids(doc: Doc, spans_key: str, labels: Sequence[str]) -> numpy.ndarray:
    """One id per token: 0 outside any candidate, else label and BILUO position.

    Candidates of other labels are ignored; where candidates overlap, the
    one that starts first (the longer on a tie) wins.
    """
    ids = numpy.zeros((len(doc), 1), dtype="int32")
    if spans_key not in doc.spans:
        return ids
    index = {label: i for i, label in enumerate(labels)}
    for span in sorted(doc.spans[spans_key], key=lambda s: (s.start, -len(s))):
        label = index.get(span.label_)
        if label is None or ids[span.start:span.end].any():
            continue
        base = 1 + len(POSITIONS) * label
        if len(span) == 1:
            ids[span.start] = base + 3
        else:
            ids[span.start] = base
            ids[span.start + 1:span.end - 1] = base + 1
            ids[span.end - 1] = base + 2
    return ids


def RuleTags(spans_key: str, labels: Sequence[str]) -> Model[list[Doc], list[Ints2d]]:
    """A layer that reads the rule-candidate id of every token (no weights, no gradient)."""
    return Model("ie_rule_tags", _rule_tags_forward, attrs={"spans_key": spans_key, "labels": tuple(labels)})


def _rule_tags_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
    key, labels = model.attrs["spans_key"], model.attrs["labels"]
    tags = [model.ops.asarray2i(rule_tag_ids(doc, key, labels)) for doc in docs]

    def backprop(d_tags: list[Ints2d]) -> list[Doc]:
        return []

    return tags, backprop


def TokenDropout(rate: float) -> Model[list[Floats2d], list[Floats2d]]:
    """Zero whole token vectors with probability ``rate`` while training (word dropout).

    Dropping a token's word embedding, not its rule features, keeps the
    ``ner`` from memorizing the words of a small training set when the
    candidates already say what the span is.
    """
    return Model("ie_token_dropout", _token_dropout_forward, attrs={"rate": rate})


def _token_dropout_forward(model: Model, Xs: list[Floats2d], is_train: bool) -> tuple[list[Floats2d], Callable]:
    rate = model.attrs["rate"]
    if not is_train or rate <= 0:
        return Xs, lambda dYs: dYs
    masks = [model.ops.asarray2f((model.ops.xp.random.uniform(size=(len(X), 1)) >= rate).astype("float32"))
             for X in Xs]

    def backprop(dYs: list[Floats2d]) -> list[Floats2d]:
        return [dY * mask for dY, mask in zip(dYs, masks)]

    return [X * mask for X, mask in zip(Xs, masks)], backprop


@registry.architectures("ie.RuleFeatureEmbed.v1")
def rule_feature_embed(
    embed: Model[list[Doc], list[Floats2d]],
    width: int,
    spans_key: str,
    labels: list[str],
    feature_width: int = 16,
    word_dropout: float = 0.0,
) -> Model[list[Doc], list[Floats2d]]:
    """Word embedding ``embed`` plus an embedding of the rule candidates in ``doc.spans[spans_key]``.

    embed: the word embedding (e.g. ``spacy.MultiHashEmbed.v2``) of output width ``width``.
    labels: the candidate labels to tell apart; others are ignored.
    feature_width: width of the candidate embedding; 0 returns ``embed`` unchanged.
    word_dropout: share of tokens whose word embedding is zeroed in training
        (:func:`TokenDropout`).
    The two are concatenated and mixed back to ``width`` by a Maxout layer.
    """
    if feature_width <= 0:
        return embed
    n_tags = 1 + len(POSITIONS) * len(labels)
    tags = chain(RuleTags(spans_key, labels), with_array(Embed(feature_width, n_tags, column=0)))
    words = chain(embed, TokenDropout(word_dropout)) if word_dropout > 0 else embed
    model = chain(concatenate(words, tags), with_array(Maxout(width, nP=3, normalize=True)))
    model.set_ref("embed", embed)
    return model
