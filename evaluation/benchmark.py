"""Throughput and memory of the shipped pipeline against jieba alone, measured in one run.

    python evaluation/benchmark.py [--repeat N] [--model models/ie_zh] [--workers 1 2] [--systems …]

Prints four tables, all on the bundled reports repeated ``--repeat`` times:

1. characters/second and documents/second of (a) jieba segmentation alone,
   (b) the rules-only pipeline, (c) the shipped pipeline, (d) the shipped
   pipeline on thinc's default ops (blis) instead of ``ie.ml.ops``, (e)
   JioNLP's extract_money (when installed) — each with 1 and 2 worker
   processes, every worker limited to one BLAS thread (so one process is one
   core), with the ratio to jieba in the same worker count and the peak RSS of
   each worker;
2. the speed-up of 2 processes over 1 per system;
3. the time per component of the shipped pipeline (one document at a time);
4. ``nlp.pipe`` at several batch sizes against one document at a time.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "annotations" / "raw"


def _texts(repeat: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
    return texts * repeat


def _make(system: str, model: str | None):
    """Build the callable for one system inside the worker (loaded once per worker)."""
    if system == "jieba":
        import jieba

        jieba.setLogLevel(60)
        tk = jieba.Tokenizer()
        tk.initialize()
        return lambda text: list(tk.cut(text))
    if system == "jionlp":
        import jionlp

        return lambda text: jionlp.ner.extract_money(text, with_parsing=True)
    import ie

    if system == "full-blis":
        import spacy

        nlp = spacy.load(model)  # thinc's default ops
    else:
        nlp = ie.load(model if system == "full" else "rules")
    return lambda text: ie.extract(text, nlp)


def _worker(args: tuple[str, str | None, list[str]]) -> tuple[float, int, int]:
    from threadpoolctl import threadpool_limits

    system, model, texts = args
    fn = _make(system, model)  # load first: threadpoolctl limits only the BLAS libraries already loaded
    with threadpool_limits(1):  # one process, one core: BLAS threads would borrow the other worker's
        fn(texts[0])  # warm up: lazy loads are not throughput
        start = time.perf_counter()
        for text in texts:
            fn(text)
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return seconds, sum(len(t) for t in texts), peak_mb


def measure(system: str, model: str | None, texts: list[str], workers: int) -> dict:
    """Run ``system`` over ``texts`` split across ``workers`` fresh processes."""
    chunks = [texts[i::workers] for i in range(workers)]
    ctx = mp.get_context("spawn")
    wall = time.perf_counter()
    with ctx.Pool(workers) as pool:
        parts = pool.map(_worker, [(system, model, c) for c in chunks])
    chars = sum(p[1] for p in parts)
    busy = max(p[0] for p in parts)  # workers run side by side: the slowest sets the pace
    return {"system": system, "workers": workers, "docs": len(texts), "chars": chars,
            "chars_per_s": chars / busy, "docs_per_s": len(texts) / busy,
            "peak_rss_mb": [p[2] for p in parts], "wall_s": time.perf_counter() - wall}


def components(nlp, texts: list[str]) -> list[tuple[str, float]]:  # noqa: ANN001 - a spaCy Language
    """Seconds per component (the tokenizer first) over ``texts``, one document at a time."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        nlp(texts[0])
        times = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
        for text in texts:
            start = time.perf_counter()
            doc = nlp.make_doc(text)
            times["tokenizer"] += time.perf_counter() - start
            for name, proc in nlp.pipeline:
                start = time.perf_counter()
                doc = proc(doc)
                times[name] += time.perf_counter() - start
    return list(times.items())


def batching(nlp, texts: list[str], sizes: tuple[int, ...] = (1, 8, 32)) -> list[tuple[str, float]]:  # noqa: ANN001
    """Characters/second of ``nlp.pipe`` at each batch size, and of one ``nlp(text)`` call per document."""
    from threadpoolctl import threadpool_limits

    out = []
    with threadpool_limits(1):
        nlp(texts[0])
        chars = sum(map(len, texts))
        start = time.perf_counter()
        for text in texts:
            nlp(text)
        out.append(("nlp(text) per document", chars / (time.perf_counter() - start)))
        for size in sizes:
            start = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=size):
                pass
            out.append((f"nlp.pipe, batch_size={size}", chars / (time.perf_counter() - start)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="copies of the five reports")
    parser.add_argument("--model", default=None, help="trained model folder for the full pipeline")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--systems", nargs="+", default=None,
                        help="subset of: jieba rules full full-blis jionlp (jieba is always measured)")
    args = parser.parse_args()
    model = args.model
    if model is None and (REPO / "models" / "ie_zh" / "config.cfg").is_file():
        model = str(REPO / "models" / "ie_zh")
    systems = ["jieba", "rules"] + (["full", "full-blis"] if model else [])
    try:
        import jionlp  # noqa: F401

        systems.append("jionlp")
    except ImportError:
        print("(JioNLP not installed: pip install -e '.[jionlp]' to include it)")
    if args.systems:
        systems = [s for s in systems if s == "jieba" or s in args.systems]
    texts = _texts(args.repeat)
    rows = [measure(s, model, texts, w) for s in systems for w in args.workers]
    base = {r["workers"]: r["chars_per_s"] for r in rows if r["system"] == "jieba"}
    print(f"input: {len(texts)} documents, {sum(map(len, texts)):,} characters; model: {model or '-'}")
    print(f"\n{'system':10} {'workers':>7} {'chars/s':>11} {'docs/s':>8} {'vs jieba':>9}  peak RSS MB per worker")
    for r in rows:
        print(f"{r['system']:10} {r['workers']:>7} {r['chars_per_s']:>11,.0f} {r['docs_per_s']:>8.1f} "
              f"{r['chars_per_s'] / base[r['workers']]:>9.3f}  {', '.join(map(str, r['peak_rss_mb']))}")
    if 1 in args.workers and 2 in args.workers:
        print(f"\n{'system':10} {'2 processes / 1':>16}")
        for s in systems:
            one, two = (next(r["chars_per_s"] for r in rows if r["system"] == s and r["workers"] == w)
                        for w in (1, 2))
            print(f"{s:10} {two / one:>16.2f}")
    if model and "full" in systems:
        import ie

        nlp = ie.load(model)
        sample = texts[: max(5, len(texts) // 4)]
        times = components(nlp, sample)
        total = sum(t for _, t in times)
        chars = sum(map(len, sample))
        print(f"\n{'component':20} {'seconds':>8} {'share':>6} {'chars/s':>11}   (shipped model, one document at a time)")
        for name, t in times:
            print(f"{name:20} {t:>8.2f} {t / total:>6.1%} {chars / t if t else float('inf'):>11,.0f}")
        print(f"{'all':20} {total:>8.2f} {1:>6.0%} {chars / total:>11,.0f}")
        print(f"\n{'calls':28} {'chars/s':>11}   (shipped model, one process)")
        for name, speed in batching(nlp, sample):
            print(f"{name:28} {speed:>11,.0f}")


if __name__ == "__main__":
    main()
