"""CNN builder tab: edit a network layer by layer and see every layer's shape and cost.

Thin by design: each handler turns widget values into a spec edit (playground.cnn.spec),
summarizes it (playground.cnn.summary) and formats the result
(``playground.views.builder``, ``playground.views.plots``). The spec lives in a
per-session ``gr.State`` owned by app.py, shared with the Training tab; undo history
and the selected row are this tab's own state.
"""

from __future__ import annotations

import html
from types import SimpleNamespace
from typing import Any, Callable

import gradio as gr

from playground.cnn import spec as specs
from playground.cnn.layers import LAYER_TYPES, parse_value
from playground.cnn.summary import summarize
from playground.config import BuilderLimits
from playground.i18n import t
from playground.ui.common import QUIET, error, guard
from playground.ui.words import L
from playground.views import builder as view
from playground.views.common import export_file, sentence
from playground.views.plots import network_diagram

FIELD_ARGS = view.field_args()  # one editor field per argument any layer has
PRESET_KEYS = {  # each preset's name on the page (its value stays the name)
    "Classic CNN (48×48 RGB)": "builder.preset_classic",
    "LeNet-5": "builder.preset_lenet",
    "pytorch/examples MNIST": "builder.preset_examples",
    "Fast MNIST (Training default)": "builder.preset_fast",
    "Empty": "builder.preset_empty",
}


def _preset_choices() -> list:
    return [(L(PRESET_KEYS[name]), name) if name in PRESET_KEYS else name for name in specs.PRESETS]


def summarize_cnn(spec_json: str) -> dict:
    """Summarize a network given as builder JSON.

    Returns {"ok", "input", "output_shape", "errors", "notes", "totals", "layers"}:
    per layer its output shape, parameters, multiply-accumulates and any error.
    """
    return summarize(specs.parse_spec(spec_json)).to_dict()


def _first_view(spec: dict) -> SimpleNamespace:
    """What the tab shows for ``spec`` before any event: the components are built with it, so the first
    page already has the network (no zero sizes or empty table while the page waits for its load event).
    It runs on the CPU (the first spec is the small default): the meta device's first use would hold up the
    app's start by importing torch._dynamo; every edit afterwards runs on meta."""
    summary = summarize(spec, device="cpu")
    sel = view.clamp_selection(spec, 0)
    fix = view.fix_label(summary)
    return SimpleNamespace(spec=spec, summary=summary, sel=sel, fix=fix,
                           fields={f_arg.name: f for f_arg, f in zip(FIELD_ARGS, view.field_views(spec, sel, FIELD_ARGS))})


def _layout(first: SimpleNamespace) -> SimpleNamespace:
    ui = SimpleNamespace()
    spec, summary, sel = first.spec, first.summary, first.sel
    c, h, w = spec["input"]
    gr.Markdown(L("builder.intro"))
    with gr.Row(equal_height=False):
        with gr.Accordion(L("builder.what_title"), open=False, elem_id="builder-what"):
            gr.Markdown(L("builder.what_text"))
        with gr.Accordion(L("builder.numbers_title"), open=False, elem_id="builder-numbers"):
            gr.Markdown(L("builder.numbers_text"))
    with gr.Row(equal_height=False):
        ui.input_choice = gr.Radio([*specs.INPUT_PRESETS, (L("builder.custom"), view.CUSTOM)],
                                   label=L("builder.input_label"), info=L("builder.input_info"), scale=3,
                                   value=view.input_choice(spec["input"]), min_width=280, elem_id="input-choice")
        with gr.Column(scale=2, min_width=240), gr.Row(equal_height=False):  # side by side, on a phone too
            # no minimum=: Gradio's own check adds a second toast; _wire_input_boxes checks the values
            ui.in_c = gr.Number(c, label="C", precision=0, min_width=64, elem_id="in-c")
            ui.in_h = gr.Number(h, label="H", precision=0, min_width=64, elem_id="in-h")
            ui.in_w = gr.Number(w, label="W", precision=0, min_width=64, elem_id="in-w")
        with gr.Column(scale=2, min_width=280):  # wide enough for the longest preset's name
            ui.preset_pick = gr.Dropdown(_preset_choices(), value=specs.DEFAULT_PRESET, label=L("builder.preset"),
                                         elem_id="preset-pick")
            ui.preset_btn = gr.Button(L("builder.load_preset"), elem_id="load-preset")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            ui.totals = gr.HTML(view.totals_html(summary), elem_id="totals")
            # numbers never wrap (style.css); their columns are as wide as their longest value ("auto"),
            # the text columns fixed: on a narrow screen the table scrolls sideways instead of squeezing
            ui.table = gr.Dataframe(view.table_frame(summary, sel), headers=view.TABLE_COLUMNS, interactive=False,
                                    wrap=True, max_height=720, column_widths=view.TABLE_WIDTHS,
                                    label=L("builder.table_label"),
                                    elem_id="layer-table")
        with gr.Column(scale=1, min_width=320):
            _editor_panel(ui, first)
    ui.diagram = gr.Plot(network_diagram(summary), label=L("builder.diagram_label"), elem_id="diagram")
    _exports_panel(ui)
    return ui


