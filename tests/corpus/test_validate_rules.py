"""One small broken file per contract rule: each is rejected with the right rule id
and a one-line message that names the file, the line and the entity or relation."""
from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from ie.corpus.validate import RULES, Problem, validate_file, validate_records


def _entity(rec: dict, eid: int) -> dict:
    return next(e for e in rec["entities"] if e["id"] == eid)


def _relation(rec: dict, rid: int) -> dict:
    return next(r for r in rec["relations"] if r["id"] == rid)


def _set(target: Callable[[dict], dict], **fields: object) -> Callable[[dict], None]:
    def mutate(rec: dict) -> None:
        target(rec).update(fields)
    return mutate


def _drop(key: str) -> Callable[[dict], None]:
    def mutate(rec: dict) -> None:
        del rec[key]
    return mutate


def _shift_start(eid: int, delta: int) -> Callable[[dict], None]:
    def mutate(rec: dict) -> None:
        _entity(rec, eid)["start_offset"] += delta
    return mutate


def _tag_last_char_with_id(eid: int) -> Callable[[dict], None]:
    """Add an entity on the (untagged) last character, reusing id ``eid``."""
    def mutate(rec: dict) -> None:
        end = len(rec["text"])
        rec["entities"].append({"id": eid, "label": "ORG", "start_offset": end - 1, "end_offset": end})
    return mutate


def _add_relation(**fields: object) -> Callable[[dict], None]:
    def mutate(rec: dict) -> None:
        rec["relations"].append(fields)
    return mutate


E = lambda eid: (lambda rec: _entity(rec, eid))  # noqa: E731
R = lambda rid: (lambda rec: _relation(rec, rid))  # noqa: E731
META = lambda rec: rec["meta"]  # noqa: E731

# (test id, mutation, rule, what the line names: "entity N" / "relation N" / None, message words)
CASES = [
    ("missing_text", _drop("text"), "required", None, "'text'"),
    ("missing_entities", _drop("entities"), "required", None, "'entities'"),
    ("missing_meta_source", lambda rec: rec["meta"].pop("source"), "required", None, "meta.source"),
    ("entity_missing_label", lambda rec: _entity(rec, 4).pop("label"), "required", "entity 4", "'label'"),
    ("relation_missing_type", lambda rec: _relation(rec, 2).pop("type"), "required", "relation 2", "'type'"),
    ("duplicate_entity_id", _tag_last_char_with_id(1), "duplicate-entity-id", "entity 1", "own id"),
    ("duplicate_relation_id", _set(R(3), id=1), "duplicate-relation-id", "relation 1", "own id"),
    ("offset_past_end", _set(E(6), end_offset=999), "offsets", "entity 6", "0 <= start_offset < end_offset"),
    ("empty_span", _set(E(2), end_offset=3), "offsets", "entity 2", "empty"),
    ("negative_offset", _set(E(1), start_offset=-1), "offsets", "entity 1", "outside"),
    ("offset_not_integer", _set(E(1), start_offset="0"), "offsets", "entity 1", "must be integers"),
    ("leading_whitespace", _shift_start(3, -1), "whitespace", "entity 3", "white space"),
    ("overlapping_spans", _set(E(2), end_offset=9), "overlap", "entity 3", "overlaps entity 2"),
    ("unknown_label", _set(E(1), label="AMOUNT"), "label", "entity 1", "'AMOUNT'"),
    ("unknown_relation_type", _set(R(1), type="belongs_to"), "relation-type", "relation 1", "'belongs_to'"),
    ("relation_to_missing_entity", _set(R(1), to_id=99), "relation-endpoint", "relation 1", "to_id 99"),
    ("relation_from_missing_entity", _set(R(1), from_id=42), "relation-endpoint", "relation 1", "from_id 42"),
    ("relation_from_non_quantity", _set(R(1), from_id=2, to_id=3), "relation-direction", "relation 1",
     "swap from_id and to_id"),
    ("indicator_relation_to_task", _set(R(2), to_id=4), "relation-direction", "relation 2", "must point to an entity labeled INDICATOR"),
    ("task_relation_to_org", _set(R(3), to_id=1), "relation-direction", "relation 3", "must point to an entity labeled TASK"),
    ("two_indicator_relations", _add_relation(id=4, from_id=6, to_id=2, type="indicator"),
     "relation-duplicate", "relation 4", "already has a relation of type indicator"),
    ("bad_value", _set(E(3), value="five hundred"), "value", "entity 3", "'five hundred'"),
    ("bad_unit", _set(E(3), unit=""), "unit", "entity 3", "unit ''"),
    ("bad_approx", _set(E(3), approx="roughly"), "approx", "entity 3", "'roughly'"),
    ("bad_value_status", _set(E(3), value_status="guessed"), "value-status", "entity 3", "'guessed'"),
    ("value_with_refusal", _set(E(3), value="5", value_status="unreadable"), "value-status", "entity 3",
     "value null"),
    ("bad_role", _set(E(3), role="goal"), "role", "entity 3", "'goal'"),
    ("bad_doc_start", _set(META, doc_start=-5), "doc-start", None, "doc_start -5"),
]


