"""Which values a change moved, on the bundled and the derived development corpus, judged by the gold.

    python evaluation/value_changes.py dump MODEL OUT.jsonl      # before the change, then after it
    python evaluation/value_changes.py diff OLD.jsonl NEW.jsonl [--out CHANGES.tsv]

``dump`` runs ``MODEL`` (``rules`` or a model folder) over ``annotations/raw/*.txt``
and ``annotations/raw/derived/*.txt`` except the sealed test documents
(``annotations/sealed.txt``) and writes every quantity with its label and value.
To compare code revisions, dump from a checkout of each. ``diff`` lists each
quantity whose label or value differs (or that one side lacks), with the gold
value where the gold has the span (``-`` where the gold has no quantity there,
so a quantity found there is wrong), and a verdict: ``new right``, ``old right``
or ``both wrong``.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "annotations" / "raw"
GOLD = [REPO / "annotations" / "gold" / f for f in ("reports.jsonl", "derived.jsonl")]


def _texts() -> list[Path]:
    from ie.corpus.sources import sealed_sources

    sealed = sealed_sources(REPO / "annotations" / "sealed.txt")
    files = sorted(RAW.glob("*.txt")) + sorted((RAW / "derived").glob("*.txt"))
    return [p for p in files if p.relative_to(RAW).as_posix() not in sealed]


def dump(model: str, out: Path) -> None:
    """Every quantity ``model`` finds in the development corpus, one JSON line each."""
    import ie

    nlp = ie.load(model)
    with out.open("w", encoding="utf-8") as f:
        for path in _texts():
            result = ie.extract(path.read_text(encoding="utf-8"), nlp)
            for q in result.quantities:
                f.write(json.dumps({"source": path.relative_to(RAW).as_posix(), "start": q.start, "end": q.end,
                                    "text": q.text, "label": q.label,
                                    "value": None if q.value is None else str(q.value)},
                                   ensure_ascii=False) + "\n")


def _gold_values() -> dict[tuple[str, int, int], str | None]:
    """Gold value of each gold quantity span, by (source, start, end) in the raw file's offsets."""
    out: dict[tuple[str, int, int], str | None] = {}
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            meta = rec.get("meta") or {}
            source, base = meta.get("source"), int(meta.get("doc_start") or 0)
            if not source:
                continue
            for e in rec.get("entities", []):
                if "value" in e:
                    out[(source, base + e["start_offset"], base + e["end_offset"])] = e.get("value")
    return out


def _load(path: Path) -> dict[tuple[str, int, int], dict]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {(r["source"], r["start"], r["end"]): r for r in rows}


def diff(old_path: Path, new_path: Path, out: Path | None) -> int:
    """Write the changed quantities to ``out`` (standard output when None); return how many changed."""
    old, new, gold = _load(old_path), _load(new_path), _gold_values()
    changed = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a and b and (a["label"], a["value"]) == (b["label"], b["value"]):
            continue
        g = gold.get(key, "-")
        if key not in gold:  # the gold has no quantity there: finding one is the error
            verdict = "new right" if b is None else ("old right" if a is None else "both wrong")
        elif b and b["value"] == g:
            verdict = "new right"
        elif a and a["value"] == g:
            verdict = "old right"
        else:
            verdict = "both wrong"
        changed.append([key[0], key[1], key[2], repr((a or b)["text"]), a["label"] if a else "-",
                        a["value"] if a else "-", b["label"] if b else "-", b["value"] if b else "-", g, verdict])
    header = ["source", "start", "end", "text", "old_label", "old_value", "new_label", "new_value",
              "gold_value", "verdict"]
    with (out.open("w", encoding="utf-8", newline="") if out else contextlib.nullcontext(sys.stdout)) as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerows([header, *changed])
    return len(changed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("model")
    d.add_argument("out", type=Path)
    c = sub.add_parser("diff")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.model, args.out)
    else:
        n = diff(args.old, args.new, args.out)
        print(f"{n} quantities changed label or value", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
