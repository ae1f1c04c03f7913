"""``ie annotations validate | stats | split`` through typer's CliRunner."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from ie.cli import app

runner = CliRunner()


def test_cli_validate_accepts_valid_file(record, write_lines, sources_dir):
    path = write_lines(record)
    result = runner.invoke(app, ["annotations", "validate", str(path), "--sources", str(sources_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"OK: 1 file checked against {sources_dir}, no problems."


def test_cli_validate_prints_each_problem_and_a_summary(record, write_lines, tmp_path):
    good = write_lines(record, name="good.jsonl")
    record["entities"][0]["label"] = "AMOUNT"
    record["entities"][1]["end_offset"] = 9
    bad = write_lines(record, record, name="bad.jsonl")
    result = runner.invoke(app, ["annotations", "validate", str(good), str(bad)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 5
    assert lines[0] == (f"{bad}:1: entity 1: label 'AMOUNT' is not in the contract; use one of "
                        "MONEY, PERCENT, COUNT, SCORE, ORG, INDICATOR, TASK")
    assert lines[1].startswith(f"{bad}:1: entity 3: COUNT ") and "overlaps entity 2" in lines[1]
    assert lines[2].startswith(f"{bad}:2: entity 1: ")
    assert lines[4] == "FAILED: 4 problems in 1 of 2 files (label: 2, overlap: 2)."


def test_cli_validate_missing_file_is_a_failure(record, write_lines, tmp_path):
    good = write_lines(record)
    result = runner.invoke(app, ["annotations", "validate", str(tmp_path / "nope.jsonl"), str(good)])
    assert result.exit_code == 1
    assert "[E022]" in result.output and "nope.jsonl: no such annotation file" in result.output
    assert result.output.strip().splitlines()[-1] == "FAILED: 1 problem in 1 of 2 files (unreadable: 1)."


def test_cli_validate_missing_sources_folder(record, write_lines, tmp_path):
    result = runner.invoke(app, ["annotations", "validate", str(write_lines(record)),
                                 "--sources", str(tmp_path / "raw-missing")])
    assert result.exit_code == 2
    assert "[E023]" in result.output


def test_cli_validate_does_not_guess_sources(record, write_lines, tmp_path):
    """A raw/ folder next to the file is not used unless --sources names it."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "000_test.txt").write_text("完全不同的报告。", encoding="utf-8")
    result = runner.invoke(app, ["annotations", "validate", str(write_lines(record))])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["annotations", "validate", str(write_lines(record)),
                                 "--sources", str(tmp_path / "raw")])
    assert result.exit_code == 1 and "source-text: 1" in result.output


def test_cli_stats_tables(record, write_lines):
    result = runner.invoke(app, ["annotations", "stats", str(write_lines(record, record))])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2 units, 60 characters, 12 entities, 6 relations" in out
    for title in ("Entities per label", "Relations per type", "Per source"):
        assert title in out
    assert "000_test.txt" in out
    row = next(line for line in out.splitlines() if "INDICATOR" in line)
    assert row.split()[-2] == "4"


def test_cli_stats_missing_file(tmp_path):
    result = runner.invoke(app, ["annotations", "stats", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1 and "[E022]" in result.output


def _unit(uid: int, source: str, **meta: object) -> dict:
    return {"id": uid, "text": f"单元{uid}。", "meta": {"source": source, "doc_start": uid * 10, **meta},
            "entities": [], "relations": []}


def test_cli_split_writes_train_and_test(write_lines, tmp_path):
    units = [_unit(1, "000_a6ffbedeb746f39c.txt"), _unit(2, "002_dc4bc186b04654d8.txt"),
             _unit(3, "003_a6154bae7f83c698.txt"), _unit(4, "syn.txt", synthetic=True)]
    path = write_lines(*units)
    out = tmp_path / "split"
    result = runner.invoke(app, ["annotations", "split", str(path), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["test.jsonl", "train.jsonl"]
    train = [json.loads(x)["id"] for x in (out / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    test = [json.loads(x)["id"] for x in (out / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (train, test) == ([1, 3, 4], [2])
    assert f"train: 3 units (2 reports, 1 synthetic) -> {out / 'train.jsonl'}" in result.output
    assert f"test: 1 unit (1 report, 0 synthetic) -> {out / 'test.jsonl'}" in result.output

    result = runner.invoke(app, ["annotations", "split", str(path), "-o", str(out), "--no-synthetic"])
    assert result.exit_code == 0, result.output
    train = [json.loads(x)["id"] for x in (out / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert train == [1, 3]


def test_cli_split_refuses_unknown_report(write_lines, tmp_path):
    path = write_lines(_unit(1, "777_new.txt"))
    result = runner.invoke(app, ["annotations", "split", str(path), "--output", str(tmp_path / "o")])
    assert result.exit_code == 1 and "[E027]" in result.output
    assert not (tmp_path / "o").exists()
