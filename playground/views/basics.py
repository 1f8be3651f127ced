"""What the Basics tab shows, without gradio: activation curves, softmax bars, vanishing gradients,
the 2-D playground's boundary, loss curves and per-neuron pictures, the backprop check table."""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Iterable, Iterator

import numpy as np
import plotly.graph_objects as go
import torch
from PIL import Image, ImageDraw

from playground.basics import activations as act
from playground.basics import backprop as bp
from playground.basics import backprop_explain as bx
from playground.basics.backprop import LABELS, Network
from playground.basics.code2d import code
from playground.basics.data2d import EXTENT, FEATURE_LABELS
from playground.basics.play import PlayEvent, PlayFrame, PlayWait, Rest
from playground.basics.playground2d import Snapshot
from playground.i18n import t
from playground.train import engine
from playground.views.plots import lines_svg

ORANGE, BLUE = np.array([245, 147, 34]), np.array([8, 119, 189])  # class 0, class 1 (TensorFlow Playground's)


def _small(fig: go.Figure, height: int = 280) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 45, "r": 15, "t": 36, "b": 36}, legend={"orientation": "h", "y": -0.2})
    return fig


def signed(value: float, bracket: bool = True) -> str:
    """A number for a formula: a true minus sign, and brackets around a negative that follows an operator
    ("1.2·(−0.5)", not "1.2·-0.5")."""
    text = f"{value:g}".replace("-", "−")
    return f"({text})" if bracket and value < 0 else text


def neuron_markdown(x1: float, x2: float, w1: float, w2: float, b: float, name: str, out: dict) -> str:
    """The neuron's sum written out with the numbers in, then its activation and slope."""
    sum_ = f"{signed(w1, bracket=False)}·{signed(x1)} + {signed(w2)}·{signed(x2)} + {signed(b)}"
    z = signed(float(format(out["z"], ".4g")), bracket=False)
    return (f"z = w₁·x₁ + w₂·x₂ + b = {sum_} = **{z}**  \n"
            f"a = {name}(z) = **{out['a']:.4g}**, {t('basics.slope')} {out['derivative']:.4g}  \n{act.note(name)}")


def activation_figure(name: str, z_point: float) -> go.Figure:
    """The activation and its derivative (from autograd) over z ∈ [−6, 6], the neuron's z marked."""
    z = torch.linspace(-6, 6, 241)
    values, slopes = act.curve(name, z)
    point = torch.tensor([float(np.clip(z_point, -1e6, 1e6))])
    pv, ps = act.curve(name, point)
    fig = go.Figure()
    fig.add_scatter(x=z.numpy(), y=values.numpy(), name=f"{act.canonical(name)}(z)", line={"color": "#4C78A8"})
    fig.add_scatter(x=z.numpy(), y=slopes.numpy(), name=t("basics.derivative_autograd"),
                    line={"color": "#F58518", "dash": "dash"})
    fig.add_scatter(x=[float(point)], y=[float(pv)], mode="markers", name=t("basics.this_neuron"),
                    marker={"size": 12, "color": "#E45756"})
    title = t("basics.act_title", a=f"{float(pv):.4g}", slope=f"{float(ps):.4g}", z=f"{float(point):.4g}")
    fig.update_layout(title={"text": title,
                             "font": {"size": 13}}, xaxis_title="z")
    return _small(fig)


def softmax_figure(logits: list[float], probs: list[float], temperature: float) -> go.Figure:
    labels = [f"{i}: {v:g}" for i, v in enumerate(logits)]
    fig = go.Figure(go.Bar(x=labels, y=probs, text=[f"{p:.3f}" for p in probs], textposition="outside",
                           marker_color="#4C78A8"))
    fig.update_layout(title={"text": f"softmax(logits / {temperature:g})", "font": {"size": 13}},
                      xaxis_title=t("basics.class_logit"), yaxis={"range": [0, 1.1], "title": t("basics.probability")})
    return _small(fig)


