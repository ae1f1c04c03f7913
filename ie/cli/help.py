"""Help text in the words of the command line: ``FILE``, ``INT``, ``PATHS...`` — not typer's
Python types (``<list[Path]>``, ``<bool>``, ``{paths}...``).

Duck-typed: recent typer builds its commands on its own copy of click.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in (getattr(command, "commands", None) or {}).values():
        yield from _commands(sub)


_WORDS = {"path": "PATH", "file": "FILE", "dir": "DIR", "directory": "DIR", "int": "INT", "float": "NUMBER",
          "str": "TEXT", "bool": None}


def _label(param: Any) -> str | None:
    if getattr(param, "is_flag", False) or getattr(param, "is_bool_flag", False):
        return None  # a flag takes no value
    if param.metavar:
        return param.metavar
    try:
        shown = param.display_type(None)  # typer's own label: <list[Path]>, <int>, <a|b>
    except Exception:  # noqa: BLE001 - keep typer's help rather than fail
        return None
    inner = shown.strip("<>")
    if inner.startswith("list[") and inner.endswith("]"):
        inner = inner[5:-1]
    if "|" in inner:
        return inner
    return _WORDS.get(inner.lower(), inner.upper())


def plain_help(command: Any) -> Any:
    """Give every parameter of ``command`` and its subcommands a plain metavar in ``--help``."""
    for cmd in _commands(command):
        if hasattr(cmd, "get_help_option"):  # --help is made per context, outside cmd.params
            def help_option(ctx: Any, _orig: Any = cmd.get_help_option) -> Any:
                option = _orig(ctx)
                if option is not None:
                    option.display_type_rich = lambda ctx: None
                return option

            cmd.get_help_option = help_option
        for param in getattr(cmd, "params", ()):
            if getattr(param, "param_type_name", "") == "argument":
                if param.metavar is None:
                    param.metavar = param.name.upper()
                param.display_type_rich = lambda ctx: None  # the name says it: PATHS...
                # usage as click writes it: PATHS... (required), [PATH] (optional)
                shown = param.metavar + ("..." if param.nargs != 1 else "")
                param._usage_display_name = (lambda shown=shown, p=param: shown if p.required else f"[{shown}]")
                continue
            label = _label(param)
            if hasattr(param, "display_type_rich"):
                param.display_type_rich = lambda ctx, label=label: label
    return command
