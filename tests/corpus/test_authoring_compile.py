"""The .ann plain-text format compiles to contract records, and back."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.corpus.authoring import compile_ann, compile_files, to_ann
from ie.corpus.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
TEXT = "我会整体收入13480.37万元，支出13378.07万元。\n项目\t预算数\n基本支出\t100\n"


@pytest.fixture()
def src(tmp_path):
    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def _write(src: Path, body: str) -> Path:
    path = src / "doc.ann"
    path.write_text("@id 7\n@doc doc.txt\n@annotator t\n" + body, encoding="utf-8")
    return path


def test_authoring_compiles_spans_values_and_links(src):
    path = _write(src, "i1 INDICATOR :: 整体收入\n"
                       "q1 MONEY v=134803700 u=万元 a=exact ind=i1 :: 13480.37万元\n"
                       "i2 INDICATOR :: ⟦支出⟧13378\n"
                       "q2 MONEY v=133780700 u=万元 a=exact ind=i2 :: ⟦13378.07万元⟧。\n"
                       "t1 TASK :: 基本支出\n"
                       "q3 MONEY v=1000000 u=万元 a=exact task=t1 :: 基本支出\\t⟦100⟧\n")
    result = compile_ann(path, src)
    assert result.problems == []
    rec = result.record
    spans = [(TEXT[e["start_offset"]:e["end_offset"]], e["label"]) for e in rec["entities"]]
    assert spans == [("整体收入", "INDICATOR"), ("13480.37万元", "MONEY"), ("支出", "INDICATOR"),
                     ("13378.07万元", "MONEY"), ("基本支出", "TASK"), ("100", "MONEY")]
    assert rec["entities"][1]["value"] == "134803700" and rec["entities"][1]["approx"] == "exact"
    assert [(r["from_id"], r["to_id"], r["type"]) for r in rec["relations"]] == [
        (2, 1, "indicator"), (4, 3, "indicator"), (6, 5, "task")]
    assert rec["meta"] == {"source": "doc.txt", "doc_start": 0, "annotator": "t"}


def test_authoring_searches_forward_so_repeats_need_no_counting(src):
    path = _write(src, "q1 MONEY v=1 u=- a=exact :: 13480.37万元\nq2 MONEY v=2 u=- a=exact :: 万元\n")
    rec = compile_ann(path, src).record
    assert rec["entities"][1]["start_offset"] == TEXT.index("万元", TEXT.index("万元") + 1)


@pytest.mark.parametrize(("body", "message"), [
    ("q1 MONEY v=1 u=- a=exact :: 999万元\n", "does not occur"),
    ("q1 MONEY v=1 u=- a=exact :: 支出\nq2 MONEY v=1 u=- a=exact :: 整体收入\n", "text order"),
    ("q1 MONEY v=x u=- a=exact :: 支出\n", "not a decimal"),
    ("q1 MONEY v=1 u=- a=maybe :: 支出\n", "a=maybe"),
    ("q1 MONEY u=- a=exact :: 支出\n", "needs v="),
    ("q1 MONEY v=1 u=- a=exact ind=i9 :: 支出\n", "no span of that name"),
    ("q1 WHAT :: 支出\n", "unknown label"),
    ("q1 MONEY v=1 u=- a=exact :: ⟦支出\n", "exactly one"),
    ("q1 MONEY v=1 u=- a=exact ind=q1 :: 支出\n", "not INDICATOR"),
    ("i1 INDICATOR :: 整体收入\ni1 INDICATOR :: 支出\n", "used twice"),
])
def test_authoring_reports_each_problem_with_its_line(src, body, message):
    result = compile_ann(_write(src, body), src)
    assert result.record is None
    assert any(message in p.message for p in result.problems), result.problems
    assert all(str(p).startswith(str(src / "doc.ann") + ":") for p in result.problems)


def test_authoring_lists_numerals_outside_quantities(src):
    result = compile_ann(_write(src, "q1 MONEY v=1 u=- a=exact :: 13480.37万元\n"), src)
    assert [n for _, n, _ in result.uncovered] == ["13378.07", "100"]


def test_authoring_round_trips_every_bundled_gold_unit(tmp_path):
    for rec in read_jsonl(ROOT / "annotations" / "gold" / "reports.jsonl"):
        (tmp_path / "u.txt").write_text(rec["text"], encoding="utf-8")
        path = tmp_path / "u.ann"
        path.write_text(to_ann(rec, doc="u.txt"), encoding="utf-8")
        result = compile_ann(path, tmp_path)
        assert result.problems == [], rec["id"]

        def key(r):
            ents = {e["id"]: e for e in r["entities"]}
            return (sorted((e["start_offset"], e["end_offset"], e["label"], e.get("value"), e.get("unit"),
                            e.get("approx")) for e in r["entities"]),
                    sorted((ents[x["from_id"]]["start_offset"], ents[x["to_id"]]["start_offset"], x["type"])
                           for x in r["relations"]))
        assert key(result.record) == key(rec), rec["id"]


def test_cli_corpus_compile_writes_jsonl_and_fails_on_problems(src, tmp_path):
    good = _write(src, "q1 MONEY v=134803700 u=万元 a=exact :: 13480.37万元\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["annotations", "compile", str(good), "--sources", str(src), "-o", str(out),
                                      "--show"])
    assert result.exit_code == 0, result.output
    assert "13480.37万元" in result.output
    (rec,) = read_jsonl(out)
    assert rec["text"] == TEXT
    bad = _write(src, "q1 MONEY v=1 u=- a=exact :: 999万元\n")
    result = CliRunner().invoke(app, ["annotations", "compile", str(bad), "--sources", str(src)])
    assert result.exit_code == 1 and "FAILED" in result.output and "Traceback" not in result.output


def test_authoring_compile_files_fills_text(src):
    records, results = compile_files([_write(src, "q1 COUNT v=1 u=- a=exact :: 100\n")], src)
    assert records[0]["text"] == TEXT and not results[0].problems
