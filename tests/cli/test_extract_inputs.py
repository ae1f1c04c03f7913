"""`ie extract` on bad inputs: one clear line each, no traceback, good inputs still written."""
from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.export.records import CSV_COLUMNS

GOOD = "基本支出预算数 10322.48 万元，执行数 10279.02 万元，预算执行率 99.58%。\n"
GOOD_QUANTITIES = ["10322.48 万元", "10279.02 万元", "99.58%"]


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return path


def _binary(tmp: Path) -> Path:
    path = tmp / "binary.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def _undecodable(tmp: Path) -> Path:
    path = tmp / "latin.txt"
    path.write_bytes("征集提案".encode("utf-8") + b" \xff\xfe\xff\x80 end")  # invalid in UTF-8 and GB18030
    return path


def _sparse_huge(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)
    return path


def _empty_folder(tmp: Path) -> Path:
    path = tmp / "no_reports"
    path.mkdir()
    (path / "readme.md").write_text("nothing here", encoding="utf-8")
    return path


def _wrong_suffix(tmp: Path) -> Path:
    path = tmp / "report.rtf"
    path.write_text("{\\rtf1 部门整体支出 100万元}", encoding="utf-8")
    return path


def _missing(tmp: Path) -> Path:
    return tmp / "not_there.txt"


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    # kind: (make it, error code, what the line tells the user to do)
    "empty": (_empty, "E002", "re-export"),
    "binary": (_binary, "E003", "Pass a .txt export"),
    "undecodable": (_undecodable, "E004", "Re-save the file as UTF-8"),
    "too_large": (_sparse_huge, "E005", "--max-mb"),
    "empty_folder": (_empty_folder, "E006", "Point ie at a folder"),
    "wrong_extension": (_wrong_suffix, "E007", "Convert it to"),
    "missing": (_missing, "E001", "Check the path"),
}


@pytest.fixture
def good(tmp_path) -> Path:
    folder = tmp_path / "good"
    folder.mkdir()
    path = folder / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _run(*args: str | Path):
    return CliRunner().invoke(app, ["extract", *map(str, args), "--model", "rules"])


def _predictions(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]


