"""ie/errors.py: one catalogue, each code defined once (a second definition would silently replace the first)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import ie.errors

SOURCE = Path(ie.errors.__file__).read_text(encoding="utf-8")


def test_errors_catalogue_codes_are_unique():
    codes = [t.id for node in ast.walk(ast.parse(SOURCE)) if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and re.fullmatch(r"E\d{3}", t.id)]
    assert codes and len(codes) == len(set(codes)), sorted({c for c in codes if codes.count(c) > 1})


def test_errors_catalogue_every_code_used_in_the_package_exists():
    used = set()
    for path in Path(ie.errors.__file__).parent.rglob("*.py"):
        used |= set(re.findall(r'"(E\d{3})"', path.read_text(encoding="utf-8")))
    defined = set(re.findall(r"^\s+(E\d{3}) =", SOURCE, re.M))
    assert used <= defined, sorted(used - defined)
