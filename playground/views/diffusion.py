"""What the Diffusion tab shows, without gradio: image grids, the schedule plot, the prompt's encoding,
cross-attention maps, the run as a GIF, and the record a finished run leaves for scrubbing.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import numpy as np
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from playground.diffusion import model as dm
from playground.diffusion import prompts
from playground.diffusion import sample
from playground.diffusion.sample import Trace
from playground.views.common import export_file
from playground.views.live import Pace
from playground.views.plots import lines_svg

CLASS_CHOICES = [(f"{d} · {prompts.ENGLISH[d]} · {prompts.SPANISH[d]}", d) for d in range(10)]
FORMS = [("numeral", "numeral"), ("English", "english"), ("Spanish", "spanish")]


def grid(x: torch.Tensor | np.ndarray, scale: int = 1, cols: int = 4, gap: int = 2) -> np.ndarray:
    """Model-range (N, 1, 32, 32) (or uint8 pixels (N, 32, 32)) → one uint8 (H, W) image: rows of ``cols``."""
    pixels = x if isinstance(x, np.ndarray) else dm.to_pixels(x).numpy()  # (N, 32, 32)
    n, side = len(pixels), pixels.shape[1] * scale
    cols = min(cols, n)
    rows = -(-n // cols)
    out = np.full((rows * side + (rows - 1) * gap, cols * side + (cols - 1) * gap), 255, np.uint8)
    for i, img in enumerate(pixels):
        r, c = divmod(i, cols)
        out[r * (side + gap):r * (side + gap) + side, c * (side + gap):c * (side + gap) + side] = \
            img.repeat(scale, 0).repeat(scale, 1)
    return out


def large(images: torch.Tensor, side: int = 224) -> list[np.ndarray]:
    """The final images, each scaled up to ``side`` pixels (crisp), for the gallery."""
    pixels = dm.to_pixels(images).numpy()
    factor = max(1, side // pixels.shape[1])
    return [p.repeat(factor, 0).repeat(factor, 1) for p in pixels]


def _thin(n: int, points: int = 200) -> np.ndarray:
    return np.unique(np.linspace(0, n - 1, min(n, points)).round().astype(int))


def schedule_figure(curves: dict[str, torch.Tensor], current: int | None = None) -> go.Figure:
    """β_t and ᾱ_t (left axis) and the signal-to-noise ratio ᾱ/(1−ᾱ) (log axis), the current timestep marked."""
    idx = _thin(len(curves["beta"]))
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_scatter(x=idx, y=curves["alpha_bar"].numpy()[idx], name="ᾱ_t (signal kept)", line={"color": "#4C78A8"})
    fig.add_scatter(x=idx, y=curves["beta"].numpy()[idx], name="β_t (noise added)", line={"color": "#F58518"})
    fig.add_scatter(x=idx, y=curves["snr"].numpy()[idx], name="SNR (log)", line={"color": "#54A24B", "dash": "dot"},
                    secondary_y=True)
    if current is not None:
        fig.add_vline(x=int(current), line={"color": "#E45756", "width": 2})
        fig.add_annotation(x=int(current), y=1.05, yref="paper", text=f"t = {int(current)}", showarrow=False)
    fig.update_yaxes(range=[0, 1.02], title_text="ᾱ_t, β_t", secondary_y=False)
    fig.update_yaxes(type="log", title_text="SNR", secondary_y=True, showgrid=False)
    fig.update_layout(height=260, margin={"l": 50, "r": 50, "t": 30, "b": 40}, xaxis_title="timestep t",
                      legend={"orientation": "h", "y": -0.35}, uirevision="schedule")
    return fig


def tokens_html(encoded: prompts.Encoded) -> str:
    """The prompt's words as chips: read by the model, or ignored (unknown or past the limit)."""
    if not encoded.words:
        return '<div class="pg-tokens"><em>(empty prompt: the unconditional model)</em></div>'
    read = set(range(len(encoded.tokens) - 1))
    chips, k = [], 0
    for word, known in zip(encoded.words, encoded.known):
        if known and k in read:
            cls = "pg-digit" if word in prompts.DIGIT_OF else "pg-known"
            k += 1
        else:
            cls = "pg-unknown"
            k += known
        chips.append(f'<span class="pg-chip {cls}">{html.escape(word)}</span>')
    legend = ('<small>blue: the digit; grey: phrase words the model knows; '
              '<s>struck</s>: ignored (unknown to the model, or past its 7-word limit)</small>')
    return f'<div class="pg-tokens">{" ".join(chips)}</div>{legend}'


def encoding_figure(tokens: list[str], states: torch.Tensor) -> go.Figure:
    """The text encoder's output: one row per token, one column per dimension."""
    fig = go.Figure(go.Heatmap(z=states.numpy(), y=[f"{i}: {html.escape(t)}" for i, t in enumerate(tokens)], colorscale="RdBu",
                               zmid=0, colorbar={"thickness": 10}))
    fig.update_layout(height=90 + 26 * len(tokens), margin={"l": 90, "r": 10, "t": 28, "b": 30},
                      title={"text": "Text encoder output per token (what the UNet's cross-attention reads)",
                             "font": {"size": 13}}, xaxis_title="dimension", yaxis={"autorange": "reversed"})
    return fig


