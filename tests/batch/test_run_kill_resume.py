"""`ie extract` killed with SIGKILL mid-run, then `--resume`d, ends with the outputs of an uninterrupted run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from ie.batch import BatchOptions, run_batch
from ie.batch.journal import JOURNAL, WORK_DIR

from .conftest import add_bad_inputs, assert_same_outputs, copy_reports

COPIES = 60
KILL_AFTER = 12  # journaled documents


def _ie(*args: str) -> list[str]:
    return [sys.executable, "-m", "ie", "extract", *args, "--model", "rules"]


def _journaled(journal) -> int:
    try:
        return max(0, journal.read_bytes().count(b"\n") - 1)  # minus the header line
    except FileNotFoundError:
        return 0


@pytest.mark.slow
def test_run_sigkill_then_resume_matches_uninterrupted_run(tmp_path):
    folder = tmp_path / "in"
    copy_reports(folder, COPIES)
    add_bad_inputs(folder)
    total = COPIES + 2
    reference = tmp_path / "reference"
    run_batch([folder], reference, BatchOptions(model="rules"))

    out = tmp_path / "out"
    journal = out / WORK_DIR / JOURNAL
    process = subprocess.Popen(_ie(str(folder), "-o", str(out), "--workers", "2"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while _journaled(journal) < KILL_AFTER and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, stderr.decode()
    done = _journaled(journal)
    assert KILL_AFTER <= done < total, f"killed too late: {done} of {total} journaled"
    assert not (out / "predictions.jsonl").exists()

    again = subprocess.run(_ie(str(folder), "-o", str(out)), capture_output=True, timeout=300)
    assert again.returncode == 2 and b"[E070]" in again.stderr and b"--resume" in again.stderr

    resumed = subprocess.run(_ie(str(folder), "-o", str(out), "--resume"), capture_output=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr.decode()  # the two bad inputs
    assert resumed.stderr.decode().count("error: [E00") == 2
    assert_same_outputs(reference, out)
    records = [json.loads(line) for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == list(range(1, COPIES + 1))
    assert len({r["meta"]["source"] for r in records}) == COPIES  # no duplicates, no gaps
