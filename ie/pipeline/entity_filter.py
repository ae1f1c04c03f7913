"""``ie_entity_filter``: keep a trained ``ner``'s entities only for chosen labels.

With few training documents the ``ner`` tags ORG better than the rules but
quantities worse; placed after ``ner`` this component drops the ``ner``'s
entities of the labels it should not supply (rule entities are kept).
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from .spans import add_entities, split_by_cells

TABLES = "ie_tables"  # the origin of the table reader's cells


class EntityFilter:
    """Drop entities of ``drop_labels`` that no rule component tagged.

    With ``candidates_key`` (a ``ner`` trained on rule candidates as
    features), the rule candidates of those labels in ``doc.spans[key]``
    take the dropped entities' place: rules supply the quantities, the
    ``ner`` keeps ORG.
    """

    def __init__(self, nlp: Language, name: str, drop_labels: Iterable[str],
                 candidates_key: str | None = None, aside_key: str | None = None) -> None:
        install_extensions()
        self.name = name
        self.drop_labels = set(drop_labels)
        self.candidates_key = candidates_key
        # the ner's ORG go to this span group instead (the ORG rules claim first, then fill from it)
        self.aside_key = aside_key

    def __call__(self, doc: Doc) -> Doc:
        if self.aside_key:
            doc.spans[self.aside_key] = [e for e in doc.ents if e.label_ == "ORG"]
            doc.ents = [e for e in doc.ents if e.label_ != "ORG"]
        if self.candidates_key:
            # every quantity the ner set goes, whatever its offsets: a ner entity on a candidate's
            # offsets shares the candidate's span extensions (origin) but not its label
            doc.ents = [e for e in doc.ents if e.label_ not in self.drop_labels]
            if self.candidates_key in doc.spans:
                found = [s for s in doc.spans[self.candidates_key] if s.label_ in self.drop_labels]
                cells = [s for s in found if s._.origin == TABLES]
                add_entities(doc, split_by_cells(found, cells))
            return doc
        doc.ents = [e for e in doc.ents if e.label_ not in self.drop_labels or e._.origin is not None]
        return doc


@Language.factory(
    "ie_entity_filter",
    default_config={"drop_labels": ["MONEY", "PERCENT", "COUNT", "SCORE"], "candidates_key": None,
                    "aside_key": None},
    assigns=["doc.ents", "doc.spans"],
    requires=["doc.ents"],
)
def make_entity_filter(nlp: Language, name: str, drop_labels: list[str],
                       candidates_key: str | None, aside_key: str | None) -> EntityFilter:
    """Factory for :class:`EntityFilter`."""
    return EntityFilter(nlp, name, drop_labels, candidates_key, aside_key)
