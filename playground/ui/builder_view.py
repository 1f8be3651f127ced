"""What the CNN builder tab shows for a spec: the table, the totals, the export files.

No gradio here: these are the pure functions behind the tab, so benchmarks and
tests can time and check them without a server.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from playground.cnn.export import export_module, export_training_script
from playground.cnn.spec import Spec, spec_to_json
from playground.cnn.summary import Summary, shape_text

TABLE_COLUMNS = ["#", "Layer", "Output shape", "Parameters", "MACs", "% params", "Notes"]
_ROW_STYLE = {
    "error": "background-color: #fde2e1; color: #9b1c1c",
    "skipped": "background-color: #f4f4f5; color: #8a8a8f",
    "note": "background-color: #fff4d6",
}
_SELECTED = "font-weight: 600; box-shadow: inset 4px 0 0 #2563eb"


def compact(n: float) -> str:
    """96367616 -> '96.4 M'."""
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n:g}"


def table_frame(summary: Summary, selected: int | None) -> pd.io.formats.style.Styler:
    """One row for the input, then one per layer; bad rows tinted, the selected one marked."""
    rows = [["", "input", shape_text(summary.input), "", "", "", ""]]
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
    frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    statuses = ["ok"] + [r.status for r in summary.rows]

    def style_row(row: pd.Series) -> list[str]:
        i = row.name
        css = _ROW_STYLE.get(statuses[i], "")
        if selected is not None and i == selected + 1:
            css = f"{css}; {_SELECTED}" if css else _SELECTED
        return [css] * len(row)

    return frame.style.apply(style_row, axis=1)


def totals_html(summary: Summary) -> str:
    """Stat cards for the whole network, plus a status line."""

    def card(label: str, value: str, title: str) -> str:
        return f'<div class="pg-card" title="{title}"><div class="pg-card-value">{value}</div><div class="pg-card-label">{label}</div></div>'

    # while a layer is broken, the totals cover only the layers before it
    so_far = "" if summary.ok else " so far"
    cards = [
        card("trainable parameters" + so_far, f"{summary.trainable_params:,}", "sum of requires_grad parameters"),
        card("non-trainable" + so_far, f"{summary.non_trainable:,}", "BatchNorm running statistics (buffers)"),
        card("size (fp32)", f"{summary.size_mb:.2f} MB", "parameters and buffers at 4 bytes each"),
        card("MACs per image" + so_far, compact(summary.macs), f"{summary.macs:,} multiply-accumulates (conv + linear)"),
        card("activations per image", f"{summary.activation_mb:.2f} MB", "fp32 outputs of every layer for one image"),
    ]
    if summary.ok:
        classes = summary.output_shape[0] if summary.output_shape else 0
        status = f'<div class="pg-status pg-ok">✓ Ready: {shape_text(summary.input)} in, {classes} class scores out.</div>'
    else:
        items = "".join(f"<li>{e}</li>" for e in summary.errors)
        status = f'<div class="pg-status pg-bad">✕ The network cannot run yet:<ul>{items}</ul></div>'
    notes = "".join(f'<div class="pg-status pg-note">! {n}</div>' for n in summary.notes)
    return f'<div class="pg-cards">{"".join(cards)}</div>{status}{notes}'


_EXPORT_ROOT = Path(tempfile.gettempdir()) / "dl-playground-exports"


def export_file(filename: str, content: str | bytes) -> str:
    """Write ``content`` to a content-addressed path ending in ``filename``; return the path.

    The same content always lands in the same place, so sessions never overwrite
    each other's files and repeated edits do not pile up copies.
    """
    data = content.encode() if isinstance(content, str) else content
    digest = hashlib.sha256(data).hexdigest()[:20]
    folder = _EXPORT_ROOT / digest
    path = folder / filename
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{filename}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return str(path)


def exports(spec: Spec, summary: Summary) -> tuple[str, str, str, bool]:
    """(module code, training script, JSON, exportable). Code views explain errors instead."""
    json_text = spec_to_json(spec)
    if not summary.ok:
        message = "# Fix the network to export it:\n" + "\n".join(f"#  - {e}" for e in summary.errors)
        return message, message, json_text, False
    return export_module(spec, summary=summary), export_training_script(spec, summary=summary), json_text, True