def neuron_view(x1: float, x2: float, w1: float, w2: float, b: float, name: str) -> tuple[str, go.Figure]:
    """The neuron's sum written out, and its activation's curve with the neuron's z marked."""
    out = act.neuron(x1, x2, w1, w2, b, name)
    return neuron_markdown(x1, x2, w1, w2, b, name, out), activation_figure(name, out["z"])


def softmax_view(text: str, temperature: float) -> go.Figure:
    """The softmax of the scores a person typed, at their temperature."""
    logits = act.parse_logits(text)
    return softmax_figure(logits, act.softmax(logits, float(temperature)), float(temperature))


def vanishing_figure(layers: int) -> go.Figure:
    """The largest possible gradient factor through N layers: the product of each layer's peak slope."""
    table = act.vanishing_table(list(act.NEURON_ACTIVATIONS), layers)
    fig = go.Figure()
    depth = list(range(1, layers + 1))
    for name, values in table.items():
        fig.add_scatter(x=depth, y=values, name=name, mode="lines+markers")
    fig.update_layout(title={"text": t("basics.vanish_title"), "font": {"size": 13}},
                      xaxis_title=t("basics.layers_axis"), yaxis={"type": "log"})
    return _small(fig, 300)


def check_html(rows: list[dict]) -> str:
    """Each gradient by hand (chain rule) next to autograd's, marked where they agree."""
    agrees, mismatch = html.escape(t("basics.agrees")), html.escape(t("basics.mismatch"))
    body = "".join(
        f"<tr><td>∂L/∂{html.escape(r['label'])}</td><td>{r['hand']:.8g}</td><td>{r['autograd']:.8g}</td>"
        f"<td>{r['difference']:.1e}</td><td>{'✅ ' + agrees if r['agrees'] else '❌ ' + mismatch}</td></tr>"
        for r in rows)
    head = (f"<th>{abbr('basics.th_gradient', 'basics.def_gradient')}</th>"
            f"<th>{abbr('basics.th_chain_rule', 'basics.def_chain_rule')}</th><th>autograd</th><th>|Δ|</th><th></th>")
    return f'<table class="pg-check"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def abbr(term: str, definition: str) -> str:
    """A term of the tables with its one-line definition (also a key) on hover: ``<abbr title=...>``."""
    return f'<abbr title="{html.escape(t(definition))}">{html.escape(t(term))}</abbr>'  # i18n: not text


def graph_figure(net: Network, show_gradients: bool = True) -> go.Figure:
    """A plotly figure of ``bx.graph(net)``: each node's name in its circle and its value under it; the gradient
    flowing back along each edge (red), placed where it clears the circles and the other labels."""
    data = bx.graph(net)
    where = {n["name"]: (n["x"], n["y"]) for n in data["nodes"]}
    xs: list[float | None] = []
    ys: list[float | None] = []
    for e in data["edges"]:
        (x0, y0), (x1, y1) = where[e["from"]], where[e["to"]]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    labels = bx.place_labels(data, show_gradients)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#bbbbbb", "width": 1.5}, hoverinfo="skip",
                             showlegend=False))
    if show_gradients:
        g = labels["gradients"]
        fig.add_trace(go.Scatter(x=[p[0] for p in g], y=[p[1] for p in g], mode="text", text=[p[2] for p in g],
                                 textfont={"color": "#c0392b", "size": bx.FONT_PX}, hoverinfo="skip", showlegend=False,
                                 name="gradients"))
    v = labels["values"]
    fig.add_trace(go.Scatter(x=[p[0] for p in v], y=[p[1] for p in v], mode="text", text=[p[2] for p in v],
                             textfont={"color": "#222222", "size": bx.FONT_PX}, hoverinfo="skip", showlegend=False,
                             name="values"))
    nodes = data["nodes"]
    fig.add_trace(go.Scatter(
        x=[n["x"] for n in nodes], y=[n["y"] for n in nodes], mode="markers+text",
        marker={"size": bx.NODE_PX, "color": [bx.KIND_COLORS[n["kind"]] for n in nodes]},
        text=[n["label"] for n in nodes], textfont={"color": "white", "size": bx.FONT_PX + 1},
        hovertext=[f"{n['label']} = {bx.fmt(n['value'])}<br>∂L/∂{n['label']} = {bx.fmt(n['grad'])}" for n in nodes],
        hoverinfo="text", showlegend=False, name="nodes"))
    fig.update_layout(xaxis={"visible": False, "range": list(bx.X_RANGE), "fixedrange": True},
                      yaxis={"visible": False, "range": list(bx.Y_RANGE), "fixedrange": True}, plot_bgcolor="white",
                      margin=bx.MARGIN, height=bx.HEIGHT, title={"text": t("basics.graph_title"), "font": {"size": 14}})
    return fig


