"""Tiny gold fixtures for the training tests: two reports and two synthetic passages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ie.corpus.jsonl import write_jsonl

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "training" / "config.cfg"
PROJECT = ROOT / "training" / "project.yml"

_MARK = re.compile(r"\[([^\[\]|]+)\|([A-Z]+)\]")

# (source, marked text); "[span|LABEL]" marks an entity
UNITS: list[tuple[str, str]] = [
    ("100_aaaa.txt", "[广州市政协办公厅|ORG]2021年部门整体支出预算数[13480.37万元|MONEY]，"
                     "执行数[13279.02万元|MONEY]，预算执行率[98.51%|PERCENT]。"),
    ("100_aaaa.txt", "全年征集提案[565件|COUNT]，组织召开近[10场|COUNT]专家座谈会，"
                     "走访[11家|COUNT]市委市政府工作部门。"),
    ("100_aaaa.txt", "自评评分为[95.25分|SCORE]，[市政协|ORG]共收集社情民意信息[871篇|COUNT]。"),
    ("101_bbbb.txt", "[区政协办公室|ORG]基本支出预算数[1006.67万元|MONEY]，执行率[100%|PERCENT]。"),
    ("101_bbbb.txt", "组织委员视察调研[46次|COUNT]，完成率[100%|PERCENT]，自评得分[10分|SCORE]。"),
    ("synthetic_01", "[县财政局|ORG]下达项目资金[3,363.37 万元|MONEY]，共募集善款约[70万元|MONEY]。"),
    ("synthetic_02", "开展培训[6000多人次|COUNT]，发放资料[3400 余件|COUNT]，满意率[96.5%|PERCENT]。"),
]


def marked(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Strip ``[span|LABEL]`` marks; return the text and the ``(start, end, label)`` spans."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    size = 0
    for m in _MARK.finditer(text):
        out.append(text[pos:m.start()])
        size += m.start() - pos
        spans.append((size, size + len(m.group(1)), m.group(2)))
        out.append(m.group(1))
        size += len(m.group(1))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def make_record(rid: int, source: str, text: str, doc_start: int = 0, synthetic: bool = False) -> dict:
    """A contract record from marked text."""
    clean, spans = marked(text)
    meta: dict = {"source": source, "doc_start": doc_start}
    if synthetic:
        meta["synthetic"] = True
    return {"id": rid, "text": clean, "meta": meta,
            "entities": [{"id": n, "label": label, "start_offset": s, "end_offset": e}
                         for n, (s, e, label) in enumerate(spans, 1)],
            "relations": []}


def gold_records() -> list[dict]:
    """The fixture units as contract records (doc_start follows the units of each report)."""
    records = []
    starts: dict[str, int] = {}
    for rid, (source, text) in enumerate(UNITS, 1):
        rec = make_record(rid, source, text, starts.get(source, 0), synthetic=source.startswith("synthetic"))
        starts[source] = starts.get(source, 0) + len(rec["text"])
        records.append(rec)
    return records


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    """The fixture gold as one JSONL file."""
    path = tmp_path / "gold.jsonl"
    write_jsonl(path, gold_records())
    return path


@pytest.fixture
def config_path() -> Path:
    """The project's training config."""
    return CONFIG
