"""The Parquet files load with pandas, with the documented columns and dtypes."""
from __future__ import annotations

import ie

import csv
import json

import pandas as pd
from pandas.api.types import is_string_dtype

from ie.export.records import CSV_COLUMNS
from ie.export.tables import CHECK_TYPES, DOCUMENT_TYPES, ERROR_TYPES

EXPECTED = {"str": is_string_dtype, "int": lambda d: d == "int64", "Int": lambda d: d == "Int64",
            "float": lambda d: d == "float64"}


def _check(frame: pd.DataFrame, types: dict[str, str]) -> None:
    assert list(frame.columns) == list(types)
    for column, kind in types.items():
        assert EXPECTED[kind](frame[column].dtype), (column, frame[column].dtype)


def test_parquet_documents_columns_and_dtypes(corpus):
    frame = pd.read_parquet(corpus["reference"] / "documents.parquet")
    _check(frame, DOCUMENT_TYPES)
    assert list(DOCUMENT_TYPES) == ["source", "path", "input_sha256", "format", "encoding", "pages", "characters",
                                    "reporting_unit", "year", "kind", "score", "grade", "quantities", "model",
                                    "model_version", "checks_pass", "checks_fail", "checks_not_applicable",
                                    "checks_cannot_check"]
    assert len(frame) == len(corpus["copies"])
    assert frame["path"].tolist() == sorted(str(p) for p in corpus["copies"])
    assert set(frame["year"]) == {2021, 2022} and set(frame["format"]) == {"txt"}
    assert (frame["model"] == "rules_zh").all() and (frame["model_version"] == ie.__version__).all()
    assert frame["input_sha256"].str.fullmatch("[0-9a-f]{64}").all()
    assert frame["score"].dropna().between(0, 100).all()


def test_parquet_quantities_match_csv_with_numbers(corpus):
    frame = pd.read_parquet(corpus["reference"] / "quantities.parquet")
    types = {"path": "str", **{c: "str" for c in CSV_COLUMNS}, "year": "Int", "value": "float",
             "start": "int", "end": "int"}
    _check(frame, types)
    with (corpus["reference"] / "quantities.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(frame) == len(rows) == corpus["summary"].quantities
    assert frame["text"].tolist() == [r["text"] for r in rows]
    values = [float(r["value"]) if r["value"] else None for r in rows]
    assert [None if pd.isna(v) else v for v in frame["value"]] == values
    assert frame["input_sha256"].notna().all() and (frame["model"] == "rules_zh").all()
    # every quantity's offsets slice its report's original text
    texts = {json.loads(line)["meta"]["source"]: json.loads(line)["text"]
             for line in (corpus["reference"] / "predictions.jsonl").read_text(encoding="utf-8").splitlines()}
    for row in frame.head(50).itertuples():
        # text is the quantity as written with its white space (PDF line breaks, tabs) collapsed
        assert " ".join(texts[row.source][row.start:row.end].split()) == row.text


def test_parquet_errors_columns_and_dtypes(corpus):
    frame = pd.read_parquet(corpus["reference"] / "errors.parquet")
    _check(frame, ERROR_TYPES)
    assert sorted(frame["code"]) == ["E001", "E002", "E003"]


def test_parquet_checks_columns_and_dtypes(corpus):
    frame = pd.read_parquet(corpus["reference"] / "checks.parquet")
    _check(frame, CHECK_TYPES)
    assert set(frame["status"]) <= {"pass", "fail", "not_applicable", "cannot_check"}
    assert len(frame) > 0 and frame["path"].isin([str(p) for p in corpus["copies"]]).all()
