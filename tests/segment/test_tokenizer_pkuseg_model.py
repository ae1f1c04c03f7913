"""ie.segment.pkuseg_model: the cached pkuseg model, fetched only explicitly and hash-checked."""
from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from ie.errors import ModelError
from ie.segment import pkuseg_model as pm


def _fake_sdist(path: Path, files: dict[str, bytes]) -> Path:
    """A small .tar.gz laid out like pkuseg-0.0.25.tar.gz."""
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


MODEL_FILES = {
    "pkuseg-0.0.25/pkuseg/models/default/features.pkl": b"features",
    "pkuseg-0.0.25/pkuseg/models/default/weights.npz": b"weights",
    "pkuseg-0.0.25/pkuseg/models/default/other.txt": b"not needed",
    "pkuseg-0.0.25/setup.py": b"print('hi')",
}


def test_tokenizer_pkuseg_fetch_rejects_a_wrong_hash_with_e013(tmp_path):
    sdist = _fake_sdist(tmp_path / "pkuseg-0.0.25.tar.gz", MODEL_FILES)
    root = tmp_path / "cache"
    with pytest.raises(ModelError) as info:
        pm.fetch_pkuseg(root, sdist=sdist)
    err = info.value
    assert err.code == "E013"
    actual = hashlib.sha256(sdist.read_bytes()).hexdigest()
    assert err.kwargs["actual"] == actual
    assert err.kwargs["expected"] == pm.PKUSEG_SHA256
    assert actual in str(err) and pm.PKUSEG_SHA256 in str(err)
    # nothing unpacked: the model is still missing
    with pytest.raises(ModelError) as missing:
        pm.pkuseg_model_path(root)
    assert missing.value.code == "E012"
    assert not pm.pkuseg_model_dir(root).exists()


def test_tokenizer_pkuseg_fetch_unpacks_only_the_model_when_the_hash_matches(tmp_path, monkeypatch):
    sdist = _fake_sdist(tmp_path / "pkuseg-0.0.25.tar.gz", MODEL_FILES)
    monkeypatch.setattr(pm, "PKUSEG_SHA256", hashlib.sha256(sdist.read_bytes()).hexdigest())
    root = tmp_path / "cache"
    target = pm.fetch_pkuseg(root, sdist=sdist)
    assert target == pm.pkuseg_model_dir(root) == root / "pkuseg-0.0.25" / "default"
    assert sorted(p.name for p in target.iterdir()) == ["features.pkl", "weights.npz"]
    assert (target / "weights.npz").read_bytes() == b"weights"
    assert pm.pkuseg_model_path(root) == target
    # idempotent: a second call does not even look at the archive
    assert pm.fetch_pkuseg(root, sdist=tmp_path / "does-not-exist.tar.gz") == target


def test_tokenizer_pkuseg_model_path_missing_is_e012(tmp_path):
    with pytest.raises(ModelError) as info:
        pm.pkuseg_model_path(tmp_path)
    assert info.value.code == "E012"
    assert str(pm.pkuseg_model_dir(tmp_path)) in str(info.value)


def test_tokenizer_pkuseg_cache_dir_follows_ie_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("IE_CACHE", str(tmp_path))
    assert pm.cache_dir() == tmp_path
    assert pm.pkuseg_model_dir() == tmp_path / "pkuseg-0.0.25" / "default"
    monkeypatch.delenv("IE_CACHE")
    assert pm.cache_dir() == Path.home() / ".cache" / "ie"