def _editor_panel(ui: SimpleNamespace, first: SimpleNamespace) -> None:
    spec, sel = first.spec, first.sel
    with gr.Group():
        ui.layer_pick = gr.Dropdown(label=L("builder.edit_layer"), choices=view.layer_choices(first.summary), value=sel,
                                    elem_id="layer-pick")
        ui.layer_help = gr.Markdown(view.layer_help(spec, first.summary, sel), elem_id="layer-help")
        ui.layer_type = gr.Dropdown(list(LAYER_TYPES), label=L("builder.type"), elem_id="layer-type",
                                    value=spec["layers"][sel]["type"] if sel is not None else None)
        ui.fields = {}
        with gr.Row(equal_height=False):
            for arg in FIELD_ARGS:
                shown = first.fields[arg.name]
                common = {"label": arg.name, "info": L(arg.help), "visible": shown.visible, "min_width": 140,
                          "elem_classes": ["pg-arg"]}
                if shown.visible:
                    common["value"] = shown.value
                if shown.placeholder is not None:
                    common["placeholder"] = shown.placeholder
                if arg.kind == "bool":
                    ui.fields[arg.name] = gr.Checkbox(**common)
                elif arg.kind == "choice":
                    ui.fields[arg.name] = gr.Dropdown(list(arg.choices), **common)
                else:
                    ui.fields[arg.name] = gr.Textbox(**common, elem_id=f"arg-{arg.name}")
    with gr.Row():
        ui.up_btn = gr.Button(L("builder.up"), size="sm", min_width=60)
        ui.down_btn = gr.Button(L("builder.down"), size="sm", min_width=60)
        ui.delete_btn = gr.Button(L("builder.delete"), size="sm", variant="stop", min_width=60)
        ui.undo_btn = gr.Button(L("builder.undo"), size="sm", min_width=60, elem_id="undo")
    with gr.Row(equal_height=False):
        ui.new_type = gr.Dropdown(list(LAYER_TYPES), value="Conv2d", label=L("builder.new_layer"), scale=1,
                                  min_width=140,
                                  elem_id="new-type")
        with gr.Column(scale=1, min_width=140):
            ui.insert_btn = gr.Button(L("builder.insert_after"), size="sm", elem_id="insert-after")
            ui.add_btn = gr.Button(L("builder.add_end"), size="sm", elem_id="add-end")
    ui.fix_btn = gr.Button(first.fix or "", visible=bool(first.fix), variant="primary", elem_id="fix")


def _exports_panel(ui: SimpleNamespace) -> None:
    with gr.Tabs(overflow_behavior="wrap"):  # every export in sight on a phone, in either language
        with gr.Tab(L("builder.code_tab")):
            ui.code_dl = gr.DownloadButton(L("builder.code_download"), size="sm")
            ui.code_view = gr.Code(language="python", interactive=False, show_label=False, elem_id="code-view")
        with gr.Tab(L("builder.script_tab")):
            ui.script_dl = gr.DownloadButton(L("builder.script_download"), size="sm")
            ui.script_view = gr.Code(language="python", interactive=False, show_label=False, elem_id="script-view")
        with gr.Tab(L("builder.json_tab")):
            with gr.Row():
                ui.json_dl = gr.DownloadButton(L("builder.json_save"), size="sm")
                ui.json_up = gr.UploadButton(L("builder.json_load"), file_types=[".json"], size="sm",
                                             elem_id="json-upload")
                ui.json_apply = gr.Button(L("builder.json_apply"), size="sm", elem_id="json-apply")
            ui.json_view = gr.Code(language="json", interactive=True, show_label=False,
                                   elem_id="json-view")


