"""`ie extract` on a folder holding every format it reads, good and broken: one line per file, none lost."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.cli import app

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from ofd import write_ofd  # noqa: E402

needs_catdoc = pytest.mark.skipif(shutil.which("catdoc") is None,
                                  reason="catdoc (Debian package) reads .doc/.wps; .ci/run installs it")

GOOD = {"c.docx": "000.docx", "f.pdf": "003.pdf", "g.xlsx": "004.xlsx", "h.xls": "004.xls", "i.et": "004.xls",
        "j.csv": "004.csv", "k.html": "000.html", "d.doc": "000.doc", "e.wps": "000.doc"}
BROKEN = ["x.docx", "x.doc", "x.wps", "x.pdf", "x.xlsx", "x.xls", "x.et", "x.ofd", "x.txt"]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name, fixture in GOOD.items():
        shutil.copy(FORMATS / fixture, root / name)
    text = next((ROOT / "annotations" / "raw").glob("000_*.txt")).read_text(encoding="utf-8")
    (root / "a.txt").write_text(text, encoding="utf-8")
    (root / "b.txt").write_bytes(text.encode("utf-16"))       # Notepad's "Unicode"
    (root / "b32.txt").write_bytes(text.encode("utf-32-le"))  # no BOM
    write_ofd([["广州市政协办公厅2021年度部门整体支出绩效自评报告"], ["项目", "年初预算数", "全年执行数"],
               ["年度资金总额", "100", "95"]], root / "l.ofd")
    rng = __import__("random").Random(7)
    for name in BROKEN:
        body = b"PK\x03\x04garbage" if name.endswith(("docx", "xlsx", "ofd")) else bytes(rng.randrange(256) for _ in range(600))
        (root / name).write_bytes(b"\x00\x01\x02" * 100 if name.endswith(".txt") else body)
    (root / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    return root


@needs_catdoc
def test_extract_every_format_one_line_per_file_nothing_skipped_silently(folder, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(folder), "--output", str(out), "--model", "rules"])
    assert result.exit_code == 1, result.output  # some inputs failed; the rest were extracted
    done = {json.loads(line)["meta"]["source"]: json.loads(line)
            for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()}
    errors = {Path(json.loads(line)["path"]).name: json.loads(line)["code"]
              for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()}
    good = {*GOOD, "a.txt", "b.txt", "b32.txt", "l.ofd"}
    assert set(done) == good
    assert errors.pop("notes.png") == "E055"  # not a report format: recorded as skipped, not as a failure
    assert set(errors) == set(BROKEN)
    assert "notes.png" in result.output and "skipped" in result.output
    every = {p.name for p in folder.iterdir()}
    assert every == good | set(BROKEN) | {"notes.png"}  # each file is done, failed or listed as skipped
    for name in good - {"l.ofd"}:
        assert any(e["label"] == "MONEY" for e in done[name]["entities"]), name
    for name in BROKEN:
        assert f"{name}:" in result.output  # one error line each, naming the file
