"""What the CNN builder tab shows for a spec: the table, the totals, the export files.

No gradio here: these are the pure functions behind the tab, so benchmarks and
tests can time and check them without a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from playground.cnn import spec as specs
from playground.cnn.export import export_module, export_training_script
from playground.cnn.layers import LAYER_TYPES, Arg, SpecError
from playground.cnn.spec import Spec, spec_to_json
from playground.cnn.summary import Summary, shape_text, summarize
from playground.config import BuilderLimits
from playground.i18n import t

_COLUMN_KEYS = ["index", "layer", "shape", "params", "macs", "share", "notes"]


def table_columns(lang: str | None = None) -> list[str]:
    """The table's headers in ``lang`` (default: the page's language)."""
    return [t(f"builder.col_{key}", lang) for key in _COLUMN_KEYS]


TABLE_COLUMNS = table_columns("en")  # the headers of a table built outside a request (English)
TABLE_WIDTHS = ["auto", "230px", "auto", "auto", "auto", "auto", "200px"]  # "auto": as wide as the longest value
_ROW_STYLE = {
    "error": "background-color: #fde2e1; color: #9b1c1c",
    "skipped": "background-color: #f4f4f5; color: #8a8a8f",
    "note": "background-color: #fff4d6",
}
_DEFINED = {"trainable": "parameter"}  # a card whose definition is named otherwise
_SELECTED = "font-weight: 600"
# a bar on the selected row's first cell only
_SELECTED_MARK = "box-shadow: inset 4px 0 0 #2563eb"  # i18n: not text


def compact(n: float) -> str:
    """96367616 -> '96.4 M'."""
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n:g}"


def table_frame(summary: Summary, selected: int | None) -> pd.io.formats.style.Styler:
    """One row for the input, then one per layer; bad rows tinted, the selected one marked."""
    rows = [["", t("builder.input_row"), shape_text(summary.input), "", "", "", ""]]
    for r in summary.rows:
        icon = {"error": "✕ ", "skipped": "… ", "note": "! "}.get(r.status, "")
        rows.append(
            [
                str(r.index),
                f"{r.name} · {r.call}",
                shape_text(r.out_shape),
                f"{r.params:,}" if r.params is not None else "—",
                f"{r.macs:,}" if r.macs is not None else "—",
                f"{r.param_share:.1%}" if r.param_share else "",
                icon + r.message,
            ]
        )
    frame = pd.DataFrame(rows, columns=table_columns())
    statuses = ["ok"] + [r.status for r in summary.rows]

    def style_row(row: pd.Series) -> list[str]:
        i = row.name
        css = _ROW_STYLE.get(statuses[i], "")
        if selected is None or i != selected + 1:
            return [css] * len(row)
        css = f"{css}; {_SELECTED}" if css else _SELECTED
        return [f"{css}; {_SELECTED_MARK}"] + [css] * (len(row) - 1)

    return frame.style.apply(style_row, axis=1)


def totals_html(summary: Summary) -> str:
    """Stat cards for the whole network, plus a status line; each card's name is an <abbr> that says what it
    means, in the page's language."""

    def card(name: str, value: str, title: str, so_far: bool = False) -> str:
        label = t(f"builder.card_{name}") + (t("builder.so_far") if so_far else "")
        definition = escape(t("builder.def_" + _DEFINED.get(name, name)))
        label = f'<abbr title="{definition}">{escape(label)}</abbr>'  # i18n: not text
        inner = f'<div class="pg-card-value">{value}</div><div class="pg-card-label">{label}</div>'
        return f'<div class="pg-card" title="{escape(title)}">{inner}</div>'  # i18n: not text

    # while a layer is broken, the totals cover only the layers before it
    broken = not summary.ok
    cards = [
        card("trainable", f"{summary.trainable_params:,}", t("builder.title_trainable"), broken),
        card("non_trainable", f"{summary.non_trainable:,}", t("builder.title_non_trainable"), broken),
        card("size", f"{summary.size_mb:.2f} MB", t("builder.title_size")),
        card("macs", compact(summary.macs), t("builder.title_macs", macs=f"{summary.macs:,}"), broken),
        card("activations", f"{summary.activation_mb:.2f} MB", t("builder.title_activations")),
    ]
    if summary.ok and any(r.fix for r in summary.rows):
        status = ""  # it runs, but does not end in class scores: the note below says why, the fix button repairs it
    elif summary.ok:
        classes = summary.output_shape[0] if summary.output_shape else 0
        ready = t("builder.ready", shape=shape_text(summary.input), classes=classes)
        status = f'<div class="pg-status pg-ok">{escape(ready)}</div>'
    else:
        items = "".join(f"<li>{escape(e)}</li>" for e in summary.errors)
        status = f'<div class="pg-status pg-bad">{escape(t("builder.cannot_run"))}<ul>{items}</ul></div>'
    notes = "".join(f'<div class="pg-status pg-note">! {escape(n)}</div>' for n in summary.notes)
    return f'<div class="pg-cards">{"".join(cards)}</div>{status}{notes}'


