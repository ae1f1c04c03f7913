"""``ie_indicator_keys``: the canonical key of each quantity's INDICATOR (and of its TASK, for funds rows).

The taxonomy (``ie.indicators.taxonomy``) is saved with the pipeline as
``taxonomy.json``; a pipeline loads the copy it was saved with, never a path.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from ..contract import QUANTITY_LABELS
from ..indicators.taxonomy import Taxonomy


class IndicatorKeys:
    """Give every quantity the key of its INDICATOR (``._.indicator_key``) and of its TASK (``._.task_key``).

    A key is given only when the taxonomy has one that fits the mention and
    the quantity's label (执行率 on a PERCENT is ``funds.execution_rate``; on
    a COUNT it stays unmapped); anything else keeps ``None``.
    """

    def __init__(self, nlp: Language, name: str = "ie_indicator_keys", taxonomy: Taxonomy | None = None) -> None:
        install_extensions()
        self.name = name
        self.taxonomy = taxonomy or Taxonomy.default()

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            if ent.label_ not in QUANTITY_LABELS:
                continue
            indicator, task = ent._.indicator, ent._.task
            key = self.taxonomy.match(indicator.text, "INDICATOR", ent.label_) if indicator is not None else None
            ent._.indicator_key = key.key if key else None
            ent._.indicator_class = (key.level1, key.level2) if key else None
            row = self.taxonomy.match(task.text, "TASK", ent.label_) if task is not None else None
            ent._.task_key = row.key if row else None
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "taxonomy.json", self.taxonomy.to_dict())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> IndicatorKeys:
        self.taxonomy = Taxonomy.from_dict(srsly.read_json(Path(path) / "taxonomy.json"))
        return self


@Language.factory(
    "ie_indicator_keys",
    assigns=["span._.indicator_key", "span._.indicator_class", "span._.task_key"],
    requires=["span._.indicator", "span._.task"],
)
def make_indicator_keys(nlp: Language, name: str) -> IndicatorKeys:
    """Factory for :class:`IndicatorKeys` (the shipped taxonomy until ``from_disk`` loads the saved one)."""
    return IndicatorKeys(nlp, name)
