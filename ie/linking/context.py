"""Build the candidate context of each quantity of a Doc (the same code for training and run time)."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..pipeline.spans import doc_text, token_offsets
from ..pipeline.table_component import form_for, row_task_for, table_link_for
from .candidates import Context


def contexts(doc: Doc, quantities: Sequence[Span | tuple[int, int, str]],
             picks: Sequence[dict], *, others: Sequence[tuple[int, int]] | None = None,
             text: str | None = None) -> list[Context]:
    """One :class:`Context` per quantity: token boundaries, the other entities, table cells, rule picks.

    ``quantities`` are Spans or ``(start, end, label)``; ``others`` are the
    spans no candidate may overlap (default: every entity of the Doc);
    ``text`` is ``doc.text`` when the caller has it already.
    """
    text = doc_text(doc) if text is None else text
    offsets = token_offsets(doc)
    bounds = sorted({s for s, _ in offsets} | {s + n for s, n in offsets})
    items = [(q.start_char, q.end_char, q.label_) if isinstance(q, Span) else q for q in quantities]
    if others is None:
        others = [(e.start_char, e.end_char) for e in doc.ents]
    out = []
    for (start, end, label), pick in zip(items, picks):
        link = table_link_for(doc, start, end)
        form = form_for(doc, start, end)
        table = {
            "indicator": link.indicator if link else None,
            "task": link.task if link else None,
            "project": form.project if form else None,
            "row": row_task_for(doc, start, end),
        }
        blocked = [o for o in others if not (o[0] == start and o[1] == end)]
        out.append(Context(text, start, end, label, bounds, blocked, table,
                           {"indicator": pick.get("indicator"), "task": pick.get("task")},
                           role=link.role if link else None,
                           in_table=link is not None))
    return out
