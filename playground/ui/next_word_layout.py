"""The Next-word tab's layout: the panels (query, generate, look inside, train) and the API's hidden inputs;
``playground.ui.next_word`` wires them."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from playground import i18n
from playground.config import TrainLimits
from playground.text.data import TOKENIZER_OPTIONS
from playground.text.inside import first_gate, gates_for
from playground.text.job import DEFAULT_RUN
from playground.text.models import ARCHS, POSITIONS
from playground.text.tokenize import KINDS
from playground.ui.common import live_view
from playground.ui.words import L
from playground.views import text as text_views
from playground.views import lm_training as lm_views

CORPUS_CHOICES = [("Tiny Shakespeare (English)", "en"), ("Don Quijote (Español)", "es"),  # i18n: not text
                  (L("next_word.own_text_choice"), "own")]


def _tokenizer_label(kind: str):
    """A tokenizer kind's choice: its name from the tables, else the kind with its vocabulary size ("BPE (2,000)")."""
    if i18n.has(f"next_word.tok_{kind}"):
        return L(f"next_word.tok_{kind}")
    size = TOKENIZER_OPTIONS.get(kind, {}).get("vocab_size")
    return f"{kind.upper()} ({size:,})" if size else kind.upper()  # i18n: not text (a tokenizer's own name)


TOKENIZER_LABELS = {kind: _tokenizer_label(kind) for kind in KINDS}


def _what(key: str) -> None:
    """A closed "What is this?" explanation."""
    with gr.Accordion(L("next_word.what_is_this"), open=False, elem_classes=["pg-what"]):
        gr.Markdown(L(key))


def query_panel(ui: SimpleNamespace) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            ui.prompt = gr.Textbox(label=L("next_word.prompt"), info=L("next_word.prompt_info"), lines=2,
                                   value=text_views.PLACEHOLDERS["en"], max_length=100_000, elem_id="lm-prompt")
            ui.tokens = gr.HTML(elem_id="lm-tokens")
            ui.note = gr.Markdown(elem_id="lm-note")
        with gr.Column(scale=2, min_width=260):
            ui.model = gr.Dropdown(text_views.model_choices(False), value=text_views.default_model("en"),
                                   label=L("next_word.model"), allow_custom_value=True,  # a repo typed in the box
                                   elem_id="lm-model")  # the page's language: on load
            ui.hub_repo = gr.Textbox(label=L("hub.repo"), info=L("hub.repo_info"), max_length=200,
                                     placeholder="openai-community/gpt2", elem_id="lm-hub-repo")  # i18n: not text
            ui.k = gr.Slider(1, 20, value=8, step=1, label=L("next_word.k"), info=L("next_word.k_info"))
    with gr.Row(equal_height=False):
        ui.bars = gr.Plot(show_label=False, elem_id="lm-bars")
        ui.partner_bars = gr.Plot(show_label=False, elem_id="lm-bars-partner")
    ui.append = gr.Radio([], label=L("next_word.append"), elem_id="lm-append")
    gr.Markdown(L("next_word.specials_note"), elem_id="lm-specials")


def generate_panel(ui: SimpleNamespace) -> None:
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


def inside_panel(ui: SimpleNamespace) -> None:
    with gr.Accordion(L("next_word.inside"), open=False, elem_id="lm-inside"):
        gr.Markdown(L("next_word.inside_intro"))
        with gr.Tabs(overflow_behavior="wrap", elem_id="lm-inside-tabs"):  # all four in sight on a phone
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
                                          value=first_gate("lstm"), label=L("next_word.gate"),
                                          info=L("next_word.gate_info"), elem_id="lm-gate")
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
            with gr.Tab(L("hub.tab_lens")):
                _what("hub.lens_what")
                ui.lens_btn = gr.Button(L("hub.show_lens"), elem_id="lm-lens-btn")
                ui.lens_plot = gr.Plot(show_label=False, elem_id="lm-lens")
                with gr.Row():
                    ui.continuation = gr.Textbox(label=L("hub.continuation"), info=L("hub.continuation_info"),
                                                 max_length=500, elem_id="lm-continuation")
                    ui.cont_btn = gr.Button(L("hub.continuation_btn"), elem_id="lm-continuation-btn")
                ui.cont_out = gr.HTML(elem_id="lm-continuation-out")
        ui.inside_note = gr.Markdown(elem_id="lm-inside-note")


def train_panel(ui: SimpleNamespace, limits: TrainLimits) -> None:
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


def api_row(ui: SimpleNamespace) -> None:
    with gr.Row(visible=False):  # the public API: positional inputs as documented in the README
        ui.api = SimpleNamespace(
            prompt=gr.Textbox(), model=gr.Textbox(), k=gr.Number(precision=0), length=gr.Number(precision=0),
            temperature=gr.Number(), top_k=gr.Number(precision=0), top_p=gr.Number(), seed=gr.Number(precision=0),
            words=gr.JSON(), text=gr.Textbox(), next_btn=gr.Button(), gen_btn=gr.Button())
