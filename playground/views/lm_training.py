"""What the Next-word tab shows of training a language model: the status line, the live curves (SVG) and
the hoverable ones (plotly) with the n-gram baselines, the parameter line, and a Train or Compare job
(``text.job``) as page updates by name. No gradio here."""

from __future__ import annotations

import html
import math
from typing import Any, Iterable, Iterator

import numpy as np
import plotly.graph_objects as go

from playground.text.data import TextData
from playground.text.job import DEFAULTS_BEAT_BIGRAM, LMJobResult, RunEvent
from playground.train import engine
from playground.train.history import History
from playground.views.common import sentence
from playground.views.live import Pace
from playground.views.plots import lines_svg
from playground.views.training import duration

_PLAIN = {"template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white"}


def curves_figure(runs: dict[str, History], baselines: dict[str, float]) -> go.Figure:
    """Validation loss per step of each run, with the n-gram baselines as horizontal lines (same tokens, split)."""
    data = []
    for i, (name, history) in enumerate(runs.items()):
        colour = COLOURS[i % len(COLOURS)]
        data.append({"type": "scatter", "x": np.asarray(history.steps), "y": np.asarray(history.smoothed),
                     "mode": "lines", "name": f"{name} train (smoothed)", "line": {"color": colour, "width": 1},
                     "opacity": 0.5})
        data.append({"type": "scatter", "x": [e["step"] for e in history.epochs], "y": [e["val_loss"] for e in history.epochs],
                     "mode": "lines+markers", "name": f"{name} validation", "line": {"color": colour, "width": 2.5}})
    for j, (name, ppl) in enumerate(baselines.items()):
        data.append({"type": "scatter", "x": [0, max([max(h.steps, default=1) for h in runs.values()] or [1])],
                     "y": [math.log(ppl)] * 2, "mode": "lines", "name": f"{name} (ppl {ppl:.0f})",
                     "line": {"dash": "dash", "color": ["#999", "#666", "#333"][j % 3], "width": 1.5}})
    return go.Figure(data=data, layout={
        **_PLAIN, "height": 360, "title": {"text": "Loss per token (nats): lower is better; perplexity = e^loss",
                                           "x": 0.02, "font": {"size": 13}},
        "xaxis": {"title": {"text": "step"}, "gridcolor": "#eee"}, "yaxis": {"title": {"text": "loss"},
                                                                             "gridcolor": "#eee"},
        "legend": {"orientation": "h", "y": -0.25, "yanchor": "top"}, "margin": {"l": 50, "r": 20, "t": 40, "b": 90},
        "uirevision": "keep"})


def beat_estimate(event: engine.Step, beat_at: int | None) -> str:
    """How long this machine needs, at the speed measured so far, to reach the step where the default run passes
    the bigram ("" when that step is passed, unknown, or too few steps have been timed)."""
    if not beat_at or event.step < 5 or event.step >= beat_at or event.elapsed <= 0:
        return ""
    left = (beat_at - event.step) * event.elapsed / event.step
    return (f'<div class="pg-line">With the defaults, validation passes the bigram near step {beat_at}: '
            f"in about {duration(left)} at this machine's speed.</div>")


def lm_status(event: engine.Event | None, device_name: str, note: str = "", kind: str = "info",
              beat_at: int | None = None) -> str:
    """The training status line: progress, tokens/s, ETA, the last validation perplexity; ``beat_at``: the step
    where the default run passes the bigram (a run with the defaults), for an estimate on this machine."""
    parts = [f'<div class="pg-device">Device: <b>{html.escape(device_name)}</b></div>']
    if isinstance(event, engine.Step):
        share = event.step / max(event.total_steps, 1)
        parts.append(f'<div class="pg-progress"><div style="width:{100 * share:.1f}%"></div></div>'
                     f'<div class="pg-line">step {event.step:,}/{event.total_steps:,} · loss {event.losses[-1]:.3f} · '
                     f"{event.samples_per_s:,.0f} tokens/s · {duration(event.elapsed)} elapsed · "
                     f"ETA {duration(event.eta)}</div>" + beat_estimate(event, beat_at))
    if note:
        parts.append(f'<div class="pg-status pg-{kind}">{html.escape(note)}</div>')
    return f'<div class="pg-train-status">{"".join(parts)}</div>'


def ready_note() -> str:
    """What the status says before a run: what to do, and how long the defaults take to pass the bigram."""
    beat = DEFAULTS_BEAT_BIGRAM
    return (f"Pick a text and an architecture, then Train. With the defaults (an LSTM on Tiny Shakespeare's words), "
            f"validation passes the bigram after about {beat['steps']} steps: about {beat['seconds']} seconds on "
            f"{beat['machine']}; while it trains, this line says how long this machine needs.")


