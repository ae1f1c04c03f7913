"""``ie doccano …`` commands (owned by the doccano feature)."""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import IEError

app = typer.Typer(help="Annotate in a local doccano server.", no_args_is_help=True)

_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)

ProjectOpt = Annotated[str, typer.Option("--project", "-p", help="doccano project name.")]
UrlOpt = Annotated[str | None, typer.Option(
    "--url", help="doccano server (default: $IE_DOCCANO_URL, else the server 'ie doccano serve' runs, "
                  "else http://127.0.0.1:8000).")]
AnnotatorOpt = Annotated[list[str] | None, typer.Option(
    "--annotator", "-a", help="Annotator user name (repeat for several).")]
CacheOpt = Annotated[Path | None, typer.Option(
    "--cache-dir", help="Where doccano is installed and keeps its data (default: $IE_CACHE/doccano "
                        "or ~/.cache/ie/doccano).")]


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Print an IEError as one line and exit 1; no traceback for the user."""
    try:
        yield
    except IEError as exc:
        _err.print(f"[red]error:[/red] {exc}", markup=True, soft_wrap=True)
        raise typer.Exit(1) from None


def _ask(prompt: str, hide: bool) -> str:
    return typer.prompt(prompt, hide_input=hide)


def _credentials():
    from ..doccano.credentials import get_credentials

    # a prompt only when a person is there to answer it
    return get_credentials(ask=_ask if sys.stdin.isatty() else None)


def _url(url: str | None, cache_dir: Path | None = None) -> str:
    from ..doccano.credentials import ENV_URL
    from ..doccano.server import DEFAULT_PORT, HOST, running_url

    return (url or os.environ.get(ENV_URL) or running_url(cache_dir)
            or f"http://{HOST}:{DEFAULT_PORT}").rstrip("/")


def _session(url: str | None):
    from ..doccano.client import DoccanoSession
    from ..doccano.server import ServerPaths, default_cache_dir

    resolved = _url(url)
    log = ServerPaths(default_cache_dir()).log("web")
    return DoccanoSession(resolved, _credentials(), log=str(log))


def _f1(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
    stop: Annotated[bool, typer.Option("--stop", help="Stop the server ie started, by its pids.")] = False,
    cache_dir: CacheOpt = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the server to be ready.")] = 180.0,
) -> None:
    """Start a local doccano 1.8.4 (installed on first use) with an admin from the environment.

    The admin is IE_DOCCANO_USER / IE_DOCCANO_PASSWORD (asked for when not set).
    Running it again reports the running server; --stop stops it.
    """
    from ..doccano import server

    with _user_errors():
        if stop:
            pids = server.stop(cache_dir)
            _out.print(f"stopped doccano (pids {', '.join(map(str, pids))})" if pids
                       else "no doccano server started by ie is running")
            return
        result = server.serve(_credentials(), port=port, cache_dir=cache_dir, timeout=timeout,
                              progress=lambda msg: _err.print(msg))
    if result.already_running:
        _out.print(f"doccano already runs at {result.url} (pids {result.web_pid}, {result.worker_pid})")
        return
    _out.print(f"doccano runs at {result.url} (web pid {result.web_pid}, worker pid {result.worker_pid}; "
               f"ready in {result.seconds:.0f} s{'; admin created' if result.admin_created else ''}).")
    _out.print(f"logs: {result.logs}   stop it with: ie doccano serve --stop")


@app.command()
def push(
    files: Annotated[list[Path], typer.Argument(help="Contract JSONL files (e.g. 'ie extract' output).")],
    project: ProjectOpt,
    annotator: AnnotatorOpt = None,
    url: UrlOpt = None,
    select: Annotated[str | None, typer.Option(
        "--select", help="Push only the units picked by this strategy (uncertain, disagree, audit, random); "
                         "the reason shows in each text's metadata.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="With --select: how many units to push.")] = 20,
    model: Annotated[str | None, typer.Option(
        "--model", help="With --select: the model whose signals rank the units (default: ie extract's).")] = None,
    per_report: Annotated[int, typer.Option("--per-report", help="With --select: at most this many units "
                                            "of one report.")] = 3,
) -> None:
    """Upload texts with the model's entities and relations as pre-annotations.

    Creates the project (labels, relation types, colors, keys) if needed and
    makes each --annotator a member. Pre-annotations go to the logged-in
    user: push the same files again with an annotator's credentials to give
    them their own copy to correct. With --select, only the most useful
    units go (see 'ie select'), each with meta.select saying why.
    """
    from ..doccano.push import push as do_push
    from ..doccano.push import read_records

    with _user_errors():
        records = read_records(files)
        if select is not None:
            records = _selected(records, select, limit, model, per_report)
        session = _session(url)
        result = do_push(session, project, records, annotators=annotator or [])
    p = result.project
    _out.print(f"project '{p.name}' (id {p.id}) at {session.url}"
               + (" — created" if result.created_project else ""))
    if result.labels_created:
        _out.print(f"labels created: {', '.join(result.labels_created)}")
    if result.members_added:
        _out.print(f"annotators added: {', '.join(result.members_added)}")
    _out.print(f"texts: {result.examples_created} uploaded, {result.examples_reused} already there")
    _out.print(f"pre-annotations for {result.user}: {result.preannotated} texts, {result.spans} spans, "
               f"{result.relations} relations; {result.already_annotated} texts skipped "
               "(already annotated by this user)")


def _selected(records: list[dict], strategy: str, limit: int, model: str | None, per_report: int) -> list[dict]:
    """The records ``ie select`` picks (before any network work: a bad strategy fails fast)."""
    from ..select.rank import check_strategy, select

    check_strategy(strategy)
    nlp = None
    if strategy != "random":
        from ..api import load

        nlp = load(model)
    selection = select(records, strategy, limit, nlp, per_report=per_report)
    _err.print(f"selected {len(selection.records)} of {len(records)} texts by {strategy}")
    return selection.records


def _print_diff(annotator: str, diff) -> None:
    from ..doccano.diff import ADDED, RELABELED, REMOVED

    for kind, title in (("span", "spans"), ("relation", "relations")):
        table = Table(title=f"{annotator}: {title} changed since the push", title_justify="left")
        for col in ("label" if kind == "span" else "type", "added", "removed", "relabeled from", "relabeled to"):
            table.add_column(col, justify="left" if col in ("label", "type") else "right")
        for label, c in diff.counts(kind).items():
            table.add_row(label, str(c[ADDED]), str(c[REMOVED]), str(c[f"{RELABELED}_from"]),
                          str(c[f"{RELABELED}_to"]))
        table.add_row("total", str(diff.total(kind, ADDED)), str(diff.total(kind, REMOVED)),
                      str(diff.total(kind, RELABELED)), str(diff.total(kind, RELABELED)), style="bold")
        _out.print(table)
    if diff.unmatched:
        _out.print(f"{annotator}: {diff.unmatched} texts were not in what was pushed (counted as added)")


@app.command()
def pull(
    project: ProjectOpt,
    output: Annotated[Path, typer.Option("--output", "-o", help="Contract JSONL file to write.")],
    annotator: AnnotatorOpt = None,
    against: Annotated[Path | None, typer.Option(
        help="Diff against this file instead of the record of the last push from this machine.")] = None,
    confirmed_only: Annotated[bool, typer.Option(
        "--confirmed-only", help="Only texts each annotator marked as done.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace OUTPUT if it exists.")] = False,
    url: UrlOpt = None,
) -> None:
    """Read annotations back (one version per annotator), check them, write contract JSONL.

    Each line carries meta.annotator. Prints what each annotator changed
    against what was pushed. Never replaces an existing file without --force.
    """
    from ..corpus.jsonl import read_jsonl
    from ..doccano.pull import check_output, write_pulled
    from ..doccano.pull import pull as do_pull
    from ..doccano.push import load_pushed

    with _user_errors():
        check_output(output, force)  # before any network work
        session = _session(url)
        baseline = read_jsonl(against) if against else load_pushed(session.url, project)
        result = do_pull(session, project, annotators=annotator, confirmed_only=confirmed_only,
                         baseline=baseline)
        lines = write_pulled(output, result, force=force)
    _out.print(f"wrote {lines} records ({', '.join(result.annotators)}) to {output}")
    if baseline is None:
        _out.print("no record of what was pushed from this machine: pass --against FILE to see the changes")
    for name, diff in result.diffs.items():
        _print_diff(name, diff)


@app.command()
def agreement(
    project: ProjectOpt,
    annotator: AnnotatorOpt = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Adjudication file (default: PROJECT.adjudication.jsonl).")] = None,
    confirmed_only: Annotated[bool, typer.Option(
        "--confirmed-only", help="Only texts each annotator marked as done.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace OUTPUT if it exists.")] = False,
    url: UrlOpt = None,
) -> None:
    """Inter-annotator agreement (span F1 per label, relation F1) and an adjudication file."""
    from ..corpus.jsonl import write_jsonl
    from ..doccano.agreement import agreement as do_agreement
    from ..doccano.pull import check_output
    from ..doccano.pull import pull as do_pull

    output = output or Path(f"{project}.adjudication.jsonl")
    with _user_errors():
        check_output(output, force)
        session = _session(url)
        pulled = do_pull(session, project, annotators=annotator, confirmed_only=confirmed_only)
        result = do_agreement(pulled.versions, project=project)
        write_jsonl(output, result.adjudication)
    for pair in result.pairs:
        table = Table(title=f"{pair.a} vs {pair.b} on {pair.texts} texts (strict F1)", title_justify="left")
        for col in ("", "F1", "both", f"only {pair.a}", f"only {pair.b}"):
            table.add_column(col, justify="left" if not col else "right")
        rows = [*pair.labels.items(), ("all spans", pair.spans), ("relations", pair.relations)]
        for name, s in rows:
            table.add_row(name, _f1(s.f1), str(s.both), str(s.only_a), str(s.only_b),
                          style="bold" if name in ("all spans", "relations") else None)
        _out.print(table)
    _out.print(f"adjudication file: {output} ({len(result.adjudication)} texts, {result.conflicts} conflicts "
               "listed in meta.adjudication)")
