"""Put character spans on a Doc without dropping any silently."""
from __future__ import annotations

from spacy.tokens import Doc, Span

MISALIGNED_KEY = "ie.misaligned"


def char_span(doc: Doc, start: int, end: int, label: str, origin: str, text: str | None = None) -> Span | None:
    """Return the token-aligned span for ``[start, end)``, or record why there is none.

    A span that does not fall on token boundaries is listed in
    ``doc.user_data["ie.misaligned"]`` with its offsets, text and origin.
    Pass ``text`` (``doc.text``) when calling in a loop: Doc.text is rebuilt
    on every access.
    """
    span = doc.char_span(start, end, label=label)
    if span is not None:
        span._.origin = origin
    if span is None:
        doc.user_data.setdefault(MISALIGNED_KEY, []).append(
            {"start": start, "end": end, "text": (doc.text if text is None else text)[start:end], "label": label, "origin": origin}
        )
    return span


def add_entities(doc: Doc, spans: list[Span]) -> None:
    """Add spans to ``doc.ents``, keeping existing ones where they overlap."""
    taken = set()
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
    new = list(doc.ents)
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        new.append(span)
    doc.ents = sorted(new, key=lambda s: s.start)


def put_spans(doc: Doc, spans: list[Span], spans_key: str | None) -> None:
    """Entities when ``spans_key`` is None (:func:`add_entities`), else candidates appended to that group.

    Candidates may overlap: the rule components that feed the ``ner`` propose, it decides.
    """
    if not spans_key:
        add_entities(doc, spans)
    elif spans_key in doc.spans:
        doc.spans[spans_key].extend(spans)
    else:
        doc.spans[spans_key] = spans
