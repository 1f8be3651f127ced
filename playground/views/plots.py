"""Plotly figures for the tabs. Plain plotly: no gradio here, so benchmarks can time it."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from typing import TYPE_CHECKING

from playground.cnn.summary import Summary, shape_text
from playground.i18n import t

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


DIAGRAM_MIN_PX = 720  # the diagram is never drawn narrower (style.css: it scrolls sideways on a phone)
_DIAGRAM_HEIGHT = 280
_LABEL_ROWS = 3  # label rows under the blocks, staggered so that neighbouring labels never overlap
_ROW_PX = 30  # a label row: two lines of 11 and 10 px text


def _label_px(text_lines: list[str]) -> float:
    """A label's width in px: 7 px a character (11 px text is 6 to 6.5), plus a gap to the next."""
    return 7.0 * max(len(t) for t in text_lines) + 8


def _fit_labels(centres: list[float], lines: list[list[str]], x_range: tuple[float, float]) -> tuple[list, tuple]:
    """Put each label in the first row where it clears the label before it, at DIAGRAM_MIN_PX wide.

    Returns, per label, (row, lines shown), or None where not even the name fits (the hover
    still tells), and the x range that holds every label whole.
    """
    px_per_unit = (DIAGRAM_MIN_PX - 20) / (x_range[1] - x_range[0] + 0.2)
    row_end = [-math.inf] * _LABEL_ROWS
    placed, lo, hi = [], x_range[0], x_range[1]
    for centre, text_lines in zip(centres, lines):
        for shown in (text_lines, text_lines[:1]):  # name and shape, else the name alone
            half = _label_px(shown) / 2 / px_per_unit
            row = next((r for r in range(_LABEL_ROWS) if centre - half >= row_end[r]), None)
            if row is not None:
                row_end[row] = centre + half
                placed.append((row, shown))
                lo, hi = min(lo, centre - half), max(hi, centre + half)
                break
        else:
            placed.append(None)
    return placed, (lo, hi)


def _place_labels(centres: list[float], lines: list[list[str]], x_end: float) -> tuple[list, tuple]:
    """_fit_labels, refitted until the x range that holds the labels stops growing."""
    x_range = (-0.3, max(x_end, 3))
    for _ in range(4):
        placed, wider = _fit_labels(centres, lines, x_range)
        if wider == x_range:
            break
        x_range = wider
    return placed, x_range


def _block_style(type_name: str, status: str) -> tuple[str, str, str]:
    """(fill, line colour, dash) of a layer's block: red and dotted for an error, grey for a skipped layer."""
    if status == "error":
        return "#FAD4D4", "#D62728", "dot"
    if status == "skipped":
        return "#EEEEEE", "#AAAAAA", "dot"
    return _INPUT if type_name == "Input" else _FAMILY.get(type_name, _ACTIVATION), "#333333", "solid"


def _blocks(summary: Summary) -> tuple:
    """Each layer's block laid out left to right: (polygons by style, centres, hover texts, label lines,
    label colours, heights, the x after the last block, the gap between blocks)."""
    styles: dict[tuple, tuple[list, list]] = {}  # (fill, line colour, dash) -> [x..., None, ...] and ys
    centres_x, hover, label_lines, label_colour, heights = [], [], [], [], []
    x, gap = 0.0, 0.45
    entries = [("input", "Input", summary.input, "ok", "")]
    entries += [(r.name, r.type, r.out_shape, r.status, r.message) for r in summary.rows]
    last_shape = summary.input
    for name, type_name, shape, status, message in entries:
        width, height = _block_size(shape or last_shape)
        xs, ys = styles.setdefault(_block_style(type_name, status), ([], []))
        xs += [x, x + width, x + width, x, x, None]
        ys += [-height / 2, -height / 2, height / 2, height / 2, -height / 2, None]
        centres_x.append(x + width / 2)
        detail = shape_text(shape) if shape else t("training.diagram_error" if status == "error"
                                                      else "training.diagram_not_computed")
        hover.append(f"<b>{name}</b> {type_name}<br>{t('training.diagram_output')} {detail}"
                     + (f"<br>{message}" if message else ""))
        label_lines.append([name, detail])
        label_colour.append("#D62728" if status == "error" else "#444444")
        heights.append(height)
        x += width + gap
        last_shape = shape or last_shape
    return styles, centres_x, hover, label_lines, label_colour, heights, x, gap


