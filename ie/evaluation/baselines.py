"""Baselines to compare the extractor against.

JioNLP's rule-based ``extract_money`` serves as a MONEY-only baseline. JioNLP
is an optional extra (``pip install -e '.[jionlp]'``); it is imported lazily,
on first use, with its import-time banner kept off standard output. It needs
no download beyond its PyPI package.
"""
from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from ..contract import APPROX_ABOUT, APPROX_AT_LEAST, APPROX_AT_MOST, APPROX_EXACT
from ..errors import ModelError

# the span of a quantity starts at its first digit or Chinese numeral (CONTRACT.md, Boundaries)
_NUMERAL = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]")
_MONEY_UNIT = re.compile(r"([千万亿]*)[余多]?元$")
# approximation words before the number, and inside or after it
_BEFORE = {APPROX_AT_MOST: ("不超过", "不高于", "≤"), APPROX_AT_LEAST: ("超过", "不少于", "不低于", "≥"),
           APPROX_ABOUT: ("约", "近")}
_AFTER = {APPROX_AT_MOST: ("以下",), APPROX_AT_LEAST: ("余", "多", "以上"), APPROX_ABOUT: ("左右",)}

MoneyExtractor = Callable[[str], list[dict]]


def load_jionlp_money() -> MoneyExtractor:
    """Return JioNLP's ``extract_money`` with parsing on, or raise a clear :class:`ModelError`."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp
    except ModuleNotFoundError as e:
        if e.name and e.name.split(".")[0] == "jionlp":
            raise ModelError("E205") from None
        raise ModelError("E206", reason=e) from None
    except Exception as e:  # noqa: BLE001 - any failure while importing a third-party package
        raise ModelError("E206", reason=e) from None

    def extract(text: str) -> list[dict]:
        return jionlp.ner.extract_money(text, with_parsing=True)

    return extract


def _locate(text: str, found: str, start: int) -> int | None:
    """Start of ``found`` in ``text``: at ``start`` if it is there, else the nearest occurrence."""
    if text[start:start + len(found)] == found:
        return start
    hits = [m.start() for m in re.finditer(re.escape(found), text)]
    return min(hits, key=lambda h: abs(h - start)) if hits else None


def _approx(before: str, after: str, definition: str | None) -> str:
    """``approx`` from the words just before the number and those in or right after it."""
    for approx in (APPROX_AT_MOST, APPROX_AT_LEAST, APPROX_ABOUT):
        if any(w in before for w in _BEFORE[approx]) or any(w in after for w in _AFTER[approx]):
            if approx == APPROX_AT_LEAST and "不超过" in before:
                continue
            return approx
    return APPROX_ABOUT if definition == "blur" else APPROX_EXACT


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money_entity(text: str, item: dict, entity_id: int) -> dict | None:
    """Turn one JioNLP money item into a contract MONEY entity on ``text``, or ``None``.

    The span is trimmed to the contract's boundaries: it starts at the first
    numeral (``约70万元`` → ``70万元``) and ends at the currency unit's ``元``;
    the words around it feed ``approx``. ``value`` (yuan, as a string) is
    set for single amounts, and for ranges only as the lower bound of an
    ``at_least`` amount (``12万余元``); ``unit`` is the currency unit as written.
    """
    found = item.get("text") or ""
    offset = item.get("offset") or [0, 0]
    start = _locate(text, found, int(offset[0])) if found else None
    if start is None:
        return None
    first = _NUMERAL.search(found)
    if first is None:
        return None
    span = found[first.start():]
    if "元" in span:  # JioNLP sometimes runs on past the unit ('12万余元，不超过')
        span = span[:span.rindex("元") + 1]
    span = span.rstrip()
    start += first.start()
    detail = item.get("detail") or {}
    end = start + len(span)
    approx = _approx(text[max(start - 3, 0):start], text[start:end + 2], detail.get("definition"))
    entity: dict = {"id": entity_id, "label": "MONEY", "start_offset": start, "end_offset": end}
    num = detail.get("num")
    value = None
    if isinstance(num, (list, tuple)):
        if approx == APPROX_AT_LEAST and num:
            value = _decimal(num[0])
    elif num is not None:
        value = _decimal(num)
    if value is not None:
        entity["value"] = format(value.normalize(), "f")
    unit = _MONEY_UNIT.search(span)
    if unit:
        entity["unit"] = unit.group(1) + "元"
    entity["approx"] = approx
    return entity


def jionlp_predictions(records: Sequence[dict], extractor: MoneyExtractor | None = None) -> list[dict]:
    """Contract JSONL predictions of JioNLP's money extractor on the records' texts.

    Each output record keeps the input's ``id``, ``text`` and ``meta`` and has
    only MONEY entities (no relations). ``extractor`` replaces JioNLP (for
    tests); by default JioNLP is imported here.
    """
    extract = extractor or load_jionlp_money()
    out = []
    for rec in records:
        text = rec.get("text") or ""
        entities = []
        for item in extract(text) if text.strip() else []:
            entity = money_entity(text, item, len(entities) + 1)
            if entity is not None:
                entities.append(entity)
        out.append({"id": rec.get("id"), "text": text, "meta": dict(rec.get("meta") or {}),
                    "entities": entities, "relations": []})
    return out
