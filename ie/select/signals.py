"""What the model says about one annotation unit: how unsure its ``ner`` is, where rules and learned parts
disagree, and which consistency checks fail or cannot be made.

:func:`analyse` runs the pipeline once, component by component, and reads
every signal on the way: the ``ner``'s action scores (right after
``tok2vec`` has set the doc's tensor), the ``ner``'s own entities (before
``ie_entity_filter`` replaces its quantities by the rule candidates), the
rule linker's picks next to the learned linker's, and the audit of the
unit's extraction.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from ..api import ExtractionResult, result_from_doc
from ..audit.checks import CANNOT_CHECK, FAIL, audit_record
from ..contract import NER_LABELS, QUANTITY_LABELS
from ..errors import InputError
from ..export.records import to_contract_record
from ..io.clean import clean_text
from ..pipeline.build import FEATURES_KEY

NER = "ner"
LINKER = "ie_linker"

Span3 = tuple[int, int, str]  # (start, end, label) in the unit's original text


@dataclass
class Step:
    """One decision of the ``ner``: the token it stood on and the margin between its two best valid actions."""

    token: int
    margin: float  # softmax probability of the best valid action minus that of the second best
    best: str
    second: str


@dataclass
class Signals:
    """Everything :func:`analyse` found on one unit (offsets in the unit's original text)."""

    result: ExtractionResult
    prediction: dict  # the unit's extraction as a contract record (entities, relations, values)
    steps: list[Step] = field(default_factory=list)          # empty without a ner
    has_ner: bool = False
    has_learned_linker: bool = False
    ner_only: list[Span3] = field(default_factory=list)      # the ner's entities no rule candidate has
    rules_only: list[Span3] = field(default_factory=list)    # rule candidates the ner did not take
    link_disagreements: list[dict] = field(default_factory=list)  # quantity, kind, rule pick, learned pick
    checks: list[dict] = field(default_factory=list)          # failed or uncheckable audit checks

    @property
    def min_margin(self) -> float | None:
        """The smallest margin of any ``ner`` decision (None without a ner or tokens)."""
        return min((s.margin for s in self.steps), default=None)

    def weakest_steps(self, n: int = 3) -> list[Step]:
        """The ``n`` decisions with the smallest margins."""
        return sorted(self.steps, key=lambda s: s.margin)[:n]


def _softmax_margin(scores: numpy.ndarray, valid: Sequence[bool]) -> tuple[float, int, int]:
    """Margin between the best two valid actions' probabilities (softmax over the valid ones)."""
    idx = [i for i, ok in enumerate(valid) if ok]
    if len(idx) < 2:
        return 1.0, idx[0] if idx else 0, idx[0] if idx else 0
    sub = scores[idx].astype("float64")
    probs = numpy.exp(sub - sub.max())
    probs /= probs.sum()
    order = numpy.argsort(-probs)
    return float(probs[order[0]] - probs[order[1]]), idx[int(order[0])], idx[int(order[1])]


def ner_steps(ner, doc: Doc) -> list[Step]:
    """The greedy ``ner``'s decisions on ``doc`` (which ``tok2vec`` has already processed), with margins.

    Decodes as the ``ner`` itself does (best valid action at every step,
    :meth:`transition_states`), reading the action scores of
    ``ner.model.predict`` on the way.
    """
    if not len(doc):
        return []
    moves = ner.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    step_model = ner.model.predict([doc])
    states = [s for s in moves.init_batch([doc]) if not s.is_final()]
    out: list[Step] = []
    try:
        while states:
            scores = numpy.ascontiguousarray(step_model.predict(states), dtype="float32")
            state = states[0]
            valid = [moves.is_valid(state, name) for name in names]
            margin, best, second = _softmax_margin(scores[0][: len(names)], valid)
            out.append(Step(int(state.B(0)) if state.B(0) >= 0 else len(doc) - 1, margin, names[best],
                            names[second]))
            states = ner.transition_states(states, scores)
    finally:
        step_model.clear_memory()
    return out


def _original(clean, start: int, end: int) -> tuple[int, int]:
    return clean.to_original(start, end)


def _link_disagreements(doc: Doc, rules: list[dict], text: str) -> list[dict]:
    """Quantities where the learned linker chose another INDICATOR or TASK than the rule linker's ``rules``.

    ``rules`` holds the rule picks of the doc's quantities in text order,
    taken just before the learned linker ran.
    """
    from ..pipeline.linker import _strip  # the linker's own trimming of a pick

    clean = doc._.clean
    quantities = [e for e in doc.ents if e.label_ in QUANTITY_LABELS]
    ctext = clean.text
    out = []
    for ent, pick in zip(quantities, rules):
        for kind in ("indicator", "task"):
            rule = pick.get(kind)
            rule = _strip(ctext, rule) if rule is not None else None
            if rule is not None and rule[1] <= rule[0]:
                rule = None
            chosen = getattr(ent._, kind)
            learned = (chosen.start_char, chosen.end_char) if chosen is not None else None
            if rule != learned:
                qs, qe = _original(clean, ent.start_char, ent.end_char)

                def show(span):
                    if span is None:
                        return None
                    s, e = _original(clean, *span)
                    return " ".join(text[s:e].split())

                out.append({"quantity": " ".join(text[qs:qe].split()), "start": qs, "kind": kind,
                            "rules": show(rule), "learned": show(learned)})
    return out


def analyse(text: str, nlp: Language, *, source: str | None = None, record_id: int = 1,
            meta: dict | None = None) -> Signals:
    """Run ``nlp`` on one unit's ``text`` and collect every selection signal (see the module docstring)."""
    clean = clean_text(text)
    if len(clean.text) > nlp.max_length:
        raise InputError("E015", path=source or "(text)", chars=len(clean.text), limit=nlp.max_length)
    doc = nlp.make_doc(clean.text)
    doc._.clean = clean
    doc._.source = source
    steps: list[Step] = []
    ner_ents: list[tuple[int, int, str]] | None = None
    names = nlp.pipe_names
    rule_links: list[dict] | None = None
    for name, proc in nlp.pipeline:
        if name == NER:
            steps = ner_steps(proc, doc)
        if name == LINKER and getattr(proc, "model", None) is not None:
            # the rule linker's picks on the very doc the learned linker is about to link
            quantities = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in QUANTITY_LABELS]
            rule_links = proc.rule_picks(doc, quantities)
        doc = proc(doc)
        if name == NER:
            # the ner's own entities, before any later component filters or replaces them
            ner_ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    result = result_from_doc(doc, text)
    prediction = to_contract_record(result, record_id, {**(meta or {})})
    signals = Signals(result, prediction, steps, has_ner=NER in names)
    if ner_ents is not None:
        candidates = {(s.start_char, s.end_char, s.label_) for s in doc.spans.get(FEATURES_KEY, [])
                      if s.label_ in NER_LABELS}
        ner_set = {e for e in ner_ents if e[2] in NER_LABELS}

        def original(items):
            return sorted((*_original(clean, s, e), label) for s, e, label in items)

        signals.ner_only = original(ner_set - candidates)
        signals.rules_only = original(candidates - ner_set)
    if rule_links is not None:
        signals.has_learned_linker = True
        signals.link_disagreements = _link_disagreements(doc, rule_links, text)
    signals.checks = [{"rule": c.rule, "status": c.status, "message": c.message, "why": c.why}
                      for c in audit_record(prediction) if c.status in (FAIL, CANNOT_CHECK)]
    return signals
