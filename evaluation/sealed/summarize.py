"""Headline figures on the sealed test set, one row per system (writes summary.md next to this file).

    python evaluation/sealed/summarize.py rules models/ie_zh [MODEL_FOLDER …]

(rules: the rules-only pipeline; any other argument is a model folder, e.g. the previous release's).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import ie
from ie.evaluation.grouped import figures
from ie.evaluation.metrics import evaluate
from ie.evaluation.predict import pipeline_predictions

HERE = Path(__file__).resolve().parent
GOLD = HERE.parents[1] / "annotations" / "sealed_gold" / "derived_sealed.jsonl"


def main(models: list[str]) -> None:
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = []
    for model in models:
        nlp = ie.load(model)
        rows.append((Path(model).name if model != "rules" else "rules", figures(evaluate(gold, pipeline_predictions(gold, nlp), bootstrap=0))))
    keys = list(rows[0][1])
    lines = [f"Sealed test set: {len(gold)} documents ({GOLD.name}); strict F1, values = share of matched quantities "
             "with the gold value.", "", "| system | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for name, fig in rows:
        lines.append(f"| {name} | " + " | ".join("" if fig[k] is None else f"{fig[k]:.3f}" for k in keys) + " |")
    (HERE / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:] or ["rules", "models/ie_zh"])
