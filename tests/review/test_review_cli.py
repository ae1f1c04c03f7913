"""``ie review OUT_DIR`` and ``ie extract --html``: thin commands, one-line errors, exit codes."""
from __future__ import annotations

from typer.testing import CliRunner

from ie.cli import app


def test_review_cli_builds_the_pages_and_says_where(out_dir):
    result = CliRunner().invoke(app, ["review", str(out_dir)])
    assert result.exit_code == 0, result.output
    assert f"review: {out_dir / 'review' / 'index.html'}" in result.output
    assert "3 pages" in result.output and "4 checks, 1 failed" in result.output
    assert len(list((out_dir / "review").glob("*.html"))) == 4


def test_review_cli_without_predictions_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(app, ["review", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: [E600]") and "ie extract" in lines[0]
    assert "Traceback" not in result.output


def test_review_cli_bad_checks_exits_2(out_dir):
    (out_dir / "checks.jsonl").write_text("{oops\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(out_dir)])
    assert result.exit_code == 2 and result.output.startswith("error: [E602]")


def test_review_cli_extract_html_builds_the_pages_after_the_run(tmp_path):
    report = tmp_path / "in" / "报告.txt"
    report.parent.mkdir()
    report.write_text("项目\t预算数\t执行数\n培训\t10万元\t9万元\n合计\t10万元\t9万元\n\n预算执行率 90%。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(report), "--model", "rules", "-o", str(out), "--html"])
    assert result.exit_code == 0, result.output
    page = out / "review" / "0001-报告.html"
    assert page.is_file() and (out / "review" / "index.html").is_file()
    assert '<table class="grid"' in page.read_text(encoding="utf-8")
    assert f"review: {out / 'review' / 'index.html'}" in result.output


def test_review_cli_extract_without_html_writes_no_pages(tmp_path):
    report = tmp_path / "a.txt"
    report.write_text("征集提案565件。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(report), "--model", "rules", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "review").exists()
