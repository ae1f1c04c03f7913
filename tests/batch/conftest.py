"""Shared helpers for the batch tests: copies of the bundled reports, output comparison."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ie.batch import OUTPUT_FILES, BatchOptions, run_batch

RAW = Path(__file__).resolve().parents[2] / "annotations" / "raw"
BYTE_IDENTICAL = tuple(name for name in OUTPUT_FILES.values() if name != "ie.duckdb")
TABLES = ("documents", "quantities", "errors")


def bundled() -> list[Path]:
    reports = sorted(RAW.glob("*.txt"))
    if not reports:
        pytest.skip(f"no bundled reports in {RAW}")
    return reports


def copy_reports(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the bundled reports (cycling through them) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    reports = bundled()
    copies = []
    for n in range(count):
        source = reports[n % len(reports)]
        target = folder / f"{n:04d}_{source.name}"
        shutil.copyfile(source, target)
        copies.append(target)
    return copies


def add_bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    """Inputs that fail, by kind: (path, expected error code)."""
    empty = folder / "zz_empty.txt"
    empty.write_bytes(b"")
    binary = folder / "zz_binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return {"empty": (empty, "E002"), "binary": (binary, "E003")}


def duckdb_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table of an ie.duckdb file, rows in stored order."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    finally:
        con.close()


def assert_same_outputs(a: Path, b: Path) -> None:
    """Byte-identical files, and the same rows in the DuckDB tables."""
    for name in BYTE_IDENTICAL:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs"
    assert duckdb_rows(a / "ie.duckdb") == duckdb_rows(b / "ie.duckdb")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict:
    """Ten copies of the bundled reports, two bad files and a missing path; and a 1-worker run of them."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "in"
    copies = copy_reports(folder, 10)
    bad = add_bad_inputs(folder)
    missing = root / "missing.txt"
    paths = [folder, missing]
    reference = root / "reference"
    summary = run_batch(paths, reference, BatchOptions(model="rules"))
    return {"root": root, "folder": folder, "copies": copies, "bad": bad, "missing": missing,
            "paths": paths, "reference": reference, "summary": summary}
