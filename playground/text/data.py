"""A corpus made ready for training: split, tokenized, with the n-gram baselines on the same tokens.

Built-in corpora are prepared once per (corpus, tokenizer) and shared read-only; a
person's own text is prepared per request (the last few are kept, so the page can show the
real vocabulary before Train).

Small texts work with the defaults: the word vocabulary's minimum frequency falls with the
text's size, the validation part grows to a fifth of a short text, and ``fit_context``
shortens the context so that validation holds at least ``MIN_VAL_WINDOWS`` contexts; each
adaptation is a sentence in ``notes`` for the page. ``unk_share`` says how much of the
validation text is words too rare to learn.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import torch

from playground.text.corpus import Corpus, CorpusError, load_corpus, split, user_corpus
from playground.text.ngram import evaluate_baselines
from playground.text.tokenize import Tokenizer, TokenizerError, WordTokenizer, make_tokenizer
from playground.text.wording import Note

TOKENIZER_OPTIONS = {"word": {"min_freq": 3}, "char": {}, "bpe": {"vocab_size": 2000}}
# (training words at least, minimum frequency): a book keeps words seen 3 times; a short text keeps what it has
WORD_MIN_FREQ = ((100_000, 3), (10_000, 2), (0, 1))
SMALL_TEXT_CHARS = 50_000  # below this, validation is the last fifth of the text rather than the last tenth
MIN_CONTEXT = 4  # the shortest context a model is trained with (tokens)
MIN_VAL_WINDOWS = 2  # validation must hold at least this many contexts to score a model


@dataclass(frozen=True)
class TextData:
    title: str
    tokenizer: Tokenizer
    train_ids: torch.Tensor  # (N,) int64
    val_ids: torch.Tensor
    chars_per_token: float  # on the validation part: turns loss per token into bits per character
    baselines: dict[str, float]  # n-gram perplexities on the validation tokens
    split_note: Note  # where the validation part starts, for the page (str() reads it in the page's language)
    notes: tuple[Note, ...] = ()  # how the preparation adapted to the text's size, one sentence each
    unk_share: float = 0.0  # share of the validation tokens that are <unk> (words too rare to learn)

    def fit_context(self, wanted: int) -> tuple[int, Note | str]:
        """The context to train with: ``wanted``, or shorter where validation would not hold
        MIN_VAL_WINDOWS contexts; with a sentence saying so (a Note; "" when unchanged)."""
        n_val = len(self.val_ids)
        fits = min((n_val - 1) // MIN_VAL_WINDOWS, len(self.train_ids) - 2)
        if fits >= wanted:
            return wanted, ""
        if fits < MIN_CONTEXT:
            raise _too_short(n_val, self.chars_per_token)
        return fits, Note.of("lm.context_shortened", wanted=wanted, fits=fits, n_val=n_val, windows=MIN_VAL_WINDOWS)


def _too_short(n_val: int, chars_per_token: float) -> CorpusError:
    need = MIN_VAL_WINDOWS * MIN_CONTEXT + 1
    more_chars = (need - n_val) * max(chars_per_token, 1.0) * 5  # validation is a fifth of a short text
    return CorpusError("lm.val_too_short", n_val=n_val, need=need, more=max(more_chars / 6, 10))


def _min_freq(n_words: int) -> int:
    return next(freq for least, freq in WORD_MIN_FREQ if n_words >= least)


def _prepare(corpus: Corpus, kind: str) -> TextData:
    if kind not in TOKENIZER_OPTIONS:
        raise TokenizerError("lm.bad_tokenizer_option", choices=", ".join(TOKENIZER_OPTIONS))
    small = len(corpus.text) < SMALL_TEXT_CHARS
    parts = split(corpus.text, 0.2 if small else 0.1)
    options, notes = dict(TOKENIZER_OPTIONS[kind]), []
    if kind == "word":
        n_words = len(WordTokenizer.split(parts.train))
        options["min_freq"] = _min_freq(n_words)
        if options["min_freq"] != TOKENIZER_OPTIONS["word"]["min_freq"]:
            notes.append(Note.of("lm.min_freq_once" if options["min_freq"] == 1 else "lm.min_freq_times",
                                 words=n_words, times=options["min_freq"],
                                 books=TOKENIZER_OPTIONS["word"]["min_freq"]))
    if small:
        notes.append(Note.of("lm.small_validation"))
    # characters: the alphabet of the whole text, so validation never meets a character training did not
    tokenizer = make_tokenizer(kind, corpus.text if kind == "char" else parts.train, **options)
    train_ids = torch.tensor(tokenizer.encode(parts.train), dtype=torch.long)
    val_ids = torch.tensor(tokenizer.encode(parts.val), dtype=torch.long)
    chars_per_token = len(parts.val) / max(len(val_ids), 1)
    if len(val_ids) < MIN_VAL_WINDOWS * MIN_CONTEXT + 1:
        raise _too_short(len(val_ids), chars_per_token)
    baselines = {b.name: b.perplexity for b in evaluate_baselines(train_ids.numpy(), val_ids.numpy(),
                                                                 tokenizer.vocab_size)}
    unk = tokenizer.unk_id
    unk_share = float((val_ids == unk).float().mean()) if unk is not None else 0.0
    return TextData(corpus.title, tokenizer, train_ids, val_ids, chars_per_token, baselines, parts.note(),
                    tuple(notes), unk_share)


@functools.lru_cache(maxsize=6)
def builtin(key: str, kind: str, data_dir: str) -> TextData:
    """A built-in corpus, prepared once per tokenizer kind."""
    return _prepare(load_corpus(key, Path(data_dir)), kind)


@functools.lru_cache(maxsize=4)
def own_text(text: str | bytes, kind: str) -> TextData:
    """A person's pasted or uploaded text (checked by user_corpus: encoding, size, enough words)."""
    return _prepare(user_corpus(text), kind)
