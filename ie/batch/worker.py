"""The work of one worker: load the pipeline once per process, then extract document after document.

Shared by every engine: the in-process loop, the local worker processes
(:func:`serve`) and Dask workers (:func:`process_item` as the task).
"""
from __future__ import annotations

import signal
import sys
import threading
from contextlib import nullcontext
from multiprocessing.connection import Connection
from pathlib import Path
from typing import ContextManager

from spacy.language import Language

from ..extraction import extract_path, model_info
from .entries import InputItem, entry_from_outcome

_PIPELINES: dict[tuple[str, str], Language] = {}
_LOADS: list[tuple[str, str]] = []  # every load this process did, in order
_LOCK = threading.Lock()
# whether this process shares the cores with other workers: its documents are then read with one
# BLAS thread (evaluation/benchmark.py: 2 processes 1.89x one that way; with numpy's BLAS on two
# threads in each, 2 processes were no faster than one)
_SHARED = False


def share_cores() -> None:
    """This process is one of several workers: one BLAS thread per document (call before the first load)."""
    global _SHARED
    _SHARED = True


def get_pipeline(model: str, segmenter: str) -> Language:
    """The pipeline for ``(model, segmenter)``, loaded the first time this process asks for it."""
    with _LOCK:
        nlp = _PIPELINES.get((model, segmenter))
        if nlp is None:
            from .. import load

            nlp = _PIPELINES[(model, segmenter)] = load(model, segmenter=segmenter)
            _LOADS.append((model, segmenter))
        return nlp


def pipeline_loads() -> list[tuple[str, str]]:
    """The ``(model, segmenter)`` pipelines this process has loaded: each once, whatever the documents."""
    return list(_LOADS)


_CONTROLLER = None


def one_blas_thread() -> ContextManager:
    """A block in which numpy's and thinc's BLAS use one thread.

    Beside other workers a second BLAS thread takes their core (the bundled
    reports twice: 1.0 s against 1.6 s beside another busy process). The
    libraries are listed again only when modules were imported since the last
    listing; each block then costs microseconds.
    """
    global _CONTROLLER
    # a BLAS loaded after the libraries were listed (scipy's, by a later import) would keep its threads:
    # list them again whenever modules were imported since
    if _CONTROLLER is None or _CONTROLLER[0] != len(sys.modules):
        from threadpoolctl import ThreadpoolController

        controller = ThreadpoolController()
        _CONTROLLER = (len(sys.modules), controller)
    return _CONTROLLER[1].limit(limits=1)


def process_item(item: InputItem, model: str, segmenter: str, max_mb: float) -> dict:
    """Extract one input and return its journal entry (failures included, never raised)."""
    nlp = get_pipeline(model, segmenter)
    with one_blas_thread() if _SHARED else nullcontext():
        outcome = extract_path(Path(item.path), nlp, max_mb=max_mb, source=item.name)
    return entry_from_outcome(item, outcome, model_info(nlp))


def serve(conn: Connection, model: str, segmenter: str, max_mb: float) -> None:
    """Main loop of a local worker process.

    Sends ``("ready", None)`` once the pipeline is loaded (or ``("fatal", reason)``),
    then answers each ``InputItem`` received with ``("done", entry)``; stops on
    ``None`` or when the parent goes away (end of file on the pipe).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    share_cores()
    try:
        get_pipeline(model, segmenter)
    except Exception as e:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("fatal", str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        entry = process_item(item, model, segmenter, max_mb)
        try:
            conn.send(("done", entry))
        except (BrokenPipeError, OSError):
            return
