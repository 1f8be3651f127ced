"""CNN builder tab: edit a network layer by layer and see every layer's shape and cost.

Thin by design: each handler turns widget values into a spec edit (playground.cnn.spec),
summarizes it (playground.cnn.summary) and formats the result (builder_view, plots).
The spec lives in a per-session ``gr.State`` owned by app.py, shared with the
Training tab; undo history and the selected row are this tab's own state.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any, Callable

import gradio as gr

from playground.cnn import spec as specs
from playground.cnn.layers import LAYER_TYPES, SpecError, parse_value
from playground.cnn.summary import Summary, summarize
from playground.config import BuilderLimits
from playground.ui import builder_view as view
from playground.ui.plots import network_diagram

log = logging.getLogger(__name__)
CUSTOM = "Custom"
MAX_JSON_BYTES = 1_000_000

# Every argument any layer has, in a stable order: one editor field each, shown when the
# selected layer's type takes it.
FIELD_ARGS = []
for _t in LAYER_TYPES.values():
    for _a in _t.args:
        if _a.name not in {a.name for a in FIELD_ARGS}:
            FIELD_ARGS.append(_a)


def summarize_cnn(spec_json: str) -> dict:
    """Summarize a network given as builder JSON.

    Returns {"ok", "input", "output_shape", "errors", "notes", "totals", "layers"}:
    per layer its output shape, parameters, multiply-accumulates and any error.
    """
    try:
        spec = specs.parse_spec(spec_json)
    except SpecError as exc:
        raise gr.Error(str(exc)) from None
    return summarize(spec).to_dict()


def fix_label(summary: Summary) -> str | None:
    """The one-click repair the page offers, if any row asks for one."""
    row = next((r for r in summary.rows if r.fix), None)
    if row is None:
        return None
    if row.fix == "insert_flatten":
        return f"Fix: insert Flatten before layer {row.index}"
    return "Fix: add Flatten + Linear(10) at the end"


def redraw_payload(spec: dict, selected: int | None) -> list:
    """What one edit sends to the browser (table, totals, diagram), serialized as Gradio does.

    The tab's handlers compute exactly this; the builder benchmark times it.
    """
    summary = summarize(spec)
    table = gr.Dataframe(headers=view.TABLE_COLUMNS, render=False)
    return [
        table.postprocess(view.table_frame(summary, selected)).model_dump(),
        view.totals_html(summary),
        gr.Plot(render=False).postprocess(network_diagram(summary)).model_dump(),
    ]


def _guard(fn: Callable) -> Callable:
    """Turn any failure into a clear message on the page; the session's state is untouched."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except SpecError as exc:
            raise gr.Error(str(exc)) from None
        except Exception as exc:  # never a traceback on the page
            log.exception("builder handler failed")
            raise gr.Error(f"Something went wrong: {type(exc).__name__}: {exc}") from None

    return wrapper


def _push(history: list, spec: dict, key: Any, limits: BuilderLimits) -> list:
    """Remember ``spec`` for undo; repeated edits of one field collapse into one step."""
    if history and key is not None and history[-1][0] == key:
        return history
    return (history + [[key, spec]])[-limits.undo_depth :]


def _field_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _input_choice(dims: list[int]) -> str:
    return next((k for k, v in specs.INPUT_PRESETS.items() if list(v) == list(dims)), CUSTOM)


