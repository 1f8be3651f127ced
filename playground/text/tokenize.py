"""Tokenizers for the language-model tab: words, characters, and byte-level BPE.

This module owns turning text into token ids and back, showing how a prompt was split,
telling which words a model has never seen, storing a tokenizer as JSON (it travels in a
checkpoint's safetensors metadata), and the bits-per-character conversion that makes
models with different tokenizers comparable.

- ``WordTokenizer``: lower-cased words and punctuation marks, Unicode-aware (¿ ¡ ñ á stay
  what they are); rare words become ``<unk>``; a blank line is the token ``<p>``.
- ``CharTokenizer``: one token per character; exact round trip; no unknowns in its text.
- ``BpeTokenizer``: Hugging Face ``tokenizers`` byte-level BPE; exact round trip, never unknown.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from playground.errors import UserError

KINDS = ("word", "char", "bpe")
UNK = "<unk>"
PARAGRAPH = "<p>"  # a blank line: keeps the shape of speeches and paragraphs without counting every line break

# A word is letters/digits with inner apostrophes (don't, o'er, we'll); every other visible character is a
# token of its own. "_" is \w in Python, but in books it marks italics, so it is punctuation here.
_WORD_TOKEN = re.compile(r"\n[ \t]*\n\s*|[^\W_]+(?:'[^\W_]+)*|\S")
_NO_SPACE_BEFORE = set(",.;:!?)]}»”…%")
_NO_SPACE_AFTER = set("¿¡([{«“'—")  # ' opens more often than it closes in these books: 'tis, 'twas
_JOINERS = {"-"}  # well-known, and Shakespeare's "--" dashes: written without spaces either side


class TokenizerError(UserError, ValueError):
    """A tokenizer that cannot be built or used as asked; the message says what to do."""


class Tokenizer:
    """What every tokenizer offers; subclasses fill in the vocabulary and the splitting."""

    kind: str = ""
    unk_id: int | None = None  # the id unknown tokens get; None where nothing can be unknown

    @property
    def vocab_size(self) -> int:
        raise NotImplementedError

    def encode(self, text: str) -> list[int]:
        raise NotImplementedError

    def decode(self, ids: Iterable[int]) -> str:
        raise NotImplementedError

    def tokens(self, text: str) -> list[str]:
        """How ``text`` is split, one string per token (an unknown word shows as itself)."""
        raise NotImplementedError

    def id_to_token(self, token_id: int) -> str:
        raise NotImplementedError

    def is_known(self, token: str) -> bool:
        """Whether ``token`` (as ``tokens`` shows it) has its own id rather than the unknown one."""
        raise NotImplementedError

    def unknown_tokens(self, text: str) -> list[str]:
        """The tokens of ``text`` this tokenizer has never seen, in order, each once."""
        return list(dict.fromkeys(t for t in self.tokens(text) if not self.is_known(t)))

    def chars_per_token(self, text: str) -> float:
        """Characters of ``text`` per token: converts a loss per token into bits per character."""
        n = len(self.encode(text))
        return len(text) / n if n else 0.0

    def to_json(self) -> str:
        raise NotImplementedError

    @staticmethod
    def from_json(data: str) -> Tokenizer:
        """The tokenizer a ``to_json`` string describes, of whichever kind it names."""
        try:
            obj = json.loads(data)
            kind = obj["kind"]
        except (ValueError, TypeError, KeyError):
            raise TokenizerError("lm.tok_damaged") from None
        classes = {"word": WordTokenizer, "char": CharTokenizer, "bpe": BpeTokenizer}
        if kind not in classes:
            raise TokenizerError("lm.tok_unknown_stored", kind=kind)
        return classes[kind]._from_obj(obj)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(vocab_size={self.vocab_size})"


class _VocabTokenizer(Tokenizer):
    """A tokenizer with an explicit list of token strings (word and char)."""

    def __init__(self, vocab: Sequence[str]):
        self.vocab = list(vocab)
        self.index = {t: i for i, t in enumerate(self.vocab)}
        if len(self.index) != len(self.vocab):
            raise TokenizerError("lm.tok_vocab_twice")

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def id_to_token(self, token_id: int) -> str:
        return self.vocab[token_id]

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "version": 1, "vocab": self.vocab}, ensure_ascii=False)

    @classmethod
    def _from_obj(cls, obj: dict) -> Tokenizer:
        vocab = obj.get("vocab")
        if not isinstance(vocab, list) or not all(isinstance(t, str) for t in vocab):
            raise TokenizerError("lm.tok_vocab_not_strings")
        return cls(vocab)


def _ranked(counts: Counter, min_freq: int, limit: int | None) -> list[str]:
    """Tokens seen at least ``min_freq`` times, most frequent first, ties in text order of the string."""
    kept = sorted((t for t, c in counts.items() if c >= min_freq), key=lambda t: (-counts[t], t))
    return kept[:limit] if limit is not None else kept


class WordTokenizer(_VocabTokenizer):
    """Lower-cased words and punctuation; id 0 is ``<unk>``, id 1 is ``<p>`` (a blank line)."""

    kind = "word"
    unk_id = 0
    specials = (UNK, PARAGRAPH)

    def __init__(self, vocab: Sequence[str]):
        if tuple(vocab[: len(self.specials)]) != self.specials:
            raise TokenizerError("lm.tok_specials")
        super().__init__(vocab)

    @staticmethod
    def normalize(text: str) -> str:
        """What the tokenizer sees: NFC, lower case, and ’ written as ' (so don’t and don't are one word)."""
        return unicodedata.normalize("NFC", text).lower().replace("\u2019", "'")

    @classmethod
    def split(cls, text: str) -> list[str]:
        """The word tokens of ``text``, as strings; a blank line becomes ``<p>``."""
        return [PARAGRAPH if t[0] == "\n" else t for t in _WORD_TOKEN.findall(cls.normalize(text))]

    @classmethod
    def train(cls, text: str, min_freq: int = 2, max_vocab: int | None = None) -> WordTokenizer:
        """Words seen at least ``min_freq`` times, most frequent first, at most ``max_vocab`` ids in all."""
        if min_freq < 1:
            raise TokenizerError("lm.tok_min_freq", value=min_freq)
        counts = Counter(cls.split(text))
        for special in cls.specials:
            counts.pop(special, None)
        limit = None if max_vocab is None else max(0, max_vocab - len(cls.specials))
        return cls(list(cls.specials) + _ranked(counts, min_freq, limit))

    def tokens(self, text: str) -> list[str]:
        return self.split(text)

    def encode(self, text: str) -> list[int]:
        index = self.index
        return [index.get(t, 0) for t in self.split(text)]

    def is_known(self, token: str) -> bool:
        return self.normalize(token) in self.index and self.normalize(token) != UNK

    def decode(self, ids: Iterable[int]) -> str:
        """Words joined by spaces, punctuation attached the way it is written (``hola, ¿qué?``)."""
        out: list[str] = []
        glue = True  # no space before the first token, nor after an opening mark
        double_quotes = 0
        for i in ids:
            token = self.vocab[i]
            if token == PARAGRAPH:
                out.append("\n\n")
                glue = True
                continue
            opening = token in _NO_SPACE_AFTER
            if token == '"':  # a straight quote opens and closes in turn
                double_quotes += 1
                opening = double_quotes % 2 == 1
                attach = not opening
            else:
                attach = token in _NO_SPACE_BEFORE or token in _JOINERS
            if out and not glue and not attach:
                out.append(" ")
            out.append(token)
            glue = opening or token in _JOINERS
        return "".join(out)


def append_word(prompt: str, token: str) -> str:
    """``prompt`` with a word token after it, written as ``WordTokenizer.decode`` writes text: a space before a
    word, none before closing punctuation or after an opening mark or a line break; ``<p>`` starts a paragraph."""
    if token == PARAGRAPH:
        return prompt.rstrip() + "\n\n"
    last = prompt.rstrip(" ")[-1:]
    glue = token in _NO_SPACE_BEFORE or token in _JOINERS or last in _NO_SPACE_AFTER or last in _JOINERS \
        or last in ("", "\n")
    return prompt.rstrip(" ") + ("" if glue else " ") + token


class CharTokenizer(_VocabTokenizer):
    """One token per character of the training text, in code-point order."""

    kind = "char"
    unk_id = None

    @classmethod
    def train(cls, text: str) -> CharTokenizer:
        if not text:
            raise TokenizerError("lm.tok_char_needs_text")
        return cls(sorted(set(text)))

    def tokens(self, text: str) -> list[str]:
        return list(text)

    def is_known(self, token: str) -> bool:
        return token in self.index

    def encode(self, text: str) -> list[int]:
        try:
            return [self.index[c] for c in text]
        except KeyError:
            missing = "".join(self.unknown_tokens(text))
            raise TokenizerError("lm.tok_unknown_chars", missing=missing) from None

    def decode(self, ids: Iterable[int]) -> str:
        return "".join(self.vocab[i] for i in ids)


class BpeTokenizer(Tokenizer):
    """Byte-level BPE (GPT-2 style) trained with Hugging Face ``tokenizers``: any text encodes, exactly."""

    kind = "bpe"
    unk_id = None

    def __init__(self, hf_tokenizer):
        self.hf = hf_tokenizer

    @classmethod
    def train(cls, text: str, vocab_size: int = 2000) -> BpeTokenizer:
        """Merges learned on ``text`` until ``vocab_size`` tokens (256 bytes included); about a second on 1 MB."""
        from tokenizers import Tokenizer as HfTokenizer  # imported on first use: keeps app start fast
        from tokenizers import decoders, models, pre_tokenizers, trainers

        if vocab_size < 257:
            raise TokenizerError("lm.tok_bpe_small", value=vocab_size)
        hf = HfTokenizer(models.BPE())
        hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        hf.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size, min_frequency=2, show_progress=False,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),  # all 256 bytes: nothing is ever unknown
        )
        lines = text.splitlines(keepends=True)
        # Batches of lines, not one huge string: the library trains on batches in parallel.
        hf.train_from_iterator(("".join(lines[i : i + 256]) for i in range(0, len(lines), 256)), trainer)
        return cls(hf)

    @property
    def vocab_size(self) -> int:
        return self.hf.get_vocab_size()

    def encode(self, text: str) -> list[int]:
        return self.hf.encode(text).ids

    def decode(self, ids: Iterable[int]) -> str:
        return self.hf.decode(list(ids))

    def tokens(self, text: str) -> list[str]:
        """Each token as the text it stands for (" the", "\\n"); a part of a multi-byte character shows as �."""
        return [self.hf.decode([i]) for i in self.encode(text)]

    def id_to_token(self, token_id: int) -> str:
        return self.hf.decode([token_id])

    def is_known(self, token: str) -> bool:
        return True  # byte-level: every text is made of known bytes

    def to_json(self) -> str:
        return json.dumps({"kind": "bpe", "version": 1, "hf": self.hf.to_str()}, ensure_ascii=False)

    @classmethod
    def _from_obj(cls, obj: dict) -> Tokenizer:
        from tokenizers import Tokenizer as HfTokenizer

        try:
            return cls(HfTokenizer.from_str(obj["hf"]))
        except Exception:  # the library's own parse errors: what matters to a person is that it is damaged
            raise TokenizerError("lm.tok_bpe_damaged") from None


def make_tokenizer(kind: str, text: str, **options) -> Tokenizer:
    """A tokenizer of ``kind`` ("word", "char" or "bpe") trained on ``text``; options go to its ``train``."""
    classes = {"word": WordTokenizer, "char": CharTokenizer, "bpe": BpeTokenizer}
    if kind not in classes:
        raise TokenizerError("lm.tok_no_kind", kind=kind, choices=", ".join(KINDS))
    return classes[kind].train(text, **options)


def bits_per_char(mean_nll_nats_per_token: float, n_tokens: int, n_chars: int) -> float:
    """Bits per character from a mean loss in nats per token: total nats / ln 2 / characters.

    Tokenizers cut text into different numbers of tokens, so per-token losses and perplexities
    of a word model and a character model are not comparable; per character they are.
    """
    if n_chars <= 0:
        raise ValueError("n_chars must be positive")
    return mean_nll_nats_per_token * n_tokens / math.log(2) / n_chars
