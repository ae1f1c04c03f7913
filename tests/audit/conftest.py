from __future__ import annotations

import pytest

import ie
from ie.export.records import to_contract_record


@pytest.fixture(scope="session")
def rules_nlp():
    return ie.load("rules")


@pytest.fixture(scope="session")
def record_of(rules_nlp):
    """The contract record ``ie extract`` writes for a passage (the rules pipeline, for real)."""
    def make(text: str) -> dict:
        return to_contract_record(ie.extract(text, rules_nlp, source="passage.txt"), 1)
    return make
