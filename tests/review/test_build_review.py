"""ie.review.build_review: a page per report and an index, written into OUT_DIR/review/."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

import ie
from ie.errors import IEError
from ie.extraction import extract_files
from ie.review import ReviewResult, build_review

RAW = Path(__file__).resolve().parents[2] / "annotations" / "raw"


def test_build_review_writes_a_page_per_report_and_the_index(out_dir):
    result = build_review(out_dir)
    assert isinstance(result, ReviewResult)
    assert [p.name for p in result.pages] == ["0001-a_b.html", "0002-empty.html", "0003-plain.html"]
    assert result.index == out_dir / "review" / "index.html" and result.index.is_file()
    assert (result.entities, result.grids, result.checks, result.failed, result.audited) == (11, 1, 4, 1, True)
    index = result.index.read_text(encoding="utf-8")
    links = [unquote(h) for h in re.findall(r'<a href="([^"]+)">', index)]
    assert links == [p.name for p in result.pages]
    assert ">a&lt;b&gt;.txt</a>" in index
    assert not list((out_dir / "review").glob(".*.tmp"))  # atomic writes leave no temp file


def test_build_review_index_rows_have_counts_score_grade_and_failed_checks(out_dir):
    index = build_review(out_dir).index.read_text(encoding="utf-8")
    heads = re.findall(r"<th>([^<]*)</th>", index)
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(<td.*?)</tr>", index)]
    first = dict(zip(heads, rows[0]))
    assert (first["MONEY"], first["INDICATOR"], first["TASK"]) == ("2", "3", "2")
    assert (first["自评得分 score"], first["等级 grade"], first["不通过 failed"], first["检查 checks"]) == (
        "95.5", "优", "1", "4")
    assert re.search(r'<td class="num failed" data-v="1">1</td>', index)
    third = dict(zip(heads, rows[2]))
    assert third["COUNT"] == "1" and third["检查 checks"] == "0"


def test_build_review_without_checks_says_the_audit_was_not_run(out_dir):
    (out_dir / "checks.jsonl").unlink()
    result = build_review(out_dir)
    assert not result.audited and result.checks == 0
    assert "the audit was not run" in result.index.read_text(encoding="utf-8")
    assert "the audit was not run" in result.pages[0].read_text(encoding="utf-8")


def test_build_review_removes_pages_of_reports_no_longer_there(out_dir):
    stale = out_dir / "review" / "0009-old.html"
    stale.parent.mkdir()
    stale.write_text("old", encoding="utf-8")
    mine = out_dir / "review" / "notes.html"
    mine.write_text("kept", encoding="utf-8")
    build_review(out_dir)
    assert not stale.exists() and mine.exists()


def test_build_review_accepts_the_predictions_file_itself(out_dir):
    assert build_review(out_dir / "predictions.jsonl").folder == out_dir / "review"


def test_build_review_missing_predictions_is_e600(tmp_path):
    with pytest.raises(IEError) as e:
        build_review(tmp_path)
    assert e.value.code == "E600" and "ie extract" in str(e.value)


@pytest.mark.parametrize("line, reason", [("{not json", "line 2"), ('["a list"]', "not a JSON object"),
                                          ('{"id": 3, "text": 5}', "no 'text' string")])
def test_build_review_bad_prediction_line_is_e601(out_dir, line, reason):
    path = out_dir / "predictions.jsonl"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(IEError) as e:
        build_review(out_dir)
    assert e.value.code == "E601" and reason in str(e.value)


def test_build_review_bad_check_line_is_e602(out_dir):
    (out_dir / "checks.jsonl").write_text('{"document": 1, "status": "maybe"}\n', encoding="utf-8")
    with pytest.raises(IEError) as e:
        build_review(out_dir)
    assert e.value.code == "E602" and "line 1" in str(e.value)


def test_build_review_on_a_real_extraction_keeps_the_text_and_every_entity(tmp_path, parse):
    reports = sorted(RAW.glob("004_*.txt"))  # a bundled report with a table
    if not reports:
        pytest.skip(f"bundled report 004_*.txt missing in {RAW}")
    report = reports[0]
    batch = extract_files([report], ie.load("rules"), tmp_path)
    result = build_review(tmp_path)
    html = result.pages[0].read_text(encoding="utf-8")
    text = batch.results[0].text
    article = re.search(r'<article id="text" class="text">(.*?)</article>', html, re.S).group(1)
    assert parse(article).text == text
    assert len(set(re.findall(r'class="ent l-\w+" data-id="(-?\d+)"', html))) == len(batch.results[0].entities)
    assert result.entities == len(batch.results[0].entities) > 0
    assert result.grids >= 1 and '<table class="grid"' in html
