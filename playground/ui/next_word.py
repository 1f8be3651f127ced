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

from playground.config import ServeSettings, TrainLimits
from playground.devices import describe, pick_device
from playground.errors import UserError
from playground.text import store
from playground.text.data import TOKENIZER_OPTIONS, builtin, own_text
from playground.text.inside import GATE_NAMES, gates_for
from playground.text.job import DEFAULT_RUN, DEFAULTS_BEAT_BIGRAM, Budget, train_models
from playground.text.models import ARCHS, POSITIONS, LMConfig, param_count
from playground.text.tokenize import KINDS
from playground.ui.common import QUIET, Switch, error, failure_note, guard, live_box, live_view, on_gpu, stream_live
from playground.views import text as text_views
from playground.views import lm_training as lm_views
from playground.views.common import export_file

STOP = "#lm-stop-btn"  # the live view sends this button's clicks straight to the run (no event, no queue)
CORPUS_CHOICES = [("Tiny Shakespeare (English)", "en"), ("Don Quijote (Español)", "es"), ("Your own text", "own")]
TOKENIZER_LABELS = {"word": "words", "char": "characters",  # by tokenize.KINDS
                    "bpe": f"BPE ({TOKENIZER_OPTIONS['bpe']['vocab_size']:,})"}


def _query_panel(ui: SimpleNamespace) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            ui.prompt = gr.Textbox(label="Prompt", value=text_views.PLACEHOLDERS["es"], lines=2, max_length=100_000,
                                   elem_id="lm-prompt")
            ui.tokens = gr.HTML(elem_id="lm-tokens")
            ui.note = gr.Markdown(elem_id="lm-note")
        with gr.Column(scale=2, min_width=260):
            ui.model = gr.Dropdown(text_views.model_choices(False), value="es-transformer", label="Model", elem_id="lm-model")
            ui.k = gr.Slider(1, 20, value=8, step=1, label="How many next words (k)")
    with gr.Row(equal_height=False):
        ui.bars = gr.Plot(show_label=False, elem_id="lm-bars")
        ui.partner_bars = gr.Plot(show_label=False, elem_id="lm-bars-partner")
    ui.append = gr.Radio([], label="Click a word to append it to the prompt", elem_id="lm-append")
    gr.Markdown(text_views.SPECIALS_NOTE, elem_id="lm-specials")


def _generate_panel(ui: SimpleNamespace) -> None:
    with gr.Accordion("Generate", open=True):
        with gr.Row():
            ui.length = gr.Slider(1, 200, value=40, step=1, label="Length (tokens)")
            ui.temperature = gr.Slider(0, 2, value=0.8, step=0.05, label="Temperature (0: always the likeliest)")
            ui.top_k = gr.Slider(0, 100, value=40, step=1, label="Top-k (0: off)")
            ui.top_p = gr.Slider(0.05, 1, value=0.95, step=0.05, label="Top-p (1: off)")
            ui.seed = gr.Number(0, label="Seed", precision=0, min_width=90)
            ui.no_rare = gr.Checkbox(True, label="Keep (rare word) out of the text", elem_id="lm-no-rare")
        with gr.Row():
            ui.generate_btn = gr.Button("Generate", variant="primary", elem_id="lm-generate")
            ui.randomize = gr.Button("New seed", size="sm")
        ui.generated = gr.HTML(elem_id="lm-generated")


