"""What the Draw tab shows: which model answers, the answer, the probabilities. No gradio here."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.digits import doubt, predict
from playground.digits.preprocess import DrawingError, EmptyDrawing, prepare
from playground.errors import UserError
from playground.i18n import t
from playground.train.trained import TrainedModel
from playground.views.common import sentence, upscale

MAX_DATA_URL = 12_000_000  # characters: a full 800×800 canvas is far smaller


def answering_note(trained: TrainedModel | None) -> str:
    """The sentence that says which model answers this session; the shipped model is not loaded for it."""
    if trained is not None:
        val = trained.history.last_val_acc
        acc = t("draw.answering_acc", val=val) if val is not None else ""
        return t("draw.answering_own", dataset=trained.dataset, steps=trained.steps, acc=acc)
    return t("draw.answering_default")


def answering(trained: TrainedModel | None) -> tuple[TrainedModel, str]:
    """The model that answers this session (the shipped one is loaded on its first use), and its sentence."""
    return (trained if trained is not None else predict.default_model()), answering_note(trained)


def decode_data_url(url: Any) -> bytes:
    if not isinstance(url, str) or not url.startswith("data:image/") or "," not in url:
        raise DrawingError("draw.not_arrived")
    if len(url) > MAX_DATA_URL:
        raise DrawingError("draw.url_too_large")
    try:
        return base64.b64decode(url.split(",", 1)[1], validate=True)
    except ValueError:
        raise DrawingError("draw.not_intact") from None


def label_value(classes: list[str], probs: np.ndarray) -> dict[str, float]:
    """Probabilities as a gr.Label value: {class name: probability}."""
    return {c: float(p) for c, p in zip(classes, probs)}


def abbr(term_key: str, definition_key: str) -> str:
    """A term of the tables with its one-line definition (also a key) on hover: ``<abbr title=...>``."""
    return f'<abbr title="{html.escape(t(definition_key))}">{html.escape(t(term_key))}</abbr>'  # i18n: not text


def message_html(message: str, kind: str = "prompt") -> str:
    """The answer box holding only a message (already in the page's language, not yet escaped)."""
    escaped = html.escape(message)
    return f'<div class="pg-answer pg-answer-{kind}"><div class="pg-answer-msg">{escaped}</div></div>'  # i18n: not text


def prompt_html() -> str:
    """The answer box of an empty pad: a prompt to draw, in the page's language."""
    return message_html(t("draw.prompt"))


def result_html(classes: list[str], probs: np.ndarray, unsure: str = "") -> str:
    """The answer box: the answer and how sure; a guess, marked as one, when ``unsure`` (a key) says why."""
    top = int(probs.argmax())
    if unsure:
        guess = f'<span class="pg-guess">{html.escape(classes[top])}</span>'  # i18n: not text
        title = t("draw.unsure_digit" if classes == doubt.DIGITS else "draw.unsure_other", guess=guess, p=probs[top])
        return (f'<div class="pg-answer pg-answer-unsure"><div class="pg-unsure-title">{title}</div>'
                f'<div class="pg-answer-msg">{html.escape(sentence(t(unsure)))}</div></div>')
    sure = t("draw.sure", p=probs[top], word=abbr("draw.word_sure", "draw.def_confidence"))
    return (f'<div class="pg-answer"><div class="pg-digit">{html.escape(classes[top])}</div>'
            f'<div class="pg-answer-msg">{sure}</div></div>')


def answer(model: TrainedModel, digit: np.ndarray) -> tuple[str, dict[str, float]]:
    """The answer box and the probabilities for a prepared digit (marked as a guess where it does not look like one)."""
    found = doubt.guess(model, digit)
    return result_html(model.classes, found.probs, unsure=found.reason), label_value(model.classes, found.probs)


@dataclass(frozen=True)
class Reading:
    """What the tab shows for one drawing or upload."""

    answer: str  # HTML: the big answer, or a message
    label: dict[str, float] | None  # gr.Label value: every class's probability
    seen: np.ndarray | None  # the 28×28 the model sees, upscaled for the page
    digit: np.ndarray | None  # the prepared 28×28 digit, kept for the explanations
    problem: str | None = None  # a plain sentence when the input could not be read


def problem(exc: UserError) -> Reading:
    """A reading that only says, in one plain sentence of the page's language, what was wrong with the input."""
    message = sentence(exc.message())
    return Reading(message_html(message, "problem"), None, None, None, message)


def read(source: Any, trained: TrainedModel | None, upload: bool = False) -> Reading:
    """Preprocess a drawing or upload (bytes or a path) and ask the answering model.

    An empty pad is a prompt to draw; an empty upload is a problem with that file, said as such.
    """
    model, _ = answering(trained)
    try:
        digit = prepare(source).image
    except EmptyDrawing as exc:
        if upload:
            return problem(DrawingError("draw.upload_empty", what=exc.what))
        return Reading(prompt_html(), None, None, None)
    except DrawingError as exc:
        return problem(exc)
    html_answer, label = answer(model, digit)
    return Reading(html_answer, label, upscale(digit, 224), digit)


def classify(source: Any, trained: TrainedModel | None) -> dict[str, float]:
    """The public classify_digit: {class: probability}; DrawingError with a plain message otherwise."""
    model, _ = answering(trained)
    try:
        digit = prepare(source).image
    except EmptyDrawing as exc:
        raise DrawingError("draw.empty", what=exc.what) from None
    return label_value(model.classes, predict.probabilities(model, digit))