class _Render:
    """Turns (spec, undo history, selection) into values for the tab's components."""

    def __init__(self, ui: SimpleNamespace, states: SimpleNamespace):
        self.structural = [states.net, states.history, states.selected, ui.table, ui.totals, ui.diagram,
                           ui.layer_pick, ui.fix_btn]
        self.boxes = [ui.in_c, ui.in_h, ui.in_w]
        self.editor = [ui.layer_help, ui.layer_type, *ui.fields.values(), ui.input_choice, *self.boxes]
        self.all = self.structural + self.editor
        self.input = self.structural + [ui.layer_help, ui.input_choice, *self.boxes]

    def __call__(self, spec: dict, hist: list, sel: int | None, editor: str = "full", boxes: bool = False) -> list:
        """Values for ``self.all``; with editor="help", for ``self.structural`` + [layer_help]; with
        editor="input", for ``self.input``, where the C/H/W boxes keep what is typed unless ``boxes``."""
        summary = summarize(spec)
        sel = view.clamp_selection(spec, sel)
        label = view.fix_label(summary)
        out = [spec, hist, sel, view.table_frame(summary, sel), view.totals_html(summary), network_diagram(summary),
               gr.Dropdown(choices=view.layer_choices(summary), value=sel),
               gr.Button(label, visible=True) if label else gr.Button(visible=False)]
        help_md = view.layer_help(spec, summary, sel)
        if editor == "help":
            return out + [help_md]
        if editor == "input":
            dims = spec["input"] if boxes else [gr.skip()] * 3
            return out + [help_md, view.input_choice(spec["input"]), *dims]
        fields = [gr.update(visible=f.visible, value=f.value, placeholder=f.placeholder) if f.placeholder is not None
                  else (gr.update(visible=True, value=f.value) if f.visible else gr.update(visible=False))
                  for f in view.field_views(spec, sel, FIELD_ARGS)]
        c, h, w = spec["input"]
        layer_type = gr.Dropdown(value=spec["layers"][sel]["type"] if sel is not None else None)
        return out + [help_md, layer_type, *fields, view.input_choice(spec["input"]), c, h, w]


def _wire_edits(ui: SimpleNamespace, states: SimpleNamespace, render: _Render, limits: BuilderLimits) -> None:
    state_in = [states.net, states.history, states.selected]

    def edit(fn: Callable[..., tuple[dict, int | None]], key: Callable[..., Any] | None = None) -> Callable:
        """Wrap a spec edit: remember the old spec for undo, then render the new one."""

        @guard
        def handler(spec: dict, hist: list, sel: int, *extra: Any) -> list:
            new_spec, new_sel = fn(spec, sel, *extra)
            return render(new_spec, view.push_undo(hist, spec, key(sel, *extra) if key else None, limits.undo_depth),
                          new_sel)

        return handler

    def on(event: Callable, fn: Callable, extra: list, **kwargs: Any) -> None:
        event(edit(fn), state_in + extra, render.all, **QUIET, **kwargs)

    on(ui.layer_type.input, lambda s, i, t: (specs.set_type(s, i, t), i), [ui.layer_type])
    on(ui.up_btn.click, lambda s, i: (specs.move_layer(s, i, -1), max(i - 1, 0)), [])
    on(ui.down_btn.click, lambda s, i: (specs.move_layer(s, i, 1), i + 1), [])
    on(ui.delete_btn.click, lambda s, i: (specs.delete_layer(s, i), i), [])
    on(ui.insert_btn.click, lambda s, i, t: view.insert_after(s, i, t, limits), [ui.new_type])
    on(ui.add_btn.click, lambda s, i, t: view.add_end(s, i, t, limits), [ui.new_type])
    on(ui.fix_btn.click, lambda s, i: view.apply_fix(s, i, limits), [])
    on(ui.preset_btn.click, lambda s, i, name: (specs.preset(name), 0), [ui.preset_pick])
    on(ui.json_apply.click, lambda s, i, text: (view.parse_json_text(text, limits), 0), [ui.json_view])
    on(ui.json_up.upload, lambda s, i, path: (view.parse_json_file(path, limits), 0), [ui.json_up])

    def choose_input(spec: dict, sel: int, choice: str, c: Any, h: Any, w: Any) -> tuple[dict, int]:
        typed = view.input_from_boxes(spec["input"], [c, h, w], limits, leaving=True)[0]
        dims = specs.INPUT_PRESETS.get(choice) or typed
        return specs.set_input(spec, list(dims), limits), sel

    on(ui.input_choice.input, choose_input, [ui.input_choice, ui.in_c, ui.in_h, ui.in_w])

    @guard
    def undo(spec: dict, hist: list, sel: int) -> list:
        if not hist:
            gr.Info(t("builder.nothing_to_undo"))
            return render(spec, hist, sel)
        *rest, (_, previous) = hist
        return render(previous, rest, sel)

    ui.undo_btn.click(undo, state_in, render.all, **QUIET)


