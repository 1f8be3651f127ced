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

from html import escape
from types import SimpleNamespace

import gradio as gr
import numpy as np

from playground import i18n
from playground.digits import predict
from playground.digits.preprocess import DrawingError
from playground.train.trained import TrainedModel
from playground.ui.common import QUIET, error, guard
from playground.ui.words import L
from playground.views import draw as draw_view
from playground.views.draw import answering, decode_data_url, prompt_html


def _both(key: str, attribute: str = "") -> str:
    """A text of the pad in both languages, as data attributes its script picks from (``PAD_JS``'s ``say``):
    the pad is a template of its own, which the page's translation does not reach."""
    en, es = (escape(i18n.t(key, lang)) for lang in ("en", "es"))
    return f'data-{attribute}en="{en}" data-{attribute}es="{es}"'


# the English at first; its script says it in the page's language at once, and again when the page's language flips
PAD_HTML = (
    '<div class="pg-pad">'  # i18n: not text
    f'<canvas width="800" height="800" aria-label="{escape(i18n.t("draw.pad_label", "en"))}" '  # i18n: not text
    f'{_both("draw.pad_label", "aria-")}></canvas>'
    '<div class="pg-pad-bar">'  # i18n: not text
    f'<span {_both("draw.pad_hint")}>{escape(i18n.t("draw.pad_hint", "en"))}</span>'
    f'<button type="button" class="pg-pad-clear" {_both("draw.clear")}>'  # i18n: not text
    f'{escape(i18n.t("draw.clear", "en"))}</button></div></div>'
)

PAD_CSS = """/* # i18n: not text (CSS) */
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
MAPS_CSS = """/* # i18n: not text (CSS) */
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
.pg-draw-note p { font-size: 0.85rem; line-height: 1.4; margin: 0; color: var(--body-text-color-subdued); }
.pg-draw-note [title] { text-decoration: underline dotted; cursor: help; }
"""

# Strokes are black on a transparent canvas, as browsers' sketchpads deliver them.
PAD_JS = """// # i18n: not text (a script)
const canvas = element.querySelector('canvas');
const ctx = canvas.getContext('2d');
const BRUSH = 56;  // px of the 800 px canvas: thick enough to survive the reduction to 28x28
function say() {  // the pad's words in the page's language (html[data-pg-lang], set by the ES | EN switch)
  const es = document.documentElement.dataset.pgLang === 'es';
  element.querySelectorAll('[data-en]').forEach(e => { e.textContent = es ? e.dataset.es : e.dataset.en; });
  element.querySelectorAll('[data-aria-en]').forEach(e => {
    e.setAttribute('aria-label', es ? e.dataset.ariaEs : e.dataset.ariaEn); });
}
say();
new MutationObserver(say).observe(document.documentElement, {attributes: true, attributeFilter: ['data-pg-lang']});
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
        raise error("draw.send_image")
    return draw_view.classify(image, trained)


# the answer box before anything is drawn: the prompt, translated by the page (it follows the ES | EN switch)
FIRST_ANSWER = f'<div class="pg-answer pg-answer-prompt"><div class="pg-answer-msg">{L("draw.prompt")}</div></div>'


def _note(key: str, elem_id: str) -> gr.Markdown:
    """A short explanation under a picture, its terms defined on hover (``<abbr>`` in the table's text)."""
    return gr.Markdown(L(key), elem_id=elem_id, elem_classes=["pg-draw-note"])


def _layout() -> SimpleNamespace:
    ui = SimpleNamespace()
    with gr.Accordion(L("draw.what_is_this"), open=False, elem_id="draw-what"):
        gr.Markdown(L("draw.what_body"))
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            ui.pad = gr.HTML(html_template=PAD_HTML, css_template=PAD_CSS, js_on_load=PAD_JS, elem_id="pad",
                             head=f"<style>{MAPS_CSS}</style>")
            ui.upload = gr.UploadButton(L("draw.upload"), file_types=["image"], size="sm", elem_id="digit-upload")
            ui.model_note = gr.Markdown(L("draw.answering_default"), elem_id="answering")
        with gr.Column(scale=1, min_width=300):
            ui.answer = gr.HTML(FIRST_ANSWER, css_template=ANSWER_CSS, elem_id="answer")
            with gr.Accordion(L("draw.doubt_title"), open=False, elem_id="draw-doubt"):
                gr.Markdown(L("draw.doubt_body"))
            ui.label = gr.Label(num_top_classes=10, label=L("draw.probabilities"), elem_id="probabilities")
            _note("draw.probs_note", "draw-probs-note")
    with gr.Row(equal_height=False):
        with gr.Column(min_width=240):
            ui.seen = gr.Image(label=L("draw.seen"), height=240, interactive=False, elem_id="seen", buttons=[])
            _note("draw.seen_note", "draw-seen-note")
        with gr.Column(min_width=240):
            ui.saliency = gr.Image(label=L("draw.saliency"), height=240, interactive=False, elem_id="saliency",
                                   buttons=[])
            _note("draw.saliency_note", "draw-saliency-note")
    ui.maps = gr.Gallery(label=L("draw.maps"), columns=2, height="auto", object_fit="contain", allow_preview=True,
                         buttons=[], elem_id="feature-maps")
    _note("draw.maps_note", "draw-maps-note")
    with gr.Row(visible=False):  # the public API's input: a file, so bad files get our own messages
        ui.api_image = gr.File(label=L("draw.api_image"), file_types=["image"])
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
            return _shown(draw_view.problem(exc))
        return _shown(draw_view.read(data, current))

    def on_upload(path: str | None, current: TrainedModel | None) -> list:
        return _shown(draw_view.read(path, current, upload=True)) if path else [gr.skip()] * 4

    def explain(digit: np.ndarray | None, current: TrainedModel | None) -> list:
        if digit is None:
            return [None, []]
        explanation = predict.explain(answering(current)[0], digit)
        return [explanation.saliency, explanation.feature_maps]

    def cleared() -> list:
        return [prompt_html(), None, None, None, None, []]

    ui.pad.input(guard(on_stroke), [trained], shown, trigger_mode="always_last", concurrency_limit=4, **QUIET).then(
        guard(explain), [digit_state, trained], why, trigger_mode="always_last", **QUIET)
    ui.pad.clear(guard(cleared), None, [*shown, *why], **QUIET)
    ui.upload.upload(guard(on_upload), [ui.upload, trained], shown, **QUIET).then(
        guard(explain), [digit_state, trained], why, **QUIET)

    def model_changed(current: TrainedModel | None, digit: np.ndarray | None) -> list:
        model, note = answering(current)
        if digit is None:
            return [note, gr.skip(), gr.skip()]
        return [note, *draw_view.answer(model, digit)]

    trained.change(guard(model_changed), [trained, digit_state], [ui.model_note, ui.answer, ui.label], **QUIET).then(
        guard(explain), [digit_state, trained], why, **QUIET)
    ui.api_button.click(guard(classify_digit), [ui.api_image, trained], [ui.label], api_name="classify_digit",
                        concurrency_limit=4)
