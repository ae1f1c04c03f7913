"""The journal: resume skips finished documents, ignores a cut-short line, and refuses to mix runs."""
from __future__ import annotations

import json
import shutil

import pytest

from ie.batch import BatchOptions, run_batch
from ie.batch.journal import JOURNAL, WORK_DIR, Journal, open_journal
from ie.errors import IEError

from .conftest import assert_same_outputs, copy_reports


def _journal_lines(out) -> list[bytes]:
    return (out / WORK_DIR / JOURNAL).read_bytes().splitlines(keepends=True)


def _interrupted_copy(corpus, tmp_path, keep: int, tail: bytes = b""):
    """An output folder as a run killed after ``keep`` documents (plus ``tail``) would leave it."""
    out = tmp_path / "out"
    shutil.copytree(corpus["reference"] / WORK_DIR, out / WORK_DIR)
    lines = _journal_lines(out)
    (out / WORK_DIR / JOURNAL).write_bytes(b"".join(lines[:1 + keep]) + tail)
    Journal(out).set_finished(False)
    return out, lines


def test_journal_resume_ignores_half_written_line_and_matches_uninterrupted_run(corpus, tmp_path):
    out, lines = _interrupted_copy(corpus, tmp_path, keep=4)
    half = lines[5][: len(lines[5]) // 2]
    (out / WORK_DIR / JOURNAL).write_bytes(b"".join(lines[:5]) + half)
    state = Journal(out).scan()
    assert len(state.entries) == 4 and state.ignored_lines == 1
    summary = run_batch(corpus["paths"], out, BatchOptions(model="rules", resume=True))
    assert summary.resumed == 4  # the four journaled documents; the half line is redone
    assert summary.processed == len(lines) - 1 - 4
    assert_same_outputs(corpus["reference"], out)
    journal = _journal_lines(out)  # the half line was cut off before appending, not left as garbage
    assert len(journal) == len(lines) and all(json.loads(line) for line in journal)
    assert Journal(out).finished


def test_journal_unfinished_run_without_resume_is_refused(corpus, tmp_path):
    out, _ = _interrupted_copy(corpus, tmp_path, keep=3)
    with pytest.raises(IEError) as info:
        run_batch(corpus["paths"], out, BatchOptions(model="rules"))
    assert info.value.code == "E070"
    assert "--resume" in str(info.value) and "3 document(s)" in str(info.value)


def test_journal_resume_with_another_segmenter_is_refused(corpus, tmp_path):
    out, _ = _interrupted_copy(corpus, tmp_path, keep=3)
    with pytest.raises(IEError) as info:
        run_batch(corpus["paths"], out, BatchOptions(model="rules", segmenter="char", resume=True))
    assert info.value.code == "E072" and "segmenter jieba" in str(info.value)


def test_journal_second_run_on_same_folder_is_refused_while_first_holds_it(corpus, tmp_path):
    out = tmp_path / "out"
    with open_journal(out):
        with pytest.raises(IEError) as info:
            run_batch(corpus["paths"], out, BatchOptions(model="rules"))
    assert info.value.code == "E071"


def test_journal_resume_redoes_changed_files_and_adds_new_ones(tmp_path):
    folder = tmp_path / "in"
    copies = copy_reports(folder, 3)
    out = tmp_path / "out"
    first = run_batch([folder], out, BatchOptions(model="rules"))
    assert (first.processed, first.resumed) == (3, 0)
    copies[0].write_text(copies[1].read_text(encoding="utf-8"), encoding="utf-8")  # changed bytes
    copy_reports(tmp_path / "more", 4)[3].rename(folder / "0003_new.txt")
    again = run_batch([folder], out, BatchOptions(model="rules", resume=True))
    assert (again.processed, again.resumed, again.documents) == (2, 2, 4)
    fresh = run_batch([folder], tmp_path / "fresh", BatchOptions(model="rules"))
    assert fresh.documents == 4
    assert_same_outputs(out, tmp_path / "fresh")
    # a finished folder is kept without --resume (E083) and starts over with --overwrite
    with pytest.raises(IEError, match="E083"):
        run_batch([folder], out, BatchOptions(model="rules"))
    rerun = run_batch([folder], out, BatchOptions(model="rules", overwrite=True))
    assert (rerun.processed, rerun.resumed) == (4, 0)
    assert_same_outputs(out, tmp_path / "fresh")
