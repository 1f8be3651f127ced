"""Component text in the page's language: ``L("training.epochs")`` is a label Gradio's own ``gr.I18n`` translates
in the browser (so the ES | EN switch flips it in place); the texts are the tables of ``playground.i18n``."""

from __future__ import annotations

import json

import gradio as gr
from gradio.i18n import I18nData

from playground import i18n

I18N = gr.I18n(**i18n.TABLES)  # handed to launch(); all keys of both languages
CLIENT_KEYS = ("common.limit_above", "common.limit_below")  # texts the page's own scripts write


def L(key: str):  # noqa: N802  (short on purpose: it wraps every label)
    """The text for ``key``, translated by the browser into the page's language."""
    if not i18n.has(key):
        raise KeyError(f"no text {key!r} in playground/i18n")
    return I18N(key)


def both(key: str) -> dict[str, str]:
    """A text in every language, for the page's scripts."""
    return {lang: i18n.t(key, lang) for lang in i18n.LANGUAGES}


def tab_keys(demo: gr.Blocks) -> list[str]:
    """The keys of every tab's name in ``demo`` (Gradio names a tab once, so the page renames its tabs itself
    when its language flips)."""
    return sorted({block.label.key for block in demo.blocks.values()
                   if isinstance(block, gr.Tab) and isinstance(block.label, I18nData)})


def client_words(tabs: list[str] = ()) -> str:
    """The texts the page's scripts write, as a JSON object: language → key → text, and "tabs": each tab's
    name in every language."""
    words: dict = {lang: {key: i18n.t(key, lang) for key in CLIENT_KEYS} for lang in i18n.LANGUAGES}
    words["tabs"] = [[i18n.t(key, lang) for lang in i18n.LANGUAGES] for key in tabs]
    return json.dumps(words, ensure_ascii=False)
