"""Backpropagation explained: the 2-2-1 network's numbers written out for people, and its graph.

Owns the chain-rule products with their numbers (``chain_rule_lines``), the four-stage
Next/Back walkthrough (``stages``: forward, loss, backward, update) and the computational
graph as plain data (``graph``: nodes with forward values and ∂L/∂node, edges with local
derivatives and the gradient flowing back) with its geometry and where each label goes
(``place_labels``); ``playground.views.basics.graph_figure`` draws it. All numbers come from
``playground.basics.backprop``; nothing here computes a gradient differently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from playground.basics.backprop import (LABELS, PARAMS, SUB, Forward, Network, forward, hand_gradients,
                                        local_derivatives, nest, parameters, sgd_update)
from playground.i18n import t


def fmt(value: float) -> str:
    """A number for people: 4 significant digits."""
    return f"{value:.4g}"


def _p(value: float) -> str:
    """``fmt``, with a negative number in parentheses (so "0.2·(-2)", never "0.2·-2")."""
    return fmt(value) if value >= 0 else f"({fmt(value)})"


def chain_rule_lines(net: Network) -> list[str]:
    """For each of the nine parameters, its chain-rule product written out with the numbers."""
    fwd, loc, grads = forward(net), local_derivatives(net), hand_gradients(net)
    if math.isfinite(loc.dl_dyhat):
        head, head_nums = "∂L/∂ŷ · ∂ŷ/∂z", f"({fmt(loc.dl_dyhat)}) · ({fmt(loc.dyhat_dz)})"
    else:  # ŷ is exactly 0 or 1 in float64: the two factors are ∞ · 0, their product ŷ − y is finite
        head, head_nums = "∂L/∂z", f"({fmt(loc.dl_dz)})"
    lines = []
    for j in range(2):
        s = SUB[j]
        for i in range(2):
            name = f"w1[{j}][{i}]"
            lines.append(f"∂L/∂w{s}{SUB[i]} = {head} · ∂z/∂h{s} · ∂h{s}/∂u{s} · ∂u{s}/∂w{s}{SUB[i]} = {head_nums} · "
                         f"({fmt(net.w2[j])}) · ({fmt(loc.dh_du[j])}) · ({fmt(net.x[i])}) = {fmt(grads[name])}")
    for j in range(2):
        s = SUB[j]
        lines.append(f"∂L/∂b{s} = {head} · ∂z/∂h{s} · ∂h{s}/∂u{s} · ∂u{s}/∂b{s} = {head_nums} · "
                     f"({fmt(net.w2[j])}) · ({fmt(loc.dh_du[j])}) · (1) = {fmt(grads[f'b1[{j}]'])}")
    for j in range(2):
        s = SUB[j]
        lines.append(f"∂L/∂v{s} = {head} · ∂z/∂v{s} = {head_nums} · ({fmt(fwd.h[j])}) = {fmt(grads[f'w2[{j}]'])}")
    lines.append(f"∂L/∂c = {head} · ∂z/∂c = {head_nums} · (1) = {fmt(grads['b2'])}")
    return lines


def loss_line(net: Network, fwd: Forward | None = None) -> str:
    """The loss written out with its numbers."""
    fwd = fwd or forward(net)
    if net.loss == "mse":
        return f"L = (ŷ − y)² = ({fmt(fwd.yhat)} − {_p(net.y)})² = {fmt(fwd.loss)}"
    return (f"L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] = −[{fmt(net.y)}·ln {fmt(fwd.yhat)} + "
            f"{fmt(1 - net.y)}·ln {fmt(1 - fwd.yhat)}] = {fmt(fwd.loss)}")


def forward_lines(net: Network, fwd: Forward | None = None) -> list[str]:
    """The forward pass written out node by node with its numbers."""
    fwd = fwd or forward(net)
    act = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu"}[net.activation]
    lines = []
    for j in range(2):
        s = SUB[j]
        lines.append(f"u{s} = w{s}₁·x₁ + w{s}₂·x₂ + b{s} = {_p(net.w1[j][0])}·{_p(net.x[0])} + "
                     f"{_p(net.w1[j][1])}·{_p(net.x[1])} + {_p(net.b1[j])} = {fmt(fwd.u[j])}")
        lines.append(f"h{s} = {act}(u{s}) = {act}({fmt(fwd.u[j])}) = {fmt(fwd.h[j])}")
    lines.append(f"z = v₁·h₁ + v₂·h₂ + c = {_p(net.w2[0])}·{_p(fwd.h[0])} + {_p(net.w2[1])}·{_p(fwd.h[1])} + "
                 f"{_p(net.b2)} = {fmt(fwd.z)}")
    lines.append(f"ŷ = z = {fmt(fwd.yhat)}" if net.loss == "mse" else f"ŷ = σ(z) = σ({fmt(fwd.z)}) = {fmt(fwd.yhat)}")
    return lines


STAGE_COUNT = 4  # the walk's stages: forward, loss, backward, update
BACKWARD_STAGE = 2  # the first stage that has gradients to show (the graph's red numbers, the check table)


def stage_index(index: object) -> int:
    """A stage of the walk: ``index`` clamped to the first and the last (Back at the first stays there)."""
    return min(max(int(index), 0), STAGE_COUNT - 1)


@dataclass(frozen=True)
class Stage:
    """One screen of the Next/Back walkthrough."""

    title: str  # e.g. "1. Forward pass"
    lines: list[str]  # what to show, one equation per line
    values: dict[str, object]  # the same numbers as data (for highlighting nodes of the graph)
    intro: str = ""  # the stage's idea in one or two plain sentences, before the numbers


def stages(net: Network, momentum: float = 0.0, velocity: dict[str, float] | None = None) -> list[Stage]:
    """The four stages: forward values, the loss, backward (chain-rule lines), the SGD update and the new loss.

    With ``momentum`` > 0 the update uses the velocity of the previous step (``velocity``,
    flat as ``PARAMS``; None at the first step); the new velocity is in the last stage's values.
    """
    fwd = forward(net)
    grads = hand_gradients(net)
    after, new_v = sgd_update(net, grads, momentum=momentum, velocity=velocity)
    new_params, old_params = parameters(after), parameters(net)
    loss_after = forward(after).loss
    rule = "w ← w − η·∂L/∂w" if momentum == 0 else t("basics.rule_momentum", mu=fmt(momentum))
    update = [t("basics.sgd_rule", lr=fmt(net.lr), rule=rule)]
    update += [f"{LABELS[p]} ← {fmt(old_params[p])} − {fmt(net.lr)}·{_p(new_v[p])} = {fmt(new_params[p])}"
               for p in PARAMS]
    update.append(t("basics.loss_change", before=fmt(fwd.loss), after=fmt(loss_after)))
    values = {"x1": net.x[0], "x2": net.x[1], "u1": fwd.u[0], "u2": fwd.u[1], "h1": fwd.h[0], "h2": fwd.h[1],
              "z": fwd.z, "yhat": fwd.yhat}
    return [
        Stage(t("basics.stage_forward"), forward_lines(net, fwd), values, t("basics.intro_forward")),
        Stage(t("basics.stage_loss"), [loss_line(net, fwd)], {"loss": fwd.loss, "y": net.y},
              t("basics.intro_loss_" + net.loss)),
        Stage(t("basics.stage_backward"), chain_rule_lines(net), {"grads": grads}, t("basics.intro_backward")),
        Stage(t("basics.stage_update"), update, {"updated": nest(new_params), "velocity": new_v,
                                                 "loss_after": loss_after}, t("basics.intro_update")),
    ]


# --------------------------------------------------------------------------- the graph

# where each node sits in the drawing: (x, y)
_POSITIONS = {
    "x1": (0.0, 1.0), "x2": (0.0, -1.0),
    "w1[0][0]": (0.3, 2.6), "w1[0][1]": (1.1, 2.6), "b1[0]": (1.9, 2.6),
    "w1[1][0]": (0.3, -2.6), "w1[1][1]": (1.1, -2.6), "b1[1]": (1.9, -2.6),
    "u1": (2.2, 1.0), "u2": (2.2, -1.0), "h1": (3.2, 1.0), "h2": (3.2, -1.0),
    "w2[0]": (3.8, 2.6), "w2[1]": (3.8, -2.6), "b2": (4.8, 2.6),
    "z": (4.6, 0.0), "yhat": (5.6, 0.0), "L": (6.6, 0.0),
}
KIND_COLORS = {"input": "#4c78a8", "parameter": "#f58518", "hidden": "#54a24b", "output": "#b279a2",
                "loss": "#e45756"}


def graph(net: Network) -> dict[str, list[dict[str, Any]]]:
    """``{"nodes": [...], "edges": [...]}`` of the network's computational graph at its current values.

    A node: name, label (for people), kind (input, parameter, hidden, output, loss), value
    (forward), grad (∂L/∂node), x, y. An edge: from, to, local (∂to/∂from), gradient
    (∂L/∂to · ∂to/∂from: what flows back along it).
    """
    fwd, loc, grads = forward(net), local_derivatives(net), hand_gradients(net)
    dl_du = [loc.dl_dz * net.w2[j] * loc.dh_du[j] for j in range(2)]
    dl_dh = [loc.dl_dz * net.w2[j] for j in range(2)]
    dl_dx = [sum(dl_du[j] * net.w1[j][i] for j in range(2)) for i in range(2)]
    nodes: list[tuple[str, str, str, float, float]] = [  # name, label, kind, value, grad
        ("x1", "x₁", "input", net.x[0], dl_dx[0]), ("x2", "x₂", "input", net.x[1], dl_dx[1])]
    params = {"w1[0][0]": net.w1[0][0], "w1[0][1]": net.w1[0][1], "b1[0]": net.b1[0], "w1[1][0]": net.w1[1][0],
              "w1[1][1]": net.w1[1][1], "b1[1]": net.b1[1], "w2[0]": net.w2[0], "w2[1]": net.w2[1], "b2": net.b2}
    nodes += [(name, LABELS[name], "parameter", value, grads[name]) for name, value in params.items()]
    nodes += [("u1", "u₁", "hidden", fwd.u[0], dl_du[0]), ("u2", "u₂", "hidden", fwd.u[1], dl_du[1]),
              ("h1", "h₁", "hidden", fwd.h[0], dl_dh[0]), ("h2", "h₂", "hidden", fwd.h[1], dl_dh[1]),
              ("z", "z", "output", fwd.z, loc.dl_dz), ("yhat", "ŷ", "output", fwd.yhat, loc.dl_dyhat),
              ("L", "L", "loss", fwd.loss, 1.0)]
    edges: list[tuple[str, str, float, float]] = []  # from, to, local, gradient
    for j, (u, h) in enumerate((("u1", "h1"), ("u2", "h2"))):
        for i in range(2):
            edges.append((f"x{i + 1}", u, net.w1[j][i], dl_du[j] * net.w1[j][i]))
            edges.append((f"w1[{j}][{i}]", u, net.x[i], grads[f"w1[{j}][{i}]"]))
        edges.append((f"b1[{j}]", u, 1.0, grads[f"b1[{j}]"]))
        edges.append((u, h, loc.dh_du[j], dl_du[j]))
        edges.append((h, "z", net.w2[j], dl_dh[j]))
        edges.append((f"w2[{j}]", "z", fwd.h[j], grads[f"w2[{j}]"]))
    edges += [("b2", "z", 1.0, grads["b2"]), ("z", "yhat", loc.dyhat_dz, loc.dl_dz),
              ("yhat", "L", loc.dl_dyhat, loc.dl_dyhat)]
    return {
        "nodes": [{"name": n, "label": lab, "kind": k, "value": v, "grad": g, "x": _POSITIONS[n][0],
                   "y": _POSITIONS[n][1]} for n, lab, k, v, g in nodes],
        "edges": [{"from": a, "to": b, "local": lo, "gradient": g} for a, b, lo, g in edges],
    }


# the drawing's geometry, in pixels where the page shows it: the graph is never narrower than MIN_WIDTH
# (on a phone it scrolls sideways, style.css), so labels that clear each other there clear everywhere
MIN_WIDTH, HEIGHT = 720, 480
X_RANGE, Y_RANGE = (-0.45, 7.05), (-3.3, 3.3)
MARGIN = {"l": 10, "r": 10, "t": 34, "b": 10}
NODE_PX = 36  # a node's circle, in pixels
FONT_PX = 12  # every label's font size
CHAR_PX = 0.62  # a digit's width, as a share of the font size (for the labels' boxes)


def short(value: float) -> str:
    """A number for the drawing: 3 significant digits, a true minus sign."""
    return f"{value:.3g}".replace("-", "−")


def _scale(width: int = MIN_WIDTH) -> tuple[float, float]:
    """Pixels per data unit along x and y."""
    plot_w = width - MARGIN["l"] - MARGIN["r"]
    plot_h = HEIGHT - MARGIN["t"] - MARGIN["b"]
    return plot_w / (X_RANGE[1] - X_RANGE[0]), plot_h / (Y_RANGE[1] - Y_RANGE[0])


def text_box(x: float, y: float, text: str, width: int = MIN_WIDTH) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) in pixels of ``text`` centred at (x, y) (one line, FONT_PX high)."""
    sx, sy = _scale(width)
    half_w, half_h = len(text) * CHAR_PX * FONT_PX / 2 + 2, FONT_PX * 0.6 + 1
    return x * sx - half_w, x * sx + half_w, y * sy - half_h, y * sy + half_h


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _node_box(x: float, y: float) -> tuple[float, float, float, float]:
    sx, sy = _scale()
    r = NODE_PX / 2 + 1
    return x * sx - r, x * sx + r, y * sy - r, y * sy + r


