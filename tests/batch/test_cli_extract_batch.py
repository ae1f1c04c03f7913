"""`ie extract` as an analyst runs it: workers, all outputs, the summary, --resume, clear option errors."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ie.batch import OUTPUT_FILES
from ie.batch.journal import JOURNAL, WORK_DIR, Journal
from ie.cli import app

from .conftest import assert_same_outputs, copy_reports


def _run(*args: object):
    return CliRunner().invoke(app, ["extract", *map(str, args), "--model", "rules"])


def test_cli_extract_workers_writes_every_output_and_summary(corpus, tmp_path):
    out = tmp_path / "out"
    result = _run(*corpus["paths"], "-o", out, "--workers", "2", "--timeout", "300")
    assert result.exit_code == 1, result.output  # the bad inputs
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert sorted(line.split()[1] for line in errors) == ["[E001]", "[E002]", "[E003]"]
    assert all(line.startswith("error: [E00") for line in errors)
    assert "Traceback" not in result.stdout + result.stderr
    for name, file in OUTPUT_FILES.items():
        assert f"{name}: {out / file}" in result.stdout
    assert "Failures by reason" in result.stdout and "docs/s" in result.stdout
    assert_same_outputs(corpus["reference"], out)


def test_cli_extract_resume_finishes_unfinished_run(corpus, tmp_path):
    out = tmp_path / "out"
    assert _run(*corpus["paths"], "-o", out).exit_code == 1
    journal = out / WORK_DIR / JOURNAL
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:6]))  # as if killed after five documents
    Journal(out).set_finished(False)
    refused = _run(*corpus["paths"], "-o", out)
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: [E070] ") and "--resume" in refused.stderr
    resumed = _run(*corpus["paths"], "-o", out, "--resume")
    assert resumed.exit_code == 1
    assert "resumed" in resumed.stdout
    assert_same_outputs(corpus["reference"], out)


@pytest.mark.parametrize(("args", "code"), [
    (("--workers", "0"), "E076"),
    (("--engine", "spark"), "E077"),
    (("--scheduler", "tcp://127.0.0.1:1"), "E080"),
    (("--timeout", "-1"), "E081"),
])
def test_cli_extract_bad_options_one_clear_line(corpus, tmp_path, args, code):
    result = _run(corpus["folder"], "-o", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: [{code}] ") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out" / "predictions.jsonl").exists()


def test_cli_extract_output_inside_input_folder_is_not_read_back(tmp_path):
    folder = tmp_path / "reports"
    copy_reports(folder, 2)
    out = folder / "out"  # its quantities.csv would otherwise be an input of the next run
    assert _run(folder, "-o", out).exit_code == 0
    again = _run(folder, "-o", out, "--overwrite")
    assert again.exit_code == 0, again.stderr
    assert len((out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_cli_extract_rerun_into_a_finished_folder_needs_resume_or_overwrite(tmp_path):
    folder = tmp_path / "reports"
    copy_reports(folder, 1)
    out = tmp_path / "out"
    assert _run(folder, "-o", out).exit_code == 0
    before = (out / "predictions.jsonl").read_bytes()
    again = _run(folder, "-o", out)
    assert again.exit_code == 2 and "E083" in again.stderr and "--overwrite" in again.stderr
    assert (out / "predictions.jsonl").read_bytes() == before  # the finished outputs are kept
