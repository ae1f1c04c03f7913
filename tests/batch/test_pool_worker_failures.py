"""The worker pool survives a worker that dies or hangs: only that document fails, with the reason."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading

from .conftest import bundled

from ie.batch.entries import InputItem
from ie.batch.pool import run_pool


def _item(path) -> InputItem:
    return InputItem(str(path.resolve()), str(path))


def test_pool_worker_killed_or_timed_out_fails_only_its_document(tmp_path):
    report = bundled()[2]
    text = report.read_text(encoding="utf-8")
    small = tmp_path / "a_small.txt"
    small.write_text(text, encoding="utf-8")
    slow_killed = tmp_path / "b_slow.txt"
    slow_killed.write_text(text * 115, encoding="utf-8")  # ~950k characters (< nlp.max_length): seconds of work
    slow_timeout = tmp_path / "c_slow.txt"
    slow_timeout.write_text(text * 115, encoding="utf-8")
    last = tmp_path / "d_small.txt"
    last.write_text(text, encoding="utf-8")
    items = [_item(p) for p in (small, slow_killed, slow_timeout, last)]

    def kill_worker_soon() -> None:
        # the pool sends b_slow right after a_small's entry is taken: kill the worker while on it
        (worker,) = [p for p in mp.active_children() if p.name == "ie-extract-worker"]
        threading.Timer(1.0, os.kill, (worker.pid, signal.SIGKILL)).start()

    entries = []
    for entry in run_pool(items, "rules", "jieba", 50, workers=1, timeout=6):  # room for a loaded machine; c_slow takes far longer
        entries.append(entry)
        if len(entries) == 1:
            kill_worker_soon()
    assert [e["path"] for e in entries] == [str(p) for p in (small, slow_killed, slow_timeout, last)]
    assert [e["status"] for e in entries] == ["ok", "error", "error", "ok"]
    killed, timed_out = entries[1]["error"], entries[2]["error"]
    assert killed["code"] == "E073" and "killed by SIGKILL" in killed["message"]
    assert str(slow_killed) in killed["message"]
    assert timed_out["code"] == "E074" and "6 s" in timed_out["message"] and "--timeout" in timed_out["message"]
    assert entries[1]["sha256"] and entries[2]["sha256"]
    assert [r["text"] for r in entries[3]["rows"]] == [r["text"] for r in entries[0]["rows"]]
    assert not [p for p in mp.active_children() if p.name == "ie-extract-worker"]
