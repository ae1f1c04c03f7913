"""Batch extraction of a folder of reports into one clean set of tables: resumable, parallel, lossless.

:func:`run_batch` collects the inputs, skips those the journal already has
(with ``resume``), extracts the rest on the chosen engine, journals each
document as it finishes, and rebuilds every output from the journal.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IEError, ModelError
from ..extraction import Failure
from ..io.read import DEFAULT_MAX_MB, SKIPPED, collect_inputs, source_names
from .entries import InputItem, file_sha256
from .journal import Journal, JournalState, open_journal
from .outputs import build_outputs, error_row

ENGINES: tuple[str, ...] = ("local", "dask")


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch."""

    model: str = "rules"            # "rules" or a model folder
    segmenter: str = "jieba"        # for the rules-only pipeline
    workers: int = 1                # processes (local) or LocalCluster workers (dask)
    engine: str = "local"           # "local" or "dask"
    scheduler: str | None = None    # Dask scheduler address; None starts a LocalCluster
    resume: bool = False            # continue the unfinished run in the output folder
    overwrite: bool = False         # replace a finished run in the output folder
    max_mb: float = DEFAULT_MAX_MB  # largest input accepted
    timeout: float | None = None    # seconds per document (local worker processes only)


@dataclass(frozen=True)
class ProgressEvent:
    """Sent after each finished document (and once, with ``done == 0``, before the first)."""

    done: int              # documents finished in this run
    total: int             # documents to process in this run (resumed ones excluded)
    path: str | None = None
    ok: bool = True
    characters: int = 0    # characters of this document (0 for a failure)


@dataclass
class BatchSummary:
    """What a batch run produced (the outputs hold every input, resumed ones included)."""

    documents: int = 0
    quantities: int = 0
    characters: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)   # files in the folders that are no reports
    processed: int = 0       # inputs extracted in this run
    processed_characters: int = 0  # characters of the documents extracted in this run
    resumed: int = 0         # inputs taken from the journal of an earlier run
    seconds: float = 0.0
    outputs: dict[str, Path] = field(default_factory=dict)
    model: str | None = None
    model_version: str | None = None

    @property
    def failures_by_reason(self) -> dict[str, int]:
        """Failure counts per error code, most frequent first."""
        return dict(Counter(f.code for f in self.failures).most_common())

    @property
    def documents_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0


def model_meta(model: str, segmenter: str) -> dict[str, str | None]:
    """Name and version of the model, without loading it when it is a folder."""
    from .. import api

    if model == api.RULES:
        from .worker import get_pipeline

        nlp = get_pipeline(model, segmenter)
        return {"model": nlp.meta.get("name"), "model_version": nlp.meta.get("version")}
    path = Path(model)
    if not (path / "config.cfg").is_file():
        raise ModelError("E010", model=model)
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    return {"model": meta.get("name"), "model_version": meta.get("version")}


def _check(options: BatchOptions) -> None:
    if options.engine not in ENGINES:
        raise IEError("E077", engine=options.engine)
    if options.workers < 1:
        raise IEError("E076", value=options.workers)
    if options.scheduler and options.engine != "dask":
        raise IEError("E080")
    if options.timeout is not None and options.timeout < 0:
        raise IEError("E081", value=options.timeout)


def _inputs(paths: list[Path], out_dir: Path, absolute: bool) -> tuple[list[InputItem], list[IEError]]:
    """Input files, each once and none of them our own outputs, and the errors of inputs that are no files."""
    files, errors = collect_inputs(list(paths))
    names = source_names(files, list(paths))
    outputs = out_dir.resolve()
    items: dict[str, InputItem] = {}
    for path in files:
        resolved = path.resolve()
        if resolved.is_relative_to(outputs):  # e.g. quantities.csv of an earlier run in the input folder
            continue
        key = str(resolved)
        items.setdefault(key, InputItem(key, key if absolute else str(path), names[path]))
    return list(items.values()), errors


