"""How many quantity spans fall on token boundaries, per segmenter, with and without the numeral split."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .tokenizer import SEGMENTERS, IETokenizer


@dataclass
class AlignmentRow:
    """Alignment of spans to the tokens of one segmenter setting."""

    segmenter: str
    numeral_split: bool
    spans: int = 0
    aligned: int = 0
    examples: list[str] = field(default_factory=list)  # a few spans that do not align

    @property
    def share(self) -> float:
        return self.aligned / self.spans if self.spans else 1.0


def alignment_report(
    docs: list[tuple[str, list[tuple[int, int]]]],
    segmenters: Iterable[str] = SEGMENTERS,
    vocab=None,
) -> list[AlignmentRow]:
    """For each segmenter and numeral-split setting, count spans whose both ends are token boundaries.

    ``docs`` holds (text, spans) pairs; spans are character offsets in that text.
    """
    from spacy.vocab import Vocab

    vocab = vocab or Vocab()
    rows = []
    for name in segmenters:
        for split in (False, True):
            tok = IETokenizer(vocab, segmenter=name, numeral_split=split)
            row = AlignmentRow(name, split)
            for text, spans in docs:
                doc = tok(text)  # pkuseg drops white space: take offsets from the Doc
                bounds = {t.idx for t in doc} | {t.idx + len(t.text) for t in doc}
                for s, e in spans:
                    row.spans += 1
                    if s in bounds and e in bounds:
                        row.aligned += 1
                    elif len(row.examples) < 5:
                        row.examples.append(text[max(0, s - 3):e + 2].replace("\n", "⏎"))
            rows.append(row)
    return rows


def rule_quantity_spans(clean: str) -> list[tuple[int, int]]:
    """Gold-like quantity spans from the rules, found on characters (independent of tokens)."""
    from ..pipeline.quantities import find_quantities
    from ..tables.grid import find_tables, link_cells

    spans = {(q.start, q.end) for q in find_quantities(clean)}
    for table in find_tables(clean):
        spans |= {(link.start, link.end) for link in link_cells(clean, table) if link.label}
    return sorted(spans)
