"""Every command the README shows is a real command with real options, and its Python runs.

The two setup commands run in CI itself (`.ci/run` runs the test command; the
main command's extraction is `tests/cli/test_extract_bundled.py`); the SQL
block runs in `tests/batch/test_outputs_duckdb_query.py`. Here: every `ie …`
line of every bash block parses against `ie … --help` (subcommand exists,
every option it passes exists), and the Python API block runs as written.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from ie.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def _ie_lines() -> list[str]:
    lines = []
    for block in _blocks("bash"):
        for line in block.replace("\\\n", " ").splitlines():
            for part in re.split(r"&&|;|\|", line.split("#", 1)[0]):
                words = part.strip().split()
                while words and "=" in words[0] and not words[0].startswith("-"):
                    words = words[1:]  # VAR=value before the command
                if words and words[0] == "ie":
                    lines.append(" ".join(words))
    return lines


IE_LINES = _ie_lines()


def test_readme_has_the_commands_users_type():
    assert len(IE_LINES) >= 15
    assert any(line.startswith("ie extract annotations/raw --output out") for line in IE_LINES)


@pytest.mark.parametrize("line", IE_LINES)
def test_readme_ie_command_parses(line):
    words = shlex.split(line)[1:]
    path: list[str] = []
    group = cli()
    command = group
    while words and not words[0].startswith("-") and hasattr(command, "commands") and words[0] in command.commands:
        command = command.commands[words[0]]
        path.append(words.pop(0))
    if words and words[0] == "--version":
        return
    result = CliRunner().invoke(cli(), [*path, "--help"], prog_name="ie", terminal_width=200)
    assert result.exit_code == 0, f"{line}: {result.output}"
    for word in words:
        if word.startswith("--"):
            option = word.split("=", 1)[0]
            assert option in result.output, f"{line}: `ie {' '.join(path)}` has no option {option}"


def test_readme_python_api_block_runs(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    block = next(b for b in _blocks("python") if "ie.load()" in b)
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "MONEY" in out and "'year': 2021" in out
