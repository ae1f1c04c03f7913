"""Run a trained pipeline over gold units and write its output as contract records.

This is what the training workflow (training/project.yml) hands to
``ie evaluate --pred``: one prediction record per gold unit, same ``id``,
``text`` and ``meta``, with the pipeline's entities (and, when the rule
components ran, the normalized values and the indicator/task links).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..contract import QUANTITY_LABELS, REL_INDICATOR, REL_TASK
from ..errors import AnnotationError, ModelError
from ..segment import tokenizer as _tokenizer  # noqa: F401  (registers "ie.zh_tokenizer.v1")
from .train import import_rule_factories

_VALUE_ATTRS: tuple[str, ...] = ("value", "unit", "approx", "role")


def load_model(path: str | Path) -> Language:
    """Load a pipeline written by ``ie train`` (registering ie's factories first); E409 if absent."""
    path = Path(path)
    if not (path / "meta.json").is_file() or not (path / "config.cfg").is_file():
        raise ModelError("E409", path=path)
    import_rule_factories()
    return spacy.load(path)


def _ext(span: Span, name: str) -> object:
    return getattr(span._, name) if Span.has_extension(name) else None


def doc_to_record(doc: Doc, record: dict) -> dict:
    """The contract record for ``doc`` (the pipeline's output on ``record['text']``)."""
    entities: list[dict] = []
    relations: list[dict] = []
    ids: dict[tuple[int, int, str], int] = {}

    def entity_id(span: Span, label: str) -> int:
        key = (span.start_char, span.end_char, label)
        if key not in ids:
            ids[key] = len(entities) + 1
            entities.append({"id": ids[key], "label": label, "start_offset": span.start_char,
                             "end_offset": span.end_char})
        return ids[key]

    for ent in doc.ents:
        eid = entity_id(ent, ent.label_)
        if ent.label_ not in QUANTITY_LABELS:
            continue
        item = entities[eid - 1]
        for name in _VALUE_ATTRS:
            value = _ext(ent, name)
            if value is not None:
                item[name] = value if isinstance(value, (str, int, float)) else str(value)
        for rel_type, attr, label in ((REL_INDICATOR, "indicator", "INDICATOR"), (REL_TASK, "task", "TASK")):
            target = _ext(ent, attr)
            if isinstance(target, Span):
                relations.append({"id": len(relations) + 1, "from_id": eid,
                                  "to_id": entity_id(target, label), "type": rel_type})
    return {"id": record.get("id"), "text": doc.text, "meta": dict(record.get("meta") or {}),
            "entities": entities, "relations": relations}


def predict_records(nlp: Language, records: Sequence[dict], *, batch_size: int = 8) -> Iterable[dict]:
    """Yield one prediction record per input record (its ``text`` run through ``nlp``)."""
    for index, rec in enumerate(records):
        if not isinstance(rec.get("text"), str):
            raise AnnotationError("E407", index=index, id=rec.get("id"), problem="no 'text' string")
    texts = (rec["text"] for rec in records)
    for doc, rec in zip(nlp.pipe(texts, batch_size=batch_size), records):
        yield doc_to_record(doc, rec)
