"""Draw tab: draw a digit (or upload a photo) and see what the model says, and why.

The pad is a small canvas of our own (gr.HTML with a few lines of JavaScript): it
draws from the first touch with a thick round brush, works with a mouse, a pen or
a finger (Pointer Events), and sends the picture when a stroke ends. The stock
sketchpad first asks people to pick a tool, which a digit pad must not.

Each stroke runs two events: the prediction (preprocess + model, milliseconds), then
the explanations (feature maps, saliency), so the answer never waits for the why.
"""

from __future__ import annotations

import base64
import html
import logging
from typing import Any

import numpy as np
import gradio as gr

from playground.digits import predict
from playground.digits.preprocess import DrawingError, EmptyDrawing, prepare
from playground.train.classify import TrainedModel

log = logging.getLogger(__name__)
MAX_DATA_URL = 12_000_000  # characters: a full 800×800 canvas is far smaller

PAD_HTML = """
<div class="pg-pad">
  <canvas width="800" height="800" aria-label="Drawing pad: draw one digit"></canvas>
  <div class="pg-pad-bar">
    <span>Draw one digit, as large as you like. It is read each time you lift the pen.</span>
    <button type="button" class="pg-pad-clear">Clear</button>
  </div>
</div>
"""

PAD_CSS = """
.pg-pad canvas { width: 100%; max-width: 420px; aspect-ratio: 1; display: block; touch-action: none;
  background: #fff; border: 2px solid var(--border-color-primary); border-radius: 10px; cursor: crosshair; }
.pg-pad-bar { display: flex; gap: 8px; align-items: center; justify-content: space-between; max-width: 420px;
  margin-top: 6px; font-size: 0.85em; color: var(--body-text-color-subdued); }
.pg-pad-clear { padding: 4px 14px; border-radius: 6px; border: 1px solid var(--border-color-primary);
  background: var(--button-secondary-background-fill); cursor: pointer; }
"""

# Strokes are black on a transparent canvas, as browsers' sketchpads deliver them.
PAD_JS = """
const canvas = element.querySelector('canvas');
const ctx = canvas.getContext('2d');
const BRUSH = 56;  // px of the 800 px canvas: thick enough to survive the reduction to 28x28
let drawing = false, last = null;
function style() { ctx.lineWidth = BRUSH; ctx.lineCap = 'round'; ctx.lineJoin = 'round';
  ctx.strokeStyle = '#000'; ctx.fillStyle = '#000'; }
function at(e) { const r = canvas.getBoundingClientRect();
  return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; }
canvas.addEventListener('pointerdown', e => {
  e.preventDefault(); drawing = true; canvas.setPointerCapture(e.pointerId); style(); last = at(e);
  ctx.beginPath(); ctx.arc(last[0], last[1], BRUSH / 2, 0, 2 * Math.PI); ctx.fill();
});
canvas.addEventListener('pointermove', e => {
  if (!drawing) return; e.preventDefault();
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
  for (const ev of (events.length ? events : [e])) {
    const p = at(ev); ctx.beginPath(); ctx.moveTo(last[0], last[1]); ctx.lineTo(p[0], p[1]); ctx.stroke(); last = p;
  }
});
function end() { if (!drawing) return; drawing = false; trigger('input', {image: canvas.toDataURL('image/png')}); }
canvas.addEventListener('pointerup', end);
canvas.addEventListener('pointercancel', end);
element.querySelector('.pg-pad-clear').addEventListener('click', () => {
  ctx.clearRect(0, 0, canvas.width, canvas.height); trigger('clear');
});
"""


def answering(trained: TrainedModel | None) -> tuple[TrainedModel, str]:
    """The model that answers this session, and a sentence that says which it is."""
    if trained is not None:
        last = trained.history.epochs[-1] if trained.history.epochs else None
        acc = f", {last['val_acc']:.1%} on its validation split" if last and last.get("val_acc") else ""
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


