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
from playground.text import store
from playground.text.data import TOKENIZER_OPTIONS, builtin, own_text
from playground.text.inside import gates_for
from playground.text.job import DEFAULT_RUN, DEFAULTS_BEAT_BIGRAM, Budget, train_models
from playground.text.models import ARCHS, POSITIONS, LMConfig, param_count
from playground.text.tokenize import KINDS
from playground.ui.common import QUIET, Switch, error, failure_note, guard, live_box, live_view, on_gpu, stream_live
from playground.ui.words import L
from playground.views import text as text_views
from playground.views import lm_training as lm_views
from playground.views.common import export_file

STOP = "#lm-stop-btn"  # the live view sends this button's clicks straight to the run (no event, no queue)
CORPUS_CHOICES = [("Tiny Shakespeare (English)", "en"), ("Don Quijote (Español)", "es"),  # i18n: not text
                  (L("next_word.own_text_choice"), "own")]
TOKENIZER_LABELS = {"word": L("next_word.tok_word"), "char": L("next_word.tok_char"),  # by tokenize.KINDS
                    "bpe": f"BPE ({TOKENIZER_OPTIONS['bpe']['vocab_size']:,})"}


def _what(key: str) -> None:
    """A closed "What is this?" explanation."""
    with gr.Accordion(L("next_word.what_is_this"), open=False, elem_classes=["pg-what"]):
        gr.Markdown(L(key))


def _query_panel(ui: SimpleNamespace) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            ui.prompt = gr.Textbox(label=L("next_word.prompt"), info=L("next_word.prompt_info"), lines=2,
                                   value=text_views.PLACEHOLDERS["en"], max_length=100_000, elem_id="lm-prompt")
            ui.tokens = gr.HTML(elem_id="lm-tokens")
            ui.note = gr.Markdown(elem_id="lm-note")
        with gr.Column(scale=2, min_width=260):
            ui.model = gr.Dropdown(text_views.model_choices(False), value=text_views.default_model("en"),
                                   label=L("next_word.model"), elem_id="lm-model")  # the page's language: on load
            ui.k = gr.Slider(1, 20, value=8, step=1, label=L("next_word.k"), info=L("next_word.k_info"))
    with gr.Row(equal_height=False):
        ui.bars = gr.Plot(show_label=False, elem_id="lm-bars")
        ui.partner_bars = gr.Plot(show_label=False, elem_id="lm-bars-partner")
    ui.append = gr.Radio([], label=L("next_word.append"), elem_id="lm-append")
    gr.Markdown(L("next_word.specials_note"), elem_id="lm-specials")


def _generate_panel(ui: SimpleNamespace) -> None:
    with gr.Accordion(L("next_word.generate"), open=True):
        gr.Markdown(L("next_word.generate_how"), elem_id="lm-generate-how")
        with gr.Row():
            ui.length = gr.Slider(1, 200, value=40, step=1, label=L("next_word.length"))
            ui.temperature = gr.Slider(0, 2, value=0.8, step=0.05, label=L("next_word.temperature"),
                                       info=L("next_word.temperature_info"))
            ui.top_k = gr.Slider(0, 100, value=40, step=1, label=L("next_word.top_k"), info=L("next_word.top_k_info"))
            ui.top_p = gr.Slider(0.05, 1, value=0.95, step=0.05, label=L("next_word.top_p"),
                                 info=L("next_word.top_p_info"))
            ui.seed = gr.Number(0, label=L("next_word.seed"), info=L("next_word.seed_info"), precision=0, min_width=90)
            ui.no_rare = gr.Checkbox(True, label=L("next_word.no_rare"), elem_id="lm-no-rare")
        with gr.Row():
            ui.generate_btn = gr.Button(L("next_word.generate"), variant="primary", elem_id="lm-generate")
            ui.randomize = gr.Button(L("next_word.new_seed"), size="sm")
        ui.generated = gr.HTML(elem_id="lm-generated")


