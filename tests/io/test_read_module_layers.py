"""ie.io: the format readers sit under the dispatch (read.py), never import it (no import circle)."""
from __future__ import annotations

import ast
from pathlib import Path

import ie.io

READERS = ("docx", "html", "ofd", "ole", "pdf", "sheet", "common", "clean")


def _imports(module: str) -> set[str]:
    tree = ast.parse((Path(ie.io.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out.add(node.module or "")
    return out


def test_read_module_layers_readers_never_import_the_dispatch():
    for module in READERS:
        assert "read" not in _imports(module), f"ie/io/{module}.py imports ie.io.read"


def test_read_module_layers_dispatch_imports_the_shared_helpers_from_common():
    assert "common" in _imports("read")