def _engine(items: list[InputItem], options: BatchOptions) -> Iterator[dict]:
    args = (items, options.model, options.segmenter, options.max_mb)
    if options.engine == "dask":
        try:
            from .dask_engine import run_dask
        except ImportError:
            raise IEError("E078") from None
        return run_dask(*args, workers=options.workers, scheduler=options.scheduler)
    from .pool import run_in_process, run_pool

    if options.workers == 1 and not options.timeout:
        return run_in_process(*args)
    return run_pool(*args, workers=options.workers, timeout=options.timeout or None)


def _done(item: InputItem, state: JournalState) -> bool:
    """Whether the journal holds a result for this very file (same path, same bytes)."""
    ref = state.entries.get(item.key)
    return ref is not None and ref.status == "ok" and ref.sha256 == file_sha256(item.path)


def _open_run(journal: Journal, header: dict, resume: bool, out_dir: Path, overwrite: bool = False) -> JournalState:
    """Start or continue the journal, refusing to silently mix two runs."""
    state = journal.scan()
    if state.header is not None and resume:
        old = state.header
        if (old.get("model"), old.get("model_version"), old.get("segmenter")) != \
                (header["model"], header["model_version"], header["segmenter"]):
            raise IEError("E072", path=out_dir, journal_model=old.get("model"),
                          journal_version=old.get("model_version"), journal_segmenter=old.get("segmenter"),
                          model=header["model"], version=header["model_version"], segmenter=header["segmenter"])
        journal.reopen(state)
        return state
    if state.entries and not journal.finished:
        raise IEError("E070", path=out_dir, done=len(state.entries))
    if state.entries and not overwrite:
        raise IEError("E083", path=out_dir, done=len(state.entries))
    journal.start(header)
    return JournalState(header=header, valid_end=journal.path.stat().st_size)


def run_batch(paths: list[Path], out_dir: Path, options: BatchOptions = BatchOptions(), *,
              progress: Callable[[ProgressEvent], None] | None = None) -> BatchSummary:
    """Extract every report under ``paths`` into ``out_dir``; see the module docstring.

    Raises :class:`IEError` for problems with the run itself (bad options,
    model, output folder, an unfinished run without ``resume``); problems
    with single inputs are failures in the summary and in ``errors.jsonl``.
    """
    _check(options)
    start = time.perf_counter()
    out_dir = Path(out_dir)
    items, input_errors = _inputs(paths, out_dir, absolute=options.engine == "dask" and bool(options.scheduler))
    info = model_meta(options.model, options.segmenter)
    header = {**info, "model_spec": options.model, "segmenter": options.segmenter}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IEError("E030", path=out_dir, reason=e.strerror or str(e)) from None
    with open_journal(out_dir) as journal:
        state = _open_run(journal, header, options.resume, out_dir, options.overwrite)
        pending = [item for item in items if not _done(item, state)] if state.entries else items
        summary = BatchSummary(resumed=len(items) - len(pending), **info)
        if progress:
            progress(ProgressEvent(0, len(pending)))
        if pending:
            for entry in _engine(pending, options):
                journal.append(entry)
                summary.processed += 1
                ok = entry["status"] == "ok"
                characters = entry["document"]["characters"] if ok else 0
                summary.processed_characters += characters
                if progress:
                    progress(ProgressEvent(summary.processed, len(pending), entry["path"], ok, characters))
        journal.close()
        state = journal.scan()
        rows = [error_row(str(e.kwargs.get("path")), e.code, str(e), None, info) for e in input_errors]
        try:
            built = build_outputs(out_dir, journal, state, items, rows, info)
        except OSError as e:
            raise IEError("E030", path=out_dir, reason=e.strerror or str(e)) from None
        journal.set_finished(True)
    summary.documents, summary.quantities = built.documents, built.quantities
    summary.characters, summary.outputs = built.characters, built.paths
    summary.failures = [f for f in built.failures if f.code != SKIPPED]
    summary.skipped = [f for f in built.failures if f.code == SKIPPED]
    summary.seconds = time.perf_counter() - start
    return summary
