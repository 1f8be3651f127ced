"""What the Draw tab shows: which model answers, the answer, the probabilities. No gradio here."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.digits import predict
from playground.digits.preprocess import DrawingError, EmptyDrawing, prepare
from playground.train.trained import TrainedModel
from playground.views.common import sentence, upscale

MAX_DATA_URL = 12_000_000  # characters: a full 800×800 canvas is far smaller


def answering(trained: TrainedModel | None) -> tuple[TrainedModel, str]:
    """The model that answers this session, and a sentence that says which it is."""
    if trained is not None:
        val = trained.history.last_val_acc
        acc = f", {val:.1%} on its validation split" if val is not None else ""
        return trained, (f"**Answering:** your model from the Training tab (trained on {trained.dataset}, "
                         f"{trained.steps:,} steps{acc}).")
    return predict.default_model(), (
        "**Answering:** the default digit model (the fast MNIST net, trained by the project's own command; "
        "see its model card). Train a model in the Training tab and it answers here instead."
    )


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


def result_html(classes: list[str], probs: np.ndarray | None, message: str = "", kind: str = "prompt") -> str:
    if probs is None:
        return f'<div class="pg-answer pg-answer-{kind}"><div class="pg-answer-msg">{html.escape(message)}</div></div>'
    top = int(probs.argmax())
    return (f'<div class="pg-answer"><div class="pg-digit">{html.escape(classes[top])}</div>'
            f'<div class="pg-answer-msg">{probs[top]:.1%} sure</div></div>')


@dataclass(frozen=True)
class Reading:
    """What the tab shows for one drawing or upload."""

    answer: str  # HTML: the big answer, or a message
    label: dict[str, float] | None  # gr.Label value: every class's probability
    seen: np.ndarray | None  # the 28×28 the model sees, upscaled for the page
    digit: np.ndarray | None  # the prepared 28×28 digit, kept for the explanations
    problem: str | None = None  # a plain sentence when the input could not be read


PROMPT = "Draw a digit on the pad."


def read(source: Any, trained: TrainedModel | None) -> Reading:
    """Preprocess a drawing or upload (bytes or a path) and ask the answering model."""
    model, _ = answering(trained)
    try:
        digit = prepare(source).image
    except EmptyDrawing:
        return Reading(result_html([], None, PROMPT), None, None, None)
    except DrawingError as exc:
        message = sentence(str(exc))
        return Reading(result_html([], None, message, "problem"), None, None, None, message)
    probs = predict.probabilities(model, digit)
    return Reading(result_html(model.classes, probs), label_value(model.classes, probs), upscale(digit, 224), digit)


def classify(source: Any, trained: TrainedModel | None) -> dict[str, float]:
    """The public classify_digit: {class: probability}; DrawingError with a plain message otherwise."""
    model, _ = answering(trained)
    try:
        digit = prepare(source).image
    except EmptyDrawing:
        raise DrawingError("the image is blank: there is no digit in it") from None
    return label_value(model.classes, predict.probabilities(model, digit))
