"""Documents, quantities and errors as typed tables: Parquet files and one DuckDB database.

Every row carries the model name and version and the sha256 of its input
file. Column types are fixed here (not guessed from the data), so an empty
table or a column that is all null has the same schema as any other run.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .atomic import atomic_path
from .records import CSV_COLUMNS

# column -> type: "str", "int" (never null), "Int" (nullable integer), "float"
DOCUMENT_TYPES: dict[str, str] = {
    "source": "str", "path": "str", "input_sha256": "str", "format": "str", "encoding": "str",
    "pages": "Int", "characters": "int", "reporting_unit": "str", "year": "Int", "kind": "str",
    "score": "float", "grade": "str", "quantities": "int", "model": "str", "model_version": "str",
    # the consistency audit (ie.audit): checks of the report by status
    "checks_pass": "Int", "checks_fail": "Int", "checks_not_applicable": "Int", "checks_cannot_check": "Int",
}
QUANTITY_TYPES: dict[str, str] = {
    "path": "str",
    **{c: "str" for c in CSV_COLUMNS},
    "year": "Int", "value": "float", "start": "int", "end": "int",
}
ERROR_TYPES: dict[str, str] = {
    "path": "str", "source": "str", "code": "str", "message": "str", "input_sha256": "str",
    "model": "str", "model_version": "str",
}
CHECK_TYPES: dict[str, str] = {
    "document": "Int", "source": "str", "path": "str", "check": "int", "rule": "str", "status": "str",
    "message": "str", "why": "str", "stated": "float", "computed": "float", "start": "Int", "end": "Int",
    "quantities": "str",  # JSON list of the quantities the check used (offsets, text, value, role, indicator)
    "model": "str", "model_version": "str", "input_sha256": "str",
}
TABLE_TYPES: dict[str, dict[str, str]] = {
    "documents": DOCUMENT_TYPES, "quantities": QUANTITY_TYPES, "errors": ERROR_TYPES, "checks": CHECK_TYPES,
}

# pandas dtypes a reader gets back (strings: pandas' default string dtype)
_PANDAS = {"str": "object", "int": "int64", "Int": "Int64", "float": "float64"}


def _number(value: object) -> float | None:
    """Decimal strings ("103224800", "0.9958") as floats; None and "" stay missing."""
    if value is None or value == "":
        return None
    return float(value)  # type: ignore[arg-type]


class ColumnBuffer:
    """Rows collected column by column (lighter than a list of dicts), then one typed table."""

    def __init__(self, types: Mapping[str, str]) -> None:
        self.types = dict(types)
        self.columns: dict[str, list] = {name: [] for name in types}

    def add(self, row: Mapping[str, object]) -> None:
        """Append one row; missing keys are null, numbers given as decimal strings become floats."""
        for name, kind in self.types.items():
            value = row.get(name)
            self.columns[name].append(_number(value) if kind == "float" else value)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def to_arrow(self):
        """A ``pyarrow.Table`` with the declared column types (and pandas dtypes on read)."""
        import pyarrow as pa

        schema = arrow_schema(self.types)
        return pa.Table.from_arrays([pa.array(self.columns[field.name], type=field.type) for field in schema],
                                    schema=schema)


def arrow_schema(types: Mapping[str, str]):
    """The ``pyarrow.Schema`` of a table, with the pandas metadata that makes nullable integers ``Int64``."""
    import pandas as pd
    import pyarrow as pa

    arrow = {"str": pa.string(), "int": pa.int64(), "Int": pa.int64(), "float": pa.float64()}
    empty = pd.DataFrame({name: pd.Series([], dtype=_PANDAS[kind]) for name, kind in types.items()})
    metadata = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    return pa.schema([pa.field(name, arrow[kind], nullable=kind != "int") for name, kind in types.items()],
                     metadata=metadata)


def to_arrow(rows: Iterable[Mapping[str, object]], types: Mapping[str, str]):
    """Rows as a ``pyarrow.Table`` with the given column types (and pandas dtypes on read)."""
    buffer = ColumnBuffer(types)
    for row in rows:
        buffer.add(row)
    return buffer.to_arrow()


def write_parquet(path: Path, table) -> None:
    """Write a ``pyarrow.Table`` to Parquet atomically."""
    import pyarrow.parquet as pq

    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)


def write_duckdb(path: Path, tables: Mapping[str, object]) -> None:
    """Build a DuckDB database with one table per ``pyarrow.Table`` in a temp file, then rename it."""
    import duckdb

    with atomic_path(path) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET threads = 1")  # rows keep the order they are given in
            for name, table in tables.items():
                con.register("_ie_source", table)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _ie_source')
                con.unregister("_ie_source")
            con.execute("CHECKPOINT")
        finally:
            con.close()
