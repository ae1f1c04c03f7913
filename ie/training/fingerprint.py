"""What a trained model is made of, as hashes: the code that shapes it, its gold data, its config.

``ie train`` writes :func:`fingerprint` into the model's ``meta.json``; a test
recomputes it from the checkout, so the shipped model cannot drift from the
code and data it claims to be built from. Code is hashed as its syntax tree
without docstrings (comments, layout and wording of docs do not count; any
change a program could notice does), plus the data files saved with the
pipeline (form vocabulary, place gazetteer, …).
"""
from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..corpus.docbin import data_hash

#: the parts of the package a trained pipeline's behaviour depends on
MODEL_PARTS: tuple[str, ...] = ("pipeline", "tables", "numerals", "linking", "ml", "segment", "indicators",
                                "training/train.py", "corpus/docbin.py", "corpus/splits.py", "contract.py",
                                "attrs.py")
_DATA_SUFFIXES = (".json", ".tsv", ".txt")


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _files(root: Path) -> list[Path]:
    out: list[Path] = []
    for part in MODEL_PARTS:
        path = root / part
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and (p.suffix == ".py" or p.suffix in _DATA_SUFFIXES))
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def code_fingerprint(root: Path | None = None) -> str:
    """sha256 of the model-shaping code under ``root`` (default: the installed ``ie`` package)."""
    root = Path(root) if root is not None else Path(__file__).resolve().parents[1]
    total = hashlib.sha256()
    for path in _files(root):
        total.update(path.relative_to(root).as_posix().encode())
        if path.suffix == ".py":
            tree = _strip_docstrings(ast.parse(path.read_text(encoding="utf-8")))
            total.update(ast.dump(tree, include_attributes=False).encode())
        else:
            total.update(path.read_bytes())
    return total.hexdigest()


def config_fingerprint(config: Path, overrides: Mapping[str, Any]) -> str:
    """sha256 of the training config file and the overrides applied to it."""
    h = hashlib.sha256(Path(config).read_bytes())
    h.update(json.dumps(dict(overrides), sort_keys=True, default=str).encode())
    return h.hexdigest()


def fingerprint(gold: Sequence[Path], config: Path, overrides: Mapping[str, Any],
                test_gold: Sequence[Path] = (), root: Path | None = None) -> dict[str, str]:
    """The model's fingerprint: ``code``, ``data`` (training gold), ``test_data``, ``config``, ``combined``."""
    parts = {"code": code_fingerprint(root), "data": data_hash(gold),
             "test_data": data_hash(test_gold) if test_gold else "",
             "config": config_fingerprint(config, overrides)}
    parts["combined"] = hashlib.sha256("".join(parts[k] for k in sorted(parts)).encode()).hexdigest()
    return parts


def drift(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """The parts whose hashes differ (``code``, ``data``, ``test_data``, ``config``)."""
    return [k for k in ("code", "data", "test_data", "config") if recorded.get(k) != current.get(k)]
