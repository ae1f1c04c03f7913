"""Train, evaluate and compare the ie ``ner`` (spaCy) on contract gold data."""
from __future__ import annotations

from .train import RULE_COMPONENTS, TrainResult, score_ents, train_model

__all__ = ["RULE_COMPONENTS", "TrainResult", "score_ents", "train_model"]
