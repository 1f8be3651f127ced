"""Plotly figures for the tabs. Plain plotly: no gradio here, so benchmarks can time it."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from typing import TYPE_CHECKING

from playground.cnn.summary import Summary, shape_text

if TYPE_CHECKING:
    from playground.train.history import History

# colour per layer family: convolution, pooling, normalization, activation, regularization, reshaping, dense
_FAMILY = {
    "Conv2d": "#4C78A8",
    "MaxPool2d": "#54A24B",
    "AvgPool2d": "#54A24B",
    "AdaptiveAvgPool2d": "#54A24B",
    "BatchNorm2d": "#B279A2",
    "Dropout": "#9D9DA1",
    "Dropout2d": "#9D9DA1",
    "Flatten": "#72B7B2",
    "Linear": "#E45756",
    "Softmax": "#FF9DA6",
    "LogSoftmax": "#FF9DA6",
}
_ACTIVATION = "#F58518"
_INPUT = "#2F2F2F"


def _block_size(shape: list[int]) -> tuple[float, float]:
    """(width, height) of a block: width grows with channels, height with H (log scales)."""
    if len(shape) == 3:
        c, h, _ = shape
        return 0.35 + 0.22 * math.log2(c + 1), 1.0 + 1.1 * math.log2(h + 1)
    return 0.3, 1.0 + 0.5 * math.log2(shape[0] + 1)  # a vector: a thin bar, taller for more features


def network_diagram(summary: Summary) -> go.Figure:
    """A block per layer, left to right, sized by its output shape; bad rows in red.

    Blocks are filled polygons grouped into one trace per style, and labels one text
    trace, rather than layout shapes and annotations: plotly validates each shape and
    annotation separately, which made redrawing a long network slow.
    """
    styles: dict[tuple, list[float | None]] = {}  # (fill, line colour, dash) -> [x..., None, ...] and ys
    centres_x, hover, label_x, label_y, label_text, label_colour = [], [], [], [], [], []
    x, gap = 0.0, 0.45
    entries = [("input", "Input", summary.input, "ok", "")]
    entries += [(r.name, r.type, r.out_shape, r.status, r.message) for r in summary.rows]
    last_shape = summary.input
    heights = []
    for i, (name, type_name, shape, status, message) in enumerate(entries):
        width, height = _block_size(shape or last_shape)
        if status == "error":
            style = ("#FAD4D4", "#D62728", "dot")
        elif status == "skipped":
            style = ("#EEEEEE", "#AAAAAA", "dot")
        else:
            style = (_INPUT if type_name == "Input" else _FAMILY.get(type_name, _ACTIVATION), "#333333", "solid")
        xs, ys = styles.setdefault(style, ([], []))
        xs += [x, x + width, x + width, x, x, None]
        ys += [-height / 2, -height / 2, height / 2, height / 2, -height / 2, None]
        centres_x.append(x + width / 2)
        detail = shape_text(shape) if shape else ("error" if status == "error" else "not computed")
        hover.append(f"<b>{name}</b> {type_name}<br>output {detail}" + (f"<br>{message}" if message else ""))
        label_x.append(x + width / 2)
        label_text.append(f"{name}<br><span style='font-size:10px'>{detail}</span>")
        label_colour.append("#D62728" if status == "error" else "#444444")
        heights.append(height)
        x += width + gap
        last_shape = shape or last_shape
    top = max(heights) / 2
    # alternate label heights so neighbouring labels do not overlap
    label_y = [-top - 0.5 - (0.9 if i % 2 else 0) for i in range(len(label_x))]

    traces = [
        {"type": "scatter", "x": xs, "y": ys, "fill": "toself", "fillcolor": fill, "mode": "lines",
         "line": {"color": line, "width": 2 if dash == "dot" else 1, "dash": dash}, "hoverinfo": "skip",
         "showlegend": False}
        for (fill, line, dash), (xs, ys) in styles.items()
    ]
    traces.append({"type": "scatter", "x": centres_x, "y": [0] * len(centres_x), "mode": "markers",
                   "marker": {"size": 18, "opacity": 0}, "hovertext": hover, "hoverinfo": "text", "showlegend": False})
    traces.append({"type": "scatter", "x": label_x, "y": label_y, "mode": "text", "text": label_text,
                   "textfont": {"size": 11, "color": label_colour}, "hoverinfo": "skip", "showlegend": False})
    layout = {
        "xaxis": {"visible": False, "range": [-0.3, max(x, 3)]},
        "yaxis": {"visible": False, "range": [-top - 2.4, top + 0.3], "fixedrange": True},
        "height": 280, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "template": "none",
        "plot_bgcolor": "white", "paper_bgcolor": "white", "dragmode": "pan",
    }
    return go.Figure(data=traces, layout=layout)  # one construction: each later update_* re-validates


MAX_POINTS = 800  # raw loss points drawn; longer histories are thinned evenly


def _thin(xs: list, ys: list) -> tuple[list, list]:
    if len(xs) <= MAX_POINTS:
        return xs, ys
    stride = math.ceil(len(xs) / MAX_POINTS)
    return xs[::stride], ys[::stride]


def loss_figure(history: History) -> go.Figure:
    """Training loss per step (raw and smoothed) with the learning rate on a second axis.

    Built in one go from numpy arrays: plotly validates lists element by element, and
    each update_* call re-validates, which made a live refresh cost several times more.
    """
    xs, raw = _thin(history.steps, history.losses)
    _, smoothed = _thin(history.steps, history.smoothed)
    xs_np = np.asarray(xs)
    data = [
        {"type": "scatter", "x": xs_np, "y": np.asarray(raw), "mode": "lines", "name": "loss",
         "line": {"color": "rgba(76,120,168,0.35)", "width": 1}},
        {"type": "scatter", "x": xs_np, "y": np.asarray(smoothed), "mode": "lines", "name": "smoothed",
         "line": {"color": "#4C78A8", "width": 2.5}},
    ]
    if history.lrs:
        data.append({"type": "scatter", "x": np.asarray(history.lr_steps), "y": np.asarray(history.lrs), "mode": "lines",
                     "name": "learning rate", "yaxis": "y2", "line": {"color": "#F58518", "width": 1.5, "dash": "dot"}})
    layout = {
        **_PLAIN,
        "title": {"text": "Training loss", "x": 0.02, "font": {"size": 14}},
        "xaxis": {"title": {"text": "step"}, "rangemode": "tozero", "gridcolor": "#eee"},
        "yaxis": {"title": {"text": "cross-entropy"}, "rangemode": "tozero", "gridcolor": "#eee"},
        "yaxis2": {"title": {"text": "learning rate"}, "overlaying": "y", "side": "right", "showgrid": False,
                   "rangemode": "tozero", "exponentformat": "e"},
        "margin": {"l": 50, "r": 60, "t": 40, "b": 40},
        "uirevision": "keep",
    }
    return go.Figure(data=data, layout=layout)


# Shared look of the training plots. The default template costs more to apply than the
# whole figure, so styling is explicit and the template is "none".
_PLAIN = {
    "height": 300, "template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white",
    "legend": {"orientation": "h", "y": 1.12, "x": 1, "xanchor": "right"},
}


def accuracy_figure(epochs: list[dict]) -> go.Figure:
    """Train and validation accuracy per epoch."""
    x = [e["epoch"] for e in epochs]
    values = [100 * e[k] for e in epochs for k in ("train_acc", "val_acc") if e.get(k) is not None]
    data = []
    for key, name, colour in (("train_acc", "train", "#4C78A8"), ("val_acc", "validation", "#E45756")):
        ys = [None if e.get(key) is None else 100 * e[key] for e in epochs]
        data.append({"type": "scatter", "x": x, "y": ys, "mode": "lines+markers+text", "name": name,
                     "line": {"color": colour}, "text": [f"{y:.1f}" if y is not None else "" for y in ys],
                     "textposition": "top center", "textfont": {"size": 10, "color": colour}})
    layout = {
        **_PLAIN,
        "title": {"text": "Accuracy per epoch", "x": 0.02, "font": {"size": 14}},
        "xaxis": {"title": {"text": "epoch"}, "dtick": 1, "range": [0.5, max(len(x), 1) + 0.5], "gridcolor": "#eee"},
        "yaxis": {"title": {"text": "% correct"}, "range": [max(0.0, min(values, default=90.0) - 5), 101.5],
                  "gridcolor": "#eee"},
        "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
    }
    return go.Figure(data=data, layout=layout)
