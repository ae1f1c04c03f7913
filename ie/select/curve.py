"""A simulated annotation loop on the gold: does selecting units beat picking them at random?

The gold already holds every answer, so annotation can be replayed: the
documents of one fold of the grouped evaluation (whole provinces, see
:mod:`ie.evaluation.grouped`) are held out; the other real units form the
pool. A seed of random pool units (plus the synthetic passages, which always
train) trains the first model; each round, every strategy picks ``step``
more units from what is left of the pool with its current model, the model
is retrained on everything picked so far and scored on the held-out
documents. Models live in memory and spaCy's temporary folders only.
"""
from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from ..corpus.sources import SourceRow
from ..corpus.splits import is_synthetic
from ..errors import IEError
from ..evaluation.grouped import document_groups, figures, province_folds
from ..evaluation.metrics import evaluate
from ..evaluation.predict import pipeline_predictions
from .rank import check_strategy, pick, score_units

Progress = Callable[[str], None]
# the figures of each point, in table order; "entities" is the strict micro F1 the curve is judged on
COLUMNS: tuple[str, ...] = ("entities", "quantities_typed", "ORG", "INDICATOR", "TASK", "indicator_links",
                            "task_links")


@dataclass
class CurveResult:
    """Every point of every strategy's curve, and how the loop was set up."""

    points: list[dict]                 # strategy, round, units, seconds, the COLUMNS
    info: dict = field(default_factory=dict)

    def curve(self, strategy: str, column: str = "entities") -> list[tuple[int, float | None]]:
        """``(units, figure)`` of one strategy, round by round."""
        return [(p["units"], p[column]) for p in self.points if p["strategy"] == strategy]

    def savings(self, column: str = "entities") -> dict:
        """How many units each strategy needs to reach random's final figure, and what it saves.

        ``needed`` is None when a strategy never reaches it; ``saved`` is
        random's final unit count minus ``needed`` (0 or less: no saving).
        """
        random_curve = self.curve("random", column)
        if not random_curve:
            return {}
        final_units, target = random_curve[-1]
        out: dict = {"target": target, "random_units": final_units, "strategies": {}}
        for strategy in dict.fromkeys(p["strategy"] for p in self.points):
            if strategy == "random":
                continue
            needed = next((u for u, f in self.curve(strategy, column) if f is not None and target is not None
                           and f >= target), None)
            out["strategies"][strategy] = {"needed": needed,
                                           "saved": None if needed is None else final_units - needed}
        return out


def train_system(records: Sequence[dict], *, config: Path, max_steps: int, seed: int) -> Language:
    """The ``trained`` system of the grouped evaluation (ner with rule features + learned linker)."""
    from ..linking.train import train_linker
    from ..training.train import add_rule_components, train_records

    nlp, _, _ = train_records(list(records), list(records[:20]), config=config, seed=seed, max_steps=max_steps)
    add_rule_components(nlp, order="rule_features")
    nlp.get_pipe("ie_linker").model = train_linker(list(records), nlp, seed=seed)
    return nlp


def score_system(nlp: Language, test: Sequence[dict]) -> dict:
    """The curve's figures of ``nlp`` on the held-out records."""
    result = evaluate(list(test), pipeline_predictions(list(test), nlp), bootstrap=0)
    figs = figures(result)
    return {"entities": result.entities_strict["micro"].f1, **{c: figs.get(c) for c in COLUMNS[1:]}}


def _source(rec: dict) -> str:
    return str((rec.get("meta") or {}).get("source", ""))


