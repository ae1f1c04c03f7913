"""Hostile inputs: each gives its one-line InputError, none hangs, the batch finishes, memory stays bounded.

The corpus (tests/fixtures/hostile.py) is written once per session into a
temporary folder: empty and binary files, undecodable text, truncated
DOCX/PDF/XLSX, ZIP bombs, wrong extensions, a scan without text layer, a
51 MB file, deeply nested tables, symlink loops, a FIFO, a folder named .txt.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from ie.errors import Errors, InputError
from ie.io.read import read_report

PER_INPUT_SECONDS = 10
ADVICE = re.compile(r"\b(Pass|Re-save|Remove|Split|Export|Run|Save|Check|Point|Flatten|Unpack|Open|Convert|"
                    r"rename|raise|Fix)\b")


class Hung(Exception):
    """An input took longer than PER_INPUT_SECONDS."""


@contextmanager
def time_limit(seconds: float):
    def expire(signum, frame):
        raise Hung(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_hostile_corpus_is_large_and_covers_the_issue(hostile_entries):
    names = {e.name for e in hostile_entries}
    assert len(hostile_entries) >= 30
    for required in ["empty.txt", "random_bytes.txt", "undecodable.txt", "truncated.docx", "truncated.pdf",
                     "truncated.xlsx", "zip_bomb.docx", "text_named.docx", "image_only.pdf", "huge_51mb.txt",
                     "nested_tables.html", "nested_tables.docx", "loop_a.txt", "dangling.txt", "fifo.txt",
                     "folder.txt"]:
        assert required in names
    assert all(re.fullmatch(r"E0[0-6]\d", e.code) and hasattr(Errors, e.code) for e in hostile_entries)


def test_hostile_input_gives_its_one_line_reason(hostile_corpus, hostile_entry):
    path = hostile_corpus / hostile_entry.name
    started = time.monotonic()
    with time_limit(PER_INPUT_SECONDS), pytest.raises(InputError) as info:
        read_report(path)
    elapsed = time.monotonic() - started
    err = info.value
    message = str(err)
    assert err.code == hostile_entry.code, message
    assert message.startswith(f"[{err.code}] {path}: ")
    assert "\n" not in message and len(message) < 400
    assert ADVICE.search(message), message
    assert elapsed < PER_INPUT_SECONDS


def test_hostile_huge_file_is_refused_before_reading(hostile_corpus):
    path = hostile_corpus / "huge_51mb.txt"
    assert path.stat().st_size > 50 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        read_report(path)
    assert info.value.code == "E005" and time.monotonic() - started < 0.5


_BATCH = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    import docx, openpyxl, pdfplumber  # the readers' libraries belong to the baseline
    from ie.errors import InputError
    from ie.io.read import collect_inputs, read_report

    paths = [Path(p) for p in sys.argv[1:]]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    files, errors = collect_inputs(paths)
    results = {}
    for path in files + [paths[0] / "folder.txt"]:
        try:
            doc = read_report(path)
            results[path.name] = "OK:" + doc.format
        except InputError as e:
            results[path.name] = e.code
        except BaseException as e:
            results[path.name] = "UNCAUGHT " + repr(e)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for e in errors:  # broken links and pipes are reported by collect_inputs, not returned as files
        results[Path(e.kwargs["path"]).name] = "collect:" + e.code
    print(json.dumps({"results": results, "before_kb": before, "after_kb": after}))
""")


def test_hostile_batch_finishes_with_bounded_memory(hostile_corpus, hostile_entries, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "good.docx").write_bytes((Path(__file__).parent.parent / "fixtures" / "formats" / "004.docx").read_bytes())
    proc = subprocess.run([sys.executable, "-c", _BATCH, str(hostile_corpus), str(good)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # broken links and pipes are refused by collect_inputs already, the rest by read_report
    expected = {e.name: ("collect:" if e.code in ("E041", "E042") else "") + e.code for e in hostile_entries}
    assert report["results"] == expected | {"good.docx": "OK:docx"}
    growth_mb = (report["after_kb"] - report["before_kb"]) / 1024  # ru_maxrss is in KiB on Linux
    assert growth_mb < 1024, f"peak memory grew by {growth_mb:.0f} MB over the corpus"
