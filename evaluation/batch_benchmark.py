"""Throughput and memory of batch extraction (``ie.batch``) on a corpus of ≥ 2,000 documents.

    python evaluation/batch_benchmark.py [--docs 2000] [--model rules] [--work DIR] [--runs local1 local2 dask]

Builds the corpus from copies of the bundled reports in every format there
is: ``annotations/raw/*.txt`` always, plus the converted reports in
``tests/fixtures/formats/`` (.docx, .html, .pdf, .xlsx, .csv) when present,
cycling through all of them. Then runs the same batch three ways, each in a
fresh process: the local engine with 1 worker (in-process), with 2 worker
processes, and the Dask engine on a LocalCluster of 2 worker processes.

Prints, per run: documents/second and characters/second end to end (model
loading, worker start-up and writing all outputs included) and in the steady
state (from the first to the last finished document), and the peak RSS of
the main process and of each worker (VmHWM from /proc, sampled). Finally it
checks that the three runs wrote identical outputs.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "annotations" / "raw"
FORMATS = REPO / "tests" / "fixtures" / "formats"
FORMAT_SUFFIXES = (".docx", ".html", ".pdf", ".xlsx", ".csv")
RUNS = {"local1": ("local, 1 worker", "local", 1), "local2": ("local, 2 workers", "local", 2),
        "dask": ("dask LocalCluster, 2 workers", "dask", 2)}
COMPARED = ("predictions.jsonl", "quantities.csv", "errors.jsonl", "documents.parquet", "quantities.parquet")


def sources() -> list[Path]:
    """One file per report and format: the .txt reports, and the format fixtures when present."""
    found = sorted(RAW.glob("*.txt"))
    if FORMATS.is_dir():
        found += sorted(p for p in FORMATS.iterdir() if p.suffix in FORMAT_SUFFIXES)
    return found


def build_corpus(folder: Path, docs: int) -> Counter:
    """``docs`` copies of :func:`sources`, cycling through them; returns the count per format."""
    folder.mkdir(parents=True, exist_ok=True)
    files = sources()
    counts: Counter = Counter()
    for n in range(docs):
        source = files[n % len(files)]
        shutil.copyfile(source, folder / f"{n:05d}_{source.stem}{source.suffix}")
        counts[source.suffix.lstrip(".")] += 1
    return counts


def _hwm_kb(pid: int) -> int | None:
    """Peak resident set size (VmHWM) of a process so far, in kB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def measure(config: dict) -> dict:
    """Run one configuration in a fresh process; sample the peak RSS of its process tree meanwhile."""
    process = subprocess.Popen([sys.executable, __file__, "--run-one", json.dumps(config)],
                               stdout=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}

    def sample() -> None:
        while process.poll() is None:
            for pid in _tree(process.pid):
                kb = _hwm_kb(pid)
                if kb:
                    peaks[pid] = max(peaks.get(pid, 0), kb)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"run failed: {config}")
    result = json.loads(stdout.strip().splitlines()[-1])
    main_kb = peaks.pop(process.pid, 0)
    workers = sorted(peaks.values(), reverse=True)[: config["workers"]] if config["workers"] > 1 or \
        config["engine"] == "dask" else []
    result.update(main_peak_mb=main_kb / 1024, worker_peaks_mb=[kb / 1024 for kb in workers])
    return result


def run_one(config: dict) -> None:
    """(In the child process.) Run the batch and print its timings as one JSON line."""
    from ie.batch import BatchOptions, ProgressEvent, run_batch

    times: list[float] = []

    def on_progress(event: ProgressEvent) -> None:
        if event.done:
            times.append(time.perf_counter())

    start = time.perf_counter()
    summary = run_batch([Path(config["input"])], Path(config["output"]),
                        BatchOptions(model=config["model"], engine=config["engine"], workers=config["workers"]),
                        progress=on_progress)
    wall = time.perf_counter() - start
    steady_s = times[-1] - times[0] if len(times) > 1 else wall
    per_doc = summary.processed_characters / max(summary.documents, 1)
    print(json.dumps({
        "documents": summary.documents, "failures": len(summary.failures), "quantities": summary.quantities,
        "characters": summary.processed_characters, "wall_s": wall,
        "docs_per_s": summary.processed / wall, "chars_per_s": summary.processed_characters / wall,
        "steady_docs_per_s": (len(times) - 1) / steady_s if steady_s else 0.0,
        "steady_chars_per_s": (len(times) - 1) * per_doc / steady_s if steady_s else 0.0,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus (default 2000)")
    parser.add_argument("--model", default="rules", help="model folder, or 'rules' (default)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus and outputs (default: temp)")
    parser.add_argument("--runs", nargs="+", choices=list(RUNS), default=list(RUNS),
                        help="which runs (default: all three)")
    parser.add_argument("--run-one", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        run_one(json.loads(args.run_one))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="ie-batch-bench-"))
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    counts = build_corpus(corpus, args.docs)
    formats = ", ".join(f"{n} .{fmt}" for fmt, n in sorted(counts.items()))
    print(f"corpus: {args.docs} documents in {corpus}: {formats}")
    if not FORMATS.is_dir():
        print(f"(no format fixtures in {FORMATS}: .txt only)")
    rows = []
    for run in args.runs:
        name, engine, workers = RUNS[run]
        out = work / f"out-{engine}-{workers}"
        shutil.rmtree(out, ignore_errors=True)
        config = {"input": str(corpus), "output": str(out), "model": args.model, "engine": engine, "workers": workers}
        result = measure(config)
        rows.append((name, out, result))
        print(f"  done: {name} in {result['wall_s']:.1f} s", flush=True)
    print()
    header = (f"{'run':30} {'docs':>5} {'fail':>4} {'wall s':>7} {'docs/s':>7} {'chars/s':>8} "
              f"{'steady docs/s':>13} {'steady chars/s':>14} {'main MB':>8}  workers peak MB")
    print(header)
    print("-" * len(header))
    for name, _, r in rows:
        workers = ", ".join(f"{mb:.0f}" for mb in r["worker_peaks_mb"]) or "(in main)"
        print(f"{name:30} {r['documents']:5d} {r['failures']:4d} {r['wall_s']:7.1f} {r['docs_per_s']:7.2f} "
              f"{r['chars_per_s']:8.0f} {r['steady_docs_per_s']:13.2f} {r['steady_chars_per_s']:14.0f} "
              f"{r['main_peak_mb']:8.0f}  {workers}")
    reference = rows[0][1]
    same = all((reference / f).read_bytes() == (out / f).read_bytes() for _, out, _ in rows[1:] for f in COMPARED)
    if len(rows) > 1:
        print(f"\nidentical outputs across runs ({', '.join(COMPARED)}): {'yes' if same else 'NO'}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
