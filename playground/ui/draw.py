"""Draw tab: draw a digit (or upload a photo) and see what the model says, and why.

The pad is a small canvas of our own (gr.HTML with a few lines of JavaScript): it
draws from the first touch with a thick round brush, works with a mouse, a pen or
a finger (Pointer Events), and sends the picture when a stroke ends. The stock
sketchpad first asks people to pick a tool, which a digit pad must not.

Each stroke runs two events: the prediction (preprocess + model, milliseconds), then
the explanations (feature maps, saliency), so the answer never waits for the why.
A problem with a drawing or an upload is said once, in the answer box (no toasts:
a pad filled stroke by stroke would stack the same one again and again).
"""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import numpy as np

from playground.digits import predict
from playground.digits.preprocess import DrawingError
from playground.train.trained import TrainedModel
from playground.ui.common import QUIET, error, guard
from playground.views import draw as draw_view
from playground.views.draw import answering, answering_note, decode_data_url, result_html

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

# The answer box's own styles (scoped to it): a guess for something that does not look like a digit
# is set apart from a sure answer, in amber with a dashed border
ANSWER_CSS = """
.pg-answer-unsure { border: 2px dashed #d97706; background: #fff7e6; gap: 6px; }
.pg-unsure-title { font-size: 1.15em; font-weight: 600; color: #92400e; text-align: center; padding: 0 12px; }
.pg-guess { font-size: 1.6em; font-weight: 800; color: #92400e; }
.pg-answer-unsure .pg-answer-msg { color: #7c4a03; }
"""

# The feature-map gallery shows each sheet whole, its caption under it (not only when clicked), one
# sheet a row on a phone. A gallery takes no CSS of its own, so the pad's page-level <head> carries it.
MAPS_CSS = """
#feature-maps > label[data-testid="block-label"] { position: relative; }
#feature-maps .grid-wrap { height: auto !important; max-height: none; overflow: visible; }
#feature-maps .grid-container { padding-top: 0; }
#feature-maps .thumbnail-item { aspect-ratio: auto; height: auto; display: flex; flex-direction: column;
  overflow: visible; }
#feature-maps .thumbnail-item img { width: 100%; height: auto; object-fit: contain; }
#feature-maps .caption-label { position: static; max-width: none; white-space: normal; opacity: 1; border: none;
  border-top: 1px solid var(--border-color-primary); border-radius: 0; background: var(--background-fill-primary);
  text-align: center; font-size: 0.9em; padding: 4px 6px; }
@media (max-width: 640px) { #feature-maps .grid-container { grid-template-columns: 1fr; } }
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


def classify_digit(image: str | None, trained: TrainedModel | None) -> dict[str, float]:
    """An image of one digit in (a file), the probability of every class out."""
    if not image:
        raise error("Send an image of one digit.")
    return draw_view.classify(image, trained)


def _layout() -> SimpleNamespace:
    ui = SimpleNamespace()
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            ui.pad = gr.HTML(html_template=PAD_HTML, css_template=PAD_CSS, js_on_load=PAD_JS, elem_id="pad",
                             head=f"<style>{MAPS_CSS}</style>")
            ui.upload = gr.UploadButton("Or upload a photo or scan of a digit", file_types=["image"], size="sm",
                                        elem_id="digit-upload")
            ui.model_note = gr.Markdown(answering_note(None), elem_id="answering")
        with gr.Column(scale=1, min_width=300):
            ui.answer = gr.HTML(result_html([], None, draw_view.PROMPT), css_template=ANSWER_CSS, elem_id="answer")
            ui.label = gr.Label(num_top_classes=10, label="Probabilities", elem_id="probabilities")
    with gr.Row(equal_height=False):
        ui.seen = gr.Image(label="What the model sees (28×28, MNIST-centred)", height=240, interactive=False,
                           elem_id="seen", buttons=[])
        ui.saliency = gr.Image(label="Saliency: the pixels the answer depends on most (SmoothGrad)", height=240,
                               interactive=False, elem_id="saliency", buttons=[])
    ui.maps = gr.Gallery(label="Feature maps of each convolution (brighter = stronger response)", columns=2,
                         height="auto", object_fit="contain", allow_preview=True, buttons=[], elem_id="feature-maps")
    with gr.Row(visible=False):  # the public API's input: a file, so bad files get our own messages
        ui.api_image = gr.File(label="digit image", file_types=["image"])
        ui.api_button = gr.Button()
    return ui


def _shown(reading: draw_view.Reading) -> list:
    """[answer, label, seen, digit] for a reading; a problem shows in the answer box, once."""
    return [reading.answer, reading.label, reading.seen, reading.digit]


def create_tab(demo: gr.Blocks, trained: gr.State) -> None:
    digit_state = gr.State(None)  # the last prepared 28×28 digit, for the explanations and for model changes
    ui = _layout()
    shown = [ui.answer, ui.label, ui.seen, digit_state]
    why = [ui.saliency, ui.maps]

    def on_stroke(current: TrainedModel | None, evt: gr.EventData) -> list:
        try:
            data = decode_data_url(getattr(evt, "_data", {}).get("image"))
        except DrawingError as exc:
            return _shown(draw_view.problem(str(exc)))
        return _shown(draw_view.read(data, current))

    def on_upload(path: str | None, current: TrainedModel | None) -> list:
        return _shown(draw_view.read(path, current, upload=True)) if path else [gr.skip()] * 4

    def explain(digit: np.ndarray | None, current: TrainedModel | None) -> list:
        if digit is None:
            return [None, []]
        explanation = predict.explain(answering(current)[0], digit)
        return [explanation.saliency, explanation.feature_maps]

    def cleared() -> list:
        return [result_html([], None, draw_view.PROMPT), None, None, None, None, []]

    ui.pad.input(guard(on_stroke), [trained], shown, trigger_mode="always_last", concurrency_limit=4, **QUIET).then(
        guard(explain), [digit_state, trained], why, trigger_mode="always_last", **QUIET)
    ui.pad.clear(cleared, None, [*shown, *why], **QUIET)
    ui.upload.upload(guard(on_upload), [ui.upload, trained], shown, **QUIET).then(
        guard(explain), [digit_state, trained], why, **QUIET)

    def model_changed(current: TrainedModel | None, digit: np.ndarray | None) -> list:
        model, note = answering(current)
        if digit is None:
            return [note, gr.skip(), gr.skip()]
        return [note, *draw_view.answer(model, digit)]

    trained.change(guard(model_changed), [trained, digit_state], [ui.model_note, ui.answer, ui.label], **QUIET).then(
        guard(explain), [digit_state, trained], why, **QUIET)
    demo.load(answering_note, [trained], [ui.model_note], **QUIET)
    ui.api_button.click(guard(classify_digit), [ui.api_image, trained], [ui.label], api_name="classify_digit",
                        concurrency_limit=4)