def classify_digit(image: str | None, trained: TrainedModel | None) -> dict[str, float]:
    """An image of one digit in (a file), the probability of every class out."""
    if not image:
        raise gr.Error("Send an image of one digit.")
    model, _ = answering(trained)
    try:
        digit = prepare(image).image
    except EmptyDrawing:
        raise gr.Error("The image is blank: there is no digit in it.") from None
    except DrawingError as exc:
        raise gr.Error(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None
    probs = predict.probabilities(model, digit)
    return label_value(model.classes, probs)


def create_tab(demo: gr.Blocks, trained: gr.State) -> None:
    digit_state = gr.State(None)  # the last prepared 28×28 digit, for the explanations and for model changes
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            pad = gr.HTML(html_template=PAD_HTML, css_template=PAD_CSS, js_on_load=PAD_JS, elem_id="pad")
            upload = gr.UploadButton("Or upload a photo or scan of a digit", file_types=["image"], size="sm",
                                     elem_id="digit-upload")
            model_note = gr.Markdown(answering(None)[1], elem_id="answering")
        with gr.Column(scale=1, min_width=300):
            answer = gr.HTML(result_html([], None, "Draw a digit on the pad."), elem_id="answer")
            label = gr.Label(num_top_classes=10, label="Probabilities", elem_id="probabilities")
    with gr.Row(equal_height=False):
        seen = gr.Image(label="What the model sees (28×28, MNIST-centred)", height=240, interactive=False,
                        elem_id="seen", buttons=[])
        saliency = gr.Image(label="Saliency: the pixels the answer depends on most (SmoothGrad)", height=240,
                            interactive=False, elem_id="saliency", buttons=[])
    maps = gr.Gallery(label="Feature maps of each convolution (brighter = stronger response)", columns=2,
                      height=420, object_fit="contain", elem_id="feature-maps")
    with gr.Row(visible=False):  # the public API's input: a file, so bad files get our own messages
        api_image = gr.File(label="digit image", file_types=["image"])
        api_button = gr.Button()

    quiet: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    shown = [answer, label, seen, digit_state]

    def show(source: Any, current: TrainedModel | None) -> list:
        model, _ = answering(current)
        try:
            digit = prepare(source).image
        except EmptyDrawing:
            return [result_html([], None, "Draw a digit on the pad."), None, None, None]
        except DrawingError as exc:
            message = f"{str(exc)[0].upper()}{str(exc)[1:]}."
            gr.Warning(message)
            return [result_html([], None, message, "problem"), None, None, None]
        probs = predict.probabilities(model, digit)
        return [result_html(model.classes, probs), label_value(model.classes, probs),
                np.kron(digit, np.ones((8, 8), np.uint8)), digit]

    def on_stroke(current: TrainedModel | None, evt: gr.EventData) -> list:
        try:
            data = decode_data_url(getattr(evt, "_data", {}).get("image"))
        except DrawingError as exc:
            return [result_html([], None, f"{exc}.", "problem"), None, None, None]
        return show(data, current)

    def on_upload(path: str | None, current: TrainedModel | None) -> list:
        return show(path, current) if path else [gr.skip()] * 4

    def explain(digit: np.ndarray | None, current: TrainedModel | None) -> list:
        if digit is None:
            return [None, []]
        model, _ = answering(current)
        why = predict.explain(model, digit)
        return [why.saliency, why.feature_maps]

    def cleared() -> list:
        return [result_html([], None, "Draw a digit on the pad."), None, None, None, None, []]

    pad.input(on_stroke, [trained], shown, trigger_mode="always_last", concurrency_limit=4, **quiet).then(
        explain, [digit_state, trained], [saliency, maps], trigger_mode="always_last", **quiet)
    pad.clear(cleared, None, [*shown, saliency, maps], **quiet)
    upload.upload(on_upload, [upload, trained], shown, **quiet).then(
        explain, [digit_state, trained], [saliency, maps], **quiet)

    def model_changed(current: TrainedModel | None, digit: np.ndarray | None) -> list:
        note = answering(current)[1]
        if digit is None:
            return [note, gr.skip(), gr.skip()]
        model, _ = answering(current)
        probs = predict.probabilities(model, digit)
        return [note, result_html(model.classes, probs), label_value(model.classes, probs)]

    trained.change(model_changed, [trained, digit_state], [model_note, answer, label], **quiet).then(
        explain, [digit_state, trained], [saliency, maps], **quiet)
    demo.load(lambda current: answering(current)[1], [trained], [model_note], **quiet)

    api_button.click(classify_digit, [api_image, trained], [label], api_name="classify_digit", concurrency_limit=4)


def add_reference_endpoint(demo: gr.Blocks) -> None:
    """An endpoint with classify_digit's input and output that does no work: Gradio's own round trip.

    Only the draw benchmark adds it, to compare classify_digit against the floor.
    """
    with demo:
        with gr.Row(visible=False):
            image = gr.File(file_types=["image"])
            out = gr.Label()
            button = gr.Button()
        button.click(lambda path: {"0": 1.0}, [image], [out], api_name="reference_round_trip", concurrency_limit=4)
