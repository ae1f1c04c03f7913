"""Render evaluation results of several systems side by side: Markdown and HTML.

Both renderings share one table model: a table per metric group, one row per
label or metric, one column per system; F1 cells read ``0.857 [0.800, 0.910]``
(point estimate and 95% bootstrap interval). The HTML file is self-contained:
its plots are matplotlib figures (Agg canvas) embedded as base64 PNG.
"""
from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import IEError, ModelError
from .metrics import EMPTY, MICRO, QUANTITY_GROUPS, EvaluationResult, Score

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NONE_CELL = "–"

_QUANTITY_ROWS = {
    "typed_strict": "typed, strict",
    "typed_lenient": "typed, lenient",
    "untyped_strict": "untyped, strict",
    "untyped_lenient": "untyped, lenient",
}


@dataclass
class Table:
    """One metric group: a title, a note, a header row and body rows of text cells."""

    title: str
    note: str
    header: list[str]
    rows: list[list[str]]


def format_f1(score: Score | None) -> str:
    """``0.857 [0.800, 0.910]``, ``0.857`` without interval, ``–`` when undefined."""
    if score is None or score.f1 is None:
        return NONE_CELL
    if score.ci is None:
        return f"{score.f1:.3f}"
    lo, hi = score.ci
    return f"{score.f1:.3f} [{lo:.3f}, {hi:.3f}]"


def _format_pr(score: Score | None) -> str:
    if score is None or score.precision is None:
        return NONE_CELL
    return f"P {score.precision:.3f} · R {score.recall:.3f}"


def _share(value: float | None) -> str:
    return NONE_CELL if value is None else f"{100 * value:.1f}%"


def _score_table(title: str, note: str, results: Mapping[str, EvaluationResult],
                 pick: str, rows: Sequence[tuple[str, str]]) -> Table:
    """A table of F1 cells: ``rows`` are (key in the result's dict, row name)."""
    names = list(results)
    first = results[names[0]]
    table = Table(title, note, ["", "gold", *names], [])
    for key, label in rows:
        gold = getattr(first, pick).get(key)
        cells = [format_f1(getattr(r, pick).get(key)) for r in results.values()]
        table.rows.append([label, str(gold.n_gold) if gold else "0", *cells])
    return table


def _label_rows(results: Mapping[str, EvaluationResult], pick: str) -> list[tuple[str, str]]:
    keys: list[str] = []
    for r in results.values():
        keys += [k for k in getattr(r, pick) if k != MICRO and k not in keys]
    return [(k, k) for k in keys] + [(MICRO, "micro (all labels)")]


def build_tables(results: Mapping[str, EvaluationResult]) -> list[Table]:
    """The metric-group tables shared by :func:`to_markdown` and :func:`write_html`."""
    if not results:
        return []
    names = list(results)
    first = results[names[0]]
    tables = [
        _score_table("Entities — strict", "F1 [95% CI]; exact span and same label.",
                     results, "entities_strict", _label_rows(results, "entities_strict")),
        _score_table("Entities — lenient", "F1 [95% CI]; overlapping span and same label, one-to-one.",
                     results, "entities_lenient", _label_rows(results, "entities_lenient")),
        _score_table("Quantities as a whole", "F1 [95% CI] over MONEY, PERCENT, COUNT, SCORE; typed: the "
                     "label must match, untyped: any quantity label counts.",
                     results, "quantities", [(k, _QUANTITY_ROWS[k]) for k in QUANTITY_GROUPS]),
        _score_table("Relations", "F1 [95% CI]; exact quantity span, overlapping target span.",
                     results, "relations",
                     [(k, k) for k in first.relations if k != MICRO] + [(MICRO, "micro (all types)")]),
    ]
    pr = Table("Precision and recall", "Micro-averaged.", ["", *names], [])
    for label, pick, key in (("entities, strict", "entities_strict", MICRO),
                             ("entities, lenient", "entities_lenient", MICRO),
                             ("quantities, typed strict", "quantities", "typed_strict"),
                             ("relations", "relations", MICRO)):
        pr.rows.append([label, *(_format_pr(getattr(r, pick).get(key)) for r in results.values())])
    tables.append(pr)

    values = Table("Normalized values", "Among quantities matched strictly (value Decimal-equal; unit where "
                   "gold gives one; approx, missing = exact).", ["", *names], [])
    for label, attr in (("value + unit + approx", "correct"), ("value", "value_correct"),
                        ("unit", "unit_correct"), ("approx", "approx_correct")):
        row = [label]
        for r in results.values():
            v = r.values
            row.append(v.note if not v.available else (f"{getattr(v, attr) / v.n:.3f}" if v.n else NONE_CELL))
        values.rows.append(row)
    values.rows.append(["quantities checked", *(str(r.values.n) for r in results.values())])
    tables.append(values)

    per_report = Table("Per report", "F1 [95% CI over the report's units]; entities strict (micro), "
                       "relations (micro).", ["", *names], [])
    sources: list[str] = []
    for r in results.values():
        sources += [s for s in r.per_report if s not in sources]
    for source in sources:
        for label, attr in (("entities", "entities"), ("relations", "relations")):
            cells = [format_f1(getattr(r.per_report[source], attr)) if source in r.per_report else NONE_CELL
                     for r in results.values()]
            per_report.rows.append([f"{source} — {label}", *cells])
    tables.append(per_report)

    alignment = Table("Text alignment", "Shares of non-white-space characters aligned between prediction "
                      "and gold texts; predicted entities dropped from scoring.", ["", *names], [])
    rows = (("gold characters aligned", lambda r: _share(r.alignment.gold_share)),
            ("prediction characters aligned", lambda r: _share(r.alignment.pred_share)),
            ("entities outside gold units", lambda r: str(r.alignment.outside_entities)),
            ("entities not aligned", lambda r: str(r.alignment.unaligned_entities)),
            ("reports without prediction", lambda r: str(len(r.alignment.missing_documents))))
    for label, cell in rows:
        alignment.rows.append([label, *(cell(r) for r in results.values())])
    tables.append(alignment)

    for name, r in results.items():
        tables.append(confusion_table(name, r))
    return tables


