"""The backprop graph as a person reads it: every label at least 12 px, no two labels (or a label and a
circle) overlapping at the narrowest width the page draws it, values outside the circles; and Train 100
steps ends with the trained network. Boxes are computed from the figure's own data and layout."""

import random

import pytest

from playground.basics import backprop as bp
from playground.basics import backprop_explain as bx
from playground.views import basics as bv


def network(rng: random.Random | None = None) -> bp.Network:
    if rng is None:
        return bp.parse_network({"x": [1.0, 0.5], "y": 1.0, "w1": [[0.15, 0.2], [0.25, 0.3]], "b1": [0.35, 0.35],
                                 "w2": [0.4, 0.45], "b2": 0.6, "activation": "sigmoid", "loss": "mse", "lr": 0.5})
    w = [round(rng.uniform(-3, 3), 2) for _ in range(9)]
    return bp.parse_network({"x": [round(rng.uniform(-3, 3), 2), round(rng.uniform(-3, 3), 2)],
                             "y": rng.choice([0.0, 1.0]), "w1": [w[0:2], w[2:4]], "b1": w[4:6], "w2": w[6:8],
                             "b2": w[8], "activation": rng.choice(["sigmoid", "tanh", "relu"]),
                             "loss": rng.choice(["mse", "bce"]), "lr": 0.5})


def boxes(fig, width: int):
    """(what, box in pixels) for every circle and every text label of the figure drawn ``width`` px wide."""
    (x_lo, x_hi), (y_lo, y_hi) = fig.layout.xaxis.range, fig.layout.yaxis.range
    m = fig.layout.margin
    sx = (width - m.l - m.r) / (x_hi - x_lo)
    sy = (fig.layout.height - m.t - m.b) / (y_hi - y_lo)
    out = []
    for trace in fig.data[1:]:
        size = trace.textfont.size
        for x, y, text in zip(trace.x, trace.y, trace.text):
            if trace.name == "nodes":
                r = trace.marker.size / 2
                out.append((f"circle {text}", (x * sx - r, x * sx + r, y * sy - r, y * sy + r)))
            else:
                half_w, half_h = len(text) * 0.6 * size / 2, size * 0.55
                out.append((f"{trace.name} {text}", (x * sx - half_w, x * sx + half_w, y * sy - half_h, y * sy + half_h)))
    return out


def clashes(fig, width: int) -> list[tuple[str, str]]:
    drawn = boxes(fig, width)
    return [(a, b) for i, (a, p) in enumerate(drawn) for b, q in drawn[:i]
            if p[0] < q[1] and q[0] < p[1] and p[2] < q[3] and q[2] < p[3]]


@pytest.mark.parametrize("seed", [None, *range(40)])
def test_no_label_overlaps_another_or_a_circle(seed):
    fig = bv.graph_figure(network(None if seed is None else random.Random(seed)))
    for width in (bx.MIN_WIDTH, 1200):  # a phone (scrolling sideways) and a desktop
        assert clashes(fig, width) == []


def test_labels_are_legible_and_values_sit_outside_their_circles():
    fig = bv.graph_figure(network())
    assert all(t.textfont.size >= 12 for t in fig.data[1:])
    values, nodes = fig.data[2], fig.data[3]
    r = nodes.marker.size / 2
    sy = (fig.layout.height - fig.layout.margin.t - fig.layout.margin.b) / (fig.layout.yaxis.range[1] - fig.layout.yaxis.range[0])
    for (vy, ny) in zip(values.y, nodes.y):
        assert abs(vy - ny) * sy >= r + 6  # L's value (and every other) is drawn beside its circle, not in it
    assert "L" in nodes.text and all("<br>" not in t for t in nodes.text)
    assert all(len(t.replace("−", "-").lstrip("-").replace(".", "")) <= 5 or "e" in t for t in values.text)


def test_training_a_hundred_steps_returns_the_trained_network():
    net = network()
    losses, after = bp.train_run(net, 100)
    assert losses == bp.train_steps(net, 100) and len(losses) == 101
    assert bp.forward(after).loss == pytest.approx(losses[-1])
    assert bp.parameters(after) != bp.parameters(net)
