"""training/project.yml runs end to end (convert, train, evaluate, package) on a tiny slice."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ie.corpus.jsonl import write_jsonl

from .conftest import CONFIG, PROJECT, gold_records


@pytest.mark.slow
def test_weasel_workflow_runs_on_a_tiny_slice(tmp_path):
    project = tmp_path / "training"
    project.mkdir()
    for path in (PROJECT, CONFIG, PROJECT.parent / "functions.py"):
        shutil.copy(path, project / path.name)
    records = gold_records()
    write_jsonl(tmp_path / "reports.jsonl", [r for r in records if not r["meta"].get("synthetic")])
    write_jsonl(tmp_path / "synthetic.jsonl", [r for r in records if r["meta"].get("synthetic")])
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(
        [sys.executable, "-m", "weasel", "run", "all", str(project),
         "--vars.reports", "../reports.jsonl", "--vars.synthetic", "../synthetic.jsonl",
         "--vars.max_steps", "20", "--vars.test_sources", "101", "--vars.bootstrap", "0"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    for name in ("train.spacy", "dev.spacy", "heldout.jsonl", "misaligned.jsonl"):
        assert (project / "corpus" / name).is_file()
    meta = json.loads((project / "models" / "ie_ner" / "meta.json").read_text(encoding="utf-8"))
    assert meta["ie_training"]["split"]["test_sources"] == ["101_bbbb.txt"]
    assert meta["ie_training"]["max_steps"] == 20
    assert (project / "metrics" / "evaluation.json").is_file()
    spacy_scores = json.loads((project / "metrics" / "spacy_scores.json").read_text(encoding="utf-8"))
    assert "ents_f" in spacy_scores
    assert len((project / "metrics" / "predictions.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert (project / "packages" / "zh_ie_ner-0.1.0" / "dist" / "zh_ie_ner-0.1.0.tar.gz").is_file()
