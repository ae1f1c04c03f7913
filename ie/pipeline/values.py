"""``ie_values``: normalized value, unit and approximation of every quantity."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..attrs import install_extensions
from ..contract import QUANTITY_LABELS
from .table_component import annotate_table_roles

Normalizer = Callable[..., tuple[Decimal | None, str | None, str]]


@registry.misc("ie.quantity_normalizer.v1")
def quantity_normalizer() -> Normalizer:
    """The rule normalizer of :mod:`ie.pipeline.quantities`."""
    from .quantities import normalize

    return normalize


class ValueNormalizer:
    """Set ``Span._.value``, ``._.unit`` and ``._.approx`` on quantity entities."""

    def __init__(self, nlp: Language, name: str, normalizer: Normalizer, window: int = 6) -> None:
        install_extensions()
        self.name = name
        self.normalizer = normalizer
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        annotate_table_roles(doc)  # entities a later ner added to table cells
        text = doc.text
        for ent in doc.ents:
            if ent.label_ not in QUANTITY_LABELS:
                continue
            before = text[max(0, ent.start_char - self.window):ent.start_char]
            after = text[ent.end_char:ent.end_char + self.window]
            value, unit, approx = self.normalizer(
                ent.text, ent.label_, before=before, after=after, table_unit=ent._.table_unit
            )
            ent._.value, ent._.unit, ent._.approx = value, unit, approx
        return doc


@Language.factory(
    "ie_values",
    default_config={"normalizer": {"@misc": "ie.quantity_normalizer.v1"}, "window": 6},
    assigns=["span._.value", "span._.unit", "span._.approx"],
    requires=["doc.ents"],
)
def make_value_normalizer(nlp: Language, name: str, normalizer: Normalizer, window: int) -> ValueNormalizer:
    """Factory for :class:`ValueNormalizer`."""
    return ValueNormalizer(nlp, name, normalizer, window)