def place_labels(data: dict[str, list[dict[str, Any]]], show_gradients: bool) -> dict[str, list]:
    """Where each label goes: a node's value just under its circle; an edge's gradient at the first point
    along the edge (from its middle outwards) whose box clears every circle and every label placed so far.

    Returns ``{"values": [(x, y, text)], "gradients": [(x, y, text)]}`` in data units.
    """
    _, sy = _scale()
    below = (NODE_PX / 2 + FONT_PX * 0.7 + 2) / sy
    taken = [_node_box(n["x"], n["y"]) for n in data["nodes"]]
    values = []
    for n in data["nodes"]:  # the top row's values above their circles, the others' below
        x, y, text = n["x"], n["y"] + (below if n["y"] > 2 else -below), short(n["value"])
        values.append((x, y, text))
        taken.append(text_box(x, y, text))
    gradients = []
    if show_gradients:
        where = {n["name"]: (n["x"], n["y"]) for n in data["nodes"]}
        for e in data["edges"]:
            (x0, y0), (x1, y1), text = where[e["from"]], where[e["to"]], short(e["gradient"])
            spots = [(x0 + t * (x1 - x0), y0 + t * (y1 - y0) + dy) for dy in (0, below, -below)
                     for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8)]  # on the edge, else just above/below
            x, y = next((p for p in spots if not any(overlap(text_box(*p, text), b) for b in taken)), spots[0])
            gradients.append((x, y, text))
            taken.append(text_box(x, y, text))
    return {"values": values, "gradients": gradients}
