"""Run extraction over files: each failure isolated and recorded, nothing lost.

:func:`extract_path` is the one-document step every engine shares (in-process,
worker processes, Dask workers); :func:`extract_files` is the small in-memory
batch for Python callers. Large, resumable, parallel runs are in :mod:`ie.batch`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .api import ExtractionResult, extract
from .errors import IEError
from .export.records import quantity_rows, to_contract_record, write_outputs
from .io.read import DEFAULT_MAX_MB, SKIPPED, RawDocument, collect_inputs, read_report, source_names


@dataclass
class Failure:
    """An input that could not be processed, with the one-line reason."""

    path: str
    message: str
    code: str = ""      # the error code (e.g. "E002"), the reason in one word

    @classmethod
    def from_error(cls, path: str | Path, error: IEError) -> Failure:
        """The failure of ``path`` as told by ``error``."""
        return cls(str(path), str(error), error.code)


@dataclass
class DocumentOutcome:
    """What happened to one input file: a raw document and its result, or a failure."""

    path: Path
    raw: RawDocument | None = None
    result: ExtractionResult | None = None
    failure: Failure | None = None


@dataclass
class BatchResult:
    """What a batch extraction produced."""

    results: list[ExtractionResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)   # files in folders that are no reports
    outputs: dict[str, Path] = field(default_factory=dict)
    characters: int = 0

    @property
    def quantities(self) -> int:
        return sum(len(r.quantities) for r in self.results)


def model_info(nlp: Language) -> dict[str, str | None]:
    """The model name and version every output row carries."""
    return {"model": nlp.meta.get("name"), "model_version": nlp.meta.get("version")}


def extract_path(path: Path, nlp: Language, *, max_mb: float = DEFAULT_MAX_MB,
                 source: str | None = None) -> DocumentOutcome:
    """Read and extract one report; a per-document problem becomes a failure, never an exception.

    ``source`` names the document in the outputs (default: the file name).
    """
    outcome = DocumentOutcome(path)
    try:
        outcome.raw = read_report(path, max_mb=max_mb)
        outcome.result = extract(outcome.raw.text, nlp, source=source or path.name)
    except IEError as e:
        outcome.result = None
        outcome.failure = Failure.from_error(path, e)
    except Exception as e:  # noqa: BLE001 - one bad document must not stop the batch
        outcome.result = None
        outcome.failure = Failure.from_error(path, IEError("E009", path=path, reason=repr(e)))
    return outcome


def extract_files(paths: list[Path], nlp: Language, out_dir: Path | None = None, *,
                  max_mb: float = DEFAULT_MAX_MB) -> BatchResult:
    """Extract from every report under ``paths``; write outputs when ``out_dir`` is given."""
    files, errors = collect_inputs(paths)
    names = source_names(files, paths)
    batch = BatchResult(failures=[Failure.from_error(str(e.kwargs.get("path")), e) for e in errors
                                  if e.code != SKIPPED],
                        skipped=[Failure.from_error(str(e.kwargs.get("path")), e) for e in errors
                                 if e.code == SKIPPED])
    info = model_info(nlp)
    records, rows = [], []
    for path in files:
        outcome = extract_path(path, nlp, max_mb=max_mb, source=names[path])
        if outcome.failure is not None:
            batch.failures.append(outcome.failure)
            continue
        assert outcome.raw is not None and outcome.result is not None
        result = outcome.result
        batch.results.append(result)
        batch.characters += len(outcome.raw.text)
        extra = {**info, "input_sha256": outcome.raw.sha256}
        records.append(to_contract_record(result, len(records) + 1, extra))
        rows.extend(quantity_rows(result, extra))
    if out_dir is not None:
        try:
            batch.outputs = write_outputs(out_dir, records, rows)
        except OSError as e:
            raise IEError("E030", path=out_dir, reason=e.strerror or str(e)) from None
    return batch
