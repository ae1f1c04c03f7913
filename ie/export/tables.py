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
TABLE_TYPES: dict[str, dict[str, str]] = {
    "documents": DOCUMENT_TYPES, "quantities": QUANTITY_TYPES, "errors": ERROR_TYPES,
}

# strings stay Python objects (None is null, on pandas 2 and 3 alike); Parquet stores them as strings
_PANDAS = {"str": "object", "int": "int64", "Int": "Int64", "float": "float64"}


def _number(value: object) -> float | None:
    """Decimal strings ("103224800", "0.9958") as floats; None and "" stay missing."""
    if value is None or value == "":
        return None
    return float(value)  # type: ignore[arg-type]


def to_arrow(rows: Iterable[Mapping[str, object]], types: Mapping[str, str]):
    """Rows as a ``pyarrow.Table`` with the given column types (and pandas dtypes on read)."""
    import pandas as pd
    import pyarrow as pa

    arrow = {"str": pa.string(), "int": pa.int64(), "Int": pa.int64(), "float": pa.float64()}
    columns: dict[str, list] = {name: [] for name in types}
    for row in rows:
        for name, kind in types.items():
            value = row.get(name)
            columns[name].append(_number(value) if kind == "float" else value)
    frame = pd.DataFrame(columns).astype({name: _PANDAS[kind] for name, kind in types.items()})
    schema = pa.schema([pa.field(name, arrow[kind], nullable=kind not in ("int",))
                        for name, kind in types.items()])
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


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