def _inside_panel(ui: SimpleNamespace) -> None:
    with gr.Accordion(L("next_word.inside"), open=False, elem_id="lm-inside"):
        gr.Markdown(L("next_word.inside_intro"))
        with gr.Tabs(overflow_behavior="wrap", elem_id="lm-inside-tabs"):  # all three in sight on a phone
            with gr.Tab(L("next_word.tab_attention")):
                _what("next_word.attention_what")
                with gr.Row():
                    ui.att_layer = gr.Slider(1, 4, value=1, step=1, label=L("next_word.layer"), elem_id="lm-att-layer")
                    ui.att_head = gr.Slider(1, 4, value=1, step=1, label=L("next_word.head"),
                                            info=L("next_word.head_info"), elem_id="lm-att-head")
                    ui.att_btn = gr.Button(L("next_word.show_attention"), elem_id="lm-attention-btn")
                ui.att_plot = gr.Plot(show_label=False, elem_id="lm-attention")
                ui.pos_btn = gr.Button(L("next_word.show_positions"), size="sm")
                ui.pos_plot = gr.Plot(show_label=False, elem_id="lm-positions")
            with gr.Tab(L("next_word.tab_gates")):
                _what("next_word.gates_what")
                with gr.Row():
                    ui.gate = gr.Dropdown([(f"{k}: {L(f'next_word.gate_{k}')}", k) for k in gates_for("lstm")],
                                          value="f", label=L("next_word.gate"), info=L("next_word.gate_info"),
                                          elem_id="lm-gate")
                    ui.gate_layer = gr.Slider(1, 2, value=1, step=1, label=L("next_word.layer"),
                                              elem_id="lm-gate-layer")
                    ui.all_units = gr.Checkbox(False, label=L("next_word.all_units"))
                    ui.gate_btn = gr.Button(L("next_word.show"), elem_id="lm-gates-btn")
                ui.gate_plot = gr.Plot(show_label=False, elem_id="lm-gates")
            with gr.Tab(L("next_word.tab_nearest")):
                _what("next_word.nearest_what")
                with gr.Row():
                    ui.word = gr.Textbox(label=L("next_word.word"), value=text_views.NEAREST_WORD["en"], max_length=100,
                                         elem_id="lm-word")
                    ui.near_btn = gr.Button(L("next_word.find_nearest"), elem_id="lm-near-btn")
                ui.nearest = gr.HTML(elem_id="lm-nearest")
        ui.inside_note = gr.Markdown(elem_id="lm-inside-note")