def _wire_input_boxes(states: SimpleNamespace, render: _Render, limits: BuilderLimits) -> None:
    """C/H/W: typing re-renders the network and the radio but never the boxes, so no keystroke is
    lost. A size that cannot be gets one message, and boxes, radio and network agree on the size
    used instead (see view.input_from_boxes); an empty box waits until the person leaves it."""

    def set_size(leaving: bool) -> Callable:
        @guard
        def handler(spec: dict, hist: list, sel: int, *typed: Any) -> list:
            dims, message = view.input_from_boxes(spec["input"], list(typed), limits, leaving=leaving)
            if dims is None or (dims == spec["input"] and message is None):
                return [gr.skip()] * len(render.input)
            if dims != spec["input"]:
                hist = view.push_undo(hist, spec, ("input",), limits.undo_depth)
                spec = specs.set_input(spec, dims, limits)
            if message:
                gr.Warning(html.escape(sentence(message)))
            return render(spec, hist, sel, editor="input", boxes=message is not None)

        return handler

    inputs = [states.net, states.history, states.selected, *render.boxes]
    for box in render.boxes:
        box.input(set_size(False), inputs, render.input, trigger_mode="always_last", **QUIET)
        box.blur(set_size(True), inputs, render.input, **QUIET)


def _wire_selection(demo: gr.Blocks, ui: SimpleNamespace, states: SimpleNamespace, render: _Render,
                    tab: gr.Tab | None = None) -> None:
    state_in = [states.net, states.history, states.selected]

    @guard
    def show(spec: dict, hist: list, sel: int) -> list:
        return render(spec, hist, sel)

    @guard
    def pick_row(spec: dict, hist: list, evt: gr.SelectData) -> list:
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return render(spec, hist, max(int(row) - 1, 0))

    demo.load(show, state_in, render.all, **QUIET)
    if tab is not None:  # another tab may have changed the network (the Training tab's class-count fix)
        tab.select(show, state_in, render.all, **QUIET)
    ui.table.select(pick_row, [states.net, states.history], render.all, **QUIET)
    ui.layer_pick.input(show, state_in[:2] + [ui.layer_pick], render.all, **QUIET)


def _wire_fields(ui: SimpleNamespace, states: SimpleNamespace, render: _Render, limits: BuilderLimits) -> None:
    """Argument fields re-render everything but the editor, so typing is never interrupted."""

    def set_field(name: str) -> Callable:
        @guard
        def handler(spec: dict, hist: list, sel: int, raw: Any) -> list:
            if sel is None or not spec["layers"]:
                raise error("builder.select_first")
            value = (parse_value(raw) if raw.strip() else None) if isinstance(raw, str) else raw
            new_spec = specs.set_arg(spec, sel, name, value)
            hist = view.push_undo(hist, spec, ("arg", sel, name), limits.undo_depth)
            return render(new_spec, hist, sel, editor="help")

        return handler

    for name, field in ui.fields.items():
        field.input(set_field(name), [states.net, states.history, states.selected, field],
                    render.structural + [ui.layer_help], trigger_mode="always_last", **QUIET)


def _wire_exports(demo: gr.Blocks, ui: SimpleNamespace, states: SimpleNamespace) -> None:
    @guard
    def refresh_exports(spec: dict) -> list:
        code, script, json_text, ok = view.exports(spec, summarize(spec))
        return [
            code, script, json_text,
            gr.DownloadButton(value=export_file("net.py", code) if ok else None, interactive=ok),
            gr.DownloadButton(value=export_file("train_net.py", script) if ok else None, interactive=ok),
            gr.DownloadButton(value=export_file("network.json", json_text)),
        ]

    outputs = [ui.code_view, ui.script_view, ui.json_view, ui.code_dl, ui.script_dl, ui.json_dl]
    states.net.change(refresh_exports, [states.net], outputs, **QUIET)
    demo.load(refresh_exports, [states.net], outputs, **QUIET)


def create_tab(demo: gr.Blocks, net: gr.State, limits: BuilderLimits | None = None, tab: gr.Tab | None = None) -> None:
    """Lay out the builder inside the current gr.Tab; ``net`` holds the session's spec."""
    limits = limits or BuilderLimits()
    states = SimpleNamespace(net=net, history=gr.State([]), selected=gr.State(0))  # history: [[key, spec], ...]
    ui = _layout(_first_view(net.value))
    render = _Render(ui, states)
    _wire_selection(demo, ui, states, render, tab)
    _wire_edits(ui, states, render, limits)
    _wire_input_boxes(states, render, limits)
    _wire_fields(ui, states, render, limits)
    _wire_exports(demo, ui, states)
    gr.api(guard(summarize_cnn), api_name="summarize_cnn")
