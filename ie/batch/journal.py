"""The run journal: append-only JSONL of finished documents, in the output folder's work dir.

Line 1 is a header naming the model; every other line is one entry
(:mod:`ie.batch.entries`), written with one ``write`` and fsync'd before the
next document counts as done. A line cut short by a kill (no final newline,
or not valid JSON) is ignored, and cut off before the next append. When an
input has several entries (it was retried), the last one counts.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IEError
from ..export.atomic import atomic_path

WORK_DIR = ".ie-work"
JOURNAL = "journal.jsonl"
FINISHED = "finished"
LOCK = "lock"
HEADER_KEY = "ie_journal"


@dataclass(frozen=True)
class EntryRef:
    """Where an entry sits in the journal, and what it says in brief."""

    offset: int
    length: int
    status: str
    sha256: str | None


@dataclass
class JournalState:
    """What a scan of the journal found."""

    header: dict | None = None
    entries: dict[str, EntryRef] = field(default_factory=dict)   # key -> its last entry
    valid_end: int = 0      # bytes up to the end of the last complete line
    ignored_lines: int = 0  # lines cut short or not valid JSON


class Journal:
    """The journal of one output folder (use :func:`open_journal` to hold its lock)."""

    def __init__(self, out_dir: Path) -> None:
        self.work_dir = Path(out_dir) / WORK_DIR
        self.path = self.work_dir / JOURNAL
        self._file = None

    # reading -------------------------------------------------------------
    def scan(self) -> JournalState:
        """Index the journal: the header, the last entry per input, the end of the valid part."""
        state = JournalState()
        if not self.path.is_file():
            return state
        offset = 0
        try:
            with self.path.open("rb") as f:
                for line in f:
                    start, offset = offset, offset + len(line)
                    if not line.endswith(b"\n"):
                        state.ignored_lines += 1   # the write a kill cut short
                        break
                    try:
                        entry = json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        state.ignored_lines += 1
                        state.valid_end = offset
                        continue
                    state.valid_end = offset
                    if not isinstance(entry, dict):
                        state.ignored_lines += 1
                    elif HEADER_KEY in entry:
                        if state.header is None and start == 0:
                            state.header = entry
                    elif state.header is not None and isinstance(entry.get("key"), str):
                        state.entries[entry["key"]] = EntryRef(start, len(line), entry.get("status", ""),
                                                               entry.get("sha256"))
                    else:
                        state.ignored_lines += 1
        except OSError as e:
            raise IEError("E082", path=self.work_dir, reason=e.strerror or str(e)) from None
        return state

    def read(self, ref: EntryRef) -> dict:
        """The entry at ``ref``."""
        with self.path.open("rb") as f:
            f.seek(ref.offset)
            return json.loads(f.read(ref.length))

    @property
    def finished(self) -> bool:
        """Whether the last run over this journal wrote all its outputs."""
        return (self.work_dir / FINISHED).is_file()

    # writing -------------------------------------------------------------
    def start(self, header: dict) -> None:
        """Begin a new journal holding only ``header`` (replacing any previous one)."""
        self.close()
        self.set_finished(False)
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps({HEADER_KEY: 1, **header}, ensure_ascii=False) + "\n", encoding="utf-8")
        self._file = self.path.open("ab")

    def reopen(self, state: JournalState) -> None:
        """Continue an existing journal: drop a cut-short last line, then append after it."""
        self.close()
        self.set_finished(False)
        with self.path.open("rb+") as f:
            if f.seek(0, os.SEEK_END) != state.valid_end:
                f.truncate(state.valid_end)
                os.fsync(f.fileno())
        self._file = self.path.open("ab")

    def append(self, entry: dict) -> None:
        """Add one entry as one line, flushed to disk before returning."""
        assert self._file is not None, "journal not started"
        self._file.write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def set_finished(self, finished: bool) -> None:
        """Mark (or unmark) the run as finished: all outputs written from this journal."""
        marker = self.work_dir / FINISHED
        if finished:
            marker.write_text("", encoding="utf-8")
        else:
            marker.unlink(missing_ok=True)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@contextmanager
def open_journal(out_dir: Path) -> Iterator[Journal]:
    """The journal of ``out_dir``, with an exclusive lock so that two runs never share a folder."""
    work_dir = Path(out_dir) / WORK_DIR
    try:
        work_dir.mkdir(parents=True, exist_ok=True)
        lock = (work_dir / LOCK).open("a")
    except OSError as e:
        raise IEError("E030", path=out_dir, reason=e.strerror or str(e)) from None
    try:
        try:
            import fcntl
        except ImportError:  # no advisory locks on this OS: go without
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise IEError("E071", path=out_dir) from None
        journal = Journal(out_dir)
        try:
            yield journal
        finally:
            journal.close()
    finally:
        lock.close()  # releases the lock (the kernel does it too if the process is killed)
