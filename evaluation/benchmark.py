"""Throughput and memory of ie against its ceiling and a peer, measured in one run.

    python evaluation/benchmark.py [--repeat N] [--model models/ie_zh] [--workers 1 2]

Prints one table: characters/second and documents/second for (a) jieba
segmentation alone, (b) the rules-only pipeline, (c) the full pipeline
(trained model, when one is given or bundled), (d) JioNLP's extract_money
(when installed); each with 1 and 2 worker processes, and the peak RSS of
each worker. The bundled reports are the input, repeated ``--repeat`` times.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time
from pathlib import Path

REPORTS = Path(__file__).resolve().parent.parent / "annotations" / "raw"


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

    nlp = ie.load(model if system == "full" else "rules")
    return lambda text: ie.extract(text, nlp)


def _worker(args: tuple[str, str | None, list[str]]) -> tuple[float, int, int]:
    system, model, texts = args
    fn = _make(system, model)
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
            "peak_rss_mb": max(p[2] for p in parts), "wall_s": time.perf_counter() - wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="copies of the five reports")
    parser.add_argument("--model", default=None, help="trained model folder for the full pipeline")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    model = args.model
    if model is None and (REPORTS.parent.parent / "models" / "ie_zh" / "config.cfg").is_file():
        model = str(REPORTS.parent.parent / "models" / "ie_zh")
    systems = ["jieba", "rules"] + (["full"] if model else [])
    try:
        import jionlp  # noqa: F401

        systems.append("jionlp")
    except ImportError:
        print("(JioNLP not installed: pip install -e '.[jionlp]' to include it)")
    texts = _texts(args.repeat)
    rows = [measure(s, model, texts, w) for s in systems for w in args.workers]
    base = {r["workers"]: r["chars_per_s"] for r in rows if r["system"] == "jieba"}
    print(f"input: {len(texts)} documents, {sum(map(len, texts))} characters; model: {model or '-'}")
    print(f"{'system':8} {'workers':>7} {'chars/s':>11} {'docs/s':>8} {'vs jieba':>9} {'peak RSS MB':>12}")
    for r in rows:
        print(f"{r['system']:8} {r['workers']:>7} {r['chars_per_s']:>11,.0f} {r['docs_per_s']:>8.1f} "
              f"{r['chars_per_s'] / base[r['workers']]:>9.1%} {r['peak_rss_mb']:>12}")


if __name__ == "__main__":
    main()
