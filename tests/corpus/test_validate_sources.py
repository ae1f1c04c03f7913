"""Units must be identical to their source report at meta.doc_start (when sources are given)."""
from __future__ import annotations

import pytest

from ie.corpus.validate import validate_file, validate_records
from ie.errors import AnnotationError


def test_validate_accepts_text_identical_to_source(record, write_lines, sources_dir):
    assert validate_file(write_lines(record), sources_dir) == []


def test_validate_rejects_text_differing_from_source(record, write_lines, sources_dir):
    record["text"] = record["text"].replace("565", "566")
    path = write_lines(record)
    problems = validate_file(path, sources_dir)
    assert [p.rule for p in problems] == ["source-text"]
    line = str(problems[0])
    assert line.startswith(f"{path}:1: text is not identical to 000_test.txt at doc_start 5")
    assert "first difference at text offset 10" in line
    assert "do not edit 'text'" in line


def test_validate_suggests_the_right_doc_start(record, write_lines, sources_dir):
    record["meta"]["doc_start"] = 0
    problems = validate_file(write_lines(record), sources_dir)
    assert [p.rule for p in problems] == ["source-text"]
    assert "set meta.doc_start to 5" in str(problems[0])


def test_validate_rejects_unit_running_past_the_report(record, write_lines, sources_dir):
    record["text"] += "\n结束。\n多出来的"
    problems = validate_file(write_lines(record), sources_dir)
    assert [p.rule for p in problems] == ["source-text"]
    assert "the report ends at offset 40, before the unit's end (44)" in str(problems[0])


def test_validate_rejects_unknown_source(record, write_lines, sources_dir):
    record["meta"]["source"] = "999_missing.txt"
    path = write_lines(record)
    problems = validate_file(path, sources_dir)
    assert [p.rule for p in problems] == ["source-unknown"]
    assert str(problems[0]).startswith(f'{path}:1: meta.source "999_missing.txt" is not among')


def test_validate_needs_doc_start_to_compare(record, write_lines, sources_dir):
    del record["meta"]["doc_start"]
    assert validate_file(write_lines(record)) == []  # without sources doc_start is optional
    problems = validate_file(write_lines(record), sources_dir)
    assert [p.rule for p in problems] == ["doc-start"]


def test_source_check_is_skipped_without_sources(record, write_lines):
    record["text"] = record["text"].replace("565", "566")
    assert validate_file(write_lines(record)) == []


def test_synthetic_passages_have_no_source_report(record, write_lines, sources_dir):
    record["meta"].update(source="synthetic_01", synthetic=True)
    assert validate_file(write_lines(record), sources_dir) == []


def test_validate_records_with_sources_mapping(record):
    from_map = {"000_test.txt": "前言。\n\n" + record["text"]}
    assert validate_records("f.jsonl", [(1, record)], sources=from_map) == []
    assert [p.rule for p in validate_records("f.jsonl", [(1, record)], sources={})] == ["source-unknown"]


def test_source_names_cannot_leave_the_folder(record, write_lines, sources_dir):
    record["meta"]["source"] = "../raw/000_test.txt"
    assert [p.rule for p in validate_file(write_lines(record), sources_dir)] == ["source-unknown"]


def test_missing_sources_folder_and_file_raise(record, write_lines, tmp_path):
    with pytest.raises(AnnotationError) as err:
        validate_file(write_lines(record), tmp_path / "nowhere")
    assert err.value.code == "E023"
    with pytest.raises(AnnotationError) as err:
        validate_file(tmp_path / "missing.jsonl")
    assert err.value.code == "E022"
