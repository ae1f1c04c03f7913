"""The README's year-over-year query runs on ie.duckdb as one SQL statement and gives the change."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from ie.batch import BatchOptions, run_batch

from .conftest import bundled

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_query() -> str:
    match = re.search(r"<!-- yoy-query -->\s*```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert match, "README has no year-over-year query after <!-- yoy-query -->"
    return match.group(1)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    """The bundled 2021 report of 广州市政协办公厅, and the same report made into 2022 with another rate."""
    folder = tmp_path_factory.mktemp("years")
    report = bundled()[0]
    text = report.read_text(encoding="utf-8")
    assert "预算执行率 99.24%" in text
    (folder / "2021.txt").write_text(text, encoding="utf-8")
    (folder / "2022.txt").write_text(text.replace("2021", "2022").replace("预算执行率 99.24%", "预算执行率 97.50%"),
                                     encoding="utf-8")
    out = folder / "out"
    run_batch([folder / "2021.txt", folder / "2022.txt"], out, BatchOptions(model="rules"))
    return out


def test_duckdb_readme_year_over_year_query(two_years):
    con = duckdb.connect(str(two_years / "ie.duckdb"), read_only=True)
    rows = con.execute(_readme_query()).fetchall()
    assert [(unit, year) for unit, year, _, _ in rows] == [("广州市政协办公厅", 2021), ("广州市政协办公厅", 2022)]
    assert rows[0][2] == pytest.approx(0.9924) and rows[0][3] is None
    assert rows[1][2] == pytest.approx(0.975) and rows[1][3] == pytest.approx(-0.0174)


def test_duckdb_tables_join_documents_quantities_errors(two_years):
    con = duckdb.connect(str(two_years / "ie.duckdb"), read_only=True)
    joined = con.execute("""
        SELECT d.year, count(*), any_value(q.model), any_value(q.input_sha256 = d.input_sha256)
        FROM documents d JOIN quantities q USING (path)
        GROUP BY d.year ORDER BY d.year""").fetchall()
    assert [(year, model, same) for year, _, model, same in joined] == \
        [(2021, "rules_zh", True), (2022, "rules_zh", True)]
    assert joined[0][1] == con.execute("SELECT quantities FROM documents WHERE year = 2021").fetchone()[0]
    assert con.execute("SELECT count(*) FROM errors").fetchone() == (0,)


@pytest.mark.slow
def test_duckdb_readme_query_finds_every_bundled_report(tmp_path):
    # each of the five words its execution rate differently (预算执行率, 完成全年预算, 支出完成率, 支出执行率,
    # 预算完成率); the key finds them all, the words alone found one
    out = tmp_path / "out"
    run_batch(bundled(), out, BatchOptions(model="rules"))
    con = duckdb.connect(str(out / "ie.duckdb"), read_only=True)
    rows = con.execute(_readme_query()).fetchall()
    assert len(rows) == len(bundled()) == 5
    assert all(0.5 < rate <= 1 for _, _, rate, _ in rows)
