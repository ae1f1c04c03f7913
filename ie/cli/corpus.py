"""``ie annotations …`` commands (owned by the corpus feature)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..corpus.jsonl import read_jsonl, write_jsonl
from ..corpus.splits import DEFAULT_SPLIT, is_synthetic, split_records
from ..corpus.stats import Stats, annotation_stats
from ..corpus.validate import Problem, validate_file
from ..errors import IEError

app = typer.Typer(help="Validate, count and split annotation files.", no_args_is_help=True)

FILES = typer.Argument(..., help="Contract JSONL files (doccano export format).", show_default=False)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


@app.command()
def validate(
    files: list[Path] = FILES,
    sources: Path | None = typer.Option(
        None, "--sources", metavar="DIR",
        help="Folder of the raw reports named by meta.source; each unit's text must then be "
             "identical to its report at meta.doc_start. Never guessed: pass it explicitly."),
) -> None:
    """Check files against annotations/CONTRACT.md; print one line per problem.

    Exits 1 if any problem is found, 0 otherwise.
    """
    if sources is not None and not sources.is_dir():
        typer.echo(str(IEError("E023", path=sources)), err=True)
        raise typer.Exit(2)
    problems: list[Problem] = []
    failed_files = 0
    errors = 0
    for path in files:
        try:
            found = validate_file(path, sources)
        except IEError as e:  # missing file, unreadable source report
            typer.echo(str(e))
            errors += 1
            failed_files += 1
            continue
        for problem in found:
            typer.echo(str(problem))
        problems.extend(found)
        failed_files += bool(found)
    total = len(problems) + errors
    checked = _plural(len(files), "file")
    if total == 0:
        against = f" against {sources}" if sources is not None else ""
        typer.echo(f"OK: {checked} checked{against}, no problems.")
        return
    by_rule = Counter(p.rule for p in problems)
    if errors:
        by_rule["unreadable"] = errors
    detail = ", ".join(f"{rule}: {n}" for rule, n in sorted(by_rule.items()))
    typer.echo(f"FAILED: {_plural(total, 'problem')} in {failed_files} of {checked} ({detail}).")
    raise typer.Exit(1)


def _read_all(files: list[Path]) -> list[dict]:
    records: list[dict] = []
    for path in files:
        records.extend(read_jsonl(path))
    return records


def _count_table(title: str, head: tuple[str, str], counts: dict[str, int], total: int) -> Table:
    """A two-column table of counts with a bold total row."""
    table = Table(title=title)
    table.add_column(head[0])
    table.add_column(head[1], justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    table.add_row("total", str(total), style="bold")
    return table


def render_stats(stats: Stats, console: Console) -> None:
    """Print the per-label, per-relation-type and per-source tables."""
    console.print(f"{_plural(stats.units, 'unit')}, {stats.characters} characters, "
                  f"{_plural(stats.entities, 'entity', 'entities')}, "
                  f"{_plural(stats.relations, 'relation')}")
    console.print(_count_table("Entities per label", ("label", "entities"), stats.labels, stats.entities))
    console.print(_count_table("Relations per type", ("type", "relations"), stats.relation_types,
                               stats.relations))
    per = Table(title="Per source")
    for name in ("source", "units", "annotated", "characters", "entities", "relations"):
        per.add_column(name, justify="left" if name == "source" else "right", no_wrap=True)
    for source, s in stats.sources.items():
        name = f"{source} (synthetic)" if s.synthetic else source
        per.add_row(name, str(s.units), str(s.annotated_units), str(s.characters),
                    str(s.entities), str(s.relations))
    per.add_row("total", str(stats.units),
                str(sum(s.annotated_units for s in stats.sources.values())),
                str(stats.characters), str(stats.entities), str(stats.relations), style="bold")
    console.print(per)


@app.command()
def stats(files: list[Path] = FILES) -> None:
    """Count units, characters, entities and relations (per label, type and source)."""
    try:
        records = _read_all(files)
    except IEError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(1)
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or captured: do not squeeze the tables into 80 columns
        console.width = max(console.width, 120)
    render_stats(annotation_stats(records), console)


@app.command()
def split(
    files: list[Path] = FILES,
    output: Path = typer.Option(..., "--output", "-o", metavar="DIR",
                                help="Folder for train.jsonl and test.jsonl."),
    synthetic: bool = typer.Option(True, "--synthetic/--no-synthetic",
                                   help="Put synthetic passages (meta.synthetic) into train."),
) -> None:
    """Split units by report into train/test (ie.corpus.splits.DEFAULT_SPLIT)."""
    try:
        parts = split_records(_read_all(files), DEFAULT_SPLIT, include_synthetic=synthetic)
    except IEError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(1)
    for name, records in parts.items():
        if not records and not DEFAULT_SPLIT.get(name):
            continue  # a split with no reports (dev) gets no file
        target = output / f"{name}.jsonl"
        try:
            write_jsonl(target, records)
        except OSError as e:
            typer.echo(str(IEError("E030", path=output, reason=e.strerror or e)), err=True)
            raise typer.Exit(1)
        n_synth = sum(is_synthetic(r) for r in records)
        reports = len({r["meta"]["source"] for r in records if not is_synthetic(r)})
        typer.echo(f"{name}: {_plural(len(records), 'unit')} ({_plural(reports, 'report')}, "
                   f"{n_synth} synthetic) -> {target}")


@app.command("agreement")
def agreement_command(
    a: list[Path] = typer.Option(..., "--a", help="First annotator's files (repeatable)."),
    b: list[Path] = typer.Option(..., "--b", help="Second annotator's files (repeatable)."),
    out: Path | None = typer.Option(None, "--out", help="Write the full agreement (with disagreements) as JSON."),
) -> None:
    """Inter-annotator agreement on the units both files contain: span F1 per label, relation F1."""
    import json

    from ..corpus.agreement import agreement

    console = Console()
    try:
        result = agreement([r for p in a for r in read_jsonl(p)], [r for p in b for r in read_jsonl(p)])
    except IEError as e:
        Console(stderr=True).print(str(e), markup=False, highlight=False)
        raise typer.Exit(1) from None
    table = Table(title=f"Agreement on {len(result.unit_ids)} shared units ({result.characters} characters)")
    for col in ("", "A", "B", "matched", "P", "R", "F1"):
        table.add_column(col, justify="right")

    def row(name: str, prf) -> None:
        fmt = lambda x: "–" if x is None else f"{x:.4f}"  # noqa: E731
        table.add_row(name, str(prf.n_a), str(prf.n_b), str(prf.matched), fmt(prf.precision),
                      fmt(prf.recall), fmt(prf.f1))

    for label, prf in result.strict.items():
        row(f"span strict {label}", prf)
    row("span lenient (all)", result.lenient_overall)
    for rel_type, prf in result.relations.items():
        row(f"relation {rel_type}", prf)
    console.print(table)
    if out is not None:
        from ..corpus.jsonl import atomic_write_text

        atomic_write_text(out, json.dumps(result.to_dict(), ensure_ascii=False, indent=1))


@app.command("compile")
def compile_command(
    files: list[Path] = typer.Argument(..., help="Annotation files in the plain-text format (.ann).",
                                       show_default=False),
    sources: Path = typer.Option(..., "--sources", metavar="DIR",
                                 help="Folder the @doc paths are relative to (e.g. annotations/raw)."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                       help="Write the compiled records as contract JSONL."),
    show: bool = typer.Option(False, "--show", help="List every span, value and link, in text order."),
    numerals: bool = typer.Option(False, "--numerals",
                                  help="List every numeral outside a quantity span, to review."),
) -> None:
    """Compile .ann files (ie.corpus.authoring) to contract JSONL and validate them.

    Prints one line per problem (file:line: what to fix) and exits 1 if any.
    """
    from ..corpus.authoring import compile_files, describe
    from ..corpus.validate import validate_records

    records, results = compile_files(files, sources)
    problems = [str(p) for r in results for p in r.problems]
    for path, result in zip(files, results):
        if result.record is not None:
            problems += [str(p) for p in validate_records(path, [(1, result.record)])]
    for line in problems:
        typer.echo(line)
    for path, result in zip(files, results):
        if show and result.record is not None:
            typer.echo(f"== {path}")
            for line in describe(result.record):
                typer.echo(line)
        if numerals and result.uncovered:
            typer.echo(f"== {path}: {len(result.uncovered)} numerals outside quantities")
            for offset, numeral, context in result.uncovered:
                typer.echo(f"{offset:>5} {numeral:<10} {context}")
    if problems:
        typer.echo(f"FAILED: {_plural(len(problems), 'problem')} in {_plural(len(files), 'file')}.")
        raise typer.Exit(1)
    if output is not None:
        write_jsonl(output, sorted(records, key=lambda r: r["id"]))
    typer.echo(f"OK: {_plural(len(records), 'record')} compiled"
               + (f" -> {output}" if output is not None else "") + ".")


@app.command("seal")
def seal_command(
    sources: Path = typer.Argument(..., help="The corpus's sources.tsv.", show_default=False),
    seed: int = typer.Option(None, "--seed", help="Seed of the draw (default: the project's, 20261203)."),
) -> None:
    """Print the sealed test documents drawn from sources.tsv (grouped by province, stratified by kind)."""
    from ..corpus.sources import SEAL_SEED, draw_sealed, read_sources

    try:
        rows = read_sources(sources)
    except IEError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(1) from None
    for name in draw_sealed(rows, seed=SEAL_SEED if seed is None else seed):
        typer.echo(name)
