"""Plotly figures for the tabs. Plain plotly: no gradio here, so benchmarks can time it."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from playground.cnn.summary import Summary, shape_text

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
        go.Scatter(x=xs, y=ys, fill="toself", fillcolor=fill, mode="lines",
                   line={"color": line, "width": 2 if dash == "dot" else 1, "dash": dash}, hoverinfo="skip",
                   showlegend=False)
        for (fill, line, dash), (xs, ys) in styles.items()
    ]
    traces.append(go.Scatter(x=centres_x, y=[0] * len(centres_x), mode="markers", marker={"size": 18, "opacity": 0},
                             hovertext=hover, hoverinfo="text", showlegend=False))
    traces.append(go.Scatter(x=label_x, y=label_y, mode="text", text=label_text, textfont={"size": 11,
                             "color": label_colour}, hoverinfo="skip", showlegend=False))
    fig = go.Figure(traces)
    fig.update_layout(
        xaxis={"visible": False, "range": [-0.3, max(x, 3)]},
        yaxis={"visible": False, "range": [-top - 2.4, top + 0.3], "fixedrange": True},
        height=280,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        dragmode="pan",
    )
    return fig
