"""Next-word tab: query, generate with, look inside and train language models (English and Spanish).

Thin: ``playground.text`` holds the models, tokenizers and training (``text.job``: Train and
Compare); ``playground.views.text`` and ``views.lm_training`` turn them into HTML, figures and updates
by name.
Per-session state: ``own`` (this session's trained model, a LanguageModel on the CPU),
``runs`` (the training curves of this session's runs on one text, for the comparison plot)
and ``switch`` (Stop, and the pace of the live frames).
"""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

from playground import i18n
from playground.config import ServeSettings, TrainLimits
from playground.devices import describe, pick_device
from playground.errors import UserError
from playground.hub import lm as hub_lm
from playground.hub.lm import HubLM
from playground.text import store
from playground.text.job import Budget, ModelChoice, TextChoice, job_archs
from playground.ui.common import QUIET, Switch, error, failure_note, guard, held, live_box, on_gpu, stream_live
from playground.ui.words import L
from playground.ui.next_word_layout import api_row, generate_panel, inside_panel, query_panel, train_panel
from playground.views import text as text_views
from playground.views import hub_text as hub_views
from playground.views import lm_training as lm_views

STOP = "#lm-stop-btn"  # the live view sends this button's clicks straight to the run (no event, no queue)


class NextWordHandlers:
    """The handlers, with what they share: the device, the data directory and the caps."""

    def __init__(self, ui: SimpleNamespace, settings: ServeSettings, limits: TrainLimits, own: gr.State,
                 runs: gr.State):
        self.ui, self.limits, self.runs = ui, limits, runs
        # update names (playground.views.lm_training.training_updates) -> components
        self.targets = {"status": ui.status, "curves": ui.curves, "model": own, "runs": runs}
        self.device = pick_device(settings.device)
        self.device_name = describe(self.device)
        self.data_dir = str(Path(settings.data_dir))

    # ---- query ----------------------------------------------------------------------------

    def query(self, prompt: str, name: str, k: int, own: store.LanguageModel | None) -> list:
        found = text_views.query_updates(prompt, name, k, own)
        return [found["tokens"], found["note"], found["bars"],
                gr.Plot(value=found["partner"], visible=found["partner"] is not None),
                gr.Radio(choices=found["choices"], value=None)]

    def model_changed(self, prompt: str, name: str, word: str, k: int, own: store.LanguageModel | None):
        """A new model: its guesses for the prompt, in one answer (a second event could land after them with the
        prompt before the change). A prompt or word still at a language's default starts in the model's
        language; a prompt the person wrote stays. A Hub model not loaded yet says how its download goes first."""
        if hub_lm.is_hub(name):  # a Hub model keeps the prompt
            for note in hub_views.loading_notes(name, lambda: hub_lm.load(name)):
                yield [gr.skip()] * 3 + [note] + [gr.skip()] * 3
        new_prompt, new_word = text_views.follow_language(name, prompt, word)
        yield [gr.skip() if new_prompt is None else new_prompt, gr.skip() if new_word is None else new_word,
               *self.query(prompt if new_prompt is None else new_prompt, name, k, own)]

    def opening(self, k: int, own: store.LanguageModel | None) -> list:
        """On load only (never when the page's language flips later): a model, prompt and word in the page's
        language, and the guesses for them, so the first bars match the model shown."""
        lang = i18n.language()
        name, prompt = text_views.default_model(lang), text_views.PLACEHOLDERS[lang]
        return [name, prompt, text_views.NEAREST_WORD[lang], *self.query(prompt, name, k, own)]

    @staticmethod
    def append(prompt: str, token: str | None, name: str, own: store.LanguageModel | None) -> str:
        return text_views.appended(prompt, token, name, own) if token else gr.skip()

    def generate(self, prompt, name, length, temperature, top_k, top_p, seed, no_rare, own):
        if text_views.is_blank(prompt):  # the same note as the guesses show (one note, never a second)
            yield "", text_views.empty_prompt()
            return
        lm = text_views.resolve(name, own)
        for _, pieces in text_views.generate_text(lm, prompt, length, temperature, top_k, top_p, seed, no_rare):
            yield text_views.generation_html(pieces, prompt, glued=isinstance(lm, HubLM)), gr.skip()

    @staticmethod
    def use_repo(repo: str, own) -> gr.Dropdown:
        """A repo id typed in the box becomes the chosen model (``hf:<repo>``)."""
        repo = hub_lm.repo_of(repo or "")
        return gr.Dropdown(choices=text_views.model_choices(own is not None, repo), value=text_views.hub_name(repo))

    # ---- look inside -----------------------------------------------------------------------

    def inside(self, what: str, prompt: str, name: str, own, *args: Any):
        """One Look-inside view and its note (where the view does not apply to the model, only the note)."""
        return text_views.inside_view(text_views.resolve(name, own), what, prompt, *args)

    def inside_controls(self, name: str, own) -> list:
        """The Look-inside controls for the chosen model: its layers, heads and gates; the note on the rest."""
        try:
            fit = text_views.inside_fit(text_views.resolve(name, own))
        except UserError:
            return [gr.skip()] * 5
        transformer, gates = fit["heads"] > 0, bool(fit["gates"])

        def upto(n: int, applies: bool) -> gr.Slider:  # a slider needs two ends: one choice is shown, not offered
            return gr.Slider(minimum=1, maximum=max(n, 2), value=1, interactive=applies and n > 1)

        return [upto(fit["layers"], transformer), upto(fit["heads"], transformer),
                gr.Dropdown(choices=fit["gates"], value=fit["gate"], interactive=gates),
                upto(fit["layers"], gates),
                fit["note"]]

    # ---- training --------------------------------------------------------------------------

    def params(self, corpus, kind, text, path, arch, n_layer, n_embd, n_head, block, dropout, tied, positions) -> str:
        """The parameter count with the text's real vocabulary, and how training will adapt to the text."""
        return lm_views.params_line(TextChoice(corpus, kind, text, path),
                                    ModelChoice(arch, n_layer, n_embd, n_head, block, dropout, tied, positions),
                                    self.data_dir, self.limits.max_params)

    def train(self, sw: Switch, kept: dict | None, archs: list[str], corpus, kind, text, path, n_layer, n_embd,
              n_head, block, dropout, tied, positions, steps, seconds, lr):
        """Train one architecture, or two with the same budget: status and curves live, then the model."""
        sw.start()
        yield {self.ui.status: live_box(sw.channel, lm_views.reading_status(self.device_name), stop=STOP)}
        updates = lm_views.job_updates(
            TextChoice(corpus, kind, text, path),
            ModelChoice(archs[0], n_layer, n_embd, n_head, block, dropout, tied, positions), archs,
            Budget.from_controls(steps, seconds, lr), kept, self.data_dir, self.device, self.device_name,
            sw.should_stop, sw.channel, self.limits)
        yield from stream_live(updates, self.targets, self.ui.status, sw.channel)


