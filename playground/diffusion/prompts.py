"""The text side of the toy text-to-image model: a fixed word vocabulary, its tokenizer, training prompts.

The model understands digits in three forms — numerals ("7"), English words
("seven") and Spanish words ("siete") — inside short phrases ("a handwritten seven",
"the digit 7", "un siete"). Everything else is an unknown word: the tokenizer drops
it and says which words it dropped. Token 0 is padding, token 1 is the start token
every prompt begins with, so the empty prompt is ``[<s>]``: the unconditional input
of classifier-free guidance.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

import torch

from playground.errors import UserError

MAX_TOKENS = 8  # start token + at most 7 known words
MAX_PROMPT_CHARS = 300  # longer prompts are refused with a message

ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
SPANISH = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
NUMERALS = tuple(str(d) for d in range(10))
FORMS = ("numeral", "english", "spanish")  # the ways a prompt writes a digit (the class picker's, the card's)
WORDS_OF = {"en": "english", "es": "spanish"}  # the form that writes digits in a page's language
# phrase words: they carry no class, but the model has seen them around the digit
FILLER_EN = ("a", "an", "the", "digit", "number", "numeral", "handwritten", "written", "drawn", "hand", "by",
             "of", "picture", "image", "drawing", "please", "draw", "big", "small", "bold", "thin")
FILLER_ES = ("un", "una", "el", "la", "de", "del", "dígito", "número", "escrito", "dibujado", "mano", "a",
             "imagen", "dibujo", "dibuja", "por", "favor", "grande", "pequeño")

PAD, START = 0, 1
VOCAB: tuple[str, ...] = ("<pad>", "<s>") + tuple(dict.fromkeys(NUMERALS + ENGLISH + SPANISH + FILLER_EN + FILLER_ES))
INDEX = {word: i for i, word in enumerate(VOCAB)}
DIGIT_OF = {w: d for forms in (NUMERALS, ENGLISH, SPANISH) for d, w in enumerate(forms)}
# "una" is Spanish for "a"/"one": treated as filler, so "una" alone is not a digit ("uno" is)

_WORD = re.compile(r"\w+", re.UNICODE)


class PromptError(UserError, ValueError):
    """A prompt the model cannot take (too long); the message says why."""


def _bare(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


_UNACCENTED = {_bare(w): w for w in VOCAB if _bare(w) != w}  # "numero" → "número", "digito" → "dígito"


def _normal(word: str) -> str:
    """Lower case; a Spanish word typed without its accent is accepted ("numero" → "número"), not the reverse."""
    word = word.lower()
    return _UNACCENTED.get(word, word)


@dataclass(frozen=True)
class Encoded:
    """A prompt as the model reads it."""

    words: list[str]  # every word of the prompt, as split
    known: list[bool]  # for each word, whether the model knows it
    tokens: list[str]  # what the encoder reads: "<s>" then the known words (at most MAX_TOKENS in all)
    ids: list[int]
    digits: list[int]  # the digits the prompt names, in order (empty: unconditional)

    @property
    def unknown(self) -> list[str]:
        return [w for w, k in zip(self.words, self.known) if not k]

    @property
    def dropped(self) -> list[str]:
        """Known words past the token limit."""
        known = [w for w, k in zip(self.words, self.known) if k]
        return known[MAX_TOKENS - 1:]


def encode(prompt: str) -> Encoded:
    """Split a prompt into words, keep the known ones (up to the token limit), and say what was ignored."""
    if not isinstance(prompt, str):
        raise PromptError("diffusion.prompt_not_text")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise PromptError("diffusion.prompt_too_long", length=len(prompt), most=MAX_PROMPT_CHARS)
    words = [_normal(w) for w in _WORD.findall(unicodedata.normalize("NFC", prompt))]  # "número" typed decomposed
    known = [w in INDEX for w in words]
    kept = [w for w, k in zip(words, known) if k][:MAX_TOKENS - 1]
    tokens = ["<s>"] + kept
    return Encoded(words, known, tokens, [INDEX[t] for t in tokens], [DIGIT_OF[w] for w in kept if w in DIGIT_OF])


def batch_ids(prompts: list[Encoded]) -> tuple[torch.Tensor, torch.Tensor]:
    """(ids, mask) for a list of encoded prompts, padded to MAX_TOKENS; mask is 1 on real tokens."""
    ids = torch.full((len(prompts), MAX_TOKENS), PAD, dtype=torch.long)
    for row, p in enumerate(prompts):
        ids[row, :len(p.ids)] = torch.tensor(p.ids)
    return ids, (ids != PAD).long()


_TEMPLATES_EN = ("{d}", "a {d}", "the digit {d}", "a handwritten {d}", "the number {d}", "a {d} written by hand",
                 "a picture of a {d}", "draw a {d}", "a big {d}", "a small {d}", "handwritten digit {d}",
                 "an image of the number {d}", "a bold {d}", "a thin {d}")
_TEMPLATES_ES = ("{d}", "un {d}", "el {d}", "el número {d}", "el dígito {d}", "un {d} escrito a mano",
                 "una imagen de un {d}", "dibuja un {d}", "un {d} grande", "un dibujo del número {d}",
                 "el {d} escrito a mano", "un {d} pequeño")


def form_of(word: str) -> str:
    """Which of FORMS a digit's word is written in ("7": numeral, "seven": english, "siete": spanish)."""
    return FORMS[0] if word in NUMERALS else FORMS[1] if word in ENGLISH else FORMS[2]


def class_prompt(digit: int, form: str = "english") -> str:
    """The prompt the class picker generates: one model, one way in."""
    if form == "numeral":
        return f"the digit {digit}"
    if form == "spanish":
        return f"un {SPANISH[digit]}"
    return f"a handwritten {ENGLISH[digit]}"


def random_prompt(digit: int, rng: random.Random) -> str:
    """A training prompt for ``digit``: a random form (numeral, English, Spanish) in a random phrase."""
    form = rng.randrange(3)
    if form == 0:
        template = rng.choice(_TEMPLATES_EN + _TEMPLATES_ES)
        return template.format(d=NUMERALS[digit])
    if form == 1:
        return rng.choice(_TEMPLATES_EN).format(d=ENGLISH[digit])
    return rng.choice(_TEMPLATES_ES).format(d=SPANISH[digit])


def evaluation_prompts(digit: int) -> list[str]:
    """Prompts in all three forms for the quality measurement (phrases from the training templates)."""
    return [f"the digit {digit}", f"a handwritten {ENGLISH[digit]}", f"un {SPANISH[digit]}",
            f"{digit}", f"the number {ENGLISH[digit]}", f"el número {SPANISH[digit]}"]
