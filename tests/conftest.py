"""Every test starts from the same random state (Python, NumPy, thinc/spaCy): no test depends on luck."""
from __future__ import annotations

import pytest
from spacy.util import fix_random_seed


@pytest.fixture(autouse=True)
def _seeded() -> None:
    fix_random_seed(0)  # seeds random, numpy and thinc's ops
