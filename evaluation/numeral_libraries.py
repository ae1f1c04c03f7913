"""Measure a maintained numeral library (cn2an) against ie's numeral core on the numeral case table.

    pip install cn2an==0.5.24   # not a dependency of ie: only this measurement uses it
    python evaluation/numeral_libraries.py [--show N]

For every quantity case of ``tests/numerals/cases.jsonl`` the span is cut into
its numeral and unit the way ``ie.numerals.normalize`` does; the numeral goes
to ``cn2an.cn2an(numeral, "smart")`` and to ``ie.numerals.read_numeral``. The
answer is compared with the case's expected value, brought back to the
numeral's own scale (a 万元 span's value ÷ 10⁴, a percentage × 100). Counted:
right, wrong (a number that differs — silently wrong), refused (an error or,
for ie, status ambiguous/unreadable) — separately for the cases whose expected
value is ``null`` (damaged or ambiguous text: a number is wrong there).
Ranges, fractions and 元角分 are left out (they are not one numeral).
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ie.numerals import read_numeral
from ie.numerals.normalize import PERCENT_DIVISOR, UNIT_SCALE, _SPACES, _split_unit
from ie.numerals.units import KNOWN_UNITS

CASES = Path(__file__).resolve().parents[1] / "tests" / "numerals" / "cases.jsonl"
SKIP_FORMS = {"not_a_quantity", "range", "fraction", "yuan_jiao_fen"}


def _scale(unit: str | None) -> Decimal:
    if not unit:
        return Decimal(1)
    if unit in PERCENT_DIVISOR:
        return Decimal(1).scaleb(-PERCENT_DIVISOR[unit])
    for prefix, factor in sorted(UNIT_SCALE.items(), key=lambda kv: -len(kv[0])):
        if unit.startswith(prefix):
            return Decimal(factor)
    return Decimal(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many wrong answers per library")
    args = parser.parse_args()
    import cn2an

    counts = {name: Counter() for name in ("cn2an", "ie")}
    wrong: dict[str, list] = {name: [] for name in counts}
    refused_forms = {name: Counter() for name in counts}
    n = 0
    for line in CASES.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["form"] in SKIP_FORMS:
            continue
        surface = _SPACES.sub("", case["span"])
        if "角" in surface or surface.endswith(("分", "整")) and "元" in surface:
            continue  # 元角分: an amount of several numerals
        pct = re.match(r"^(负)?百分之(.+)$", surface)
        if pct:
            head, unit = (pct.group(1) or "") + pct.group(2), "%"
        else:
            split = _split_unit(surface, KNOWN_UNITS)
            if split is None:
                continue
            head, unit = split
            if unit and unit not in KNOWN_UNITS:  # damage after the first digits (1O0, 3■5.6): give it all
                head = surface[:-len(case["unit"])] if case["unit"] and surface.endswith(case["unit"]) else surface
                unit = case["unit"]
            unit = unit or case["unit"]  # a bare table cell: the unit its header or table declares
            if not unit and case["label"] == "PERCENT":
                unit = "%"  # a bare cell of a rate column
        head = head.lstrip("约近超过逾")
        if not head:
            continue
        n += 1
        expected = None if case["value"] is None else Decimal(case["value"]) / _scale(unit)
        for name in counts:
            try:
                if name == "cn2an":
                    got = Decimal(str(cn2an.cn2an(head, "smart")))
                else:
                    r = read_numeral(head)
                    got = r.value if r.status == "ok" else None
            except (ValueError, KeyError, InvalidOperation, IndexError, TypeError):
                got = None
            side = "null" if expected is None else "value"
            if got is None:
                counts[name][f"{side}:refused"] += 1
                if expected is not None:
                    refused_forms[name][case["form"]] += 1
            elif expected is not None and got == expected:
                counts[name][f"{side}:right"] += 1
            else:
                counts[name][f"{side}:wrong"] += 1
                wrong[name].append((case["id"], head, str(got), str(expected)))
    print(f"{n} numerals from {CASES.name}")
    print(f"{'library':8} {'right':>6} {'wrong':>6} {'refused':>8} | expected null: {'wrong':>6} {'refused':>8}")
    for name, c in counts.items():
        print(f"{name:8} {c['value:right']:>6} {c['value:wrong']:>6} {c['value:refused']:>8} | "
              f"{'':15}{c['null:wrong']:>6} {c['null:refused']:>8}")
    for name in counts:
        if refused_forms[name]:
            print(f"{name} refused readable numerals of the forms:",
                  ", ".join(f"{f} {k}" for f, k in refused_forms[name].most_common()))
    for name in counts:
        for item in wrong[name][:args.show]:
            print(name, *item)


if __name__ == "__main__":
    main()
