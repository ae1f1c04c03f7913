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
SHIPPED_MODEL = "ie_zh"


def shipped_model_path() -> Path | None:
    """The bundled model, found from the package itself (never from the current folder).

    ``models/ie_zh`` beside the ``ie`` package (a clone installed with
    ``pip install -e .``), or an installed spaCy package named ``ie_zh``;
    None when neither exists.
    """
    beside = Path(__file__).resolve().parents[1] / "models" / SHIPPED_MODEL
    if (beside / "config.cfg").is_file():
        return beside
    try:
        import importlib.util

        spec = importlib.util.find_spec(SHIPPED_MODEL)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        package = Path(spec.origin).parent
        for candidate in [package, *sorted(package.glob(f"{SHIPPED_MODEL}-*"))]:
            if (candidate / "config.cfg").is_file():
                return candidate
    return None


def default_model() -> str:
    """The model every entry point uses by default: ``$IE_MODEL``, else the shipped model, else rules.

    ``ie.load()``, ``ie extract`` and ``ie info`` all resolve it here.
    """
    import os

    if os.environ.get("IE_MODEL"):
        return os.environ["IE_MODEL"]
    shipped = shipped_model_path()
    return str(shipped) if shipped is not None else RULES


OPS: tuple[str, ...] = ("ie", "thinc")


def load(model: str | Path | None = None, *, segmenter: str = "jieba", ops: str = "ie") -> Language:
    """Load a pipeline: a model folder, ``"rules"`` for the rules-only pipeline, or the default.

    Without ``model``: :func:`default_model` (``$IE_MODEL``, else the shipped
    ``ie_zh``, else the rules). ``ops``: ``"ie"`` runs the model's matrix
    products on numpy (:mod:`ie.ml.ops`, faster, in one process and in several
    with one BLAS thread each), ``"thinc"`` on thinc's default (blis).
    """
    install_extensions()
    if ops not in OPS:
        raise ModelError("E016", ops=ops, choices=", ".join(OPS))
    model = default_model() if model is None else model
    if str(model) == RULES:
        from .pipeline.build import rules_pipeline

        return rules_pipeline(segmenter)
    path = Path(model)
    if not (path / "config.cfg").is_file():
        raise ModelError("E010", model=model)
    import spacy

    if ops == "thinc":
        return spacy.load(path)
    from .ml.ops import ie_ops

    with ie_ops():  # numpy's matrix products: the same entities, faster in one process (ie.ml.ops)
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
    # where the quantity sits in a self-evaluation form: its 一级/二级指标 and the form's header block
    level1: str | None = None
    level2: str | None = None
    project: str | None = None        # 项目名称
    department: str | None = None     # 主管部门
    implementer: str | None = None    # 实施单位 (资金使用单位, 预算单位名称 …)
    # the canonical key of the INDICATOR (ie.indicators; None when unmapped), its class, the key of a funds-row TASK
    indicator_key: str | None = None
    key_level1: str | None = None
    key_level2: str | None = None
    task_key: str | None = None


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
    from .pipeline.spans import SENTENCE_END, sentence_bounds

    s, e = sentence_bounds(clean, start, end, SENTENCE_END)
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
                span.label_, original[s:e], s, e, span._.value, span._.unit, span._.approx,
                span._.role, link(span._.indicator), link(span._.task),
                _sentence(text, span.start_char, span.end_char),
                span._.value_status, span._.value_reason, **_form_context(doc, span, text),
                **_keys(span)))
    return result


def _keys(span: Span) -> dict[str, str | None]:
    """The indicator key of a quantity, its class, and the key of its funds-row TASK."""
    level1, level2 = span._.indicator_class or (None, None)
    return {"indicator_key": span._.indicator_key, "key_level1": level1, "key_level2": level2,
            "task_key": span._.task_key}


def _form_context(doc: Doc, span: Span, text: str) -> dict[str, str | None]:
    """The 一级/二级指标 of a table value, and the project, department and implementer of its form."""
    from .pipeline.metadata import DEPARTMENT_FIELDS, IMPLEMENTER_FIELDS
    from .pipeline.table_component import form_for, table_link_for

    def cut(offsets: tuple[int, int] | None) -> str | None:
        return " ".join(text[offsets[0]:offsets[1]].split()) if offsets else None

    out: dict[str, str | None] = {}
    link = table_link_for(doc, span.start_char, span.end_char)
    out["level1"] = cut(link.level1) if link else None
    out["level2"] = cut(link.level2) if link else None
    form = form_for(doc, span.start_char, span.end_char)
    out["project"] = cut(form.project) if form else None
    fields = form.fields if form else {}
    out["department"] = next((cut(fields[k]) for k in DEPARTMENT_FIELDS if k in fields), None)
    out["implementer"] = next((cut(fields[k]) for k in IMPLEMENTER_FIELDS if k in fields), None)
    return out


_DEFAULT: dict[str, Language] = {}


def _default_pipeline() -> Language:
    """The default pipeline, loaded once per process for ``extract`` without ``nlp``."""
    key = default_model()
    if key not in _DEFAULT:
        _DEFAULT[key] = load(key)
    return _DEFAULT[key]


def package_version() -> str:
    """The installed version of ie."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ie")
    except PackageNotFoundError:
        return "unknown"


def info(model: str | Path | None = None) -> dict[str, object]:
    """What ``ie info`` prints: package version and the model's name, version, path, data and figures.

    Read from the model's ``meta.json`` without loading the pipeline.
    """
    import json

    spec = str(default_model() if model is None else model)
    out: dict[str, object] = {"ie_version": package_version(), "model": spec}
    if spec == RULES:
        out.update({"model_name": "rules_zh", "model_version": package_version(), "model_path": None})
        return out
    path = Path(spec)
    if not (path / "config.cfg").is_file():
        raise ModelError("E010", model=spec)
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    training = meta.get("ie_training", {}) if isinstance(meta.get("ie_training"), dict) else {}
    out.update({
        "model_name": meta.get("name"), "model_version": meta.get("version"),
        "model_path": str(path.resolve()), "data_hash": training.get("data_hash"),
        "segmenter": training.get("segmenter"),
        "trained_on": ", ".join(training.get("gold") or []) or training.get("trained_on"),
        "tested_on": ", ".join(training.get("test_gold") or []) or None,
        "heldout": training.get("heldout_figures") or training.get("heldout") or training.get("metrics"),
        "fingerprint": (training.get("fingerprint") or {}).get("combined")
        if isinstance(training.get("fingerprint"), dict) else training.get("fingerprint"),
    })
    return out


def extract(text: str, nlp: Language | None = None, *, source: str | None = None) -> ExtractionResult:
    """Extract every quantity of one report's text (original offsets kept).

    Without ``nlp`` the default pipeline (:func:`default_model`) is used,
    loaded once per process.
    """
    nlp = nlp or _default_pipeline()
    return result_from_doc(doc_for(text, nlp, source), text)
