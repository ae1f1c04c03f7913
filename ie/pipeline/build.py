"""Assemble ie pipelines: the rules-only baseline, or rules after a trained ``ner``."""
from __future__ import annotations

from spacy.language import Language

from ..segment.tokenizer import blank

# the order every ie pipeline uses after the entity taggers
POSTPROCESSORS: tuple[str, ...] = ("ie_tables", "ie_values", "ie_linker", "ie_indicator_keys", "ie_metadata")


ORDERS: tuple[str, ...] = ("rule_features", "rule_features_quantities", "rule_features_rule_orgs",
                           "rule_features_fill", "ner_first", "rules_first", "rules_quantities")
# the orders whose rule components feed the ner's features, each with what ie_entity_filter does after the ner:
# (its quantities give way to the rule candidates, its ORG are set aside for the ORG rules, its quantities fill in)
_FEATURE_ORDERS: dict[str, tuple[bool, bool, bool]] = {
    "rule_features": (False, False, False),
    "rule_features_quantities": (True, False, False),
    "rule_features_rule_orgs": (True, True, False),
    "rule_features_fill": (True, True, True),
}
# the span group where the rule components put candidates for the ner (order rule_features)
FEATURES_KEY = "ie_rules"
# the ner's ORG, set aside for the ORG rules to fill in from (order rule_features_rule_orgs)
NER_ORGS_KEY = "ie_ner_orgs"
RULE_PIPES: tuple[str, ...] = ("ie_quantity_rules", "ie_org_rules", "ie_entity_filter") + POSTPROCESSORS


def add_rule_components(nlp: Language, *, quantity_rules: bool = True, order: str = "ner_first") -> Language:
    """Add the rule components to ``nlp`` (which may hold a trained ``ner``).

    ``rule_features``: the quantity rules and table reader come before the
    ``tok2vec`` and write candidates to ``doc.spans["ie_rules"]``, which a
    ``ner`` trained with ``ie.RuleFeatureEmbed.v1`` reads as features; the
    ``ner`` decides every quantity and ORG; afterwards the ORG rules
    (``ie_org_rules``, a name lexicon the ``ner`` cannot learn from a few
    reports) add ORG names where the ``ner`` tagged nothing. A model trained
    that way already has the candidate rules (they are in its training
    config); the ORG rules and the post-processors are added.
    ``ner_first``: the rules come after ``ner`` and only add what it did not tag.
    ``rules_first``: quantity rules and table cells are tagged before ``ner``,
    which respects them and adds the rest (ORG above all); the ORG rules
    come after ``ner``. ``rule_features_quantities``: as ``rule_features``, but the quantities
    are the rule candidates (``ie_entity_filter`` swaps the ``ner``'s for
    them) and the ``ner`` supplies ORG. ``rule_features_rule_orgs``: as ``rule_features_quantities``,
    but the ORG rules name organizations first and the ``ner``'s ORG fill in where they found
    none. ``rule_features_fill``: as ``rule_features_rule_orgs``, and the ``ner``'s quantities fill in
    where no rule candidate is (those that write a unit). ``rules_quantities``: as ``rules_first``, but the
    quantities the ``ner`` adds are dropped (``ie_entity_filter``): rules
    supply quantities, ``ner`` and ORG rules supply ORG. Without a ``ner``
    all orders give the same pipeline.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    has_ner = "ner" in nlp.pipe_names
    if order in _FEATURE_ORDERS and has_ner:
        first = next(n for n in ("tok2vec", "ner") if n in nlp.pipe_names)
        if quantity_rules and "ie_quantity_rules" not in nlp.pipe_names:
            nlp.add_pipe("ie_quantity_rules", before=first, config={"spans_key": FEATURES_KEY})
        if "ie_tables" not in nlp.pipe_names:
            nlp.add_pipe("ie_tables", before=first, config={"spans_key": FEATURES_KEY})
        if quantity_rules and "ie_org_rules" not in nlp.pipe_names:
            # (fill_key in the config, so that the saved pipeline fills in as this one does)
            nlp.add_pipe("ie_quantity_rules", name="ie_org_rules", after="ner",
                         config={"quantities": False, "fill_key": NER_ORGS_KEY if _FEATURE_ORDERS[order][1] else None})
        if "ie_entity_filter" not in nlp.pipe_names:
            set_feature_order(nlp, order)
    elif order in ("rules_first", "rules_quantities") and has_ner:
        if quantity_rules and "ie_quantity_rules" not in nlp.pipe_names:
            nlp.add_pipe("ie_quantity_rules", before="ner", config={"orgs": False})
        if "ie_tables" not in nlp.pipe_names:
            nlp.add_pipe("ie_tables", before="ner")
        if order == "rules_quantities" and "ie_entity_filter" not in nlp.pipe_names:
            nlp.add_pipe("ie_entity_filter", after="ner")
        if quantity_rules and "ie_org_rules" not in nlp.pipe_names:
            nlp.add_pipe("ie_quantity_rules", name="ie_org_rules", config={"quantities": False})
    elif quantity_rules and "ie_quantity_rules" not in nlp.pipe_names:
        nlp.add_pipe("ie_quantity_rules")
    for name in POSTPROCESSORS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def set_feature_order(nlp: Language, order: str) -> Language:
    """Combine a ``ner`` trained with rule features and the rules of ``nlp`` in ``order`` (one of
    :data:`_FEATURE_ORDERS`): the ``ie_entity_filter`` after the ``ner`` and where the ORG rules fill in from.

    Any filter already there is replaced, so one trained pipeline can be scored in every order.
    """
    candidates, orgs_aside, fill = _FEATURE_ORDERS[order]
    if "ie_entity_filter" in nlp.pipe_names:
        nlp.remove_pipe("ie_entity_filter")
    if "ie_org_rules" in nlp.pipe_names:
        nlp.get_pipe("ie_org_rules").fill_key = NER_ORGS_KEY if orgs_aside else None
    if candidates:
        nlp.add_pipe("ie_entity_filter", after="ner",
                     config={"candidates_key": FEATURES_KEY, "aside_key": NER_ORGS_KEY if orgs_aside else None,
                             "fill_quantities": fill})
    return nlp


def remove_rule_components(nlp: Language) -> Language:
    """Take every rule component out of ``nlp`` (to re-add them in another order)."""
    for name in RULE_PIPES:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    return nlp


def rules_pipeline(segmenter: str = "jieba") -> Language:
    """The pure-rule pipeline: tokenizer, quantity rules, tables, values, linker, metadata."""
    nlp = blank(segmenter)
    add_rule_components(nlp)
    nlp.meta["name"] = "rules_zh"
    from .. import __version__

    nlp.meta["version"] = __version__
    nlp.meta["description"] = "ie rules-only pipeline (baseline and fallback)"
    return nlp