def network_diagram(summary: Summary) -> go.Figure:
    """A block per layer, left to right, sized by its output shape; bad rows in red.

    Blocks are filled polygons grouped into one trace per style, and labels one text
    trace, rather than layout shapes and annotations: plotly validates each shape and
    annotation separately, which made redrawing a long network slow. Labels are
    staggered over up to three rows so that none overlaps at DIAGRAM_MIN_PX wide.
    """
    styles, centres_x, hover, label_lines, label_colour, heights, x, gap = _blocks(summary)
    top = max(heights) / 2
    placed, (x_lo, x_hi) = _place_labels(centres_x, label_lines, x - gap)
    shown = [i for i, p in enumerate(placed) if p is not None]
    rows_used = 1 + max((placed[i][0] for i in shown), default=0)
    # y units per px: the blocks take what the label rows leave of the plot's height
    unit = (2 * top + 0.6) / (_DIAGRAM_HEIGHT - 20 - _ROW_PX * rows_used - 8)
    label_x = [centres_x[i] for i in shown]
    label_y = [-top - 0.3 - (17 + _ROW_PX * placed[i][0]) * unit for i in shown]
    label_text = [placed[i][1][0] + "".join(f"<br><span style='font-size:10px'>{t}</span>" for t in placed[i][1][1:])
                  for i in shown]
    bottom = -top - 0.3 - (_ROW_PX * rows_used + 8) * unit

    traces = [
        {"type": "scatter", "x": xs, "y": ys, "fill": "toself", "fillcolor": fill, "mode": "lines",
         "line": {"color": line, "width": 2 if dash == "dot" else 1, "dash": dash}, "hoverinfo": "skip",
         "showlegend": False}
        for (fill, line, dash), (xs, ys) in styles.items()
    ]
    traces.append({"type": "scatter", "x": centres_x, "y": [0] * len(centres_x), "mode": "markers",
                   "marker": {"size": 18, "opacity": 0}, "hovertext": hover, "hoverinfo": "text", "showlegend": False})
    traces.append({"type": "scatter", "x": label_x, "y": label_y, "mode": "text", "text": label_text,
                   "textfont": {"size": 11, "color": [label_colour[i] for i in shown]}, "hoverinfo": "skip",
                   "showlegend": False})
    layout = {
        "xaxis": {"visible": False, "range": [x_lo - 0.1, x_hi + 0.1]},
        "yaxis": {"visible": False, "range": [bottom, top + 0.3], "fixedrange": True},
        "height": _DIAGRAM_HEIGHT, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "template": "none",
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
        {"type": "scatter", "x": xs_np, "y": np.asarray(raw), "mode": "lines", "name": t("training.series_loss"),
         "line": {"color": "rgba(76,120,168,0.35)", "width": 1}},
        {"type": "scatter", "x": xs_np, "y": np.asarray(smoothed), "mode": "lines",
         "name": t("training.series_smoothed"),
         "line": {"color": "#4C78A8", "width": 2.5}},
    ]
    if history.lrs:
        data.append({"type": "scatter", "x": np.asarray(history.lr_steps), "y": np.asarray(history.lrs), "mode": "lines",
                     "name": t("training.series_lr"), "yaxis": "y2",
                     "line": {"color": "#F58518", "width": 1.5, "dash": "dot"}})
    layout = {
        **_PLAIN,
        "title": {"text": t("training.plot_loss"), "x": 0.02, "font": {"size": 14}},
        "xaxis": {"title": {"text": t("training.axis_step")}, "rangemode": "tozero", "gridcolor": "#eee"},
        "yaxis": {"title": {"text": t("training.word_cross_entropy")}, "rangemode": "tozero", "gridcolor": "#eee"},
        "yaxis2": {"title": {"text": t("training.series_lr")}, "overlaying": "y", "side": "right", "showgrid": False,
                   "rangemode": "tozero", "exponentformat": "e"},
        "margin": {"l": 50, "r": 60, "t": 40, "b": 80},
        "uirevision": "keep",
    }
    return go.Figure(data=data, layout=layout)


