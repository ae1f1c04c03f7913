"""The derived corpus's ``sources.tsv``: document kinds, provinces, the sealed test set.

``sources.tsv`` (one row per document: file, kind, layout, region, level,
year, sector, …) is the only thing read to draw the sealed set, so the draw
never looks at a document's text.
"""
from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import AnnotationError

#: Provincial-level divisions, by the short name that opens a region string.
#: 新疆生产建设兵团 counts as 新疆: it shares the region's reports and wording.
PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)
UNKNOWN_PROVINCE = "不详"

#: The bundled five reports are all from Guangdong: Guangdong documents stay on
#: the training side, or a province would sit on both sides of the sealed split.
TRAINING_PROVINCES = ("广东",)

SEAL_SEED = 20261203
SEAL_FRACTION = 0.25


@dataclass(frozen=True)
class SourceRow:
    """One document of ``sources.tsv``."""

    file: str
    kind: str
    region: str
    level: str
    year: str
    province: str


def province_of(region: str) -> str:
    """Return the province short name a region string starts with, else ``不详``."""
    region = region.strip()
    for name in sorted(PROVINCES, key=len, reverse=True):
        if region.startswith(name):
            return name
    return UNKNOWN_PROVINCE


def read_sources(path: Path) -> list[SourceRow]:
    """Read ``sources.tsv``; raise E031 when it lacks the needed columns."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except OSError as e:
        raise AnnotationError("E029", path=path, reason=e.strerror or e) from None
    need = {"file", "kind", "region", "level", "year"}
    if not rows or not need <= set(rows[0]):
        raise AnnotationError("E031", path=path, columns=", ".join(sorted(need)))
    return [SourceRow(r["file"], r["kind"], r["region"], r["level"], r["year"],
                      province_of(r["region"])) for r in rows]


def draw_sealed(rows: list[SourceRow], *, seed: int = SEAL_SEED,
                fraction: float = SEAL_FRACTION) -> list[str]:
    """Draw the sealed test documents: whole provinces, stratified by kind.

    Provinces are shuffled with ``seed`` and taken greedily: a province joins
    the sealed side when it brings the sealed count of each kind no further
    than one document above ``fraction`` of that kind, until the sealed side
    holds ``fraction`` of all documents. Every document of a province falls on
    one side; :data:`TRAINING_PROVINCES` never go to the sealed side.
    Returns the sealed file names, sorted.
    """
    by_province: dict[str, list[SourceRow]] = defaultdict(list)
    for row in rows:
        by_province[row.province].append(row)
    want = Counter({kind: fraction * n for kind, n in Counter(r.kind for r in rows).items()})
    total_want = round(fraction * len(rows))
    order = sorted(p for p in by_province if p not in TRAINING_PROVINCES)
    random.Random(seed).shuffle(order)
    sealed: list[SourceRow] = []
    have: Counter[str] = Counter()
    for province in order:
        docs = by_province[province]
        if len(sealed) + len(docs) > total_want + 1:
            continue
        adds = Counter(r.kind for r in docs)
        if any(have[k] + n > want[k] + 1 for k, n in adds.items()):
            continue
        sealed.extend(docs)
        have.update(adds)
        if len(sealed) >= total_want:
            break
    return sorted(r.file for r in sealed)


def sealed_sources(listing: Path) -> set[str]:
    """``derived/NNN.txt`` of the sealed test documents a listing (``annotations/sealed.txt``) names."""
    if not Path(listing).is_file():
        return set()
    return {f"derived/{line.strip()}" for line in Path(listing).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}