def _csv_rows(out: Path) -> list[dict]:
    with (out / "quantities.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        return list(reader)


def _assert_good_written(out: Path, good: Path) -> None:
    (record,) = _predictions(out)
    assert record["meta"]["source"] == good.name
    assert record["text"] == GOOD
    ents = [record["text"][e["start_offset"]:e["end_offset"]] for e in record["entities"]
            if e["label"] in ("MONEY", "PERCENT")]
    assert ents == GOOD_QUANTITIES
    assert [r["text"] for r in _csv_rows(out)] == GOOD_QUANTITIES


def _error_lines(result) -> list[str]:
    """The error lines on stderr (files that are no reports are listed as 'skipped:' lines)."""
    return [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("skipped:")]


def _assert_clean_failure(result) -> None:
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_extract_bad_input_gives_one_clear_line_and_good_input_is_written(tmp_path, good, kind):
    make, code, advice = BAD_INPUTS[kind]
    bad = make(tmp_path)
    out = tmp_path / "out"
    result = _run(good, bad, "-o", out)
    _assert_clean_failure(result)
    assert result.exit_code == 1
    (line,) = _error_lines(result)
    assert line.startswith(f"error: [{code}] ")
    assert str(bad) in line
    assert advice in line
    _assert_good_written(out, good)
    # the summary still reports what was done
    assert "documents" in result.stdout and "predictions:" in result.stdout


def test_extract_every_bad_input_in_one_run(tmp_path, good):
    bad = [make(tmp_path) for make, _, _ in BAD_INPUTS.values()]
    out = tmp_path / "out"
    result = _run(*bad, good, "-o", out)
    _assert_clean_failure(result)
    lines = _error_lines(result)
    assert len(lines) == len(bad)
    assert sorted(line.split()[1] for line in lines) == sorted(f"[{c}]" for _, c, _ in BAD_INPUTS.values())
    for path in bad:
        assert sum(str(path) in line for line in lines) == 1
    _assert_good_written(out, good)


def test_extract_max_mb_option(tmp_path, good):
    big = tmp_path / "two_mb.txt"
    big.write_text("征集提案565件。\n" * 200_000, encoding="utf-8")  # ~2.2 MB of real text
    out = tmp_path / "out"
    result = _run(good, big, "--max-mb", "1", "-o", out)
    _assert_clean_failure(result)
    (line,) = _error_lines(result)
    assert line.startswith("error: [E005] ") and str(big) in line and "1.0 MB limit" in line
    _assert_good_written(out, good)


def test_extract_real_file_over_50_mb(tmp_path, good):
    big = tmp_path / "real_huge.txt"
    chunk = ("征集提案565件，基本支出预算数 10322.48 万元。" * 1000 + "\n").encode("utf-8")
    with big.open("wb") as f:
        while f.tell() <= 50 * 1024 * 1024:
            f.write(chunk)
    out = tmp_path / "out"
    result = _run(big, good, "-o", out)
    _assert_clean_failure(result)
    (line,) = _error_lines(result)
    assert line.startswith("error: [E005] ") and str(big) in line and "50.0 MB limit" in line
    _assert_good_written(out, good)


def test_extract_only_bad_inputs(tmp_path):
    out = tmp_path / "out"
    result = _run(_empty(tmp_path), "-o", out)
    _assert_clean_failure(result)
    assert _predictions(out) == []
    assert _csv_rows(out) == []


def test_extract_good_inputs_exit_zero(tmp_path, good):
    out = tmp_path / "out"
    result = _run(good.parent, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    _assert_good_written(out, good)


@pytest.mark.parametrize("encoding, prefix", [("gb18030", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_extract_gb18030_and_bom_files(tmp_path, encoding, prefix):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(prefix + GOOD.encode(encoding))
    out = tmp_path / "out"
    result = _run(path, "-o", out)
    assert result.exit_code == 0, result.stderr
    _assert_good_written(out, path)


def test_extract_unknown_model_is_one_line(tmp_path, good):
    result = CliRunner().invoke(app, ["extract", str(good), "--model", str(tmp_path / "nomodel"),
                                      "-o", str(tmp_path / "out")])
    _assert_clean_failure(result)
    assert result.exit_code == 2
    (line,) = _error_lines(result)
    assert line.startswith("error: [E010] ")
    assert not (tmp_path / "out").exists()


def test_extract_unknown_segmenter_is_one_line(tmp_path, good):
    result = _run(good, "--segmenter", "thulac", "-o", tmp_path / "out")
    _assert_clean_failure(result)
    assert result.exit_code == 2
    (line,) = _error_lines(result)
    assert line.startswith("error: [E011] ")


def test_extract_default_model_is_the_shipped_one_from_any_folder(tmp_path, good, monkeypatch):
    from ie.api import default_model, shipped_model_path

    monkeypatch.delenv("IE_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)  # no models/ie_zh here: the model is found from the package
    assert shipped_model_path() is not None and default_model() == str(shipped_model_path())
    result = CliRunner().invoke(app, ["extract", str(good), "-o", "out"])
    assert result.exit_code == 0, result.stderr
    assert "ie_zh" in result.stdout
    assert _predictions(tmp_path / "out")[0]["meta"]["model"] == "ie_zh"


def test_extract_rules_only_when_asked(tmp_path, good):
    result = CliRunner().invoke(app, ["extract", str(good), "-o", str(tmp_path / "out"), "--model", "rules"])
    assert result.exit_code == 0, result.stderr
    assert _predictions(tmp_path / "out")[0]["meta"]["model"] == "rules_zh"


def test_cli_info_and_version_show_the_model_and_package(tmp_path, monkeypatch):
    monkeypatch.delenv("IE_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)
    import ie

    version = CliRunner().invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.strip() == f"ie {ie.__version__}"
    info = CliRunner().invoke(app, ["info"])
    assert info.exit_code == 0
    assert "model_name: ie_zh" in info.stdout and "data_hash: " in info.stdout
    assert "heldout." in info.stdout
    bad = CliRunner().invoke(app, ["info", "--model", str(tmp_path / "nope")])
    assert bad.exit_code == 2 and "[E010]" in bad.stderr


def test_extract_model_from_environment(tmp_path, good, monkeypatch):
    monkeypatch.setenv("IE_MODEL", str(tmp_path / "env_model"))
    result = CliRunner().invoke(app, ["extract", str(good), "-o", str(tmp_path / "out")])
    _assert_clean_failure(result)
    assert "env_model" in result.stderr and "[E010]" in result.stderr


# --- bugs --------------------------------------------------------------------------------------------

def test_extract_error_line_names_a_file_with_brackets(tmp_path, good):
    bad = tmp_path / "empty[draft].txt"
    bad.write_bytes(b"")
    result = _run(good, bad, "-o", tmp_path / "out")
    (line,) = _error_lines(result)
    assert str(bad) in line


def test_extract_error_line_for_a_markup_like_file_name(tmp_path, good):
    bad = tmp_path / "missing[/b].txt"
    result = _run(good, bad, "-o", tmp_path / "out")
    _assert_clean_failure(result)
    assert str(bad) in result.stderr


def test_extract_output_that_is_a_file(tmp_path, good):
    taken = tmp_path / "out.txt"
    taken.write_text("x", encoding="utf-8")
    result = _run(good, "-o", taken)
    _assert_clean_failure(result)
    (line,) = _error_lines(result)
    assert line.startswith("error: [E030] ") and "--output" in line
