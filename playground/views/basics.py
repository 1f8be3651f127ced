"""What the Basics tab shows, without gradio: activation curves, softmax bars, vanishing gradients,
the 2-D playground's boundary, loss curves and per-neuron pictures, the backprop check table."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
import torch

from playground.basics import activations as act
from playground.basics.backprop import LABELS
from playground.basics.data2d import EXTENT, FEATURE_LABELS
from playground.basics.playground2d import Snapshot

ORANGE, BLUE = np.array([245, 147, 34]), np.array([8, 119, 189])  # class 0, class 1 (TensorFlow Playground's)
_SCALE = [[0.0, "#f59322"], [0.5, "#e8eaeb"], [1.0, "#0877bd"]]


def _small(fig: go.Figure, height: int = 280) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 45, "r": 15, "t": 36, "b": 36}, legend={"orientation": "h", "y": -0.2})
    return fig


def activation_figure(name: str, z_point: float) -> go.Figure:
    """The activation and its derivative (from autograd) over z ∈ [−6, 6], the neuron's z marked."""
    z = torch.linspace(-6, 6, 241)
    values, slopes = act.curve(name, z)
    point = torch.tensor([float(np.clip(z_point, -1e6, 1e6))])
    pv, ps = act.curve(name, point)
    fig = go.Figure()
    fig.add_scatter(x=z.numpy(), y=values.numpy(), name=f"{act.canonical(name)}(z)", line={"color": "#4C78A8"})
    fig.add_scatter(x=z.numpy(), y=slopes.numpy(), name="derivative (autograd)", line={"color": "#F58518", "dash": "dash"})
    fig.add_scatter(x=[float(point)], y=[float(pv)], mode="markers", name="this neuron",
                    marker={"size": 12, "color": "#E45756"})
    fig.update_layout(title={"text": f"a = {float(pv):.4g}, slope {float(ps):.4g} at z = {float(point):.4g}",
                             "font": {"size": 13}}, xaxis_title="z")
    return _small(fig)


def softmax_figure(logits: list[float], probs: list[float], temperature: float) -> go.Figure:
    labels = [f"{i}: {v:g}" for i, v in enumerate(logits)]
    fig = go.Figure(go.Bar(x=labels, y=probs, text=[f"{p:.3f}" for p in probs], textposition="outside",
                           marker_color="#4C78A8"))
    fig.update_layout(title={"text": f"softmax(logits / {temperature:g})", "font": {"size": 13}},
                      xaxis_title="class: logit", yaxis={"range": [0, 1.1], "title": "probability"})
    return _small(fig)


def vanishing_figure(layers: int) -> go.Figure:
    """The largest possible gradient factor through N layers: the product of each layer's peak slope."""
    table = act.vanishing_table(list(act.ACTIVATIONS), layers)
    fig = go.Figure()
    depth = list(range(1, layers + 1))
    for name, values in table.items():
        fig.add_scatter(x=depth, y=values, name=name, mode="lines+markers")
    fig.update_layout(title={"text": "Best-case gradient factor through N layers (product of peak derivatives)",
                             "font": {"size": 13}}, xaxis_title="layers", yaxis={"type": "log"})
    return _small(fig, 300)


def check_html(rows: list[dict]) -> str:
    """Each gradient by hand (chain rule) next to autograd's, marked where they agree."""
    body = "".join(
        f"<tr><td>∂L/∂{html.escape(r['label'])}</td><td>{r['hand']:.8g}</td><td>{r['autograd']:.8g}</td>"
        f"<td>{r['difference']:.1e}</td><td>{'✅ autograd agrees' if r['agrees'] else '❌ MISMATCH'}</td></tr>"
        for r in rows)
    return ('<table class="pg-check"><thead><tr><th>gradient</th><th>chain rule (by hand)</th><th>autograd</th>'
            f'<th>|Δ|</th><th></th></tr></thead><tbody>{body}</tbody></table>')


def stage_markdown(title: str, lines: list[str]) -> str:
    return f"**{title}**\n\n" + "\n".join(f"- `{line}`" for line in lines)


