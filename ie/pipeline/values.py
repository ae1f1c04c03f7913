"""``ie_values``: normalized value, unit and approximation of every quantity."""
from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..attrs import install_extensions
from ..contract import QUANTITY_LABELS, VALUE_AMBIGUOUS, VALUE_OK, VALUE_UNREADABLE
from .spans import doc_text
from .table_component import annotate_table_roles

from ..numerals import Normalized
from ..numerals.units import DEFAULT_UNITS

# returns a Normalized (v2); a (value, unit, approx) tuple (v1) is still accepted
Normalizer = Callable[..., Normalized | tuple]


@registry.misc("ie.quantity_normalizer.v2")
def quantity_normalizer() -> Normalizer:
    """The one numeral core's normalizer (:func:`ie.numerals.normalize`): value, unit, approx, status."""
    from ..numerals import normalize

    return normalize


# pipelines saved before v2 name v1; the component reads the same result from either
registry.misc.register("ie.quantity_normalizer.v1", func=quantity_normalizer)


class ValueNormalizer:
    """Set ``Span._.value``, ``._.unit``, ``._.approx`` and ``._.value_status`` on quantities.

    A value the normalizer cannot read with certainty stays ``None``, with
    ``value_status`` ``ambiguous``/``unreadable`` and ``value_reason`` saying why.
    """

    def __init__(self, nlp: Language, name: str, normalizer: Normalizer, window: int = 8) -> None:
        install_extensions()
        self.name = name
        self.normalizer = normalizer
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        annotate_table_roles(doc)  # entities a later ner added to table cells
        text = doc_text(doc)
        for ent in doc.ents:
            if ent.label_ not in QUANTITY_LABELS:
                continue
            before = text[max(0, ent.start_char - self.window):ent.start_char]
            after = text[ent.end_char:ent.end_char + self.window]
            got = self.normalizer(
                ent.text, ent.label_, before=before, after=after, table_unit=ent._.table_unit
            )
            if isinstance(got, tuple):  # a normalizer written to v1: (value, unit, approx)
                value, unit, approx = got
                got = Normalized(value, unit, approx, VALUE_OK if value is not None else VALUE_UNREADABLE)
            implied = DEFAULT_UNITS.get(got.unit or "")
            if implied is not None and implied != ent.label_ and got.value is not None:
                # the unit says another label (万元 on a SCORE, % on a MONEY): the entity is mislabelled,
                # so its value would mislead — refuse it rather than report a wrong number
                got = Normalized(None, got.unit, got.approx, VALUE_AMBIGUOUS,
                                 f"labelled {ent.label_} but its unit {got.unit} is {implied}")
            ent._.value, ent._.unit, ent._.approx = got.value, got.unit, got.approx
            ent._.value_status, ent._.value_reason = got.status, got.reason
        return doc


@Language.factory(
    "ie_values",
    default_config={"normalizer": {"@misc": "ie.quantity_normalizer.v2"}, "window": 8},
    assigns=["span._.value", "span._.unit", "span._.approx", "span._.value_status"],
    requires=["doc.ents"],
)
def make_value_normalizer(nlp: Language, name: str, normalizer: Normalizer, window: int) -> ValueNormalizer:
    """Factory for :class:`ValueNormalizer`."""
    return ValueNormalizer(nlp, name, normalizer, window)