def _wire_query(tab: NextWordHandlers, ui: SimpleNamespace, own: gr.State, demo: gr.Blocks) -> None:
    inputs = [ui.prompt, ui.model, ui.k, own]
    outputs = [ui.tokens, ui.note, ui.bars, ui.partner_bars, ui.append]
    for trigger in (ui.prompt.change, ui.k.change):
        trigger(guard(tab.query), inputs, outputs, trigger_mode="always_last", **QUIET)
    ui.model.change(guard(tab.model_changed), [ui.prompt, ui.model, ui.word, ui.k, own], [ui.prompt, ui.word, *outputs],
                    trigger_mode="always_last", **QUIET)
    demo.load(guard(tab.opening), [ui.k, own], [ui.model, ui.prompt, ui.word, *outputs], **QUIET)
    ui.append.select(guard(tab.append), [ui.prompt, ui.append, ui.model, own], [ui.prompt], **QUIET)
    ui.hub_repo.submit(guard(tab.use_repo), [ui.hub_repo, own], [ui.model], **QUIET)
    ui.generate_btn.click(guard(tab.generate), [ui.prompt, ui.model, ui.length, ui.temperature, ui.top_k, ui.top_p,
                                                ui.seed, ui.no_rare, own], [ui.generated, ui.note], concurrency_limit=4,
                          **QUIET)
    ui.randomize.click(lambda: random.randrange(1_000_000), None, [ui.seed], **QUIET)


def _wire_inside(tab: NextWordHandlers, ui: SimpleNamespace, own: gr.State, demo: gr.Blocks) -> None:
    base = [ui.prompt, ui.model, own]

    def handler(what: str):
        def show(prompt, name, current, *args):
            return tab.inside(what, prompt, name, current, *args)
        return guard(show)

    ui.att_btn.click(handler("attention"), base + [ui.att_layer, ui.att_head], [ui.att_plot, ui.inside_note], **QUIET)
    ui.pos_btn.click(handler("positions"), base, [ui.pos_plot, ui.inside_note], **QUIET)
    ui.gate_btn.click(handler("gates"), base + [ui.gate, ui.gate_layer, ui.all_units], [ui.gate_plot, ui.inside_note],
                      **QUIET)
    ui.near_btn.click(handler("nearest"), base + [ui.word], [ui.nearest, ui.inside_note], **QUIET)
    ui.lens_btn.click(handler("lens"), base, [ui.lens_plot, ui.inside_note], **QUIET)
    ui.cont_btn.click(handler("continuation"), base + [ui.continuation], [ui.cont_out, ui.inside_note], **QUIET)
    controls = [ui.att_layer, ui.att_head, ui.gate, ui.gate_layer, ui.inside_note]
    for trigger in (ui.model.change, own.change):  # the controls follow the model
        trigger(guard(tab.inside_controls), [ui.model, own], controls, **QUIET)
    demo.load(guard(tab.inside_controls), [ui.model, own], controls, **QUIET)


