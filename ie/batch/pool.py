"""Local engines: the in-process loop, and a pool of worker processes that survives its workers.

The pool starts each worker with the ``spawn`` method; a worker loads the
pipeline once, then takes one document at a time. A worker that dies (out
of memory, a crash in native code) or exceeds the per-document timeout is
replaced; only the document it was working on fails, with the reason.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from ..errors import IEError
from .entries import InputItem, error_entry
from .worker import get_pipeline, process_item, serve

START_METHOD = "spawn"
_STOP_WAIT_S = 5.0


def run_in_process(items: list[InputItem], model: str, segmenter: str, max_mb: float) -> Iterator[dict]:
    """Extract ``items`` one after the other in this process (no pool to start: fastest for small batches)."""
    try:
        get_pipeline(model, segmenter)
    except IEError:
        raise
    except Exception as e:  # noqa: BLE001 - a model folder spaCy cannot load
        raise IEError("E075", model=model, reason=str(e) or repr(e)) from None
    for item in items:
        yield process_item(item, model, segmenter, max_mb)


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    ready: bool = False
    item: InputItem | None = None
    started: float = 0.0


def _exit_reason(process: mp.process.BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def run_pool(items: list[InputItem], model: str, segmenter: str, max_mb: float, *,
             workers: int, timeout: float | None = None) -> Iterator[dict]:
    """Extract ``items`` on ``workers`` processes; yield one journal entry per item, as they finish."""
    ctx = mp.get_context(START_METHOD)
    queue: deque[InputItem] = deque(items)
    pool: list[_Worker] = []

    def start() -> _Worker:
        parent, child = ctx.Pipe()
        process = ctx.Process(target=serve, args=(child, model, segmenter, max_mb), daemon=True,
                              name="ie-extract-worker")
        process.start()
        child.close()  # only the worker holds its end: its death is an end of file here
        return _Worker(process, parent)

    def stop(worker: _Worker, *, kill: bool = False) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.conn.close()
        worker.process.join(_STOP_WAIT_S)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.process.close()

    def replace(worker: _Worker, *, kill: bool = False) -> None:
        stop(worker, kill=kill)
        pool[pool.index(worker)] = start()

    try:
        for _ in range(min(workers, len(queue))):
            pool.append(start())
        while True:
            for worker in pool:
                if worker.ready and worker.item is None and queue:
                    worker.item, worker.started = queue.popleft(), time.monotonic()
                    worker.conn.send(worker.item)
            busy = [w for w in pool if w.item is not None]
            if not queue and not busy:
                return
            wait_s = 1.0
            if timeout:
                now = time.monotonic()
                wait_s = min([wait_s] + [max(0.0, w.started + timeout - now) for w in busy])
            wait([w.conn for w in pool] + [w.process.sentinel for w in pool], timeout=wait_s)
            for worker in list(pool):
                message = None
                if worker.conn.poll():
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):  # the worker is gone: let it be reaped
                        worker.process.join(1.0)
                if message is not None:
                    kind, payload = message
                    if kind == "ready":
                        worker.ready = True
                    elif kind == "fatal":
                        raise IEError("E075", model=model, reason=payload)
                    elif kind == "done":
                        worker.item = None
                        yield payload
                    continue
                if not worker.process.is_alive():
                    if not worker.ready:
                        raise IEError("E075", model=model, reason=_exit_reason(worker.process))
                    reason = _exit_reason(worker.process)
                    item, worker.item = worker.item, None
                    replace(worker)
                    if item is not None:
                        yield error_entry(item, IEError("E073", path=item.path, reason=reason))
                elif timeout and worker.item is not None and time.monotonic() - worker.started > timeout:
                    item, worker.item = worker.item, None
                    replace(worker, kill=True)
                    yield error_entry(item, IEError("E074", path=item.path, seconds=float(timeout)))
    finally:
        for worker in pool:
            try:
                if worker.process.is_alive():
                    worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in pool:
            try:
                stop(worker, kill=worker.item is not None)
            except ValueError:  # already closed
                pass
