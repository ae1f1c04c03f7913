"""Convert contract JSONL records into spaCy training data (:class:`DocBin`).

Each record (an annotation unit) becomes one ``Doc``, tokenized by the
pipeline's own tokenizer, with ``doc.ents`` set from the entities whose label
the ``ner`` learns. A gold span whose edges fall inside a token cannot be
learned by a token-based ``ner``; it is never dropped silently: it is returned
as a :class:`Misaligned` item, and its tokens are marked as *missing*
annotation (neither entity nor outside), so the model is not taught that the
span is not an entity.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from ..contract import NER_LABELS
from ..errors import AnnotationError

SOURCE_KEY = "source"
DOC_START_KEY = "doc_start"
UNIT_KEY = "unit_id"


@dataclass(frozen=True)
class Misaligned:
    """A gold span whose edges do not fall on token boundaries.

    ``start``/``end`` are offsets in the whole source document
    (``meta.doc_start`` + offset in the unit), end exclusive.
    """

    source: str
    unit_id: object
    start: int
    end: int
    text: str
    label: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-serializable form."""
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.source}:{self.start}-{self.end} {self.label} {self.text!r} (unit {self.unit_id})"


def _record_text(record: dict, index: int) -> str:
    text = record.get("text")
    if not isinstance(text, str):
        raise AnnotationError("E407", index=index, id=record.get("id"), problem="no 'text' string")
    return text


def _entity_offsets(record: dict, index: int, size: int) -> Iterable[tuple[int, int, str]]:
    for ent in record.get("entities") or ():
        try:
            start, end, label = int(ent["start_offset"]), int(ent["end_offset"]), str(ent["label"])
        except (KeyError, TypeError, ValueError):
            raise AnnotationError("E407", index=index, id=record.get("id"),
                                  problem=f"entity without start_offset/end_offset/label: {ent!r}") from None
        if not 0 <= start < end <= size:
            raise AnnotationError("E407", index=index, id=record.get("id"),
                                  problem=f"entity offsets {start}-{end} outside the text (length {size})")
        yield start, end, label


def record_to_doc(
    record: dict, nlp: Language, labels: Sequence[str] = NER_LABELS, *, index: int = 0, clean: bool = True
) -> tuple[Doc, list[Misaligned]]:
    """Tokenize one record and set its entities; return the doc and its misaligned spans.

    With ``clean`` (the default) the text is cleaned as ``ie.extract`` cleans
    its input, so the model learns on the text it will read; gold offsets are
    mapped to it. Tokens that straddle a gold edge are split, as the rule
    components split them at run time. A span that still cannot be placed
    (its edges were cleaned away) is returned as :class:`Misaligned`.
    """
    from ..io.clean import clean_text
    from ..pipeline.spans import split_tokens_at

    raw = _record_text(record, index)
    cleaned = clean_text(raw) if clean else None
    text = cleaned.text if cleaned is not None else raw
    meta = record.get("meta") or {}
    source = str(meta.get(SOURCE_KEY, ""))
    doc_start = int(meta.get(DOC_START_KEY, 0) or 0)
    doc = nlp.make_doc(text)
    wanted: list[tuple[int, int, str, int, int]] = []
    misaligned: list[Misaligned] = []
    for start, end, label in sorted(_entity_offsets(record, index, len(raw))):
        if label not in labels:
            continue
        mapped = cleaned.from_original(start, end) if cleaned is not None else (start, end)
        if mapped is None or text[mapped[0]:mapped[1]] != text[mapped[0]:mapped[1]].strip():
            misaligned.append(Misaligned(source=source, unit_id=record.get("id"), start=doc_start + start,
                                         end=doc_start + end, text=raw[start:end], label=label))
            continue
        wanted.append((*mapped, label, start, end))
    split_tokens_at(doc, (c for s, e, _, _, _ in wanted for c in (s, e)))
    ents: list[Span] = []
    missing: list[Span] = []
    for s, e, label, start, end in wanted:
        span = doc.char_span(s, e, label=label, alignment_mode="strict")
        if span is not None:
            ents.append(span)
            continue
        misaligned.append(Misaligned(source=source, unit_id=record.get("id"), start=doc_start + start,
                                     end=doc_start + end, text=raw[start:end], label=label))
        expanded = doc.char_span(s, e, alignment_mode="expand")
        if expanded is not None:
            missing.append(expanded)
    # a missing region must not share a token with an aligned entity
    taken = {i for span in ents for i in range(span.start, span.end)}
    free: list[Span] = []
    for span in missing:
        tokens = [i for i in range(span.start, span.end) if i not in taken]
        taken.update(tokens)
        free.extend(doc[i:i + 1] for i in tokens)
    doc.set_ents(ents, missing=free, default="outside")
    doc.user_data[SOURCE_KEY] = source
    doc.user_data[DOC_START_KEY] = doc_start
    doc.user_data[UNIT_KEY] = record.get("id")
    return doc, misaligned


def records_to_docbin(
    records: Iterable[dict], nlp: Language, labels: Sequence[str] = NER_LABELS
) -> tuple[DocBin, list[Misaligned]]:
    """Convert contract records to a :class:`DocBin` (user data kept) and list misaligned spans.

    ``nlp`` supplies the tokenizer (use the pipeline that will be trained, so
    tokens match); only entities whose label is in ``labels`` are set.
    """
    docbin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=True)
    misaligned: list[Misaligned] = []
    for index, record in enumerate(records):
        doc, bad = record_to_doc(record, nlp, labels, index=index)
        docbin.add(doc)
        misaligned.extend(bad)
    return docbin, misaligned


def data_hash(paths: Iterable[str | Path]) -> str:
    """sha256 over the files' bytes, files taken in order of their names.

    Each file contributes its own sha256 digest, so a byte moving from the end
    of one file to the start of the next changes the hash.
    """
    total = hashlib.sha256()
    for path in sorted((Path(p) for p in paths), key=lambda p: (p.name, str(p))):
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        total.update(h.digest())
    return total.hexdigest()
