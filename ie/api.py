"""Python API: ``ie.load()`` returns a pipeline, ``ie.extract(text)`` a typed result."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from .attrs import install_extensions
from .contract import QUANTITY_LABELS
from .errors import InputError, ModelError
from .io.clean import CleanText, clean_text
from .pipeline.linker import LINKS_KEY

RULES = "rules"
_SENTENCE_END = "。！？；;!?\n"


def load(model: str | Path = RULES, *, segmenter: str = "jieba") -> Language:
    """Load a pipeline: ``"rules"`` for the rules-only pipeline, or a model folder."""
    install_extensions()
    if str(model) == RULES:
        from .pipeline.build import rules_pipeline

        return rules_pipeline(segmenter)
    path = Path(model)
    if not (path / "config.cfg").is_file():
        raise ModelError("E010", model=model)
    import spacy

    return spacy.load(path)


@dataclass
class Link:
    """An INDICATOR or TASK span, with offsets in the original input."""

    text: str             # as the model read it (clean text)
    start: int            # offsets in the original input
    end: int


@dataclass
class Quantity:
    """One extracted quantity with its provenance."""

    label: str
    text: str
    start: int            # offsets in the original input
    end: int
    value: Decimal | None
    unit: str | None
    approx: str | None
    role: str | None
    indicator: Link | None
    task: Link | None
    sentence: str         # the clean sentence the quantity was read from
    value_status: str | None = None   # ok, or why value is None (ambiguous, unreadable)
    value_reason: str | None = None


@dataclass
class Entity:
    """Any entity (quantities, ORG, INDICATOR, TASK) in original offsets."""

    label: str
    text: str
    start: int
    end: int


@dataclass
class ExtractionResult:
    """What ``extract`` returns for one report."""

    source: str | None
    text: str                       # the original input
    metadata: dict[str, object]
    quantities: list[Quantity] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    misaligned: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _sentence(clean: str, start: int, end: int) -> str:
    s = start
    while s > 0 and clean[s - 1] not in _SENTENCE_END:
        s -= 1
    e = end
    while e < len(clean) and clean[e] not in _SENTENCE_END:
        e += 1
    if e < len(clean) and clean[e] not in "\n":
        e += 1
    return clean[s:e].strip()


def doc_for(text: str, nlp: Language, source: str | None = None) -> Doc:
    """Clean ``text`` and run ``nlp`` on it; the Doc keeps the offset map."""
    clean = clean_text(text)
    if len(clean.text) > nlp.max_length:
        raise InputError("E015", path=source or "(text)", chars=len(clean.text), limit=nlp.max_length)
    doc = nlp(clean.text)
    doc._.clean = clean
    doc._.source = source
    return doc


def result_from_doc(doc: Doc, original: str) -> ExtractionResult:
    """Turn an ie-processed Doc into an :class:`ExtractionResult` in original offsets."""
    clean: CleanText = doc._.clean

    def link(span: Span | None) -> Link | None:
        if span is None:
            return None
        s, e = clean.to_original(span.start_char, span.end_char)
        return Link(span.text, s, e)  # clean text reads better; offsets are original

    result = ExtractionResult(doc._.source, original, dict(doc._.metadata or {}),
                              misaligned=list(doc.user_data.get("ie.misaligned", [])))
    text = clean.text  # Doc.text rebuilds the string on every access
    spans = list(doc.ents) + list(doc.spans.get(LINKS_KEY, []))
    for span in sorted(spans, key=lambda s: s.start_char):
        s, e = clean.to_original(span.start_char, span.end_char)
        result.entities.append(Entity(span.label_, original[s:e], s, e))
        if span.label_ in QUANTITY_LABELS:
            result.quantities.append(Quantity(
                span.label_, original[s:e], s, e, span._.value, span._.unit, span._.approx, span._.role,
                link(span._.indicator), link(span._.task),
                _sentence(text, span.start_char, span.end_char),
                span._.value_status, span._.value_reason))
    return result


def extract(text: str, nlp: Language | None = None, *, source: str | None = None) -> ExtractionResult:
    """Extract every quantity of one report's text (original offsets kept)."""
    nlp = nlp or load()
    return result_from_doc(doc_for(text, nlp, source), text)
