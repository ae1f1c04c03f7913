"""One report's review page: the text with its entities and check places marked, the audit beside it."""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field

from ..contract import LABELS, QUANTITY_LABELS, RELATION_TARGET
from .load import STATUSES
from .template import page, script_json
from .text import Mark, render_text

STATUS_NAMES: dict[str, str] = {"fail": "不通过", "cannot_check": "无法核对", "not_applicable": "不适用",
                                "pass": "通过"}
LABEL_NAMES: dict[str, str] = {"MONEY": "金额", "PERCENT": "百分比", "COUNT": "数量", "SCORE": "分值/得分",
                               "ORG": "单位", "INDICATOR": "指标", "TASK": "任务", "OTHER": "其他"}
# what a quantity carries besides its offsets, in the order the tooltip lists it
ATTRIBUTES: tuple[str, ...] = ("value", "unit", "approx", "value_status", "role", "indicator_key",
                               "key_level1", "key_level2", "task_key")
META_FIELDS: tuple[tuple[str, str], ...] = (("unit", "单位"), ("year", "年度"), ("kind", "类型"),
                                            ("score", "自评得分"), ("grade", "等级"), ("model", "模型"),
                                            ("model_version", "模型版本"))
_OFFSET_KEYS = {"id", "label", "start_offset", "end_offset"}


@dataclass
class Page:
    """A built page and what the index says about it."""

    html: str
    labels: Counter = field(default_factory=Counter)   # entities shown, by label
    entities: int = 0
    skipped: int = 0                                   # entities whose offsets do not fit the text
    grids: int = 0
    checks: Counter | None = None                      # by status; None: the audit was not run


def e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _entities(record: dict) -> tuple[dict[int, dict], int]:
    """The entities whose offsets fit the text, by id (entities of no id get one); and how many did not fit."""
    text = record["text"]
    ents: dict[int, dict] = {}
    skipped = 0
    for n, ent in enumerate(record.get("entities") or [], 1):
        if not isinstance(ent, dict):
            skipped += 1
            continue
        start, end = ent.get("start_offset"), ent.get("end_offset")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            skipped += 1
            continue
        eid = ent.get("id") if isinstance(ent.get("id"), int) and ent.get("id") not in ents else -n
        attrs = {k: ent[k] for k in ATTRIBUTES if ent.get(k) is not None}
        attrs.update({k: v for k, v in ent.items()   # fields added later (keys, scores) show too
                      if k not in _OFFSET_KEYS and k not in attrs and v is not None
                      and not isinstance(v, (dict, list))})
        ents[eid] = {"id": eid, "label": str(ent.get("label")), "start": start, "end": end,
                     "text": text[start:end], "attrs": attrs, "indicator": [], "task": [], "quantities": []}
    for rel in record.get("relations") or []:
        if not isinstance(rel, dict):
            continue
        source, target = ents.get(rel.get("from_id")), ents.get(rel.get("to_id"))
        kind = rel.get("type")
        if source and target and kind in RELATION_TARGET and target["id"] not in source[kind]:
            source[kind].append(target["id"])
            target["quantities"].append(source["id"])
    return ents, skipped


def _title(ent: dict, ents: dict[int, dict]) -> str:
    """The tooltip of an entity: label, text, value and the rest, its indicator and task."""
    lines = [f"{ent['label']} {LABEL_NAMES.get(ent['label'], '')}: {ent['text']}"]
    lines += [f"{k}: {v}" for k, v in ent["attrs"].items()]
    for kind in ("indicator", "task"):
        lines += [f"{kind}: {ents[t]['text']}" for t in ent[kind]]
    return "\n".join(lines)


def _entity_lookup(ents: dict[int, dict]) -> dict[tuple, int]:
    """Entity ids by (start, end, label) and by (start, end): how a check's quantities are found."""
    lookup: dict[tuple, int] = {}
    for x in ents.values():
        lookup.setdefault((x["start"], x["end"], x["label"]), x["id"])
        lookup.setdefault((x["start"], x["end"]), x["id"])
    return lookup


def _check_place(row: dict, lookup: dict[tuple, int], length: int) -> tuple[tuple[int, int] | None, list[int]]:
    """Where a check is in the text (its span, if it fits) and the entities of its quantities."""
    ids: list[int] = []
    for q in row.get("quantities") or []:
        if not isinstance(q, dict):
            continue
        found = lookup.get((q.get("start"), q.get("end"), q.get("label")), lookup.get((q.get("start"), q.get("end"))))
        if found is not None and found not in ids:
            ids.append(found)
    start, end = row.get("start"), row.get("end")
    fits = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length
    return ((start, end) if fits else None), ids


