"""The sealed test set is reproducible from sources.tsv and keeps provinces on one side."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from ie.cli import app
from ie.corpus.sources import SEAL_SEED, TRAINING_PROVINCES, draw_sealed, province_of, read_sources

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "annotations" / "raw" / "derived" / "sources.tsv"
SEALED = ROOT / "annotations" / "sealed.txt"


def _recorded() -> list[str]:
    return [line.strip() for line in SEALED.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_sources_draw_reproduces_the_recorded_sealed_list():
    assert draw_sealed(read_sources(SOURCES), seed=SEAL_SEED) == _recorded()
    assert f"seed {SEAL_SEED}" in SEALED.read_text(encoding="utf-8")


def test_sources_sealed_provinces_are_on_one_side_only():
    rows = read_sources(SOURCES)
    sealed = set(draw_sealed(rows))
    sides: dict[str, set[bool]] = {}
    for r in rows:
        sides.setdefault(r.province, set()).add(r.file in sealed)
    assert all(len(s) == 1 for s in sides.values())
    assert not any(r.file in sealed for r in rows if r.province in TRAINING_PROVINCES)


def test_sources_sealed_share_is_a_quarter_within_one_per_kind():
    rows = read_sources(SOURCES)
    sealed = set(draw_sealed(rows))
    assert abs(len(sealed) - round(0.25 * len(rows))) <= 1
    kinds, sealed_kinds = Counter(r.kind for r in rows), Counter(r.kind for r in rows if r.file in sealed)
    for kind, n in kinds.items():
        assert sealed_kinds[kind] <= 0.25 * n + 1


def test_sources_another_seed_gives_another_draw():
    rows = read_sources(SOURCES)
    assert draw_sealed(rows, seed=1) != draw_sealed(rows, seed=SEAL_SEED)


def test_sources_province_of_reads_region_strings():
    assert province_of("内蒙古自治区呼伦贝尔市扎兰屯市(县级市) / county") == "内蒙古"
    assert province_of("新疆生产建设兵团第十四师 师市级") == "新疆"
    assert province_of("不详(原文未见地名) 乡镇级") == "不详"


def test_cli_corpus_seal_prints_the_list():
    result = CliRunner().invoke(app, ["annotations", "seal", str(SOURCES)])
    assert result.exit_code == 0
    assert result.stdout.split() == _recorded()


def test_cli_corpus_seal_bad_table_is_one_line(tmp_path):
    bad = tmp_path / "s.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["annotations", "seal", str(bad)])
    assert result.exit_code == 1
    assert "E031" in result.stderr and "Traceback" not in result.output