def learning_curve(records: Sequence[dict], rows: Sequence[SourceRow], strategies: Sequence[str], *,
                   config: Path, seed_units: int = 10, step: int = 10, rounds: int = 3,
                   max_steps: int = 150, folds: int = 5, fold: int = 0, per_report: int | None = 3,
                   seed: int = 0, progress: Progress | None = None) -> CurveResult:
    """Replay annotation on ``records`` (the gold) for each strategy; see the module docstring.

    ``fold`` of the ``folds`` province folds is held out. Every strategy
    starts from the same seed model, so their first points are equal.
    """
    say = progress or (lambda _m: None)
    for s in strategies:
        check_strategy(s)
    started = time.perf_counter()
    groups = document_groups(records, rows)
    if len({p for p, _ in groups.values()}) < 2:
        raise IEError("E210", n=len(groups))
    held = province_folds(groups, folds, seed)[fold]
    test = [r for r in records if not is_synthetic(r) and groups[_source(r)][0] in held]
    synthetic = [r for r in records if is_synthetic(r)]
    pool = [r for r in records if not is_synthetic(r) and groups[_source(r)][0] not in held]
    need = seed_units + rounds * step
    if need > len(pool):
        raise IEError("E653", need=need, seed=seed_units, rounds=rounds, step=step, have=len(pool))
    order = list(range(len(pool)))
    random.Random(seed).shuffle(order)
    seed_idx = order[:seed_units]
    say(f"held out {', '.join(held)}: {len({_source(r) for r in test})} documents, {len(test)} units; "
        f"pool {len(pool)} units; seed {seed_units} + {len(synthetic)} synthetic")

    def train(idx: Sequence[int]) -> Language:
        return train_system([pool[i] for i in idx] + synthetic, config=config, max_steps=max_steps, seed=seed)

    t = time.perf_counter()
    seed_nlp = train(seed_idx)
    seed_point = {"round": 0, "units": seed_units, **score_system(seed_nlp, test),
                  "seconds": round(time.perf_counter() - t, 1)}
    say(f"seed: {seed_units} units, entities F1 {seed_point['entities']:.3f}")
    points: list[dict] = []
    for strategy in strategies:
        points.append({"strategy": strategy, **seed_point})
        chosen, nlp = list(seed_idx), seed_nlp
        for n in range(1, rounds + 1):
            t = time.perf_counter()
            left = [i for i in range(len(pool)) if i not in set(chosen)]
            scored = score_units([pool[i] for i in left], strategy, nlp, seed=seed * 1000 + n)
            chosen += [left[s.index] for s in pick(scored, step, per_report=per_report)]
            nlp = train(chosen)
            point = {"strategy": strategy, "round": n, "units": len(chosen), **score_system(nlp, test),
                     "seconds": round(time.perf_counter() - t, 1)}
            points.append(point)
            say(f"{strategy} round {n}: {len(chosen)} units, entities F1 {point['entities']:.3f} "
                f"({point['seconds']:.0f} s)")
    info = {"held_out_provinces": held, "held_out_documents": len({_source(r) for r in test}),
            "held_out_units": len(test), "pool_units": len(pool), "synthetic_units": len(synthetic),
            "seed_units": seed_units, "step": step, "rounds": rounds, "max_steps": max_steps,
            "per_report": per_report, "seed": seed, "folds": folds, "fold": fold,
            "seconds": round(time.perf_counter() - started, 1)}
    return CurveResult(points, info)


