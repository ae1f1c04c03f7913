"""Write output files atomically: a temp file in the same folder, flushed to disk, then renamed.

A reader (or a run killed half-way) sees either the old file or the new one,
never a half-written file.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _umask_mode() -> int:
    """The mode a plain ``open()`` would give a new file (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (the rename of a file into it) to disk, where the OS allows it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temp path beside ``path``; when the block succeeds, fsync it and rename it to ``path``.

    For writers that want a file name (Parquet, DuckDB). On an exception the
    temp file (and a DuckDB ``.wal`` beside it) is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers such as DuckDB want to create the file themselves
    try:
        yield tmp
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


@contextmanager
def atomic_open(path: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a temp text file beside ``path`` for streaming writes; rename it to ``path`` on success."""
    with atomic_path(path) as tmp:
        with tmp.open("w", encoding=encoding, newline="") as f:
            yield f
            f.flush()
