"""Run extraction over files: each failure isolated and recorded, nothing lost."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .api import ExtractionResult, extract
from .errors import IEError
from .export.records import quantity_rows, to_contract_record, write_outputs
from .io.read import DEFAULT_MAX_MB, collect_inputs, read_report


@dataclass
class Failure:
    """An input that could not be processed, with the one-line reason."""

    path: str
    message: str


@dataclass
class BatchResult:
    """What a batch extraction produced."""

    results: list[ExtractionResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    characters: int = 0

    @property
    def quantities(self) -> int:
        return sum(len(r.quantities) for r in self.results)


def extract_files(paths: list[Path], nlp: Language, out_dir: Path | None = None, *,
                  max_mb: float = DEFAULT_MAX_MB) -> BatchResult:
    """Extract from every report under ``paths``; write outputs when ``out_dir`` is given."""
    files, errors = collect_inputs(paths)
    batch = BatchResult(failures=[Failure(str(e.kwargs.get("path")), str(e)) for e in errors])
    model_info = {"model": nlp.meta.get("name"), "model_version": nlp.meta.get("version")}
    records, rows = [], []
    for path in files:
        try:
            raw = read_report(path, max_mb=max_mb)
            result = extract(raw.text, nlp, source=path.name)
        except IEError as e:
            batch.failures.append(Failure(str(path), str(e)))
            continue
        except Exception as e:  # noqa: BLE001 - one bad document must not stop the batch
            batch.failures.append(Failure(str(path), str(IEError("E009", path=path, reason=repr(e)))))
            continue
        batch.results.append(result)
        batch.characters += len(raw.text)
        extra = {**model_info, "input_sha256": raw.sha256}
        records.append(to_contract_record(result, len(records) + 1, extra))
        rows.extend(quantity_rows(result, extra))
    if out_dir is not None:
        try:
            batch.outputs = write_outputs(out_dir, records, rows)
        except OSError as e:
            raise IEError("E030", path=out_dir, reason=e.strerror or str(e)) from None
    return batch
