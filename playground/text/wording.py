"""Sentences the text core hands to the page, kept as keys of the translation tables (``playground.i18n.lm``).

Prepared texts (``data.TextData``) are cached and shared by every page, Spanish and English alike, so a note
about them cannot be a finished sentence: a ``Note`` holds the key and its arguments and reads itself in the
language of whoever shows it (``str(note)``, or ``f"{note}"``). ``Texts`` is a read-only dict of such keys
(the names of the recurrent gates, say) that answers in the current language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from playground import i18n


@dataclass(frozen=True)
class Note:
    """One sentence for the page: a key of the tables and its arguments, read in the current language."""

    key: str
    args: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, /, **args: object) -> Note:
        return cls(key, tuple(args.items()))

    def text(self, lang: str | None = None) -> str:
        return i18n.t(self.key, lang, **dict(self.args))

    def __str__(self) -> str:
        return self.text()

    def __format__(self, spec: str) -> str:
        return format(self.text(), spec)

    def __contains__(self, part: str) -> bool:  # "context was shortened" in note: a search in the sentence
        return part in self.text()


class Texts(Mapping[str, str]):
    """A dict whose values are keys of the tables, read in the language of the request being served."""

    def __init__(self, keys: dict[str, str]) -> None:
        self._keys = dict(keys)

    def __getitem__(self, name: str) -> str:
        return i18n.t(self._keys[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
