"""Server housekeeping that needs no doccano: paths, environment, ports, stopping nothing."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ie.doccano import DoccanoError, server
from ie.doccano.credentials import Credentials


def test_cache_dir_follows_ie_cache(tmp_path):
    assert server.default_cache_dir({"IE_CACHE": str(tmp_path)}) == tmp_path / "doccano"
    assert server.default_cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/ie/doccano")
    assert server.default_cache_dir({}) == Path.home() / ".cache" / "ie" / "doccano"


def test_pins_are_the_ones_that_work():
    assert server.REQUIREMENTS == ("doccano==1.8.4", "marshmallow<4", "numpy<2")


def test_server_environment_has_no_credentials_and_stays_local(tmp_path, monkeypatch):
    monkeypatch.setenv("IE_DOCCANO_PASSWORD", "pw-do-not-pass")
    paths = server.ServerPaths(tmp_path)
    env = server.environment(paths)
    assert "IE_DOCCANO_PASSWORD" not in env and "pw-do-not-pass" not in env.values()
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path}/home/db.sqlite3"
    assert env["CELERY_BROKER_URL"].startswith("sqla+sqlite:///") and env["DEBUG"] == "False"
    # the secret key is made once, private, and reused
    key = tmp_path / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600 and server.environment(paths)["SECRET_KEY"] == env["SECRET_KEY"]


def test_stop_without_a_server_stops_nothing(tmp_path):
    assert server.stop(tmp_path) == [] and server.status(tmp_path) is None


def test_stale_state_is_not_trusted(tmp_path):
    # a recorded pid that is not a doccano process of this cache (here: ourselves) is never signalled
    import os
    (tmp_path / "server.json").write_text(
        f'{{"url": "http://127.0.0.1:1", "port": 1, "web_pid": {os.getpid()}, "worker_pid": {os.getpid()}}}')
    assert server.status(tmp_path) is None
    assert server.stop(tmp_path) == []
    assert not (tmp_path / "server.json").exists()


def test_taken_port_is_refused_before_installing(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        with pytest.raises(DoccanoError, match=rf"E118.*Port {port} .*--port"):
            server.serve(Credentials("a", "b"), port=port, cache_dir=tmp_path)
    assert not (tmp_path / "venv").exists()