def exports(spec: Spec, summary: Summary) -> tuple[str, str, str, bool]:
    """(module code, training script, JSON, exportable). Code views explain errors instead."""
    json_text = spec_to_json(spec)
    if not summary.ok:
        message = t("builder.export_fix_first") + "\n" + "\n".join(f"#  - {e}" for e in summary.errors)
        return message, message, json_text, False
    return export_module(spec, summary=summary), export_training_script(spec, summary=summary), json_text, True


def fix_label(summary: Summary) -> str | None:
    """The one-click repair the page offers, if any row asks for one."""
    row = next((r for r in summary.rows if r.fix), None)
    if row is None:
        return None
    if row.fix == "insert_flatten":
        return t("builder.fix_flatten", index=row.index)
    if row.fix == "append_linear":
        return t("builder.fix_linear")
    return t("builder.fix_classifier")


# ---- the editor: gradio-free descriptions of what the tab's widgets show ----------------------

CUSTOM = "Custom"  # i18n: not text (the input radio's value for a C×H×W that is no preset; its label: builder.custom)
MAX_JSON_BYTES = 1_000_000  # largest network JSON accepted (a network is a few kB)


def field_args() -> list[Arg]:
    """Every argument any layer has, in a stable order: one editor field each."""
    out: list[Arg] = []
    for layer_type in LAYER_TYPES.values():
        for arg in layer_type.args:
            if arg.name not in {a.name for a in out}:
                out.append(arg)
    return out


def field_text(value: Any) -> str:
    """An argument's value as the text box shows it: [3, 3] -> '3, 3'; None -> ''."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def input_choice(dims: list[int]) -> str:
    """The input radio's value for a C×H×W: a preset's name, or Custom."""
    return next((k for k, v in specs.INPUT_PRESETS.items() if list(v) == list(dims)), CUSTOM)


def input_from_boxes(current: list[int], typed: list[Any], limits: BuilderLimits,
                     leaving: bool = False) -> tuple[list[int] | None, str | None]:
    """The C×H×W that typed box values give, and a message if a value had to be replaced.

    An empty box while typing gives (None, None): wait for the next key. An empty box
    when the person leaves it, a size below 1 and a non-number keep that dimension's
    current value; a size over the cap becomes the cap. Boxes, radio and network then
    all show the returned size.
    """
    dims, problems = [], []
    for name, value, now, cap in zip("CHW", typed, current, specs.input_caps(limits)):
        if value is None or value == "":
            if not leaving:
                return None, None
            dims.append(now)
            problems.append(t("builder.box_empty", name=name, now=now))
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not number >= 1:  # also NaN
            dims.append(now)
            problems.append(t("builder.box_range", name=name, cap=cap, now=now))
        elif number > cap:
            dims.append(cap)
            problems.append(t("builder.box_cap", name=name, cap=cap))
        else:
            dims.append(int(round(number)))
    return dims, ("; ".join(problems) if problems else None)


def push_undo(history: list, spec: dict, key: Any, depth: int) -> list:
    """Remember ``spec`` for undo; repeated edits of one field (the same key) collapse into one step."""
    if history and key is not None and history[-1][0] == key:
        return history
    return (history + [[key, spec]])[-depth:]


def clamp_selection(spec: dict, selected: int | None) -> int | None:
    n = len(spec["layers"])
    return None if n == 0 else min(max(selected or 0, 0), n - 1)


def layer_choices(summary: Summary) -> list[tuple[str, int]]:
    """'3 · relu1 · ReLU': short enough for the editor's dropdown (the table shows each call)."""
    return [(f"{r.index} · {r.name} · {r.type}", r.index - 1) for r in summary.rows]


