"""Training examples for the learned linker from gold records, and its training.

Each gold quantity becomes an :class:`~ie.linking.model.Example`: the gold
text is cleaned and read by the rule components (tokens, tables, forms) as
at run time; the gold quantities and ORG names are set as the Doc's
entities, so the candidates are built around gold spans; the gold INDICATOR
and TASK of the quantity are the answers.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language

from ..contract import NER_LABELS, QUANTITY_LABELS, REL_INDICATOR, REL_TASK
from ..io.clean import clean_text
from ..pipeline.spans import char_spans
from .context import contexts
from .model import Example, LinkModel, train


@dataclass
class ExampleStats:
    """How many gold quantities became examples, and how many were dropped (not mappable)."""

    quantities: int = 0
    dropped: int = 0


def link_examples(records: Iterable[dict], nlp: Language) -> tuple[list[Example], ExampleStats]:
    """Examples of every gold quantity of ``records``, read with ``nlp`` (a pipeline with ``ie_linker``)."""
    linker = nlp.get_pipe("ie_linker")
    examples: list[Example] = []
    stats = ExampleStats()
    before_linker = [name for name in nlp.pipe_names if name in ("ie_quantity_rules", "ie_tables")]
    for rec in records:
        clean = clean_text(rec["text"])
        doc = nlp.make_doc(clean.text)
        for name in before_linker:
            doc = nlp.get_pipe(name)(doc)
        ents = {e["id"]: e for e in rec.get("entities", [])}
        mapped: dict[object, tuple[int, int]] = {}
        for e in ents.values():
            span = clean.from_original(e["start_offset"], e["end_offset"])
            if span is not None:
                mapped[e["id"]] = span
        gold_ner = [(mapped[i][0], mapped[i][1], e["label"]) for i, e in ents.items()
                    if i in mapped and e["label"] in NER_LABELS]
        doc.ents = []
        placed = char_spans(doc, gold_ner, "gold")
        try:
            doc.ents = placed
        except ValueError:  # overlapping gold spans cannot happen in valid gold; be safe
            doc.ents = []
        quantities = [(s, e, label) for s, e, label in gold_ner if label in QUANTITY_LABELS]
        links: dict[tuple[object, str], object] = {(r["from_id"], r["type"]): r["to_id"]
                                                   for r in rec.get("relations", [])}
        ids = {mapped[i] + (e["label"],): i for i, e in ents.items() if i in mapped}
        stats.dropped += sum(1 for e in ents.values() if e["label"] in QUANTITY_LABELS and e["id"] not in mapped)
        picks = linker.rule_picks(doc, [(s, e) for s, e, _ in quantities])
        for (s, e, label), ctx in zip(quantities, contexts(doc, quantities, picks)):
            qid = ids[(s, e, label)]
            gold = {}
            for rel in (REL_INDICATOR, REL_TASK):
                target = links.get((qid, rel))
                gold[rel] = mapped.get(target) if target is not None else None
            examples.append(Example(ctx, gold))
            stats.quantities += 1
    return examples, stats


def train_linker(records: Iterable[dict], nlp: Language, *, c: float = 1.0, seed: int = 0) -> LinkModel:
    """A :class:`LinkModel` trained on the gold relations of ``records``."""
    examples, stats = link_examples(records, nlp)
    model = train(examples, c=c, seed=seed)
    model.info.update({"examples": stats.quantities, "dropped": stats.dropped})
    return model