def stage_markdown(title: str, lines: list[str], last: bool = False, intro: str = "") -> str:
    """A stage of the backprop walk: its idea in plain words (``intro``), then its numbers; the last one ends by
    pointing at the button that takes the update."""
    text = f"**{title}**\n\n" + (f"{intro}\n\n" if intro else "") + "\n".join(f"- `{line}`" for line in lines)
    return text + ("\n\n" + t("basics.last_stage_pointer") if last else "")


def stage_title(title: str, index: int) -> str:
    """A stage's title with where it is in the walk ("1. Forward pass (stage 1 of 4)")."""
    return t("basics.stage_of", title=title, n=index + 1)


def trained_title(steps: int) -> str:
    return t("basics.trained_title", steps=steps)


def weight_value(value: float) -> float:
    """A weight for its box: 4 significant digits (0.135, not 0.135002)."""
    return float(f"{value:.4g}")


def walk_updates(net: Network, index: int, momentum: float, velocity: dict | None, move: int = 0) -> dict[str, Any]:
    """The backprop walk at stage ``index + move`` (clamped), by name: "stage" (its index), "stage_md" (its
    words and numbers), "graph", "check" (from the backward stage on) and "last" (no stage after it)."""
    index = bx.stage_index(int(index) + move)
    current = bx.stages(net, float(momentum), velocity)[index]
    last, backward = index == bx.STAGE_COUNT - 1, index >= bx.BACKWARD_STAGE
    return {"stage": index, "stage_md": stage_markdown(stage_title(current.title, index), current.lines, last,
                                                       current.intro),
            "graph": graph_figure(net, show_gradients=backward), "check": check_html(bp.check(net)) if backward else "",
            "last": last}


def _new_weights(net: Network) -> list[float]:
    return [weight_value(v) for v in bp.parameters(net).values()]


def applied_updates(net: Network, momentum: float, velocity: dict | None) -> dict[str, Any]:
    """Take the update: the new "weights" in the boxes, the "velocity" for the next step, the walk at "stage" 0."""
    after, new_velocity = bp.sgd_update(net, bp.hand_gradients(net), momentum=float(momentum), velocity=velocity)
    return {"velocity": new_velocity, "stage": 0, "weights": _new_weights(after)}


def trained_updates(net: Network, momentum: float) -> dict[str, Any]:
    """Train ``bp.TRAIN_STEPS`` steps: the loss curve ("train_plot") and the weights they end with (the walk starts
    again, without velocity)."""
    losses, after = bp.train_run(net, bp.TRAIN_STEPS, momentum=float(momentum))
    return {"train_plot": loss_curve(losses, trained_title(len(losses) - 1)), "velocity": None, "stage": 0,
            "weights": _new_weights(after)}


def random_updates() -> dict[str, Any]:
    """Random weights in the boxes; the walk starts again, without velocity."""
    return {"velocity": None, "stage": 0, "weights": bp.random_weights()}


def loss_curve(losses: list[float], title: str | None = None) -> go.Figure:
    """The loss after each step of "Train 100 steps" (``title``: default, the loss over the steps)."""
    fig = go.Figure(go.Scatter(x=list(range(len(losses))), y=losses, mode="lines", line={"color": "#E45756"}))
    fig.update_layout(title={"text": title or t("basics.loss_curve_title"), "font": {"size": 13}},
                      xaxis_title=t("basics.step_axis"), yaxis_title=t("basics.loss_axis"))
    return _small(fig, 240)


BOUNDARY_PX = 360  # the decision boundary's picture, in pixels per side


