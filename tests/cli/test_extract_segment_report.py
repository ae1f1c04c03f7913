"""`ie segment report` and `ie segment fetch-pkuseg` (the segment commands live in ie/cli/extract.py)."""
from __future__ import annotations

import io
import tarfile

from typer.testing import CliRunner

from ie.cli import app

TEXT = "基本支出预算数10279.02万元，执行率99.24%，征集提案565件。\n项目\t预算数\n基本支出\t100\n其他\t20\n"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_extract_segment_report_table(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", "report", str(path), "--segmenter", "jieba", "--segmenter", "char"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Quantity spans on token boundaries" in out
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    # 3 prose quantities + 2 table cells (100, 20)
    assert [r[:5] for r in rows] == [
        ["jieba", "no", "5", "5", "100.0%"], ["jieba", "yes", "5", "5", "100.0%"],
        ["char", "no", "5", "5", "100.0%"], ["char", "yes", "5", "5", "100.0%"]]


def test_extract_segment_report_bad_input_is_one_line_and_the_rest_is_reported(tmp_path):
    good = tmp_path / "r.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["segment", "report", str(good), str(empty), str(tmp_path / "gone.txt"),
                                      "--segmenter", "char"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    lines = _lines(result.stderr)
    assert len(lines) == 2
    assert any(line.startswith("error: [E002] ") and str(empty) in line for line in lines)
    assert any(line.startswith("error: [E001] ") and "gone.txt" in line for line in lines)
    assert "Traceback" not in result.stdout + result.stderr
    assert "char" in result.stdout and "100.0%" in result.stdout


def test_extract_segment_report_unknown_segmenter(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", "report", str(path), "--segmenter", "thulac"])
    assert result.exit_code == 2
    (line,) = _lines(result.stderr)
    assert line.startswith("error: [E011] ")
    assert "Traceback" not in result.stdout + result.stderr


def test_extract_segment_report_without_pkuseg_model(tmp_path, monkeypatch):
    monkeypatch.setenv("IE_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", "report", str(path), "--segmenter", "pkuseg"])
    assert result.exit_code == 2
    (line,) = _lines(result.stderr)
    assert line.startswith("error: [E012] ") and "fetch-pkuseg" in line


def test_extract_segment_fetch_pkuseg_rejects_a_wrong_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("IE_CACHE", str(tmp_path / "cache"))
    sdist = tmp_path / "pkuseg-0.0.25.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        data = b"not the real model"
        info = tarfile.TarInfo("pkuseg-0.0.25/pkuseg/models/default/weights.npz")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    result = CliRunner().invoke(app, ["segment", "fetch-pkuseg", "--sdist", str(sdist)])
    assert result.exit_code == 2
    (line,) = _lines(result.stderr)
    assert line.startswith("error: [E013] ") and "hash mismatch" in line
    assert not (tmp_path / "cache" / "pkuseg-0.0.25" / "default").exists()
