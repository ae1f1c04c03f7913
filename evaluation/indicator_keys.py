"""Indicator keys against the gold keys: agreement of the two passes, precision and share mapped.

    python evaluation/indicator_keys.py            # dev (read while writing the taxonomy) and sealed

Dev = annotations/indicator_keys (items of the development gold; the
taxonomy's terms were written reading them). Sealed =
annotations/sealed_gold (items of the sealed documents; never read by a
developer, keyed and adjudicated by annotators who did not see the taxonomy's terms).
Precision: share of the mentions given a key whose key is the gold key;
share mapped: share of all linked mentions given a key.
"""
from __future__ import annotations

import json
from pathlib import Path

from ie.indicators.gold import agreement, read_items, read_keys, score_keys
from ie.indicators.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "dev (read)": (ROOT / "annotations/indicator_keys", "items.tsv", "pass_a.tsv", "pass_b.tsv", "keys.tsv"),
    "sealed": (ROOT / "annotations/sealed_gold", "indicator_key_items.tsv", "indicator_keys_pass_a.tsv",
               "indicator_keys_pass_b.tsv", "indicator_keys.tsv"),
}


def main() -> None:
    taxonomy = Taxonomy.default()
    out = {}
    for name, (folder, items, a, b, gold) in SETS.items():
        if not (folder / gold).is_file():
            print(f"{name}: no adjudicated keys yet ({folder / gold})")
            continue
        scores, _ = score_keys(taxonomy, read_items(folder / items), read_keys(folder / gold))
        out[name] = {"agreement": agreement(read_keys(folder / a), read_keys(folder / b)), **scores.as_dict()}
        print(f"{name}: {json.dumps(out[name], ensure_ascii=False)}")
    (ROOT / "evaluation" / "indicator_keys.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n",
                                                            encoding="utf-8")


if __name__ == "__main__":
    main()
