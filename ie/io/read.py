"""Read report files into text, with one clear error per unreadable input."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

DEFAULT_MAX_MB = 50
SUFFIXES: tuple[str, ...] = (".txt",)


@dataclass(frozen=True)
class RawDocument:
    """A report as read from disk."""

    path: Path
    text: str
    encoding: str
    sha256: str


def collect_inputs(paths: list[Path]) -> tuple[list[Path], list[InputError]]:
    """Expand files and folders into report files; folders without reports are errors."""
    files: list[Path] = []
    errors: list[InputError] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                errors.append(InputError("E006", path=path))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(InputError("E001", path=path))
    return files, errors


def read_report(path: Path, *, max_mb: float = DEFAULT_MAX_MB) -> RawDocument:
    """Read one report file as text (UTF-8, UTF-8 with BOM, or GB18030)."""
    if path.suffix.lower() not in SUFFIXES:
        raise InputError("E007", path=path, suffix=path.suffix or "(none)")
    try:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024:
            raise InputError("E005", path=path, size_mb=size / 1024 / 1024, limit_mb=max_mb)
        data = path.read_bytes()
    except OSError as e:
        raise InputError("E008", path=path, reason=e.strerror or str(e)) from None
    if not data.strip():
        raise InputError("E002", path=path)
    if b"\x00" in data[:65536]:
        raise InputError("E003", path=path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        return RawDocument(path, data.decode("utf-8-sig"), "utf-8", digest)
    except UnicodeDecodeError as e:
        first_bad = e.start
    try:
        return RawDocument(path, data.decode("gb18030"), "gb18030", digest)
    except UnicodeDecodeError:
        raise InputError("E004", path=path, offset=first_bad) from None