# Shared look of the training plots. The default template costs more to apply than the
# whole figure, so styling is explicit and the template is "none".
_PLAIN = {
    "height": 340, "template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white",
    # the legend sits under the x axis, never on the data
    "legend": {"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0, "xanchor": "left"},
}


def accuracy_figure(epochs: list[dict]) -> go.Figure:
    """Train and validation accuracy per epoch."""
    x = [e["epoch"] for e in epochs]
    values = [100 * e[k] for e in epochs for k in ("train_acc", "val_acc") if e.get(k) is not None]
    data = []
    for key, name, colour in (("train_acc", t("training.series_train"), "#4C78A8"),
                              ("val_acc", t("training.series_validation"), "#E45756")):
        ys = [None if e.get(key) is None else 100 * e[key] for e in epochs]
        data.append({"type": "scatter", "x": x, "y": ys, "mode": "lines+markers+text", "name": name,
                     "line": {"color": colour}, "text": [f"{y:.1f}" if y is not None else "" for y in ys],
                     "textposition": "top center",  # i18n: not text
                     "textfont": {"size": 10, "color": colour}})
    layout = {
        **_PLAIN,
        "title": {"text": t("training.plot_accuracy"), "x": 0.02, "font": {"size": 14}},
        "xaxis": {"title": {"text": t("training.axis_epoch")}, "dtick": 1, "range": [0.5, max(len(x), 1) + 0.5],
                  "gridcolor": "#eee"},
        "yaxis": {"title": {"text": t("training.axis_correct")},
                  "range": [max(0.0, min(values, default=90.0) - 5), 101.5],
                  "gridcolor": "#eee"},
        "margin": {"l": 50, "r": 20, "t": 40, "b": 80},
    }
    return go.Figure(data=data, layout=layout)


def lines_svg(series: list[tuple[str, list[float], list[float], str]], caption: str, width: int = 420,
              height: int = 170, log_y: bool = False, caption_html: str | None = None) -> str:
    """Curves as an inline SVG (name, xs, ys, colour): what a live view redraws every frame, in no time on
    any browser (the hoverable plotly figures are drawn once the run rests). Long series are thinned.
    ``caption_html``: the caption shown under it as HTML (default: ``caption``, also the SVG's label)."""
    pad_l, pad_b, pad_t = 48, 20, 8
    drawn = []
    for name, xs, ys, colour in series:
        pts = [(float(x), float(y)) for x, y in zip(xs, ys) if y is not None and math.isfinite(y)
               and (not log_y or y > 0)]
        if len(pts) > 400:  # a few hundred points look the same as thousands at this size
            pts = [pts[round(i)] for i in np.linspace(0, len(pts) - 1, 400)]
        drawn.append((name, pts, colour))
    every = [p for _, pts, _ in drawn for p in pts]
    box = f'viewBox="0 0 {width} {height}" role="img" aria-label="{caption}"'
    shown = caption if caption_html is None else caption_html
    if not every:
        empty = f'<svg class="pg-svg" {box}></svg>'  # i18n: not text
        return f'<figure class="pg-svg-figure">{empty}<figcaption>{shown}</figcaption></figure>'  # i18n: not text
    scale_y = (lambda v: math.log10(v)) if log_y else (lambda v: v)
    x0, x1 = min(p[0] for p in every), max(p[0] for p in every)
    y0, y1 = min(scale_y(p[1]) for p in every), max(scale_y(p[1]) for p in every)
    y0, y1 = (y0, y1) if y1 > y0 else (y0 - 0.5, y1 + 0.5)
    sx = (width - pad_l - 8) / max(x1 - x0, 1e-9)
    sy = (height - pad_b - pad_t) / (y1 - y0)

    def xy(p: tuple[float, float]) -> str:
        return f"{pad_l + (p[0] - x0) * sx:.1f},{height - pad_b - (scale_y(p[1]) - y0) * sy:.1f}"

    label = (lambda v: f"{10 ** v:.3g}") if log_y else (lambda v: f"{v:.3g}")
    parts = [f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - 4}" y2="{height - pad_b}" stroke="#999"/>',
             f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{height - pad_b}" stroke="#999"/>',
             f'<text x="{pad_l - 4}" y="{pad_t + 8}" text-anchor="end">{label(y1)}</text>',
             f'<text x="{pad_l - 4}" y="{height - pad_b}" text-anchor="end">{label(y0)}</text>',
             f'<text x="{pad_l}" y="{height - 4}">{x0:,.0f}</text>',
             f'<text x="{width - 4}" y="{height - 4}" text-anchor="end">{x1:,.0f}</text>']
    for i, (name, pts, colour) in enumerate(drawn):
        if len(pts) == 1:
            cx, cy = xy(pts[0]).split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')  # i18n: not text
        elif pts:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '  # i18n: not text
                         f'points="{" ".join(xy(p) for p in pts)}"/>')
        last = f" {pts[-1][1]:.4g}" if pts else ""
        parts.append(f'<text x="{width - 6}" y="{pad_t + 12 + 14 * i}" text-anchor="end" fill="{colour}">'
                     f"{name}{last}</text>")
    return (f'<figure class="pg-svg-figure"><svg class="pg-svg" {box}>{"".join(parts)}</svg>'  # i18n: not text
            f"<figcaption>{shown}</figcaption></figure>")