def confusion_table(name: str, result: EvaluationResult) -> Table:
    """Gold × predicted label counts of one system; labels never seen on either side are left out."""
    counts = result.confusion.counts
    labels = [lab for lab in result.confusion.labels
              if lab == EMPTY or any(counts[lab].values()) or any(counts[g][lab] for g in counts)]
    table = Table(f"Label confusion — {name}", "Rows: gold label; columns: predicted label; "
                  f"{EMPTY}: no overlapping counterpart.", ["gold \\ pred", *labels], [])
    for g in labels:
        table.rows.append([g, *(str(counts[g][p]) for p in labels)])
    return table


def _bootstrap_note(results: Mapping[str, EvaluationResult]) -> str:
    info = next(iter(results.values())).bootstrap
    if not info.resamples:
        return "No bootstrap intervals."
    return (f"95% percentile intervals from {info.resamples} bootstrap resamples of {info.items} "
            f"{info.unit}s (seed {info.seed}).")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(results: Mapping[str, EvaluationResult]) -> str:
    """Several systems side by side, one Markdown table per metric group."""
    if not results:
        return "# Evaluation\n\nNo systems.\n"
    lines = ["# Evaluation", "", f"Systems: {', '.join(results)}. {_bootstrap_note(results)}", ""]
    for table in build_tables(results):
        lines += [f"## {table.title}", "", table.note, ""]
        lines.append("| " + " | ".join(_md_cell(h) for h in table.header) + " |")
        lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(table.header))) + "|")
        for row in table.rows:
            lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        lines.append("")
    warned = {name: r.warnings for name, r in results.items() if r.warnings}
    if warned:
        lines += ["## Warnings", ""]
        for name, warnings in warned.items():
            lines += [f"- {name}: {w}" for w in warnings]
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}
th{background:#f3f3f3}
p.note{color:#555;font-size:.9em}
img{max-width:100%}
"""


def _figure() -> Figure:
    """A matplotlib Figure on an Agg canvas (no pyplot, no global backend state)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ModelError("E207") from None
    fig = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _img(fig: Figure, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{_png(fig)}">'


def label_f1_plot(results: Mapping[str, EvaluationResult]) -> str:
    """Grouped bars of per-label F1 (strict and lenient) per system, with 95% intervals, as an <img> tag.

    Labels that no system and no gold item has are left out.
    """
    labels = [k for k, _ in _label_rows(results, "entities_strict")
              if any(r.entities_strict.get(k) and r.entities_strict[k].f1 is not None for r in results.values())]
    fig = _figure()
    fig.set_size_inches(max(8.0, 1.2 * len(labels) * max(len(results), 1) / 2), 4)
    axes = fig.subplots(1, 2, sharey=True)
    width = 0.8 / max(len(results), 1)
    for ax, pick, title in ((axes[0], "entities_strict", "strict"), (axes[1], "entities_lenient", "lenient")):
        for n, (name, r) in enumerate(results.items()):
            scores = [getattr(r, pick).get(k) for k in labels]
            f1 = [s.f1 if s and s.f1 is not None else 0.0 for s in scores]
            err = [[max(v - s.ci[0], 0.0) if s and s.ci else 0.0 for v, s in zip(f1, scores)],
                   [max(s.ci[1] - v, 0.0) if s and s.ci else 0.0 for v, s in zip(f1, scores)]]
            xs = [i + (n - (len(results) - 1) / 2) * width for i in range(len(labels))]
            ax.bar(xs, f1, width, yerr=err, capsize=2, label=name)
        ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
        ax.set_ylim(0, 1.05)
        ax.set_title(f"Entity F1 — {title}")
    axes[0].set_ylabel("F1")
    axes[1].legend(fontsize="small")
    return _img(fig, "per-label F1")


def confusion_plot(name: str, result: EvaluationResult) -> str:
    """Heat map of the label confusion matrix of one system, as an <img> tag."""
    table = confusion_table(name, result)
    labels = table.header[1:]
    matrix = [[int(c) for c in row[1:]] for row in table.rows]
    fig = _figure()
    fig.set_size_inches(1.2 + 0.7 * len(labels), 1.0 + 0.6 * len(labels))
    ax = fig.subplots()
    image = ax.imshow(matrix, cmap="Blues")
    peak = max((max(row) for row in matrix), default=0)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center",
                    color="white" if peak and value > peak / 2 else "black", fontsize=8)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"Label confusion — {name}")
    fig.colorbar(image, ax=ax, shrink=0.8)
    return _img(fig, f"label confusion of {name}")


def learning_curve_plot(points: Sequence[Mapping[str, object]]) -> str:
    """Line plot of a learning curve, as an <img> tag.

    Each point is a dict with ``train_size`` (x) and numeric metric values
    (e.g. ``{"train_size": 40, "entities_f1": 0.71, "relations_f1": 0.52}``);
    an optional ``system`` key splits the lines per system.
    """
    series: dict[str, list[tuple[float, float]]] = {}
    for point in points:
        x = point.get("train_size")
        if not isinstance(x, (int, float)):
            continue
        prefix = f"{point['system']} " if point.get("system") else ""
        for key, value in point.items():
            if key not in ("train_size", "system") and isinstance(value, (int, float)):
                series.setdefault(prefix + key, []).append((x, value))
    fig = _figure()
    ax = fig.subplots()
    for name, xy in series.items():
        xy.sort()
        ax.plot([x for x, _ in xy], [y for _, y in xy], marker="o", label=name)
    if all(0.0 <= y <= 1.0 for xy in series.values() for _, y in xy):
        ax.set_ylim(0, 1.05)
    ax.set_xlabel("training examples")
    ax.set_ylabel("score")
    ax.set_title("Learning curve")
    if series:
        ax.legend(fontsize="small")
    return _img(fig, "learning curve")


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    return (f"<h2>{html.escape(table.title)}</h2>\n<p class=\"note\">{html.escape(table.note)}</p>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n")


_NO_PLOTS = "Plots are left out: matplotlib is not installed (pip install -e '.[eval]')."


def _have_matplotlib() -> bool:
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def to_html(results: Mapping[str, EvaluationResult], learning_curve: Sequence[Mapping[str, object]] | None = None) -> str:
    """The self-contained HTML report (tables and embedded PNG plots) as a string."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>ie evaluation</title>", f"<style>{_CSS}</style></head><body>", "<h1>Evaluation</h1>"]
    if not results:
        parts.append("<p>No systems.</p>")
    else:
        plots = _have_matplotlib()
        parts.append(f"<p>Systems: {html.escape(', '.join(results))}. {html.escape(_bootstrap_note(results))}</p>")
        if plots:
            parts.append("<h2>Per-label F1</h2>" + label_f1_plot(results))
        else:
            parts.append(f"<p>{html.escape(_NO_PLOTS)}</p>")
        for table in build_tables(results):
            parts.append(_html_table(table))
        if plots:
            parts.append("<h2>Confusion heat maps</h2>")
            parts += [confusion_plot(name, r) for name, r in results.items()]
        warned = [(name, w) for name, r in results.items() for w in r.warnings]
        if warned:
            items = "".join(f"<li>{html.escape(name)}: {html.escape(w)}</li>" for name, w in warned)
            parts.append(f"<h2>Warnings</h2><ul>{items}</ul>")
    if learning_curve and _have_matplotlib():
        parts.append("<h2>Learning curve</h2>" + learning_curve_plot(learning_curve))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(results: Mapping[str, EvaluationResult], path: str | Path,
               learning_curve: Sequence[Mapping[str, object]] | None = None) -> Path:
    """Write the self-contained HTML report to ``path`` and return the path."""
    path = Path(path)
    text = to_html(results, learning_curve)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise IEError("E208", path=path, reason=e.strerror or e) from None
    return path
