"""Custom spaCy attributes used by ie, installed once, idempotently, from here."""
from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_ATTRS: dict[str, object] = {
    "value": None,        # Decimal: yuan, fraction, count or points
    "unit": None,         # unit as written ('万元', '%', '人次')
    "approx": None,       # ie.contract APPROX_*
    "value_status": None,  # ie.contract VALUE_*: ok, or why value is None (ambiguous, unreadable)
    "value_reason": None,  # the reason in words, when value_status is not ok
    "role": None,         # table role: target, actual, weight, score
    "table_unit": None,   # unit declared by the table the span sits in
    "indicator": None,    # Span labelled INDICATOR, or None
    "task": None,         # Span labelled TASK, or None
    "indicator_key": None,    # canonical key of the INDICATOR (ie.indicators), or None when unmapped
    "indicator_class": None,  # (level1, level2) of that key in the indicator system
    "task_key": None,         # canonical key of the TASK when it is a funds row (年度资金总额 …), or None
    "origin": None,       # component that tagged the entity when it was a rule component
}
DOC_ATTRS: dict[str, object] = {
    "source": None,       # file name the text came from
    "clean": None,        # ie.io.clean.CleanText: map back to the original input
    "metadata": None,     # dict: unit, year, kind, score, grade
}


def install_extensions() -> None:
    """Register the ``._.`` attributes on Span and Doc (safe to call many times)."""
    for name, default in SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
