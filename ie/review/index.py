"""The index of the review pages: one row per report, sortable, each linking to its page."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from ..contract import LABELS, QUANTITY_LABELS
from .load import STATUSES
from .page import STATUS_NAMES, e
from .template import page


@dataclass
class IndexRow:
    """What the index shows about one report."""

    id: object
    href: str                      # the page's file name, relative to the index
    source: str
    meta: dict
    characters: int
    labels: Counter = field(default_factory=Counter)
    checks: Counter | None = None  # by status; None: the audit was not run


def _cell(value: object, numeric: bool = False, cls: str = "") -> str:
    """One cell; numbers carry their value in ``data-v`` so they sort as numbers."""
    classes = " ".join(c for c in ("num" if numeric else "", cls) if c)
    attr = f' class="{classes}"' if classes else ""
    if value is None or value == "":
        return f'<td{attr} data-v="">—</td>' if numeric else f"<td{attr}></td>"
    data = f' data-v="{e(value)}"' if numeric else ""
    return f"<td{attr}{data}>{e(value)}</td>"


def build_index(rows: list[IndexRow], audited: bool) -> str:
    """The HTML of index.html."""
    labels = list(LABELS) + sorted({lab for r in rows for lab in r.labels} - set(LABELS))
    heads = ["#", "报告 report", "单位 unit", "年度 year", "类型 kind", "字数 chars", *labels,
             "自评得分 score", "等级 grade", "不通过 failed", "检查 checks"]
    out = ['<table class="reports"><thead><tr>', *(f"<th>{e(h)}</th>" for h in heads), "</tr></thead><tbody>"]
    for r in rows:
        failed = r.checks["fail"] if r.checks is not None else None
        total = sum(r.checks.values()) if r.checks is not None else None
        out.append("<tr>" + _cell(r.id, True)
                   + f'<td><a href="{e(quote(r.href))}">{e(r.source)}</a></td>'
                   + _cell(r.meta.get("unit"), cls="wide") + _cell(r.meta.get("year"), True)
                   + _cell(r.meta.get("kind"), cls="wide")
                   + _cell(r.characters, True) + "".join(_cell(r.labels[lab], True) for lab in labels)
                   + _cell(r.meta.get("score"), True) + _cell(r.meta.get("grade"))
                   + _cell(failed, True, "failed" if failed else "") + _cell(total, True) + "</tr>")
    out.append("</tbody></table>")
    if not rows:
        out.append('<p class="nochecks">predictions.jsonl 中没有报告。</p>')
    quantities = sum(n for r in rows for lab, n in r.labels.items() if lab in QUANTITY_LABELS)
    if audited:
        counts = Counter()
        for r in rows:
            counts.update(r.checks or {})
        audit = " · ".join(f"{STATUS_NAMES[s]} {counts[s]}" for s in STATUSES)
    else:
        audit = "审核未运行（no checks.jsonl: the audit was not run）"
    header = (f'<h1>ie review — {len(rows)} 份报告</h1><div class="facts"><span class="fact"><b>数量</b> '
              f'{quantities}</span><span class="fact"><b>审核</b> {e(audit)}</span>'
              f'<span class="fact">点击列标题排序</span></div>')
    return page("index.html", kind="index-page", title=e(f"ie review — {len(rows)} reports"), script="index.js",
                header=header, table="".join(out))
