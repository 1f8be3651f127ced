"""A corpus made ready for training: split, tokenized, with the n-gram baselines on the same tokens.

Built-in corpora are prepared once per (corpus, tokenizer) and shared read-only; a
person's own text is prepared per request.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import torch

from playground.text.corpus import Corpus, load_corpus, split, user_corpus
from playground.text.ngram import evaluate_baselines
from playground.text.tokenize import Tokenizer, TokenizerError, make_tokenizer

TOKENIZER_OPTIONS = {"word": {"min_freq": 3}, "char": {}, "bpe": {"vocab_size": 2000}}


@dataclass(frozen=True)
class TextData:
    title: str
    tokenizer: Tokenizer
    train_ids: torch.Tensor  # (N,) int64
    val_ids: torch.Tensor
    chars_per_token: float  # on the validation part: turns loss per token into bits per character
    baselines: dict[str, float]  # n-gram perplexities on the validation tokens
    split_note: str  # where the validation part starts, for the page


def _prepare(corpus: Corpus, kind: str) -> TextData:
    if kind not in TOKENIZER_OPTIONS:
        raise TokenizerError(f"tokenizer must be one of {', '.join(TOKENIZER_OPTIONS)}")
    parts = split(corpus.text, 0.1)
    # characters: the alphabet of the whole text, so validation never meets a character training did not
    tokenizer = make_tokenizer(kind, corpus.text if kind == "char" else parts.train, **TOKENIZER_OPTIONS[kind])
    train_ids = torch.tensor(tokenizer.encode(parts.train), dtype=torch.long)
    val_ids = torch.tensor(tokenizer.encode(parts.val), dtype=torch.long)
    baselines = {b.name: b.perplexity for b in evaluate_baselines(train_ids.numpy(), val_ids.numpy(),
                                                                 tokenizer.vocab_size)}
    return TextData(corpus.title, tokenizer, train_ids, val_ids, len(parts.val) / max(len(val_ids), 1), baselines,
                    parts.describe())


@functools.lru_cache(maxsize=6)
def builtin(key: str, kind: str, data_dir: str) -> TextData:
    """A built-in corpus, prepared once per tokenizer kind."""
    return _prepare(load_corpus(key, Path(data_dir)), kind)


def own_text(text: str | bytes, kind: str) -> TextData:
    """A person's pasted or uploaded text (checked by user_corpus: encoding, size, enough words)."""
    return _prepare(user_corpus(text), kind)
