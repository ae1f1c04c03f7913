"""Fetch, verify and cache the pkuseg pretrained model (explicit, never implicit).

The model ships inside the ``pkuseg==0.0.25`` source package on PyPI
(``pkuseg/models/default``); spacy-pkuseg can load it. ``fetch_pkuseg``
downloads that sdist once, checks its sha256 and unpacks only the model.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from ..errors import ModelError

PKUSEG_VERSION = "0.0.25"
PKUSEG_SDIST = f"pkuseg-{PKUSEG_VERSION}.tar.gz"
# sha256 of the sdist as published on PyPI (checked on 2026-11-22)
PKUSEG_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
PKUSEG_INDEX = "https://pypi.org/simple/pkuseg/"
_MODEL_FILES = ("features.pkl", "weights.npz")


def cache_dir() -> Path:
    """The folder where ie caches downloaded resources (``$IE_CACHE`` or ~/.cache/ie)."""
    return Path(os.environ.get("IE_CACHE") or Path.home() / ".cache" / "ie")


def pkuseg_model_dir(root: Path | None = None) -> Path:
    """Where the unpacked pkuseg default model lives."""
    return (root or cache_dir()) / f"pkuseg-{PKUSEG_VERSION}" / "default"


def pkuseg_model_path(root: Path | None = None) -> Path:
    """Return the cached model folder, or raise E012 saying how to fetch it."""
    path = pkuseg_model_dir(root)
    if not all((path / name).is_file() for name in _MODEL_FILES):
        raise ModelError("E012", path=path)
    return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sdist_url(index: str) -> str:
    html = urllib.request.urlopen(index, timeout=60).read().decode("utf-8", "replace")
    match = re.search(r'href="([^"#]+/' + re.escape(PKUSEG_SDIST) + r')(?:#[^"]*)?"', html)
    if not match:
        raise ModelError("E014", reason=f"{PKUSEG_SDIST} not listed at {index}")
    return match.group(1)


def fetch_pkuseg(root: Path | None = None, *, sdist: Path | None = None) -> Path:
    """Download (or take ``sdist``), verify and unpack the pkuseg model; return its folder.

    Idempotent: an already unpacked model is returned as is.
    """
    target = pkuseg_model_dir(root)
    if all((target / name).is_file() for name in _MODEL_FILES):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        archive = Path(tmp) / PKUSEG_SDIST
        if sdist is None:
            try:
                url = _sdist_url(PKUSEG_INDEX)
                with urllib.request.urlopen(url, timeout=600) as r, archive.open("wb") as f:
                    shutil.copyfileobj(r, f)
            except OSError as e:
                raise ModelError("E014", reason=str(e)) from None
        else:
            shutil.copyfile(sdist, archive)
        actual = _sha256(archive)
        if actual != PKUSEG_SHA256:
            raise ModelError("E013", expected=PKUSEG_SHA256, actual=actual, path=archive)
        prefix = f"pkuseg-{PKUSEG_VERSION}/pkuseg/models/default/"
        staging = Path(tmp) / "default"
        staging.mkdir()
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                name = member.name[len(prefix):] if member.name.startswith(prefix) else ""
                if member.isfile() and name in _MODEL_FILES:
                    with tar.extractfile(member) as src, (staging / name).open("wb") as dst:
                        shutil.copyfileobj(src, dst)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    return target