def jpeg_html(image: np.ndarray, alt: str, css_class: str, quality: int = 90) -> str:
    """An RGB picture (H, W, 3) inlined as a JPEG ``<img>`` (no file, no second request; a JPEG encodes in
    about a millisecond, a PNG of the same in ~25)."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="{css_class}" alt="{html.escape(alt)}" src="data:image/jpeg;base64,{data}">'  # i18n: not text


def boundary_image(snap: Snapshot, points: dict[str, np.ndarray], side: int = BOUNDARY_PX) -> np.ndarray:
    """P(class 1) over the plane as a picture (orange 0, white ½, blue 1), training points filled with a
    white ring, test points as rings: what TensorFlow Playground draws, as pixels (cheap for any browser)."""
    t = np.clip(snap.boundary[::-1], 0, 1)[..., None] * 2 - 1  # row 0 is y = −EXTENT: flip so up is up
    rgb = _blend(t).astype(np.uint8)
    picture = Image.fromarray(rgb).resize((side, side), Image.BILINEAR)
    draw = ImageDraw.Draw(picture)
    scale = side / (2 * EXTENT)
    for key in ("train", "test"):
        xy, labels = points[f"x_{key}"], points[f"y_{key}"]
        px = (xy[:, 0] + EXTENT) * scale
        py = (EXTENT - xy[:, 1]) * scale
        for x, y, label in zip(px.tolist(), py.tolist(), labels.tolist()):
            colour = tuple(int(c) for c in (BLUE if label > 0.5 else ORANGE))
            box = (x - 3.5, y - 3.5, x + 3.5, y + 3.5)
            if key == "train":
                draw.ellipse(box, fill=colour, outline=(255, 255, 255), width=1)
            else:
                draw.ellipse(box, outline=colour, width=2)
    return np.asarray(picture)


def _blend(t: np.ndarray) -> np.ndarray:
    """t in [−1, 1] (…, 1) → RGB: orange at −1, white at 0, blue at +1."""
    white = np.array([232, 234, 235])
    return np.where(t >= 0, white + t * (BLUE - white), white - t * (ORANGE - white))


def boundary_html(snap: Snapshot, points: dict[str, np.ndarray]) -> str:
    """The boundary picture with its caption (epoch, test loss and accuracy)."""
    args = {"epoch": snap.epoch, "loss": f"{snap.test_loss:.3f}", "accuracy": f"{snap.test_acc:.1%}"}
    caption = t("basics.boundary_caption", epoch_term=t("basics.w_epoch"), test_loss_term=t("basics.w_test_loss"),
                **args)
    picture = jpeg_html(boundary_image(snap, points), caption, "pg-boundary-img")
    shown = html.escape(t("basics.boundary_caption")).format(  # the same words, the terms with their definitions
        epoch_term=abbr("basics.w_epoch", "basics.def_epoch"),
        test_loss_term=abbr("basics.w_test_loss", "basics.def_test_loss"), **args)
    title = f'<div class="pg-boundary-title">{abbr("basics.w_boundary", "basics.def_boundary")}</div>'  # i18n: not text
    return f'<figure class="pg-boundary">{title}{picture}<figcaption>{shown}</figcaption></figure>'


def curves_figure(history: dict[str, list[float]]) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=history["epoch"], y=history["train_loss"], name=t("basics.train_loss"),
                    line={"color": "#4C78A8"})
    fig.add_scatter(x=history["epoch"], y=history["test_loss"], name=t("basics.test_loss"), line={"color": "#E45756"})
    fig.update_layout(xaxis_title=t("basics.epoch_axis"), yaxis_title=t("basics.loss_axis"), uirevision="curves")
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


def neurons_html(snap: Snapshot) -> str:
    """Every input feature and hidden neuron over the plane (see ``neurons_image``), inlined."""
    return jpeg_html(neurons_image(snap), t("basics.neurons_alt"), "pg-neurons-img")


def curves_svg(history: dict[str, list[float]]) -> str:
    """Training and test loss per epoch as an inline SVG (cheap to redraw every frame)."""
    return lines_svg([(t("basics.train_loss"), history["epoch"], history["train_loss"], "#4C78A8"),
                      (t("basics.test_loss"), history["epoch"], history["test_loss"], "#E45756")],
                     t("basics.loss_per_epoch"), width=360, height=160)


def frame_html(snap: Snapshot, points: dict[str, np.ndarray], status: str, caption: str) -> str:
    """One picture of the playground as one piece of HTML: the status line (``#pg-status``), the boundary,
    the loss curves and every neuron's map. One page update per frame: a streamed update costs the page
    time for every component it touches, so a live frame touches one."""
    return (f'<div id="pg-status" class="pg-play-status">{html.escape(status)}</div>'
            f'<div class="pg-play-row">{boundary_html(snap, points)}'
            f'<div class="pg-curves">{curves_svg(snap.history)}</div></div>'
            f'<div class="pg-neuron-caption">{html.escape(caption)}</div>{neurons_html(snap)}')


def first_status() -> str:
    return t("basics.status_first")


def resting_status(epoch: int, fresh: bool) -> str:
    return t("basics.status_epoch", epoch=epoch) + (" " + t("basics.status_new_network") if fresh else "")


def step_status(epoch: int, done: engine.Done) -> str:
    """After Step: the epoch, and how the run ended where it did not simply finish (advice after a blow-up)."""
    return t("basics.status_epoch", epoch=epoch) + (f" {done.message}" if done.reason != "finished" else "")


def playing_status(epoch: int, epochs_per_s: float | None = None) -> str:
    if epochs_per_s is None:
        return t("basics.status_playing", epoch=epoch)
    return t("basics.status_playing_rate", epoch=epoch, rate=f"{epochs_per_s:,.0f}")


def paused_status(epoch: int) -> str:
    return t("basics.status_paused", epoch=epoch)


def rest_status(rest: Rest) -> str:
    """The status line after a control: what it did, at which epoch."""
    epoch = rest.frame.epoch
    said = {"first": first_status, "reset": lambda: t("basics.status_reset"), "play": lambda: playing_status(epoch),
            "step": lambda: step_status(epoch, rest.done)}
    return said.get(rest.why, lambda: resting_status(epoch, rest.fresh))()


def picture_html(frame: PlayFrame, status: str) -> str:
    """``frame_html`` of a frame of the playground, with its network's caption."""
    return frame_html(frame.snapshot, frame.points, status, features_caption(frame.config.features,
                                                                            frame.config.hidden))


def rest_updates(rest: Rest) -> dict[str, Any]:
    """The playground after a control, by name: "run" (the session's), "view" (status and pictures), "curves"
    (the hoverable losses) and "code" (the run as a script); at Play's start only the first two (Play's frames
    draw the rest)."""
    out = {"run": rest.run, "view": picture_html(rest.frame, rest_status(rest))}
    if rest.why != "play":
        out.update(curves=curves_figure(rest.frame.snapshot.history), code=code(rest.frame.config))
    return out


def play_frames(events: Iterable[PlayEvent]) -> Iterator[dict[str, Any]]:
    """Play as page updates by name: {} while the job waits for the page (it is alive), {"live": html} for each
    frame, and at the end (paused, at its cap, failed) the last picture as "live" (a pull in flight shows it at
    once) and as the "view" itself, with the hoverable "curves". Nothing when another control took over: it
    shows its own."""
    for event in events:
        if isinstance(event, PlayWait):
            yield {}
        elif isinstance(event, PlayFrame):
            yield {"live": picture_html(event, playing_status(event.epoch, event.epochs_per_s))}
        elif event.frame is not None:
            status = f"⚠ {event.message}" if event.reason == "failed" else paused_status(event.frame.epoch)
            last = picture_html(event.frame, status)
            yield {"live": last, "view": last, "curves": curves_figure(event.frame.snapshot.history)}


def features_caption(features: tuple[str, ...], hidden: tuple[int, ...]) -> str:
    inputs = ", ".join(FEATURE_LABELS[f] for f in features)
    layers = " → ".join(str(n) for n in hidden) if hidden else t("basics.no_hidden")
    return t("basics.neurons_caption", inputs=inputs, layers=layers)


def param_label(name: str) -> str:
    return LABELS[name]