def _inside_panel(ui: SimpleNamespace) -> None:
    with gr.Accordion("Look inside", open=False, elem_id="lm-inside"):
        gr.Markdown("For the model and prompt above. Transformers: attention and positions; LSTM/GRU/RNN: gates and "
                    "states (recomputed from the layer's own weights); any model: nearest words.")
        with gr.Tabs(overflow_behavior="wrap", elem_id="lm-inside-tabs"):  # all three in sight on a phone
            with gr.Tab("Attention"):
                with gr.Row():
                    ui.att_layer = gr.Slider(1, 4, value=1, step=1, label="Layer", elem_id="lm-att-layer")
                    ui.att_head = gr.Slider(1, 4, value=1, step=1, label="Head", elem_id="lm-att-head")
                    ui.att_btn = gr.Button("Show attention", elem_id="lm-attention-btn")
                ui.att_plot = gr.Plot(show_label=False, elem_id="lm-attention")
                ui.pos_btn = gr.Button("Show the positional encoding", size="sm")
                ui.pos_plot = gr.Plot(show_label=False, elem_id="lm-positions")
            with gr.Tab("Gates and states"):
                with gr.Row():
                    ui.gate = gr.Dropdown([(f"{k}: {GATE_NAMES[k]}", k) for k in gates_for("lstm")], value="f",
                                          label="Gate or state", elem_id="lm-gate")
                    ui.gate_layer = gr.Slider(1, 2, value=1, step=1, label="Layer", elem_id="lm-gate-layer")
                    ui.all_units = gr.Checkbox(False, label="Every unit (the full heatmap)")
                    ui.gate_btn = gr.Button("Show", elem_id="lm-gates-btn")
                ui.gate_plot = gr.Plot(show_label=False, elem_id="lm-gates")
            with gr.Tab("Nearest words"):
                with gr.Row():
                    ui.word = gr.Textbox(label="A word", value="rey", max_length=100)
                    ui.near_btn = gr.Button("Find the nearest", elem_id="lm-near-btn")
                ui.nearest = gr.HTML(elem_id="lm-nearest")
        ui.inside_note = gr.Markdown(elem_id="lm-inside-note")


def _train_panel(ui: SimpleNamespace, limits: TrainLimits) -> None:
    with gr.Accordion("Train your own", open=False, elem_id="lm-train"):
        with gr.Row():
            ui.corpus = gr.Radio(CORPUS_CHOICES, value=DEFAULT_RUN["corpus"], label="Text", elem_id="lm-corpus")
            ui.tokenizer = gr.Radio([(TOKENIZER_LABELS[kind], kind) for kind in KINDS], value=DEFAULT_RUN["kind"],
                                    label="Tokens")
        with gr.Row(visible=False) as ui.own_row:
            ui.own_text = gr.Textbox(label="Paste your text (UTF-8)", lines=6, max_length=5_000_000,
                                     elem_id="lm-own-text")
            ui.own_file = gr.File(label="…or upload a .txt", file_types=[".txt"], type="filepath")
        with gr.Row():
            ui.arch = gr.Dropdown(list(ARCHS), value=DEFAULT_RUN["arch"], label="Architecture", elem_id="lm-arch")
            ui.compare_arch = gr.Dropdown(list(ARCHS), value="transformer", label="Compare with")
            ui.n_layer = gr.Slider(1, 6, value=DEFAULT_RUN["n_layer"], step=1, label="Layers")
            ui.n_embd = gr.Slider(16, 512, value=DEFAULT_RUN["n_embd"], step=16, label="Width")
            ui.n_head = gr.Slider(1, 8, value=4, step=1, label="Heads (transformer)")
        with gr.Row():
            ui.block = gr.Slider(8, 256, value=DEFAULT_RUN["block_size"], step=8, label="Context length (tokens)")
            ui.dropout = gr.Slider(0, 0.6, value=DEFAULT_RUN["dropout"], step=0.05, label="Dropout")
            ui.tied = gr.Checkbox(True, label="Tie input and output embeddings")
            ui.positions = gr.Radio(list(POSITIONS), value="learned", label="Positions (transformer)")
        with gr.Row():
            ui.steps = gr.Slider(20, 5000, value=DEFAULT_RUN["steps"], step=20,
                                 label="Budget: steps (the same for both in a comparison)")
            ui.seconds = gr.Number(0, label="…or seconds each (0: no time budget)", precision=0)
            ui.lm_lr = gr.Number(DEFAULT_RUN["lr"], label="Learning rate")
        ui.params = gr.Markdown(elem_id="lm-params")
        with gr.Row():
            ui.train_btn = gr.Button("Train", variant="primary", elem_id="lm-train-btn")
            ui.compare_btn = gr.Button("Compare the two", elem_id="lm-compare-btn")
            ui.stop_btn = gr.Button("Stop", variant="stop", elem_id="lm-stop-btn")
        ui.status = live_view(value=lm_views.lm_status(None, "", lm_views.ready_note()), elem_id="lm-status")
        ui.curves = gr.Plot(show_label=False, elem_id="lm-curves")
        with gr.Row():
            ui.save = gr.DownloadButton("Download this model (.safetensors)", interactive=False, elem_id="lm-save")
            ui.load = gr.UploadButton("Load a model (.safetensors)", file_types=[".safetensors"], elem_id="lm-load")


