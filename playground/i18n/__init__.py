"""Two languages, one table: every sentence a person reads, in English and in Spanish.

The tables live one module per part of the app (``common``, ``builder``, ``training``, ``draw``,
``next_word``, ``lm``, ``diffusion``, ``basics``), each with an ``EN`` and an ``ES`` dict whose keys
start with the module's name (``"training.epochs"``). Keys are the same in both; a text's ``{placeholders}``
are filled with ``str.format``.

The same keys serve twice:
- component text (labels, info lines, buttons, explanations) is handed to Gradio's own ``gr.I18n`` (see
  ``playground.ui.words``), which the browser translates, so the page flips language without a reload;
- what the server writes (status lines, messages, plot labels) goes through :func:`t`, in the language of the
  request being served (:func:`speaking`, set per request from the page's choice or the client's
  ``Accept-Language``; English otherwise).
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
from typing import Iterator

LANGUAGES = ("en", "es")
DEFAULT = "en"
PARTS = ("common", "builder", "training", "draw", "next_word", "lm", "diffusion", "basics", "hub", "hub_diffusion")
COOKIE = "pg_lang"  # the page's language, set by the page's ES | EN switch (assets/page.js)

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT)


def _load() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for part in PARTS:
        module = importlib.import_module(f"{__name__}.{part}")
        for lang in LANGUAGES:
            table = getattr(module, lang.upper())
            clash = tables[lang].keys() & table.keys()
            assert not clash, f"{part}: keys defined twice: {sorted(clash)[:5]}"
            tables[lang].update(table)
    return tables


TABLES = _load()


def language() -> str:
    """The language of the request being served ("en" outside any request)."""
    return _language.get()


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Within this block, :func:`t` answers in ``lang``."""
    token = _language.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _language.reset(token)


def t(key: str, /, lang: str | None = None, **args: object) -> str:
    """The text for ``key`` in the current language (or ``lang``), its placeholders filled from ``args``."""
    table = TABLES[lang or _language.get()]
    text = table[key] if key in table else TABLES[DEFAULT][key]
    return text.format(**args) if args else text


def has(key: str) -> bool:
    return key in TABLES[DEFAULT]


def pick(cookie: str | None = None, accept_language: str | None = None) -> str:
    """The language to answer in: the page's own choice (its cookie) first, then the client's
    ``Accept-Language`` (its first language we speak, by quality), else English."""
    if cookie in LANGUAGES:
        return cookie
    ranked = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, i, tag.strip().split("-")[0].lower()))
    for _, _, lang in sorted(ranked):
        if lang in LANGUAGES:
            return lang
    return DEFAULT