@pytest.mark.parametrize(("mutate", "rule", "names", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_rejects_broken_line(record, write_lines, mutate, rule, names, words):
    """Line 1 is valid; the broken unit on line 2 gives exactly one problem, of the rule."""
    valid = copy.deepcopy(record)
    mutate(record)
    path = write_lines(valid, record)
    problems = validate_file(path)
    assert [p.rule for p in problems] == [rule], [str(p) for p in problems]
    problem = problems[0]
    assert isinstance(problem, Problem)
    assert problem.rule in RULES
    text = str(problem)
    prefix = f"{path}:2: " + (f"{names}: " if names else "")
    assert text.startswith(prefix), text
    assert words in text
    assert "\n" not in text


def test_every_rule_has_a_broken_file():
    """The table above covers every rule except the file/source ones tested elsewhere."""
    covered = {c[2] for c in CASES}
    assert set(RULES) - covered == {"json", "source-unknown", "source-text"}


def test_validate_accepts_valid_file(record, write_lines):
    extras = {"value": 565, "unit": "件", "approx": "at_least", "role": "actual"}
    record["entities"][2].update(extras)
    record["entities"][5].update({"value": "0.9924", "approx": "exact"})
    path = write_lines(record, record, "")
    assert validate_file(path) == []


def test_validate_accepts_unit_without_entities(write_lines):
    path = write_lines({"id": 3, "text": "没有数量。", "meta": {"source": "x.txt"}, "entities": []})
    assert validate_file(path) == []


def test_validate_reports_every_problem_not_just_the_first(record, write_lines):
    record["entities"][0]["label"] = "AMOUNT"
    record["relations"][0]["type"] = "belongs_to"
    record["entities"][5]["end_offset"] = 999
    path = write_lines(record, record)
    problems = validate_file(path)
    assert sorted((p.line, p.rule) for p in problems) == [
        (1, "label"), (1, "offsets"), (1, "relation-type"),
        (2, "label"), (2, "offsets"), (2, "relation-type")]


def test_validate_reports_invalid_json_with_its_line(record, write_lines):
    record["entities"][0]["label"] = "AMOUNT"
    path = write_lines(record, '{"id": 2, "text": ')
    problems = validate_file(path)
    assert [(p.line, p.rule) for p in problems] == [(1, "label"), (2, "json")]
    assert str(problems[1]).startswith(f"{path}:2: not valid JSON")


def test_validate_line_that_is_not_an_object(write_lines):
    path = write_lines("[1, 2]")
    problems = validate_file(path)
    assert [p.rule for p in problems] == ["required"]


def test_validate_records_takes_line_numbers_as_given(record):
    record["entities"][0]["label"] = "AMOUNT"
    problems = validate_records("mem.jsonl", [(17, record)])
    assert [str(p) for p in problems] == [
        "mem.jsonl:17: entity 1: label 'AMOUNT' is not in the contract; use one of "
        "MONEY, PERCENT, COUNT, SCORE, ORG, INDICATOR, TASK"]


def test_overlap_names_both_entities(record):
    record["entities"].append({"id": 7, "label": "ORG", "start_offset": 0, "end_offset": 2})
    problems = validate_records("f.jsonl", [(1, record)])
    assert [p.rule for p in problems] == ["overlap"]
    line = str(problems[0])
    assert line.startswith("f.jsonl:1: entity 1: ORG 0-3") and "overlaps entity 7" in line


def test_span_may_contain_inner_line_break(record):
    text = "支出1781.86 万\n元。"
    record.update(text=text, relations=[],
                  entities=[{"id": 1, "label": "MONEY", "start_offset": 2, "end_offset": 13}])
    assert validate_records("f.jsonl", [(1, record)]) == []


def test_value_accepts_numbers_and_decimal_strings(record):
    for value in (134803700, 0.9924, "0.9924", "1E+3"):
        record["entities"][2]["value"] = value
        assert validate_records("f.jsonl", [(1, record)]) == [], value
    for value in (None, True, "NaN", "", [1]):
        record["entities"][2]["value"] = value
        assert [p.rule for p in validate_records("f.jsonl", [(1, record)])] == ["value"], value
