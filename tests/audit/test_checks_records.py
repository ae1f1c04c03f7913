"""Audit rules on hand-made records: repeats, score totals, and never a fail on an unread value."""
from __future__ import annotations

from ie.audit.checks import audit_record


def _record(text: str, quantities: list[tuple], links: list[tuple] = (), meta: dict | None = None) -> dict:
    """quantities: (start, end, label, value, extra); links: (quantity index, start, end, label)."""
    entities, relations = [], []
    for n, (start, end, label, value, extra) in enumerate(quantities, 1):
        entities.append({"id": n, "label": label, "start_offset": start, "end_offset": end, "value": value,
                         "value_status": "ok" if value is not None else "unreadable", **extra})
    for q, start, end, label in links:
        entities.append({"id": len(entities) + 1, "label": label, "start_offset": start, "end_offset": end})
        relations.append({"id": len(relations) + 1, "from_id": q, "to_id": len(entities),
                          "type": "indicator" if label == "INDICATOR" else "task"})
    return {"id": 1, "text": text, "meta": meta or {"source": "r.txt"}, "entities": entities, "relations": relations}


def test_checks_repeat_of_one_measure_must_agree():
    text = "甲项目执行率为95%。\n甲项目执行率96%。"
    record = _record(text, [(7, 10, "PERCENT", "0.95", {"indicator_key": "funds.execution_rate"}),
                            (18, 21, "PERCENT", "0.96", {"indicator_key": "funds.execution_rate"})],
                     [(1, 0, 3, "TASK"), (1, 3, 6, "INDICATOR"), (2, 12, 15, "TASK"), (2, 15, 18, "INDICATOR")])
    assert text[7:10] == "95%" and text[12:15] == "甲项目"
    repeats = [c for c in audit_record(record) if c.rule == "repeat.value"]
    assert [c.status for c in repeats] == ["fail"] and len(repeats[0].facts) == 2


def test_checks_unread_value_is_cannot_check_never_fail():
    text = "全年预算数100万元，全年执行数九十来万元，预算执行率95%。"
    record = _record(text, [(5, 11, "MONEY", "1000000", {"indicator_key": "funds.adjusted_budget"}),
                            (16, 21, "MONEY", None, {"indicator_key": "funds.execution"}),
                            (27, 30, "PERCENT", "0.95", {"indicator_key": "funds.execution_rate"})])
    (check,) = [c for c in audit_record(record) if c.rule == "rate.execution"]
    assert check.status == "cannot_check"


def _score_table(scores: list[str], total: str) -> dict:
    rows = "".join(f"| 指标{i} | 25 | {s} |\n" for i, s in enumerate(scores))
    text = "| 三级指标 | 分值 | 得分 |\n" + rows
    quantities, pos = [], len("| 三级指标 | 分值 | 得分 |\n")
    for i, s in enumerate(scores):
        line = f"| 指标{i} | 25 | {s} |\n"
        w = pos + line.index("25")
        c = pos + line.index(s, line.index("25") + 2)
        quantities += [(w, w + 2, "SCORE", "25", {"role": "weight"}), (c, c + len(s), "SCORE", s, {"role": "score"})]
        pos += len(line)
    return _record(text, quantities, meta={"source": "r.txt", "score": total})


def test_checks_scores_total_fails_only_when_weights_add_up():
    checks = {c.rule: c.status for c in audit_record(_score_table(["20", "25", "25", "20"], "95"))}
    assert checks["score.weights_total"] == "pass" and checks["score.scores_total"] == "fail"
    checks = {c.rule: c.status for c in audit_record(_score_table(["20", "25", "25", "20"], "90"))}
    assert checks["score.scores_total"] == "pass"


def test_checks_every_check_has_provenance_and_a_message():
    for check in audit_record(_score_table(["20", "25", "25", "20"], "95")):
        row = check.as_dict()
        assert row["message"] and row["status"] in ("pass", "fail", "not_applicable", "cannot_check")
        assert row["start"] is not None and all({"start", "end", "text", "value"} <= set(q) for q in row["quantities"])


def test_checks_one_cell_per_line_row_without_indicator_is_one_row():
    # derived/009's layout: the row name was not read as an INDICATOR, the table reader gave each cell its role
    text = "扶贫临时救助标准 |\n10 |\n<=5300元/户 |\n5830元/户 |\n10 |\n|\n受益人数 |\n10 |\n>=80人 |\n87人 |\n10 |\n"
    spans = [("10", "SCORE", "10", "weight", None), ("5300元/户", "MONEY", "5300", "target", "at_most"),
             ("5830元/户", "MONEY", "5830", "actual", None), ("10", "SCORE", "10", "score", None),
             ("10", "SCORE", "10", "weight", None), ("80人", "COUNT", "80", "target", "at_least"),
             ("87人", "COUNT", "87", "actual", None), ("10", "SCORE", "10", "score", None)]
    quantities, at = [], 0
    for written, label, value, role, approx in spans:
        start = text.index(written + " |", at)
        at = start + len(written)
        quantities.append((start, at, label, value, {"role": role, "approx": approx or "exact"}))
    checks = [c for c in audit_record(_record(text, quantities)) if c.rule == "target.full_score_when_short"]
    assert [c.status for c in checks] == ["fail", "pass"]
    assert [f.text for f in checks[0].facts] == ["5300元/户", "5830元/户", "10", "10"]


def test_checks_cells_of_two_rows_are_not_one_row_when_a_role_repeats():
    # two targets in a run of cells: the run ends there; the second run has no 分值, so no fail
    text = "10 |\n>=5次 |\n>=9次 |\n6次 |\n10 |\n"
    spans = [("10", "SCORE", "10", "weight"), ("5次", "COUNT", "5", "target"), ("9次", "COUNT", "9", "target"),
             ("6次", "COUNT", "6", "actual"), ("10", "SCORE", "10", "score")]
    quantities, at = [], 0
    for written, label, value, role in spans:
        start = text.index(written + " |", at)
        at = start + len(written)
        quantities.append((start, at, label, value, {"role": role, "approx": "at_least" if role == "target" else "exact"}))
    checks = [c for c in audit_record(_record(text, quantities)) if c.rule == "target.full_score_when_short"]
    assert [c.status for c in checks] == ["cannot_check"]
    assert [f.text for f in checks[0].facts] == ["9次", "6次"]
