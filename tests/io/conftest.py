"""Shared fixtures for the input tests: the format fixtures, the hostile corpus, extraction."""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FORMATS = FIXTURES / "formats"
RAW = Path(__file__).resolve().parents[2] / "annotations" / "raw"


def _load(name: str) -> ModuleType:
    """Import a helper script from tests/fixtures by its path (tests/ is not a package)."""
    module_name = f"ie_test_fixtures_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, FIXTURES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


hostile = _load("hostile")


@pytest.fixture(scope="session")
def raw_report():
    """``raw_report("004")``: the text of a bundled report by its number."""
    def read(number: str) -> str:
        (path,) = RAW.glob(f"{number}_*.txt")
        return path.read_text(encoding="utf-8")

    return read


@pytest.fixture(scope="session")
def nlp():
    import ie

    return ie.load("rules")


@pytest.fixture(scope="session")
def quantities(nlp):
    """``quantities(text, fields)``: the multiset of extracted quantities, as tuples of ``fields``."""
    import ie

    cache: dict[str, list] = {}

    def run(text: str, fields: tuple[str, ...] = ("label", "value", "unit")) -> Counter:
        if text not in cache:
            cache[text] = ie.extract(text, nlp).quantities
        return Counter(tuple(str(getattr(q, f)) for f in fields) for q in cache[text])

    return run


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory) -> Path:
    """The hostile corpus, written once per test session."""
    folder = tmp_path_factory.mktemp("hostile")
    hostile.write_corpus(folder)
    return folder


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``hostile_entry`` with every input of the hostile corpus."""
    if "hostile_entry" in metafunc.fixturenames:
        entries = hostile.entries()
        metafunc.parametrize("hostile_entry", entries, ids=[e.name for e in entries])


@pytest.fixture(scope="session")
def hostile_entries() -> list:
    return hostile.entries()