def param_line(count: int, cap: int) -> str:
    over = count > cap
    return (f"**{count:,} parameters**" + (f" — over this server's cap of {cap:,}: make it smaller." if over else "."))


def params_markdown(count: int, cap: int, vocab: int, real: bool, notes: list[str], problem: str = "") -> str:
    """The parameter line under the training controls: the count, the vocabulary (the text's own once it is
    read, else an estimate), and how training will adapt to the text."""
    vocabulary = f"vocabulary {vocab:,}" if real else f"vocabulary about {vocab:,} until the text is read"
    items = [f"- {note}" for note in notes] + ([f"- ⚠ {sentence(problem)}"] if problem else [])
    return "\n\n".join([param_line(count, cap) + f" ({vocabulary})"] + (["\n".join(items)] if items else []))


def training_updates(events: Iterable[RunEvent | LMJobResult], device_name: str, data: TextData, kind: str,
                     kept: dict[str, History] | None, pace: Pace, beat_at: int | None = None
                     ) -> Iterator[dict[str, Any]]:
    """A Train or Compare job as page updates by name: status, curves, and at the end model and runs.

    ``kept``: the session's earlier runs on the same text and tokens, drawn beside the new ones
    (a new run of the same architecture replaces its old curve).
    """
    runs = dict(kept or {})
    for item in events:
        if isinstance(item, LMJobResult):
            runs.update(item.runs)
            yield {"status": lm_status(None, device_name, result_note(item, data, kind),
                                       "error" if item.done.reason in engine.FAILED else "info"),
                   "curves": curves_figure(runs, data.baselines), "model": item.model, "runs": runs}
            continue
        runs[item.arch] = item.history
        if isinstance(item.event, engine.Done):  # at once, while the model is scored
            note = f"{sentence(item.event.message)} Scoring it on the validation text…"
            yield {"live": lm_status(None, device_name, note) + curves_svg(runs, data.baselines)}
        elif pace.due():
            yield {"live": lm_status(item.event, device_name, beat_at=beat_at) + curves_svg(runs, data.baselines)}
        else:
            yield {}  # nothing to show: the caller may still check on the page (a closed tab ends the run)


COLOURS = ["#4C78A8", "#E45756", "#54A24B", "#B279A2"]


def curves_svg(runs: dict[str, History], baselines: dict[str, float]) -> str:
    """The runs' loss curves as a picture while training (the plotly figure comes when it ends)."""
    series = []
    for i, (name, history) in enumerate(runs.items()):
        colour = COLOURS[i % len(COLOURS)]
        series.append((f"{name} train", history.steps, history.smoothed, colour))
        series.append((f"{name} validation", [e["step"] for e in history.epochs],
                       [e["val_loss"] for e in history.epochs], colour))
    end = max([max(h.steps, default=1) for h in runs.values()] or [1])
    for name, ppl in list(baselines.items())[:2]:
        series.append((f"{name} (ppl {ppl:.0f})", [0, end], [math.log(ppl)] * 2, "#999"))
    return lines_svg(series, "loss per token (nats): lower is better; perplexity = e^loss", width=560, height=200)


RARE_SHARE = 0.10  # from this share of <unk> in validation on, the result says so and scores the known words


def result_note(result: LMJobResult, data: TextData, kind: str) -> str:
    """What a finished job says: how it ended, how it adapted to the text, the validation scores against the
    bigram (and over the known words, where many were too rare to learn), where the model is."""
    done, scores, cfg = result.done, result.scores, result.config
    rare = data.unk_share >= RARE_SHARE and scores.known_perplexity is not None
    known = f" ({scores.known_perplexity:.1f} over the known words only)" if rare else ""
    # perplexity compares models with the same tokens; bits per character compares across tokenizers too
    parts = [sentence(done.message), *result.notes,
             f"Validation ({cfg.arch}, {kind} tokens, context {cfg.block_size}): perplexity {scores.perplexity:.1f}"
             f"{known}, {scores.bits_per_char:.3f} bits per character, top-1 {scores.top1:.1%}; the interpolated "
             f"bigram's perplexity is {data.baselines['interpolated bigram']:.1f}."]
    if rare:
        parts.append(f"{data.unk_share:.0%} of the words were too rare to learn: the model reads each of them as "
                     "the same “(rare word)”, so the perplexity over the known words says more about what it learned "
                     "than the plain one. A longer text gives it more words to learn.")
    parts += [data.split_note, "This model now answers as “Your model (this session)”."]
    return " ".join(parts)
