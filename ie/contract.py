"""The annotation contract (annotations/CONTRACT.md) defined once, in code.

Everything that reads or writes labels, relation types, approximations or
table roles imports them from here.
"""
from __future__ import annotations

QUANTITY_LABELS: tuple[str, ...] = ("MONEY", "PERCENT", "COUNT", "SCORE")
SPAN_LABELS: tuple[str, ...] = ("ORG", "INDICATOR", "TASK")
LABELS: tuple[str, ...] = QUANTITY_LABELS + SPAN_LABELS
NER_LABELS: tuple[str, ...] = QUANTITY_LABELS + ("ORG",)

REL_INDICATOR = "indicator"
REL_TASK = "task"
RELATION_TYPES: tuple[str, ...] = (REL_INDICATOR, REL_TASK)
# relation type -> the label its target must carry
RELATION_TARGET: dict[str, str] = {REL_INDICATOR: "INDICATOR", REL_TASK: "TASK"}

APPROX_EXACT = "exact"
APPROX_ABOUT = "about"
APPROX_AT_LEAST = "at_least"
APPROX_AT_MOST = "at_most"
APPROX_VALUES: tuple[str, ...] = (APPROX_EXACT, APPROX_ABOUT, APPROX_AT_LEAST, APPROX_AT_MOST)

# value_status: ok (value read), ambiguous or unreadable (value is null, never a guess)
VALUE_OK = "ok"
VALUE_AMBIGUOUS = "ambiguous"
VALUE_UNREADABLE = "unreadable"
VALUE_STATUSES: tuple[str, ...] = (VALUE_OK, VALUE_AMBIGUOUS, VALUE_UNREADABLE)

ROLES: tuple[str, ...] = ("target", "actual", "weight", "score")

GRADES: tuple[str, ...] = ("优", "良", "中", "差")