def create_tab(demo: gr.Blocks, net: gr.State, limits: BuilderLimits | None = None) -> None:
    """Lay out the builder inside the current gr.Tab; ``net`` holds the session's spec."""
    limits = limits or BuilderLimits()
    history = gr.State([])  # [[edit key, spec before the edit], ...]
    selected = gr.State(0)  # 0-based index of the layer being edited

    gr.Markdown(
        "Build a CNN layer by layer. Every edit re-runs the real PyTorch layers on the "
        "`meta` device, so shapes, parameters and MACs are PyTorch's own. "
        "`in_channels` and `in_features` are inferred from the layer before."
    )
    with gr.Row(equal_height=False):
        input_choice = gr.Radio(
            [*specs.INPUT_PRESETS, CUSTOM], label="Input (C×H×W)", scale=3, elem_id="input-choice"
        )
        in_c = gr.Number(label="C", precision=0, minimum=1, scale=1, min_width=70)
        in_h = gr.Number(label="H", precision=0, minimum=1, scale=1, min_width=70)
        in_w = gr.Number(label="W", precision=0, minimum=1, scale=1, min_width=70)
        preset_pick = gr.Dropdown(list(specs.PRESETS), value=specs.DEFAULT_PRESET, label="Preset", scale=2)
        preset_btn = gr.Button("Load preset", scale=1, elem_id="load-preset")

    with gr.Row(equal_height=False):
        with gr.Column(scale=5):
            totals = gr.HTML(elem_id="totals")
            table = gr.Dataframe(
                headers=view.TABLE_COLUMNS,
                interactive=False,
                wrap=True,
                max_height=720,
                column_widths=["4%", "31%", "11%", "12%", "13%", "7%", "22%"],
                label="Layers (click a row to edit it)",
                elem_id="layer-table",
            )
        with gr.Column(scale=2, min_width=300):
            with gr.Group():
                layer_pick = gr.Dropdown(label="Edit layer", choices=[], elem_id="layer-pick")
                layer_help = gr.Markdown(elem_id="layer-help")
                layer_type = gr.Dropdown(list(LAYER_TYPES), label="Type", elem_id="layer-type")
                fields: dict[str, gr.components.Component] = {}
                with gr.Row(equal_height=False):
                    for arg in FIELD_ARGS:
                        common = {"label": arg.name, "info": arg.help, "visible": False, "min_width": 140}
                        if arg.kind == "bool":
                            fields[arg.name] = gr.Checkbox(**common)
                        elif arg.kind == "choice":
                            fields[arg.name] = gr.Dropdown(list(arg.choices), **common)
                        else:
                            fields[arg.name] = gr.Textbox(**common, elem_id=f"arg-{arg.name}")
            with gr.Row():
                up_btn = gr.Button("↑ Up", size="sm", min_width=60)
                down_btn = gr.Button("↓ Down", size="sm", min_width=60)
                delete_btn = gr.Button("Delete", size="sm", variant="stop", min_width=60)
                undo_btn = gr.Button("↶ Undo", size="sm", min_width=60, elem_id="undo")
            with gr.Row(equal_height=False):
                new_type = gr.Dropdown(
                    list(LAYER_TYPES), value="Conv2d", label="New layer", scale=1, min_width=140, elem_id="new-type"
                )
                with gr.Column(scale=1, min_width=140):
                    insert_btn = gr.Button("Insert after selected", size="sm", elem_id="insert-after")
                    add_btn = gr.Button("Add at end", size="sm", elem_id="add-end")
            fix_btn = gr.Button(visible=False, variant="primary", elem_id="fix")

    diagram = gr.Plot(label="Network (a block per layer, sized by its output)", elem_id="diagram")

    with gr.Tabs():
        with gr.Tab("PyTorch code"):
            code_dl = gr.DownloadButton("Download net.py", size="sm")
            code_view = gr.Code(language="python", interactive=False, show_label=False, max_lines=40)
        with gr.Tab("Training script"):
            script_dl = gr.DownloadButton("Download train_net.py", size="sm")
            script_view = gr.Code(language="python", interactive=False, show_label=False, max_lines=40)
        with gr.Tab("JSON (save / load)"):
            with gr.Row():
                json_dl = gr.DownloadButton("Save network.json", size="sm")
                json_up = gr.UploadButton("Load a .json file", file_types=[".json"], size="sm", elem_id="json-upload")
                json_apply = gr.Button("Apply the JSON below", size="sm", elem_id="json-apply")
            json_view = gr.Code(language="json", interactive=True, show_label=False, max_lines=40, elem_id="json-view")

    # ---- rendering ----------------------------------------------------------------------

    field_list = list(fields.values())
    structural_outputs = [net, history, selected, table, totals, diagram, layer_pick, fix_btn]
    editor_outputs = [layer_help, layer_type, *field_list, input_choice, in_c, in_h, in_w]
    all_outputs = structural_outputs + editor_outputs

    def render(spec: dict, hist: list, sel: int | None, editor: str = "full") -> list:
        """Values for all_outputs; with editor="help", for structural_outputs + [layer_help]."""
        summary = summarize(spec)
        n = len(spec["layers"])
        sel = None if n == 0 else min(max(sel or 0, 0), n - 1)
        choices = [(f"{r.index} · {r.name} · {r.call}", r.index - 1) for r in summary.rows]
        label = fix_label(summary)
        fix_update = gr.Button(label, visible=True) if label else gr.Button(visible=False)
        out = [
            spec,
            hist,
            sel,
            view.table_frame(summary, sel),
            view.totals_html(summary),
            network_diagram(summary),
            gr.Dropdown(choices=choices, value=sel),
            fix_update,
        ]
        editor_values = _editor(spec, summary, sel)
        return out + (editor_values[:1] if editor == "help" else editor_values)

    def _editor(spec: dict, summary: Any, sel: int | None) -> list:
        c, h, w = spec["input"]
        tail = [_input_choice(spec["input"]), c, h, w]
        if sel is None:
            hidden = [gr.update(visible=False) for _ in field_list]
            return ["*The network is empty: add a layer.*", gr.Dropdown(value=None), *hidden, *tail]
        layer = spec["layers"][sel]
        layer_t = LAYER_TYPES[layer["type"]]
        row = summary.rows[sel]
        url = f"https://docs.pytorch.org/docs/stable/generated/torch.nn.{layer_t.name}.html"
        help_md = f"**{row.index} · {row.name}: [{layer_t.name}]({url})**. {layer_t.summary}"
        if row.status in ("error", "note"):
            help_md += f"\n\n{'✕' if row.status == 'error' else '!'} **{row.message}**"
        updates = []
        for arg in FIELD_ARGS:
            own = layer_t.arg(arg.name)
            if own is None:
                updates.append(gr.update(visible=False))
            elif arg.kind in ("bool", "choice"):
                updates.append(gr.update(visible=True, value=layer.get(arg.name, own.default)))
            else:
                default = "required" if own.required else f"default: {_field_text(own.default) or 'None'}"
                updates.append(gr.update(visible=True, value=_field_text(layer.get(arg.name)), placeholder=default))
        return [help_md, gr.Dropdown(value=layer["type"]), *updates, *tail]

    # ---- events ---------------------------------------------------------------------------

    def edit(fn: Callable[..., tuple[dict, int | None]], key: Callable[..., Any] | None = None) -> Callable:
        """Wrap a spec edit: remember the old spec for undo, then render the new one."""

        @_guard
        def handler(spec: dict, hist: list, sel: int, *extra: Any) -> list:
            new_spec, new_sel = fn(spec, sel, *extra)
            hist = _push(hist, spec, key(sel, *extra) if key else None, limits)
            return render(new_spec, hist, new_sel)

        return handler

    state_in = [net, history, selected]
    quiet: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}

    @_guard
    def show(spec: dict, hist: list, sel: int) -> list:
        return render(spec, hist, sel)

    demo.load(show, state_in, all_outputs, **quiet)

    @_guard
    def pick_row(spec: dict, hist: list, evt: gr.SelectData) -> list:
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return render(spec, hist, max(int(row) - 1, 0))

    table.select(pick_row, [net, history], all_outputs, **quiet)
    layer_pick.input(show, state_in[:2] + [layer_pick], all_outputs, **quiet)

    layer_type.input(
        edit(lambda s, i, t: (specs.set_type(s, i, t), i)), state_in + [layer_type], all_outputs, **quiet
    )
    up_btn.click(edit(lambda s, i: (specs.move_layer(s, i, -1), max(i - 1, 0))), state_in, all_outputs, **quiet)
    down_btn.click(edit(lambda s, i: (specs.move_layer(s, i, 1), i + 1)), state_in, all_outputs, **quiet)
    delete_btn.click(edit(lambda s, i: (specs.delete_layer(s, i), i)), state_in, all_outputs, **quiet)

    def insert_after(spec: dict, sel: int | None, type_name: str) -> tuple[dict, int]:
        at = 0 if not spec["layers"] else (sel if sel is not None else len(spec["layers"]) - 1) + 1
        return specs.insert_layer(spec, at, type_name, limits), at

    def add_end(spec: dict, _sel: int | None, type_name: str) -> tuple[dict, int]:
        at = len(spec["layers"])
        return specs.insert_layer(spec, at, type_name, limits), at

    insert_btn.click(edit(insert_after), state_in + [new_type], all_outputs, **quiet)
    add_btn.click(edit(add_end), state_in + [new_type], all_outputs, **quiet)

    def fix(spec: dict, sel: int | None) -> tuple[dict, int | None]:
        row = next((r for r in summarize(spec).rows if r.fix), None)
        if row is None:
            return spec, sel
        if row.fix == "insert_flatten":
            return specs.insert_layer(spec, row.index - 1, "Flatten", limits), row.index - 1
        out = specs.insert_layer(spec, len(spec["layers"]), "Flatten", limits)
        out = specs.insert_layer(out, len(out["layers"]), "Linear", limits)
        return out, len(out["layers"]) - 1

    fix_btn.click(edit(fix), state_in, all_outputs, **quiet)

    @_guard
    def undo(spec: dict, hist: list, sel: int) -> list:
        if not hist:
            gr.Info("Nothing to undo.")
            return render(spec, hist, sel)
        *rest, (_, previous) = hist
        return render(previous, rest, sel)

    undo_btn.click(undo, state_in, all_outputs, **quiet)

    preset_btn.click(edit(lambda s, i, name: (specs.preset(name), 0)), state_in + [preset_pick], all_outputs, **quiet)

    def choose_input(spec: dict, sel: int, choice: str, c: Any, h: Any, w: Any) -> tuple[dict, int]:
        dims = specs.INPUT_PRESETS.get(choice) or (c, h, w)
        return specs.set_input(spec, list(dims), limits), sel

    input_choice.input(
        edit(choose_input), state_in + [input_choice, in_c, in_h, in_w], all_outputs, **quiet
    )
    for box in (in_c, in_h, in_w):
        box.input(
            edit(lambda s, i, c, h, w: choose_input(s, i, CUSTOM, c, h, w)),
            state_in + [in_c, in_h, in_w],
            all_outputs,
            trigger_mode="always_last",
            **quiet,
        )

    # ---- argument fields: no editor refresh, so typing is never interrupted ---------------

    def set_field(name: str) -> Callable:
        @_guard
        def handler(spec: dict, hist: list, sel: int, raw: Any) -> list:
            if sel is None or not spec["layers"]:
                raise gr.Error("Select a layer first.")
            value = (parse_value(raw) if raw.strip() else None) if isinstance(raw, str) else raw
            new_spec = specs.set_arg(spec, sel, name, value)
            hist = _push(hist, spec, ("arg", sel, name), limits)
            return render(new_spec, hist, sel, editor="help")

        return handler

    for name, field in fields.items():
        field.input(
            set_field(name), state_in + [field], structural_outputs + [layer_help], trigger_mode="always_last", **quiet
        )

    # ---- JSON, code and downloads -----------------------------------------------------------

    def apply_json(spec: dict, sel: int, text: str) -> tuple[dict, int]:
        if len(text.encode()) > MAX_JSON_BYTES:
            raise SpecError(f"that JSON is larger than {MAX_JSON_BYTES // 1000} kB")
        return specs.parse_spec(text, limits), 0

    json_apply.click(edit(apply_json), state_in + [json_view], all_outputs, **quiet)

    def load_file(spec: dict, sel: int, path: str | None) -> tuple[dict, int]:
        if not path:
            raise SpecError("no file arrived")
        file = Path(path)
        if file.stat().st_size > MAX_JSON_BYTES:
            raise SpecError(f"that file is larger than {MAX_JSON_BYTES // 1000} kB; a network JSON is a few kB")
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SpecError("that file is not a text file; save the network as JSON and load that") from None
        return specs.parse_spec(text, limits), 0

    json_up.upload(edit(load_file), state_in + [json_up], all_outputs, **quiet)

    @_guard
    def refresh_exports(spec: dict) -> list:
        code, script, json_text, ok = view.exports(spec, summarize(spec))
        return [
            code,
            script,
            json_text,
            gr.DownloadButton(value=view.export_file("net.py", code) if ok else None, interactive=ok),
            gr.DownloadButton(value=view.export_file("train_net.py", script) if ok else None, interactive=ok),
            gr.DownloadButton(value=view.export_file("network.json", json_text)),
        ]

    export_outputs = [code_view, script_view, json_view, code_dl, script_dl, json_dl]
    net.change(refresh_exports, [net], export_outputs, **quiet)
    demo.load(refresh_exports, [net], export_outputs, **quiet)

    gr.api(summarize_cnn, api_name="summarize_cnn")