def _cell(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else ("–" if value is None else str(value))


def to_markdown(result: CurveResult) -> str:
    """The table of figures and the savings note, as Markdown."""
    info = result.info
    cols = ["strategy", "round", "units", *COLUMNS, "seconds"]
    lines = [
        "# Active learning: simulated annotation on the gold",
        "",
        f"Held out: {', '.join(info['held_out_provinces'])} ({info['held_out_documents']} documents, "
        f"{info['held_out_units']} units; fold {info['fold']} of {info['folds']} of the grouped evaluation). "
        f"Pool: {info['pool_units']} units. Seed {info['seed_units']} random units + "
        f"{info['synthetic_units']} synthetic, then {info['rounds']} rounds of {info['step']} units per "
        f"strategy (at most {info['per_report']} per report per round); ner trained {info['max_steps']} "
        f"steps + learned linker each time; seed {info['seed']}. F1 strict; 'entities' = micro F1 over "
        "all seven labels. Total {:.0f} s.".format(info["seconds"]),
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
    ]
    for p in result.points:
        lines.append("| " + " | ".join(f"{p[c]:.0f}" if c == "seconds" else _cell(p.get(c)) for c in cols) + " |")
    lines += ["", savings_note(result), ""]
    return "\n".join(lines)


def savings_note(result: CurveResult) -> str:
    """One paragraph: how many units the best strategy saves to reach random's final entity F1."""
    s = result.savings()
    if not s or not s["strategies"]:
        return "No random baseline (or no other strategy) in this run: no savings to measure."
    target, units = s["target"], s["random_units"]
    finals = {st: result.curve(st)[-1][1] or 0.0 for st in s["strategies"]}
    start = result.curve("random")[0]
    if target is not None and start[1] is not None and target <= start[1]:
        # random never got above the shared seed model: "reaching" its final F1 says nothing
        best = max(finals, key=lambda st: finals[st])
        return (f"random's final entities F1 ({_cell(target)} with {units} units) is not above the seed model's "
                f"({_cell(start[1])} with {start[0]} units): the curve does not rise, so no saving can be "
                f"measured; selection saves no units here (measured). Best final: {best} "
                f"{finals[best]:.3f} vs random {_cell(target)}.")
    reached = {st: v for st, v in s["strategies"].items() if v["needed"] is not None}
    parts = [f"random reaches entities F1 {_cell(target)} with {units} units."]
    for st, v in s["strategies"].items():
        parts.append(f"{st}: " + (f"reaches it with {v['needed']} units (saves {v['saved']})"
                                  if v["needed"] is not None else
                                  f"never reaches it (final {finals[st]:.3f})") + ".")
    if reached:
        best = max(reached, key=lambda st: (reached[st]["saved"], finals[st]))
        saved = reached[best]["saved"]
        parts.append(f"Best: {best}, saving {saved} of {units} units." if saved > 0 else
                     f"Best: {best}, but it saves no units (measured).")
    else:
        parts.append("No strategy reaches random's final F1: selection saves no units here (measured).")
    return " ".join(parts)


def plot_svg(result: CurveResult, column: str = "entities", width: int = 640, height: int = 400) -> str:
    """The curves as a self-contained SVG (no plotting library needed)."""
    colors = ["#C62828", "#1565C0", "#2E7D32", "#6A1B9A", "#EF6C00", "#5D4037"]
    strategies = list(dict.fromkeys(p["strategy"] for p in result.points))
    xs = [p["units"] for p in result.points]
    ys = [p[column] for p in result.points if p[column] is not None]
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    y0, y1 = (min(ys) - 0.02, max(ys) + 0.02) if ys else (0.0, 1.0)
    left, right, top, bottom = 60, 130, 30, 50

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (width - left - right)

    def py(y: float) -> float:
        return height - bottom - (y - y0) / ((y1 - y0) or 1) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18">{column} F1 (strict) by annotated units</text>',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="black"/>']
    for x in sorted(set(xs)):
        out.append(f'<text x="{px(x):.1f}" y="{height - bottom + 16}" text-anchor="middle">{x}</text>')
    for k in range(5):
        y = y0 + k * (y1 - y0) / 4
        out.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.3f}</text>')
    out.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 12}" text-anchor="middle">units</text>')
    for n, strategy in enumerate(strategies):
        color = colors[n % len(colors)]
        pts = [(px(u), py(f)) for u, f in result.curve(strategy, column) if f is not None]
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                   + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + '"/>')
        out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>' for x, y in pts]
        out.append(f'<text x="{width - right + 10}" y="{top + 18 * n + 10}" fill="{color}">{strategy}</text>')
    out.append("</svg>")
    return "\n".join(out)


def plot_png(result: CurveResult, path: Path, column: str = "entities") -> bool:
    """The curves as a PNG with matplotlib; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for strategy in dict.fromkeys(p["strategy"] for p in result.points):
        pts = [(u, f) for u, f in result.curve(strategy, column) if f is not None]
        ax.plot([u for u, _ in pts], [f for _, f in pts], marker="o", label=strategy)
    ax.set_xlabel("annotated units")
    ax.set_ylabel(f"{column} F1 (strict, held out)")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def write(result: CurveResult, folder: Path) -> list[Path]:
    """Write curve.json, curve.csv, curve.md, curve.svg and (with matplotlib) curve.png into ``folder``."""
    import csv
    import io

    from ..corpus.jsonl import atomic_write_text

    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = [folder / "curve.json", folder / "curve.csv", folder / "curve.md", folder / "curve.svg"]
        atomic_write_text(written[0], json.dumps({"info": result.info, "points": result.points,
                                                  "savings": result.savings()}, ensure_ascii=False, indent=1))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["strategy", "round", "units", *COLUMNS, "seconds"])
        w.writeheader()
        w.writerows(result.points)
        atomic_write_text(written[1], buf.getvalue())
        atomic_write_text(written[2], to_markdown(result))
        atomic_write_text(written[3], plot_svg(result))
        if plot_png(result, folder / "curve.png"):
            written.append(folder / "curve.png")
    except OSError as e:
        raise IEError("E412", path=folder, reason=e.strerror or str(e)) from None
    return written
