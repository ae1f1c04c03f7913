"""With no server listening, every entry point fails at once with E100 and no traceback."""
from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.doccano import DoccanoError
from ie.doccano.client import DoccanoSession
from ie.doccano.credentials import Credentials


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends


def test_session_reports_server_down():
    url = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(DoccanoError, match=r"E100.*No doccano server answers at http://127.0.0.1:\d+"):
        DoccanoSession(url, Credentials("ann", "pw"))


@pytest.mark.parametrize("command", [["push", "FILE"], ["pull", "--output", "OUT"], ["agreement"]])
def test_cli_reports_server_down_without_leaking_the_password(command, tmp_path):
    record = {"id": 1, "text": "预算执行率99%", "meta": {"source": "a.txt"}, "entities": [], "relations": []}
    (tmp_path / "in.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    argv = [str(tmp_path / "in.jsonl") if a == "FILE" else str(tmp_path / "out.jsonl") if a == "OUT" else a
            for a in command]
    if command[0] == "agreement":
        argv += ["--output", str(tmp_path / "adj.jsonl")]
    url = f"http://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(
        app, ["doccano", command[0], *argv[1:], "--project", "p", "--url", url],
        env={"IE_DOCCANO_USER": "ann", "IE_DOCCANO_PASSWORD": "pw-do-not-show", "IE_CACHE": str(tmp_path)})
    assert result.exit_code == 1
    assert "E100" in result.output and "ie doccano serve" in result.output
    assert "Traceback" not in result.output and "pw-do-not-show" not in result.output
    assert not (tmp_path / "out.jsonl").exists()
