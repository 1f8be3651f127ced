"""What the Draw tab shows: which model answers, the answer, the probabilities. No gradio here."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.digits import doubt, predict
from playground.digits.preprocess import DrawingError, EmptyDrawing, prepare
from playground.train.trained import TrainedModel
from playground.views.common import sentence, upscale

MAX_DATA_URL = 12_000_000  # characters: a full 800×800 canvas is far smaller


def answering_note(trained: TrainedModel | None) -> str:
    """The sentence that says which model answers this session; the shipped model is not loaded for it."""
    if trained is not None:
        val = trained.history.last_val_acc
        acc = f", {val:.1%} on its validation split" if val is not None else ""
        return (f"**Answering:** your model from the Training tab (trained on {trained.dataset}, "
                f"{trained.steps:,} steps{acc}).")
    return ("**Answering:** the default digit model (the fast MNIST net, trained by the project's own command; "
            "see its model card). Train a model in the Training tab and it answers here instead.")


def answering(trained: TrainedModel | None) -> tuple[TrainedModel, str]:
    """The model that answers this session (the shipped one is loaded on its first use), and its sentence."""
    return (trained if trained is not None else predict.default_model()), answering_note(trained)


def decode_data_url(url: Any) -> bytes:
    if not isinstance(url, str) or not url.startswith("data:image/") or "," not in url:
        raise DrawingError("the drawing did not arrive as an image")
    if len(url) > MAX_DATA_URL:
        raise DrawingError("the drawing is too large")
    try:
        return base64.b64decode(url.split(",", 1)[1], validate=True)
    except ValueError:
        raise DrawingError("the drawing did not arrive intact") from None


def label_value(classes: list[str], probs: np.ndarray) -> dict[str, float]:
    """Probabilities as a gr.Label value: {class name: probability}."""
    return {c: float(p) for c, p in zip(classes, probs)}


def result_html(classes: list[str], probs: np.ndarray | None, message: str = "", kind: str = "prompt",
                unsure: str = "") -> str:
    """The answer box: the answer and how sure; a guess, marked as one, when ``unsure`` says why; or a message."""
    if probs is None:
        return f'<div class="pg-answer pg-answer-{kind}"><div class="pg-answer-msg">{html.escape(message)}</div></div>'
    top = int(probs.argmax())
    if unsure:
        what = "this is a digit" if classes == doubt.DIGITS else "what this is"
        return (f'<div class="pg-answer pg-answer-unsure"><div class="pg-unsure-title">Not sure {what} — best guess '
                f'<span class="pg-guess">{html.escape(classes[top])}</span> ({probs[top]:.1%})</div>'
                f'<div class="pg-answer-msg">{html.escape(sentence(unsure))}</div></div>')
    return (f'<div class="pg-answer"><div class="pg-digit">{html.escape(classes[top])}</div>'
            f'<div class="pg-answer-msg">{probs[top]:.1%} sure</div></div>')


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


PROMPT = "Draw a digit on the pad."


def problem(message: str) -> Reading:
    """A reading that only says, in one plain sentence, what was wrong with the input."""
    message = sentence(message)
    return Reading(result_html([], None, message, "problem"), None, None, None, message)


def read(source: Any, trained: TrainedModel | None, upload: bool = False) -> Reading:
    """Preprocess a drawing or upload (bytes or a path) and ask the answering model.

    An empty pad is a prompt to draw; an empty upload is a problem with that file, said as such.
    """
    model, _ = answering(trained)
    try:
        digit = prepare(source).image
    except EmptyDrawing as exc:
        if upload:
            return problem(f"the uploaded image is {exc.what}: there is no digit in it. Upload a picture of one digit")
        return Reading(result_html([], None, PROMPT), None, None, None)
    except DrawingError as exc:
        return problem(str(exc))
    html_answer, label = answer(model, digit)
    return Reading(html_answer, label, upscale(digit, 224), digit)


def classify(source: Any, trained: TrainedModel | None) -> dict[str, float]:
    """The public classify_digit: {class: probability}; DrawingError with a plain message otherwise."""
    model, _ = answering(trained)
    try:
        digit = prepare(source).image
    except EmptyDrawing as exc:
        raise DrawingError(f"the image is {exc.what}: there is no digit in it") from None
    return label_value(model.classes, predict.probabilities(model, digit))
