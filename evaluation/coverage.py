"""Every number in the bundled reports: extracted as a quantity, or excluded, and why.

    python evaluation/coverage.py [--model rules]

Scans the clean text of each report for Arabic and Chinese numerals and
sorts each one into: inside an extracted quantity, or an exclusion class of
the contract (date/year, section or list number, ordinal, document number,
slogan or name, bare number without unit), or "other" (to be read by a
person). Prints the counts and the "other" cases.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import ie
from ie.api import doc_for

from ie.pipeline.quantities import DEFAULT_EXCLUSIONS as EXCLUSIONS, DEFAULT_UNITS  # noqa: E402

UNIT_STARTS = {u[0] for u in DEFAULT_UNITS}
REPORTS = Path(__file__).resolve().parent.parent / "annotations" / "raw"
NUMERAL = re.compile(r"[0-9][0-9,.]*|[一二两三四五六七八九十百千万亿]+")
CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date or year", re.compile(r"^[0-9]{4}\s*[年—\-－]|^[0-9一二三四五六七八九十]{1,2}\s*[月日]|^[0-9]{4}年度")),
    ("section or list number", re.compile(r"^[0-9一二三四五六七八九十]{1,2}\s*[、.．）)](?![0-9])")),
    ("ordinal or session", re.compile(r"^[一二三四五六七八九十0-9]+\s*(?:届|次会议|中全会|是|方面|巡察组)")),
    ("document number", re.compile(r"^[0-9]+号")),
)


def classify(text: str, start: int, end: int, prev: str) -> str:
    rest = text[start:start + 8]
    if prev in "第〔[（(" and not rest.startswith(("0",)):
        return "ordinal or section (第/（）)"
    for name, pattern in CLASSES:
        if pattern.search(rest):
            return name
    quote_open = text.rfind("“", max(0, start - 12), start)
    if quote_open >= 0 and text.find("”", quote_open, start) < 0 and text.find("”", start, start + 12) >= 0:
        return "slogan or name in quotes"
    if any(x in text[max(0, start - 6):end + 6] for x in EXCLUSIONS):
        return "slogan or fixed name (exclusion list)"
    nxt = text[end:end + 1]
    if not text[start].isdigit():
        if nxt and nxt not in UNIT_STARTS:
            return "Chinese numeral inside a word (no unit)"
    elif not nxt.strip() or nxt in "，。；、：）)\t\n":
        return "bare number without unit"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="rules")
    parser.add_argument("--show", type=int, default=40, help="how many 'other' cases to print")
    args = parser.parse_args()
    nlp = ie.load(args.model)
    counts: Counter[str] = Counter()
    others = []
    for path in sorted(REPORTS.glob("*.txt")):
        doc = doc_for(path.read_text(encoding="utf-8"), nlp, path.name)
        text = doc.text
        covered = [(e.start_char, e.end_char) for e in doc.ents if e.label_ != "ORG"]
        for m in NUMERAL.finditer(text):
            s, e = m.span()
            if any(a <= s < b for a, b in covered):
                counts["extracted (inside a quantity)"] += 1
                continue
            kind = classify(text, s, e, text[s - 1:s] if s else "")
            if kind == "other":
                window = text[max(0, s - 6):e + 6].replace("\n", "⏎").replace("\t", "⇥")
                others.append(f"{path.name[:3]}  {window}")
            counts[kind] += 1
    total = sum(counts.values())
    print(f"numerals found: {total}")
    for kind, n in counts.most_common():
        print(f"  {kind:34} {n:5}")
    print(f"\n'other' numerals (idioms such as 一是/统一/一系列, slogans, names, bare numbers): first {args.show}")
    for line in others[:args.show]:
        print("  " + line)


if __name__ == "__main__":
    main()