def _wire_training(tab: NextWordHandlers, ui: SimpleNamespace, own: gr.State, switch: gr.State, demo: gr.Blocks) -> None:
    shape = [ui.corpus, ui.tokenizer, ui.own_text, ui.own_file, ui.arch, ui.n_layer, ui.n_embd, ui.n_head, ui.block,
             ui.dropout, ui.tied, ui.positions]
    for widget in shape:
        widget.change(guard(tab.params), shape, [ui.params], trigger_mode="always_last", **QUIET)
    demo.load(guard(tab.params), shape, [ui.params], **QUIET)

    def ready() -> str:  # the status before a run, in the page's language (the layout's is English)
        return lm_views.lm_status(None, "", lm_views.ready_note())

    demo.load(guard(ready), None, [ui.status], **QUIET)
    ui.corpus.change(lambda c: gr.Row(visible=c == "own"), [ui.corpus], [ui.own_row], **QUIET)
    values = [ui.corpus, ui.tokenizer, ui.own_text, ui.own_file, ui.n_layer, ui.n_embd, ui.n_head, ui.block,
              ui.dropout, ui.tied, ui.positions, ui.steps, ui.seconds, ui.lm_lr]

    def make(compare: bool):
        def train(sw, kept, arch, other, *settings):
            try:
                yield from tab.train(sw, kept, job_archs(arch, other, compare), *settings)
            except Exception as exc:
                note = failure_note(exc, "language-model training")  # i18n: not text (the log's name)
                yield {ui.status: lm_views.lm_status(None, tab.device_name, note, "error")}
        return on_gpu(guard(train), tab.limits)  # guard: every step speaks the page's language

    queue = {"concurrency_limit": tab.limits.concurrent, "concurrency_id": "training"}
    train_inputs = [switch, tab.runs, ui.arch, ui.compare_arch, *values]
    outputs = [ui.status, ui.curves, own, tab.runs]
    busy = [ui.train_btn, ui.compare_btn]
    held(ui.train_btn.click, busy, make(False), train_inputs, outputs, **queue, **QUIET)
    held(ui.compare_btn.click, busy, make(True), train_inputs, outputs, **queue, **QUIET)

    def model_ready(current):
        if current is None:
            return gr.skip(), gr.DownloadButton(interactive=False)
        return (gr.Dropdown(choices=text_views.model_choices(True), value="session"),
                gr.DownloadButton(value=lm_views.model_file(current), interactive=True))

    own.change(guard(model_ready), [own], [ui.model, ui.save], **QUIET)

    def load(path: str | None):
        if not path:
            raise error("common.no_file")
        return store.from_bytes(Path(path).read_bytes())

    ui.load.upload(guard(load), [ui.load], [own], **QUIET)


def _wire_api(tab: NextWordHandlers, ui: SimpleNamespace, own: gr.State) -> None:
    api = ui.api

    def next_word(prompt: str, model: str, k: int, current) -> list[dict]:
        """The top-k next words for a prompt: [{"word", "probability"}], best first."""
        words, _ = text_views.next_words(text_views.resolve(model, current), prompt, 5 if k is None else int(k))
        return text_views.public_words(words)

    def generate_text(prompt: str, model: str, length: int, temperature: float, top_k: int, top_p: float, seed: int,
                      current) -> str:
        """Generated text (the prompt not included); the same seed and settings give the same text."""
        text = ""
        for text, _ in text_views.generate_text(text_views.resolve(model, current), prompt, int(length), float(temperature),
                                        int(top_k or 0), float(top_p or 1.0), int(seed or 0)):
            pass
        return text

    api.next_btn.click(guard(next_word), [api.prompt, api.model, api.k, own], [api.words], api_name="next_word",
                       concurrency_limit=8)
    api.gen_btn.click(guard(generate_text), [api.prompt, api.model, api.length, api.temperature, api.top_k, api.top_p,
                                             api.seed, own], [api.text], api_name="generate_text", concurrency_limit=4)


def create_tab(demo: gr.Blocks, settings: ServeSettings, limits: TrainLimits | None = None) -> None:
    """Lay out the Next-word tab inside the current gr.Tab and wire its events."""
    limits = limits or TrainLimits()
    own = gr.State(None)  # this session's LanguageModel
    runs = gr.State(None)  # {"text": what it was trained on, "runs": {arch: History}}: the comparison plot
    switch = gr.State(Switch())
    ui = SimpleNamespace()
    gr.Markdown(L("next_word.intro"))
    with gr.Accordion(L("next_word.what_title"), open=False, elem_id="lm-what"):
        gr.Markdown(L("next_word.what"))
    query_panel(ui)
    generate_panel(ui)
    inside_panel(ui)
    train_panel(ui, limits)
    api_row(ui)
    tab = NextWordHandlers(ui, settings, limits, own, runs)
    _wire_query(tab, ui, own, demo)
    _wire_inside(tab, ui, own, demo)
    _wire_training(tab, ui, own, switch, demo)
    _wire_api(tab, ui, own)
