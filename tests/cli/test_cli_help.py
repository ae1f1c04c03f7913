"""`ie … --help` speaks the command line's words (FILE, INT, PATHS...), not Python's types."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from ie.cli import cli


@pytest.mark.parametrize("args", [["extract", "--help"], ["train", "--help"], ["annotations", "compile", "--help"],
                                  ["evaluate", "--help"], ["doccano", "push", "--help"]])
def test_cli_help_shows_plain_metavars(args):
    result = CliRunner().invoke(cli(), args, prog_name="ie", terminal_width=100)
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(?:list\[|bool|str|int|float|path)", result.output), result.output
    assert "{" not in result.output.splitlines()[1]


def test_cli_help_marks_required_arguments_and_options():
    result = CliRunner().invoke(cli(), ["annotations", "compile", "--help"], prog_name="ie", terminal_width=100)
    assert "Usage: ie annotations compile [OPTIONS] FILES..." in result.output
    assert re.search(r"\*\s+--sources\s+DIR", result.output)