def attention_figure(tokens: list[str], maps: torch.Tensor, image: torch.Tensor, step: int) -> go.Figure:
    """The predicted image next to one heatmap per token: where the pixels look at that token."""
    n = len(tokens)
    fig = make_subplots(rows=1, cols=n + 1, subplot_titles=["x₀ at this step"] + [html.escape(t) for t in tokens], horizontal_spacing=0.02)
    fig.add_trace(go.Heatmap(z=dm.to_pixels(image[None]).numpy()[0], colorscale="gray", reversescale=False,
                             showscale=False), 1, 1)
    top = float(maps.max())
    for i in range(n):
        fig.add_trace(go.Heatmap(z=maps[i].numpy(), colorscale="Viridis", zmin=0, zmax=top, showscale=i == n - 1,
                                 colorbar={"thickness": 10}), 1, i + 2)
    fig.update_yaxes(autorange="reversed", showticklabels=False, scaleanchor="x")
    fig.update_xaxes(showticklabels=False)
    fig.update_layout(height=220, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      title={"text": f"Cross-attention at step {step} (averaged over heads and layers)",
                             "font": {"size": 13}})
    return fig


@dataclass
class Record:
    """What a run leaves in the session: every step's x_t and x₀ as uint8 pixels (N, 32, 32), the trace
    (the UNet's inputs, for attention maps), the final images. A 1,000-step run of 16 images keeps ~64 MB."""

    trace: Trace
    x_t: list[np.ndarray] = field(default_factory=list)  # index 0: the starting noise
    x0: list[np.ndarray] = field(default_factory=list)  # index 0: blank (nothing predicted yet)
    timesteps: list[int] = field(default_factory=list)
    final: torch.Tensor | None = None
    note: str = ""  # the run's status line
    prompt_note: str = ""  # what the model read of the prompt (sample.describe): kept in the final status

    def add(self, x: torch.Tensor, x0: torch.Tensor | None, timestep: int) -> None:
        self.x_t.append(dm.to_pixels(x).numpy())
        self.x0.append(dm.to_pixels(x0).numpy() if x0 is not None else np.full_like(self.x_t[-1], 255))
        self.timesteps.append(int(timestep))

    def frame(self, step: int) -> tuple[np.ndarray, np.ndarray, str]:
        """(x_t grid, x₀ grid, label) of a step (0: the starting noise)."""
        step = min(max(int(step), 0), len(self.x_t) - 1)
        t = self.timesteps[step]
        label = "the starting noise" if step == 0 else f"step {step} of {len(self.x_t) - 1}, timestep t = {t}"
        return grid(self.x_t[step]), grid(self.x0[step]), label


def gif_file(record: Record, ms: int = 120, most: int = 40) -> str:
    """The run as an animated GIF, x_t above x₀: every step, or ``most`` evenly spaced ones (the last held longer)."""
    from PIL import Image

    frames = []
    keep = np.unique(np.linspace(0, len(record.x_t) - 1, min(most, len(record.x_t))).round().astype(int))
    for noisy, predicted in ((grid(record.x_t[i], scale=3), grid(record.x0[i], scale=3)) for i in keep):
        sep = np.full((6, noisy.shape[1]), 255, np.uint8)
        frames.append(Image.fromarray(np.concatenate([noisy, sep, predicted])))
    buf = io.BytesIO()
    durations = [ms] * (len(frames) - 1) + [1500]
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return export_file("diffusion-run.gif", buf.getvalue())


def png_files(images: torch.Tensor, side: int = 128) -> list[str]:
    """The final images as PNG files (grayscale, ``side`` pixels), for downloads and the public API."""
    from PIL import Image

    paths = []
    for i, img in enumerate(large(images, side)):
        buf = io.BytesIO()
        Image.fromarray(img, mode="L").save(buf, format="PNG")
        paths.append(export_file(f"digit-{i + 1}.png", buf.getvalue()))
    return paths


def digit_image(source) -> torch.Tensor:
    """A drawing or an upload (path, bytes) → (1, 1, 32, 32) in model range, read by the Draw tab's preprocessing.

    A non-image, a broken or enormous file, or an empty picture raises DrawingError with a plain message.
    """
    from playground.digits.preprocess import DrawingError, EmptyDrawing, prepare

    try:
        digit = prepare(source).image
    except EmptyDrawing as exc:
        raise DrawingError(f"the image is {exc.what}: there is no digit in it") from None
    return dm.to_model_range(torch.from_numpy(np.ascontiguousarray(digit))[None, None])


def status_html(text: str, kind: str = "info") -> str:
    return f'<div id="df-status" class="pg-status pg-{kind}">{html.escape(text)}</div>'


