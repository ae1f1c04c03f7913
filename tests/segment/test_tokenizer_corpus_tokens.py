"""ie.segment.tokenizer: the tokens of the bundled and derived development corpus are pinned.

Speed work on the tokenizer must not move a token (issue #17). The digest
covers jieba + numeral split on every development text, raw and cleaned. A
deliberate tokenizer change updates it:

    python tests/segment/test_tokenizer_corpus_tokens.py > tests/segment/corpus_tokens.sha256
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "annotations" / "raw"
PINNED = Path(__file__).with_name("corpus_tokens.sha256")


def _texts() -> list[str]:
    from ie.corpus.sources import sealed_sources
    from ie.io.clean import clean_text

    sealed = sealed_sources(REPO / "annotations" / "sealed.txt")
    files = sorted(RAW.glob("*.txt")) + [p for p in sorted((RAW / "derived").glob("*.txt"))
                                          if p.relative_to(RAW).as_posix() not in sealed]
    raw = [p.read_text(encoding="utf-8") for p in files]
    return raw + [clean_text(t).text for t in raw]


def digest() -> str:
    """sha256 of every development text's words, as the jieba tokenizer of ie gives them."""
    from ie.segment.tokenizer import blank

    tokenizer = blank("jieba").tokenizer
    h = hashlib.sha256()
    for text in _texts():
        h.update("\x1f".join(tokenizer.segment(text)).encode("utf-8") + b"\x1e")
    return h.hexdigest()


@pytest.mark.slow
def test_tokenizer_corpus_tokens_unchanged():
    assert digest() == PINNED.read_text(encoding="ascii").strip(), \
        "the tokens of the corpus changed: if meant, regenerate the digest (see the module docstring)"


if __name__ == "__main__":
    print(digest())