@dataclass(frozen=True)
class FieldView:
    visible: bool
    value: Any = None
    placeholder: str | None = None  # text fields only


def layer_help(spec: dict, summary: Summary, sel: int | None) -> str:
    """Markdown above the editor: the layer, a link to PyTorch's docs, its summary and any message."""
    if sel is None:
        return t("builder.empty_help")
    layer_t = LAYER_TYPES[spec["layers"][sel]["type"]]
    row = summary.rows[sel]
    url = f"https://docs.pytorch.org/docs/stable/generated/torch.nn.{layer_t.name}.html"
    text = f"**{row.index} · {row.name}: [{layer_t.name}]({url})**. {t(layer_t.summary)}"
    if row.status in ("error", "note"):
        text += f"\n\n{'✕' if row.status == 'error' else '!'} **{row.message}**"
    return text


def field_views(spec: dict, sel: int | None, args: list[Arg]) -> list[FieldView]:
    """What each argument field shows for the selected layer (hidden where its type has no such argument)."""
    if sel is None:
        return [FieldView(False) for _ in args]
    layer = spec["layers"][sel]
    layer_t = LAYER_TYPES[layer["type"]]
    out = []
    for arg in args:
        own = layer_t.arg(arg.name)
        if own is None:
            out.append(FieldView(False))
        elif arg.kind in ("bool", "choice"):
            out.append(FieldView(True, layer.get(arg.name, own.default)))
        else:
            default = t("builder.required") if own.required else t("builder.default_value",
                                                                    value=field_text(own.default) or "None")
            out.append(FieldView(True, field_text(layer.get(arg.name)), default))
    return out


def insert_after(spec: dict, sel: int | None, type_name: str, limits: BuilderLimits) -> tuple[dict, int]:
    at = 0 if not spec["layers"] else (sel if sel is not None else len(spec["layers"]) - 1) + 1
    return specs.insert_layer(spec, at, type_name, limits), at


def add_end(spec: dict, _sel: int | None, type_name: str, limits: BuilderLimits) -> tuple[dict, int]:
    at = len(spec["layers"])
    return specs.insert_layer(spec, at, type_name, limits), at


def apply_fix(spec: dict, sel: int | None, limits: BuilderLimits) -> tuple[dict, int | None]:
    """The one-click repair (see fix_label): insert a Flatten, add a Linear, or add Flatten + Linear at the end."""
    row = next((r for r in summarize(spec).rows if r.fix), None)
    if row is None:
        return spec, sel
    if row.fix == "insert_flatten":
        return specs.insert_layer(spec, row.index - 1, "Flatten", limits), row.index - 1
    out = spec if row.fix == "append_linear" else specs.insert_layer(spec, len(spec["layers"]), "Flatten", limits)
    out = specs.insert_layer(out, len(out["layers"]), "Linear", limits)
    return out, len(out["layers"]) - 1


def parse_json_text(text: str, limits: BuilderLimits) -> dict:
    """A network from JSON text, with the size checked first."""
    if len(text.encode()) > MAX_JSON_BYTES:
        raise SpecError("builder.json_too_big", kb=MAX_JSON_BYTES // 1000)
    return specs.parse_spec(text, limits)


def parse_json_file(path: str | None, limits: BuilderLimits) -> dict:
    """A network from an uploaded .json file; a plain message for big, binary or broken files."""
    if not path:
        raise SpecError("builder.no_file")
    file = Path(path)
    if file.stat().st_size > MAX_JSON_BYTES:
        raise SpecError("builder.file_too_big", kb=MAX_JSON_BYTES // 1000)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SpecError("builder.not_text_file") from None
    return specs.parse_spec(text, limits)
