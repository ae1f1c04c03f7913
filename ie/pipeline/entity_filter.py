"""``ie_entity_filter``: keep a trained ``ner``'s entities only for chosen labels.

With few training documents the ``ner`` tags ORG better than the rules but
quantities worse; placed after ``ner`` this component drops the ``ner``'s
entities of the labels it should not supply (rule entities are kept).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from .spans import add_entities, split_by_cells

TABLES = "ie_tables"  # the origin of the table reader's cells
_WRITES_UNIT = re.compile(r"[\d０-９零〇一二两三四五六七八九十百千万亿].*?[^\d０-９.,，．\s]")


class EntityFilter:
    """Drop entities of ``drop_labels`` that no rule component tagged.

    With ``candidates_key`` (a ``ner`` trained on rule candidates as
    features), the rule candidates of those labels in ``doc.spans[key]``
    take the dropped entities' place: rules supply the quantities, the
    ``ner`` keeps ORG.
    """

    def __init__(self, nlp: Language, name: str, drop_labels: Iterable[str],
                 candidates_key: str | None = None, aside_key: str | None = None,
                 fill_quantities: bool = False) -> None:
        install_extensions()
        self.name = name
        self.drop_labels = set(drop_labels)
        self.candidates_key = candidates_key
        # the ner's ORG go to this span group instead (the ORG rules claim first, then fill from it)
        self.aside_key = aside_key
        # the ner's quantities stay where no rule candidate is, if they write their unit
        self.fill_quantities = fill_quantities

    def __call__(self, doc: Doc) -> Doc:
        if self.aside_key:
            doc.spans[self.aside_key] = [e for e in doc.ents if e.label_ == "ORG"]
            doc.ents = [e for e in doc.ents if e.label_ != "ORG"]
        if self.candidates_key:
            # every quantity the ner set goes, whatever its offsets: a ner entity on a candidate's
            # offsets shares the candidate's span extensions (origin) but not its label
            ner_quantities = [e for e in doc.ents if e.label_ in self.drop_labels]
            doc.ents = [e for e in doc.ents if e.label_ not in self.drop_labels]
            found = []
            if self.candidates_key in doc.spans:
                found = [s for s in doc.spans[self.candidates_key] if s.label_ in self.drop_labels]
                cells = [s for s in found if s._.origin == TABLES]
                add_entities(doc, split_by_cells(found, cells))
            if self.fill_quantities:
                # where the rules proposed nothing: the ner's quantity, unless it is a bare number
                # (a bare cell's unit is the table's, which only the table reader knows)
                taken = [(s.start_char, s.end_char) for s in found]
                add_entities(doc, [e for e in ner_quantities if _WRITES_UNIT.search(e.text)
                                   and not any(a < e.end_char and e.start_char < b for a, b in taken)])
            return doc
        doc.ents = [e for e in doc.ents if e.label_ not in self.drop_labels or e._.origin is not None]
        return doc


@Language.factory(
    "ie_entity_filter",
    default_config={"drop_labels": ["MONEY", "PERCENT", "COUNT", "SCORE"], "candidates_key": None,
                    "aside_key": None, "fill_quantities": False},
    assigns=["doc.ents", "doc.spans"],
    requires=["doc.ents"],
)
def make_entity_filter(nlp: Language, name: str, drop_labels: list[str],
                       candidates_key: str | None, aside_key: str | None, fill_quantities: bool) -> EntityFilter:
    """Factory for :class:`EntityFilter`."""
    return EntityFilter(nlp, name, drop_labels, candidates_key, aside_key, fill_quantities)