def _api_row(ui: SimpleNamespace) -> None:
    with gr.Row(visible=False):  # the public API: positional inputs as documented in the README
        ui.api = SimpleNamespace(
            prompt=gr.Textbox(), model=gr.Textbox(), k=gr.Number(precision=0), length=gr.Number(precision=0),
            temperature=gr.Number(), top_k=gr.Number(precision=0), top_p=gr.Number(), seed=gr.Number(precision=0),
            words=gr.JSON(), text=gr.Textbox(), next_btn=gr.Button(), gen_btn=gr.Button())


def _config(arch, n_layer, n_embd, n_head, block, dropout, tied, vocab_size, positions="learned") -> LMConfig:
    cfg = LMConfig(arch=arch, vocab_size=int(vocab_size), n_layer=int(n_layer), n_embd=int(n_embd),
                   n_head=int(n_head) if arch == "transformer" else 1, block_size=int(block),
                   dropout=float(dropout), tie_weights=bool(tied), positions=positions)
    cfg.check()
    return cfg


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
        if text_views.is_blank(prompt):  # a note beside the prompt, gone once it has words: no error
            return ["", text_views.EMPTY_PROMPT, None, gr.Plot(value=None, visible=False),
                    gr.Radio(choices=[], value=None)]
        lm = text_views.resolve(name, own)
        words, note = text_views.next_words(lm, prompt, int(k))
        other = text_views.partner(name)
        partner = text_views.bars_figure(text_views.next_words(store.shipped(other), prompt, int(k))[0],
                                 f"{other} (same prompt)") if other else None
        choices = text_views.append_choices(words)
        return [text_views.tokens_html(lm, prompt), note, text_views.bars_figure(words, f"{name}: the next token"),
                gr.Plot(value=partner, visible=partner is not None), gr.Radio(choices=choices, value=None)]

    @staticmethod
    def append(prompt: str, word: str | None) -> str:
        if not word:
            return gr.skip()
        if word == "<p>":
            return prompt.rstrip() + "\n\n"
        glue = "" if word in ",.;:!?)»…" or prompt.endswith(("¿", "¡", "(", "\n")) else " "
        return prompt.rstrip(" ") + glue + word

    def generate(self, prompt, name, length, temperature, top_k, top_p, seed, no_rare, own):
        if text_views.is_blank(prompt):  # the same note as the guesses show (one note, never a second)
            yield "", text_views.EMPTY_PROMPT
            return
        lm = text_views.resolve(name, own)
        for _, pieces in text_views.generate_text(lm, prompt, length, temperature, top_k, top_p, seed, no_rare):
            yield text_views.generation_html(pieces, prompt), gr.skip()

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
        transformer, gates = fit["heads"] > 0, [value for _, value in fit["gates"]]

        def upto(n: int, applies: bool) -> gr.Slider:  # a slider needs two ends: one choice is shown, not offered
            return gr.Slider(minimum=1, maximum=max(n, 2), value=1, interactive=applies and n > 1)

        return [upto(fit["layers"], transformer), upto(fit["heads"], transformer),
                gr.Dropdown(choices=fit["gates"], value=("f" if "f" in gates else gates[0]) if gates else None,
                            interactive=bool(gates)),
                upto(fit["layers"], bool(gates)),
                fit["note"]]

    # ---- training --------------------------------------------------------------------------

    def data(self, corpus: str, kind: str, text: str, path: str | None):
        if corpus != "own":
            return builtin(corpus, kind, self.data_dir)
        if path:
            return own_text(Path(path).read_bytes(), kind)
        return own_text(text or "", kind)

    def params(self, corpus, kind, text, path, arch, n_layer, n_embd, n_head, block, dropout, tied) -> str:
        """The parameter count with the text's real vocabulary, and how training will adapt to the text."""
        data, problem = None, ""
        if corpus != "own" or text or path:
            try:
                data = self.data(corpus, kind, text, path)
            except UserError as exc:  # a book not on disk and offline, or a text too short: say so, keep an estimate
                problem = str(exc)
        vocab = data.tokenizer.vocab_size if data else {"char": 100, "bpe": 2000}.get(kind, 5000)
        notes = list(data.notes) if data else []
        try:
            if data:
                block, context_note = data.fit_context(int(block))
                notes += [context_note] if context_note else []
            cfg = _config(arch, n_layer, n_embd, n_head, block, dropout, tied, vocab)
        except UserError as exc:
            return f"⚠ {exc}"
        return lm_views.params_markdown(param_count(cfg), self.limits.max_params, vocab, data is not None,
                                          notes, problem)

    def train(self, sw: Switch, kept: dict | None, archs: list[str], corpus, kind, text, path, n_layer, n_embd,
              n_head, block, dropout, tied, positions, steps, seconds, lr):
        """Train one architecture, or two with the same budget: status and curves live, then the model."""
        sw.start()
        yield {self.ui.status: live_box(sw.channel, lm_views.lm_status(None, self.device_name, "Reading the text…"),
                                        stop=STOP)}
        data = self.data(corpus, kind, text, path)
        configs = [_config(arch, n_layer, n_embd, n_head, block, dropout, tied, data.tokenizer.vocab_size,
                           positions) for arch in archs]
        budget = Budget(steps=int(steps), seconds=float(seconds or 0), lr=float(lr))
        job = train_models(data, configs, budget, self.device, sw.should_stop, self.limits.max_params,
                           self.limits.max_seconds)
        same_text = kept if kept and kept.get("text") == (corpus, kind, text, path) else None
        chosen = {"corpus": corpus, "kind": kind, "arch": archs[0] if len(archs) == 1 else None, "n_layer": n_layer,
                  "n_embd": n_embd, "block_size": block, "dropout": dropout, "steps": steps, "lr": lr}
        defaults = chosen == DEFAULT_RUN and tied and not seconds  # then the page can say when it passes the bigram
        updates = lm_views.training_updates(job, self.device_name, data, kind, same_text and same_text["runs"],
                                              sw.channel, DEFAULTS_BEAT_BIGRAM["steps"] if defaults else None)
        for update in stream_live(updates, self.targets, self.ui.status, sw.channel):
            if self.runs in update:
                update[self.runs] = {"text": (corpus, kind, text, path), "runs": update[self.runs]}
            yield update


