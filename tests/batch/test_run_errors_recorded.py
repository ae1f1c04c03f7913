"""Every failed input is in errors.jsonl (and the errors table) with its reason; the rest is processed."""
from __future__ import annotations

import ie

import hashlib
import json

import pandas as pd
from .conftest import duckdb_rows


def test_run_errors_jsonl_has_every_failure_with_its_reason(corpus):
    out, summary = corpus["reference"], corpus["summary"]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = {str(path): code for path, code in corpus["bad"].values()}
    expected[str(corpus["missing"])] = "E001"
    assert {e["path"]: e["code"] for e in errors} == expected
    assert [e["path"] for e in errors] == sorted(expected)  # deterministic order
    for error in errors:
        assert error["message"].startswith(f"[{error['code']}] {error['path']}: ")
        assert error["source"] == error["path"].rsplit("/", 1)[-1]
        assert error["model"] == "rules_zh" and error["model_version"] == ie.__version__
    by_path = {e["path"]: e for e in errors}
    empty, _ = corpus["bad"]["empty"]
    assert by_path[str(empty)]["input_sha256"] == hashlib.sha256(b"").hexdigest()
    assert by_path[str(corpus["missing"])]["input_sha256"] is None
    # the summary, the Parquet file and the DuckDB table say the same
    assert [(f.path, f.code, f.message) for f in summary.failures] == \
        [(e["path"], e["code"], e["message"]) for e in errors]
    assert summary.failures_by_reason == {"E001": 1, "E002": 1, "E003": 1}
    frame = pd.read_parquet(out / "errors.parquet")
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == errors
    assert len(duckdb_rows(out / "ie.duckdb")["errors"]) == len(errors)
    # and the good inputs are all there
    predictions = (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(predictions) == len(corpus["copies"])
