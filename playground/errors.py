"""The one base class for problems a person can fix (a bad layer, an offline dataset, a bad file).

A ``UserError`` carries a key of the translation tables (``playground.i18n``) and the key's arguments, not a
sentence: the page shows it in its own language (:meth:`UserError.message`), the log and ``str()`` in
English. Anything else that escapes a handler is a bug, logged with its traceback.
"""

from __future__ import annotations

from playground import i18n


class UserError(Exception):
    """Something a person can fix; ``key`` names the plain sentence that says what (``args`` fill it in).

    A text that is not a key of the tables is shown as it is (messages quoted from a library)."""

    def __init__(self, key: str, /, **args: object) -> None:
        self.key, self.params = key, args
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        """The sentence in ``lang`` (default: the language of the request being served)."""
        if not i18n.has(self.key):
            return self.key
        params = {k: (v.message(lang) if isinstance(v, UserError) else v) for k, v in self.params.items()}
        return i18n.t(self.key, lang, **params)

    def __str__(self) -> str:
        return self.message(i18n.DEFAULT)