def png_html(image: np.ndarray, alt: str) -> str:
    """A uint8 grayscale picture inlined as a PNG ``<img>`` (the page scales it up, pixelated)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", compress_level=1)
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def schedule_svg(curves: dict[str, torch.Tensor], timestep: int | None) -> str:
    """ᾱ_t over the timesteps with the current one marked: the schedule as a picture, redrawn every frame."""
    idx = _thin(len(curves["alpha_bar"]), 120)
    ts = idx.tolist()
    svg = lines_svg([("ᾱ_t", ts, curves["alpha_bar"].numpy()[idx].tolist(), "#4C78A8")],
                    "ᾱ_t: the share of the signal kept at timestep t", width=320, height=120)
    if timestep is None:
        return svg
    x = 40 + (int(timestep) - ts[0]) * (320 - 48) / max(ts[-1] - ts[0], 1)
    marker = (f'<line x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="100" stroke="#E45756" stroke-width="2"/>'
              f'<text x="{x:.1f}" y="118" text-anchor="middle" fill="#E45756">t = {int(timestep)}</text>')
    return svg.replace("</svg>", marker + "</svg>")


def run_view(status: str, label: str, x_t: np.ndarray | None, x0: np.ndarray | None,
             curves: dict[str, torch.Tensor], timestep: int | None, kind: str = "info") -> str:
    """A run's live view: the status (``#df-status``), the step, x_t (``#df-xt``) and x₀ (``#df-x0``) large
    and side by side, and the schedule with the current timestep."""
    pictures = "".join(
        f'<figure id="{elem}" class="df-picture"><figcaption>{html.escape(caption)}</figcaption>'
        f'{png_html(image, caption) if image is not None else ""}</figure>'
        for elem, image, caption in (("df-xt", x_t, "x_t: the noisy sample at this step"),
                                     ("df-x0", x0, "x₀: the clean image the model predicts from it")))
    return (f'<div id="df-status" class="pg-status pg-{kind}">{html.escape(status)}</div>'
            f'<div id="df-step">{html.escape(label)}</div><div class="df-pictures">{pictures}</div>'
            f'<div class="df-schedule-live">{schedule_svg(curves, timestep)}</div>')


def run_updates(events: Iterable[sample.Started | sample.DenoiseStep | sample.Finished], record: Record,
                curves: dict[str, torch.Tensor], pace: Pace) -> Iterator[dict[str, Any]]:
    """A denoising run as page updates by name: "live" frames (``run_view``) as often as ``pace`` lets the
    page take them; tokens, encoding and schedule when it starts; at the end view, record, scrub and
    att_step (slider settings: maximum, value), gallery, gif and schedule.

    Every step is kept in ``record``, whether or not the page saw it.
    """
    settings = record.trace.settings
    for event in events:
        if isinstance(event, sample.Started):
            record.add(event.x, None, event.timesteps[0])
            record.prompt_note = event.note
            record.note = f"Denoising… ({event.note})"
            yield {"tokens": tokens_html(event.encoded), "encoding": encoding_figure(event.encoded.tokens, event.states),
                   "live": run_view(record.note, "the starting noise", grid(event.x), None, curves,
                                    event.timesteps[0])}
        elif isinstance(event, sample.DenoiseStep):
            record.add(event.x, event.x0, event.timestep)
            if pace.due():
                label = f"step {event.index} of {event.total}, timestep t = {event.timestep}"
                yield {"live": run_view(record.note, label, grid(event.x), grid(event.x0), curves, event.timestep)}
            else:
                yield {}  # nothing to show: the caller may still check on the page (a closed tab ends the run)
        else:
            record.final = event.images
            how = "Stopped" if event.stopped else "Done"
            record.note = (f"{how}: {event.steps} steps in {event.seconds:.1f} s ({settings.scheduler}, guidance "
                           f"{settings.guidance:g}, seed {settings.seed}). The prompt: {record.prompt_note}. "
                           "Scrub through the steps below.")
            last = len(record.x_t) - 1
            yield {"live": record_view(record, last, curves)}  # at once: the pictures and files below take longer
            yield {"view": record_view(record, last, curves), "record": record,
                   "scrub": {"maximum": last, "value": last}, "gallery": large(event.images), "gif": gif_file(record),
                   "schedule": schedule_figure(curves, record.timesteps[-1]),
                   "att_step": {"maximum": max(event.steps, 2), "value": max(1, event.steps // 2)}}


def record_view(record: Record, step: int, curves: dict[str, torch.Tensor]) -> str:
    """The run view at a recorded step (the scrub slider), with the run's last status."""
    x_t, x0, label = record.frame(step)
    t = record.timesteps[min(max(int(step), 0), len(record.timesteps) - 1)]
    return run_view(record.note, label, x_t, x0 if step > 0 else None, curves, t)


def guidance_gallery(results: Iterable[tuple[float, torch.Tensor]]) -> list[tuple[np.ndarray, str]]:
    """The guidance comparison's pictures with their captions."""
    return [(grid(images, cols=2), f"guidance {g:g}") for g, images in results]