def _panel(checks: list[dict] | None, counts: Counter | None) -> str:
    """The audit side panel: status filters and one clickable item per check, the worst first."""
    if checks is None:
        return ('<p class="noaudit">未运行审核：此文件夹没有 checks.jsonl（the audit was not run）。'
                '运行审核后重新生成本页。</p>')
    boxes = "".join(
        f'<label class="st-{s}"><input type="checkbox" class="status-filter" value="{s}" checked> '
        f'{STATUS_NAMES[s]} <span class="n">{counts[s]}</span></label>' for s in STATUSES)
    if not checks:
        return f'<div class="filters">{boxes}</div><p class="nochecks">本报告没有可做的检查。</p>'
    items = []
    for c in sorted(checks, key=lambda c: (STATUSES.index(c["status"]), c["order"])):
        placed = c["span"] is not None or c["quantities"]
        details = "".join(f'<div class="{k}">{e(label)}{e(c[k])}</div>'
                          for k, label in (("why", "原因："), ("stated", "报告值："), ("computed", "核算值："))
                          if c.get(k) is not None)
        where = "" if placed else '<div class="noplace">文中无位置</div>'
        items.append(
            f'<li class="check st-{c["status"]}{"" if placed else " unplaced"}" data-ck="{c["k"]}" '
            f'data-status="{c["status"]}" tabindex="0">'
            f'<span class="badge">{STATUS_NAMES[c["status"]]}</span> <code class="rule">{e(c["rule"])}</code>'
            f'<div class="msg">{e(c["message"])}</div>{details}{where}</li>')
    return f'<div class="filters">{boxes}</div><ol class="checks">{"".join(items)}</ol>'


def css_label(label: str) -> str:
    """The label as a class name: labels outside the contract share one colour (and one filter)."""
    return label if label in LABELS else "OTHER"


def _legend(labels: Counter) -> str:
    """One checkbox per label (its colour, its count), in the contract's order."""
    shown = Counter()
    for lab, n in labels.items():
        shown[css_label(lab)] += n
    return "".join(
        f'<label class="lg l-{lab}"><input type="checkbox" class="label-filter" value="{lab}" checked> '
        f'<span class="sw"></span>{lab} {LABEL_NAMES.get(lab, "")} <span class="n">{shown[lab]}</span></label>'
        for lab in (*LABELS, "OTHER") if lab in LABELS or shown[lab])


def _header(record: dict, checks: Counter | None, index_href: str) -> tuple[str, str]:
    """The page title and the header: source, the report's facts, the audit totals."""
    meta = record.get("meta") or {}
    source = meta.get("source") or f"report {record.get('id')}"
    facts = "".join(f'<span class="fact"><b>{e(name)}</b> {e(meta[key])}</span>'
                    for key, name in META_FIELDS if meta.get(key) not in (None, ""))
    if checks is None:
        audit = '<span class="fact">审核未运行</span>'
    else:
        audit = "".join(f'<span class="fact st-{s}"><b>{STATUS_NAMES[s]}</b> {checks[s]}</span>'
                        for s in STATUSES if checks[s])
    head = (f'<a class="back" href="{e(index_href)}">← 全部报告</a><h1>{e(source)}</h1>'
            f'<div class="facts">{facts}{audit}<span class="fact"><b>字数</b> {len(record["text"])}</span></div>')
    return f"{source} — ie review", head


def _checks(checks: list[dict], ents: dict[int, dict], length: int) -> tuple[list[dict], Counter, list[Mark]]:
    """The panel's rows of a record's checks, the count by status, and a mark for each check that has a span."""
    rows, counts, marks = [], Counter({s: 0 for s in STATUSES}), []
    lookup = _entity_lookup(ents)
    for k, row in enumerate(checks):  # k, not the check's number, names it in the page: it is unique
        span, ids = _check_place(row, lookup, length)
        counts[row["status"]] += 1
        rows.append({"k": k, "order": row["check"] if isinstance(row.get("check"), int) else k,
                     "status": row["status"], "rule": row.get("rule"), "message": row.get("message"),
                     "why": row.get("why"), "stated": row.get("stated"), "computed": row.get("computed"),
                     "span": span, "quantities": ids})
        if span:
            marks.append(Mark(span[0], span[1], f'<span class="ck" data-ck="{k}">', 0))
    return rows, counts, marks


def build_page(record: dict, checks: list[dict] | None, index_href: str = "index.html") -> Page:
    """The HTML of one record's page; ``checks`` are its check rows, None when the audit was not run."""
    text = record["text"]
    ents, skipped = _entities(record)
    label_rank = {lab: n for n, lab in enumerate(LABELS, 1)}  # same extent: the contract's order, outside in
    marks = [Mark(x["start"], x["end"],
                  f'<span class="ent l-{css_label(x["label"])}" data-id="{x["id"]}" title="{e(_title(x, ents))}">',
                  label_rank.get(x["label"], len(LABELS) + 1)) for x in ents.values()]
    rows, counts = None, None
    if checks is not None:
        rows, counts, check_marks = _checks(checks, ents, len(text))
        marks += check_marks
    body, grids = render_text(text, marks)
    labels = Counter(x["label"] for x in ents.values())
    title, head = _header(record, counts, index_href)
    data = {"entities": {str(i): {"cls": css_label(x["label"]),
                                  **{k: x[k] for k in ("label", "text", "attrs", "indicator", "task", "quantities")}}
                         for i, x in ents.items()},
            "checks": {str(c["k"]): {"quantities": c["quantities"], "status": c["status"]} for c in rows or []},
            "labels": {lab: LABEL_NAMES.get(lab, "") for lab in labels},
            "quantity_labels": list(QUANTITY_LABELS)}
    htm = page("page.html", kind="review-page", title=e(title), script="page.js", header=head,
               legend=_legend(labels), text=body, panel=_panel(rows, counts), data=script_json(data))
    return Page(html=htm, labels=labels, entities=len(ents), skipped=skipped, grids=grids, checks=counts)
