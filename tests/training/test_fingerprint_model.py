"""ie.training.fingerprint: the shipped model matches the code, data and config of this checkout."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ie.training.fingerprint import code_fingerprint, drift, fingerprint

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "models" / "ie_zh"


def _package(tmp_path: Path, body: str) -> Path:
    root = tmp_path / "pkg"
    (root / "pipeline").mkdir(parents=True, exist_ok=True)
    (root / "pipeline" / "rules.py").write_text(body, encoding="utf-8")
    return root


def test_fingerprint_code_ignores_comments_docstrings_and_layout(tmp_path):
    base = code_fingerprint(_package(tmp_path, 'def f(x):\n    return x + 1\n'))
    shutil.rmtree(tmp_path / "pkg")
    same = code_fingerprint(_package(tmp_path, '"""Doc."""\n# why\ndef f(x):  # note\n    """Add one."""\n\n'
                                                '    return x+1\n'))
    assert same == base


def test_fingerprint_code_changes_with_behaviour_and_data_files(tmp_path):
    base = code_fingerprint(_package(tmp_path, 'def f(x):\n    return x + 1\n'))
    shutil.rmtree(tmp_path / "pkg")
    root = _package(tmp_path, 'def f(x):\n    return x + 2\n')
    changed = code_fingerprint(root)
    assert changed != base
    (root / "pipeline" / "lexicon.json").write_text('{"万元": "MONEY"}', encoding="utf-8")
    assert code_fingerprint(root) != changed


def test_fingerprint_shipped_model_matches_this_checkout():
    """Fails when the shipped model drifts from the code, gold or config it was trained from."""
    record = json.loads((SHIPPED / "meta.json").read_text(encoding="utf-8"))["ie_training"]
    assert "fingerprint" in record, "models/ie_zh has no fingerprint: retrain it (README, 'The bundled model')"
    current = fingerprint([ROOT / g for g in record["gold"]], ROOT / record["config"]["file"],
                          record["config"]["overrides"], [ROOT / g for g in record.get("test_gold", [])])
    stale = drift(record["fingerprint"], current)
    assert not stale, (f"models/ie_zh is stale: its {', '.join(stale)} changed since it was trained. "
                       f"Retrain it with: {record.get('command', 'the README command')}")