def _train_panel(ui: SimpleNamespace, limits: TrainLimits) -> None:
    with gr.Accordion(L("next_word.train"), open=False, elem_id="lm-train"):
        _what("next_word.train_what")
        with gr.Row():
            ui.corpus = gr.Radio(CORPUS_CHOICES, value=DEFAULT_RUN["corpus"], label=L("next_word.corpus"),
                                 elem_id="lm-corpus")
            ui.tokenizer = gr.Radio([(TOKENIZER_LABELS[kind], kind) for kind in KINDS], value=DEFAULT_RUN["kind"],
                                    label=L("next_word.tokens"), info=L("next_word.tokens_info"))
        with gr.Row(visible=False) as ui.own_row:
            ui.own_text = gr.Textbox(label=L("next_word.paste"), lines=6, max_length=5_000_000, elem_id="lm-own-text")
            ui.own_file = gr.File(label=L("next_word.upload_txt"), file_types=[".txt"], type="filepath")
        with gr.Row():
            ui.arch = gr.Dropdown(list(ARCHS), value=DEFAULT_RUN["arch"], label=L("next_word.arch"), elem_id="lm-arch")
            ui.compare_arch = gr.Dropdown(list(ARCHS), value="transformer", label=L("next_word.compare_arch"))
            ui.n_layer = gr.Slider(1, 6, value=DEFAULT_RUN["n_layer"], step=1, label=L("next_word.layers"))
            ui.n_embd = gr.Slider(16, 512, value=DEFAULT_RUN["n_embd"], step=16, label=L("next_word.width"),
                                  info=L("next_word.width_info"))
            ui.n_head = gr.Slider(1, 8, value=4, step=1, label=L("next_word.heads"), info=L("next_word.heads_info"))
        with gr.Row():
            ui.block = gr.Slider(8, 256, value=DEFAULT_RUN["block_size"], step=8, label=L("next_word.context"),
                                 info=L("next_word.context_info"))
            ui.dropout = gr.Slider(0, 0.6, value=DEFAULT_RUN["dropout"], step=0.05, label=L("next_word.dropout"),
                                   info=L("next_word.dropout_info"))
            ui.tied = gr.Checkbox(True, label=L("next_word.tied"), info=L("next_word.tied_info"))
            ui.positions = gr.Radio([(L(f"next_word.pos_{p}"), p) for p in POSITIONS], value="learned",
                                    label=L("next_word.positions"), info=L("next_word.positions_info"))
        with gr.Row():
            ui.steps = gr.Slider(20, 5000, value=DEFAULT_RUN["steps"], step=20, label=L("next_word.steps"))
            ui.seconds = gr.Number(0, label=L("next_word.seconds"), precision=0)
            ui.lm_lr = gr.Number(DEFAULT_RUN["lr"], label=L("next_word.lr"))
        ui.params = gr.Markdown(elem_id="lm-params")
        with gr.Row():
            ui.train_btn = gr.Button(L("next_word.train_btn"), variant="primary", elem_id="lm-train-btn")
            ui.compare_btn = gr.Button(L("next_word.compare_btn"), elem_id="lm-compare-btn")
            ui.stop_btn = gr.Button(L("next_word.stop"), variant="stop", elem_id="lm-stop-btn")
        ui.status = live_view(value=lm_views.lm_status(None, "", lm_views.ready_note()), elem_id="lm-status")
        ui.curves = gr.Plot(show_label=False, elem_id="lm-curves")
        with gr.Row():
            ui.save = gr.DownloadButton(L("next_word.save"), interactive=False, elem_id="lm-save")
            ui.load = gr.UploadButton(L("next_word.load"), file_types=[".safetensors"], elem_id="lm-load")


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
            return ["", text_views.empty_prompt(), None, gr.Plot(value=None, visible=False),
                    gr.Radio(choices=[], value=None)]
        lm = text_views.resolve(name, own)
        words, note = text_views.next_words(lm, prompt, int(k))
        other = text_views.partner(name)
        partner = text_views.bars_figure(text_views.next_words(store.shipped(other), prompt, int(k))[0],
                                         text_views.bars_title(other, partner=True)) if other else None
        choices = text_views.append_choices(words)
        return [text_views.tokens_html(lm, prompt), note, text_views.bars_figure(words, text_views.bars_title(name)),
                gr.Plot(value=partner, visible=partner is not None), gr.Radio(choices=choices, value=None)]

    def opening(self, k: int, own: store.LanguageModel | None) -> list:
        """On load only (never when the page's language flips later): a model, prompt and word in the page's
        language, and the guesses for them, so the first bars match the model shown."""
        lang = i18n.language()
        name, prompt = text_views.default_model(lang), text_views.PLACEHOLDERS[lang]
        return [name, prompt, text_views.NEAREST_WORD[lang], *self.query(prompt, name, k, own)]

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
            yield "", text_views.empty_prompt()
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
                problem = exc.message()
        vocab = data.tokenizer.vocab_size if data else {"char": 100, "bpe": 2000}.get(kind, 5000)
        notes = list(data.notes) if data else []
        try:
            if data:
                block, context_note = data.fit_context(int(block))
                notes += [context_note] if context_note else []
            cfg = _config(arch, n_layer, n_embd, n_head, block, dropout, tied, vocab)
        except UserError as exc:
            return f"⚠ {exc.message()}"
        return lm_views.params_markdown(param_count(cfg), self.limits.max_params, vocab, data is not None,
                                          notes, problem)

    def train(self, sw: Switch, kept: dict | None, archs: list[str], corpus, kind, text, path, n_layer, n_embd,
              n_head, block, dropout, tied, positions, steps, seconds, lr):
        """Train one architecture, or two with the same budget: status and curves live, then the model."""
        sw.start()
        reading = lm_views.lm_status(None, self.device_name, i18n.t("next_word.reading"))
        yield {self.ui.status: live_box(sw.channel, reading, stop=STOP)}
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
    demo.load(guard(tab.opening), [ui.k, own], [ui.model, ui.prompt, ui.word, *outputs], **QUIET)
    ui.append.select(tab.append, [ui.prompt, ui.append], [ui.prompt], **QUIET)

    def model_language(name: str):  # a shipped model starts on a prompt (and a word) in its own language
        if name == "session":
            return gr.skip(), gr.skip()
        lang = "en" if name.startswith("en") else "es"
        return text_views.PLACEHOLDERS[lang], text_views.NEAREST_WORD[lang]

    ui.model.change(model_language, [ui.model], [ui.prompt, ui.word], **QUIET)
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

    def ready() -> str:  # the status before a run, in the page's language (the layout's is English)
        return lm_views.lm_status(None, "", lm_views.ready_note())

    demo.load(guard(ready), None, [ui.status], **QUIET)
    ui.corpus.change(lambda c: gr.Row(visible=c == "own"), [ui.corpus], [ui.own_row], **QUIET)
    values = [ui.corpus, ui.tokenizer, ui.own_text, ui.own_file, ui.n_layer, ui.n_embd, ui.n_head, ui.block,
              ui.dropout, ui.tied, ui.positions, ui.steps, ui.seconds, ui.lm_lr]

    def make(compare: bool):
        def train(sw, kept, arch, other, *settings):
            archs = [arch, other] if compare and other != arch else [arch]
            try:
                yield from tab.train(sw, kept, archs, *settings)
            except Exception as exc:
                note = failure_note(exc, "language-model training")  # i18n: not text (the log's name)
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
            raise error("common.no_file")
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
    gr.Markdown(L("next_word.intro"))
    with gr.Accordion(L("next_word.what_title"), open=False, elem_id="lm-what"):
        gr.Markdown(L("next_word.what"))
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