def loss_curve(losses: list[float], title: str = "Loss while training 100 steps") -> go.Figure:
    fig = go.Figure(go.Scatter(x=list(range(len(losses))), y=losses, mode="lines", line={"color": "#E45756"}))
    fig.update_layout(title={"text": title, "font": {"size": 13}}, xaxis_title="step", yaxis_title="loss")
    return _small(fig, 240)


def boundary_figure(snap: Snapshot, points: dict[str, np.ndarray]) -> go.Figure:
    """P(class 1) over the plane as a heatmap, training points filled, test points hollow."""
    fig = go.Figure(go.Heatmap(x=snap.axis, y=snap.axis, z=snap.boundary, zmin=0, zmax=1, colorscale=_SCALE,
                               showscale=False, hoverinfo="skip"))
    for key, symbol in (("train", "circle"), ("test", "circle-open")):
        x, y = points[f"x_{key}"], points[f"y_{key}"]
        for label, colour in ((0, "#f59322"), (1, "#0877bd")):  # one trace per class: no per-point styling
            rows = x[(y > 0.5) == bool(label)]
            fig.add_scatter(x=rows[:, 0], y=rows[:, 1], mode="markers", name=f"{key}, class {label}", hoverinfo="skip",
                            marker={"color": colour, "size": 6, "symbol": symbol,
                                    "line": {"color": "white" if key == "train" else colour, "width": 1}})
    fig.update_xaxes(range=[-EXTENT, EXTENT], constrain="domain")
    fig.update_yaxes(range=[-EXTENT, EXTENT], scaleanchor="x")
    fig.update_layout(height=380, margin={"l": 30, "r": 10, "t": 36, "b": 30}, showlegend=False,
                      title={"text": f"epoch {snap.epoch}: test loss {snap.test_loss:.3f}, test accuracy "
                                     f"{snap.test_acc:.1%}", "font": {"size": 13}}, uirevision="boundary")
    return fig


def curves_figure(history: dict[str, list[float]]) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=history["epoch"], y=history["train_loss"], name="train loss", line={"color": "#4C78A8"})
    fig.add_scatter(x=history["epoch"], y=history["test_loss"], name="test loss", line={"color": "#E45756"})
    fig.update_layout(xaxis_title="epoch", yaxis_title="loss", uirevision="curves")
    return _small(fig, 240)


def _colour(values: np.ndarray) -> np.ndarray:
    """Values (…, H, W) → RGB: orange for negative, blue for positive, white near 0 (scaled per picture)."""
    top = np.abs(values).max(axis=(-2, -1), keepdims=True) + 1e-9
    t = (values / top)[..., None]
    white = np.array([255, 255, 255])
    rgb = np.where(t >= 0, white + t * (BLUE - white), white - t * (ORANGE - white))
    return rgb.astype(np.uint8)


def neurons_image(snap: Snapshot, scale: int = 3, gap: int = 6) -> np.ndarray:
    """Every input feature and hidden neuron over the plane: one column per layer, one picture per unit."""
    columns = [snap.inputs] + list(snap.neurons)
    side = snap.inputs.shape[-1] * scale
    rows = max(len(c) for c in columns)
    out = np.full((rows * (side + gap) - gap, len(columns) * (side + 3 * gap) - 3 * gap, 3), 255, np.uint8)
    for c, maps in enumerate(columns):
        pictures = _colour(maps[:, ::-1])  # row 0 is y = −EXTENT: flip so up is up
        top = (rows - len(maps)) * (side + gap) // 2
        for r, pic in enumerate(pictures):
            y0, x0 = top + r * (side + gap), c * (side + 3 * gap)
            out[y0:y0 + side, x0:x0 + side] = pic.repeat(scale, 0).repeat(scale, 1)
    return out


def features_caption(features: tuple[str, ...], hidden: tuple[int, ...]) -> str:
    inputs = ", ".join(FEATURE_LABELS[f] for f in features)
    layers = " → ".join(str(n) for n in hidden) if hidden else "none (a linear model)"
    return (f"Columns, left to right: the inputs ({inputs}), then each hidden layer ({layers}). Blue: positive "
            "output, orange: negative, white: near zero (each picture scaled to its own range).")


def param_label(name: str) -> str:
    return LABELS[name]
