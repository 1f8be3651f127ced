"""Shared helpers for the text tests: where the real corpora are, each loaded and tokenized once per run.

The corpora come from $PLAYGROUND_CORPORA_DIR, else ``<repo>/../shared/data/corpora``; a
test that needs one skips with a reason where it is missing (fails under CI: see
``require`` in tests/conftest.py). They are copied into a
temporary data directory, where the app's downloader would have put them, so the real
loading path runs.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

from playground.text.corpus import CORPORA, Corpus, TextSplit, load_corpus, split
from playground.text.tokenize import BpeTokenizer, WordTokenizer
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
_TEMP = tempfile.TemporaryDirectory(prefix="text-tests-")  # removed when the test process ends


def corpora_dir() -> Path:
    env = os.environ.get("PLAYGROUND_CORPORA_DIR", "").strip()
    return Path(env) if env else ROOT.parent / "shared" / "data" / "corpora"


def real_file(filename: str) -> Path:
    """The real corpus file, or a skip (a failure under CI) saying where it was looked for."""
    path = corpora_dir() / filename
    require(path.is_file(), f"{filename} is not in {corpora_dir()} (set PLAYGROUND_CORPORA_DIR to the corpora folder)")
    return path


def data_dir_with(key: str) -> Path:
    """A data directory holding a copy of corpus ``key`` in text/, as a download would leave it."""
    source = real_file(CORPORA[key].filename)
    root = Path(_TEMP.name) / "data"
    target = root / "text" / source.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return root


@functools.lru_cache(maxsize=None)
def corpus(key: str) -> Corpus:
    return load_corpus(key, data_dir_with(key), download=False)


@functools.lru_cache(maxsize=None)
def halves(key: str) -> TextSplit:
    return split(corpus(key).text)


@functools.lru_cache(maxsize=None)
def word_level(key: str) -> tuple[WordTokenizer, list[int], list[int]]:
    """(tokenizer trained on the training part with min_freq=2, training ids, validation ids)."""
    parts = halves(key)
    tok = WordTokenizer.train(parts.train, min_freq=2)
    return tok, tok.encode(parts.train), tok.encode(parts.val)


@functools.lru_cache(maxsize=None)
def bpe(key: str) -> BpeTokenizer:
    return BpeTokenizer.train(halves(key).train, vocab_size=2000)
