"""Assemble ie pipelines: the rules-only baseline, or rules after a trained ``ner``."""
from __future__ import annotations

from spacy.language import Language

from ..segment.tokenizer import blank

# the order every ie pipeline uses after the entity taggers
POSTPROCESSORS: tuple[str, ...] = ("ie_tables", "ie_values", "ie_linker", "ie_metadata")


def add_rule_components(nlp: Language, *, quantity_rules: bool = True) -> Language:
    """Append ``ie_quantity_rules`` (optional) and the post-processors to ``nlp``."""
    if quantity_rules and "ie_quantity_rules" not in nlp.pipe_names:
        nlp.add_pipe("ie_quantity_rules")
    for name in POSTPROCESSORS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def rules_pipeline(segmenter: str = "jieba") -> Language:
    """The pure-rule pipeline: tokenizer, quantity rules, tables, values, linker, metadata."""
    nlp = blank(segmenter)
    add_rule_components(nlp)
    nlp.meta["name"] = "rules_zh"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = "ie rules-only pipeline (baseline and fallback)"
    return nlp