def _wire_query(tab: NextWordHandlers, ui: SimpleNamespace, own: gr.State, demo: gr.Blocks) -> None:
    inputs = [ui.prompt, ui.model, ui.k, own]
    outputs = [ui.tokens, ui.note, ui.bars, ui.partner_bars, ui.append]
    for trigger in (ui.prompt.change, ui.model.change, ui.k.change):
        trigger(guard(tab.query), inputs, outputs, trigger_mode="always_last", **QUIET)
    demo.load(guard(tab.query), inputs, outputs, **QUIET)
    ui.append.select(tab.append, [ui.prompt, ui.append], [ui.prompt], **QUIET)
    ui.model.change(lambda name: text_views.PLACEHOLDERS["en" if name.startswith("en") else "es"] if name != "session"
                    else gr.skip(), [ui.model], [ui.prompt], **QUIET)
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
    controls = [ui.att_layer, ui.att_head, ui.gate, ui.gate_layer, ui.inside_note]
    for trigger in (ui.model.change, own.change):  # the controls follow the model
        trigger(guard(tab.inside_controls), [ui.model, own], controls, **QUIET)
    demo.load(guard(tab.inside_controls), [ui.model, own], controls, **QUIET)


def _wire_training(tab: NextWordHandlers, ui: SimpleNamespace, own: gr.State, switch: gr.State, demo: gr.Blocks) -> None:
    shape = [ui.corpus, ui.tokenizer, ui.own_text, ui.own_file, ui.arch, ui.n_layer, ui.n_embd, ui.n_head, ui.block,
             ui.dropout, ui.tied]
    for widget in shape:
        widget.change(guard(tab.params), shape, [ui.params], trigger_mode="always_last", **QUIET)
    demo.load(guard(tab.params), shape, [ui.params], **QUIET)
    ui.corpus.change(lambda c: gr.Row(visible=c == "own"), [ui.corpus], [ui.own_row], **QUIET)
    values = [ui.corpus, ui.tokenizer, ui.own_text, ui.own_file, ui.n_layer, ui.n_embd, ui.n_head, ui.block,
              ui.dropout, ui.tied, ui.positions, ui.steps, ui.seconds, ui.lm_lr]

    def make(compare: bool):
        def train(sw, kept, arch, other, *settings):
            archs = [arch, other] if compare and other != arch else [arch]
            try:
                yield from tab.train(sw, kept, archs, *settings)
            except Exception as exc:
                note = failure_note(exc, "language-model training")
                yield {ui.status: lm_views.lm_status(None, tab.device_name, note, "error")}
        return on_gpu(train, tab.limits)

    queue = {"concurrency_limit": tab.limits.concurrent, "concurrency_id": "training"}
    train_inputs = [switch, tab.runs, ui.arch, ui.compare_arch, *values]
    outputs = [ui.status, ui.curves, own, tab.runs]
    ui.train_btn.click(make(False), train_inputs, outputs, **queue, **QUIET)
    ui.compare_btn.click(make(True), train_inputs, outputs, **queue, **QUIET)

    def model_ready(current):
        if current is None:
            return gr.skip(), gr.DownloadButton(interactive=False)
        path = export_file(f"next-word-{current.config.arch}.safetensors",
                           store.to_bytes(current.model, current.tokenizer, current.info))
        return (gr.Dropdown(choices=text_views.model_choices(True), value="session"),
                gr.DownloadButton(value=path, interactive=True))

    own.change(guard(model_ready), [own], [ui.model, ui.save], **QUIET)

    def load(path: str | None):
        if not path:
            raise error("No file arrived.")
        return store.from_bytes(Path(path).read_bytes())

    ui.load.upload(guard(load), [ui.load], [own], **QUIET)


def _wire_api(tab: NextWordHandlers, ui: SimpleNamespace, own: gr.State) -> None:
    api = ui.api

    def next_word(prompt: str, model: str, k: int, current) -> list[dict]:
        """The top-k next words for a prompt: [{"word", "probability"}], best first."""
        return text_views.next_words(text_views.resolve(model, current), prompt, 5 if k is None else int(k))[0]

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
    gr.Markdown("Language models predict the next word. Type a prompt and watch the guesses change; generate; open "
                "the models up; or train your own RNN, LSTM, GRU or transformer and compare them with n-gram "
                "baselines on the same tokens.")
    _query_panel(ui)
    _generate_panel(ui)
    _inside_panel(ui)
    _train_panel(ui, limits)
    _api_row(ui)
    tab = NextWordHandlers(ui, settings, limits, own, runs)
    _wire_query(tab, ui, own, demo)
    _wire_inside(tab, ui, own, demo)
    _wire_training(tab, ui, own, switch, demo)
    _wire_api(tab, ui, own)
