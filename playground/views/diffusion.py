"""What the Diffusion tab shows, without gradio: image grids, the schedule plot, the prompt's encoding,
cross-attention maps, a run as updates by name, the run as a GIF, the forward process, and the record a finished
run leaves for scrubbing (the guidance comparison's updates: ``views.diffusion_compare``).
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

from playground import i18n
from playground.diffusion import attention, prompts, sample
from playground.diffusion import model as dm
from playground.diffusion.sample import Trace
from playground.errors import UserError
from playground.i18n import t
from playground.views.common import export_file
from playground.views.live import Pace
from playground.views.plots import lines_svg

CLASS_CHOICES = [(f"{d} · {prompts.ENGLISH[d]} · {prompts.SPANISH[d]}", d) for d in range(10)]


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
    for name, color, dash, right in (("alpha_bar", "#4C78A8", None, False), ("beta", "#F58518", None, False),
                                     ("snr", "#54A24B", "dot", True)):  # hover: the term's definition
        fig.add_scatter(x=idx, y=curves[name].numpy()[idx], name=t(f"diffusion.{name}_legend"),
                        line={"color": color, "dash": dash}, secondary_y=right,
                        hovertemplate=f"t = %{{x}}: %{{y:.4g}}<br>{html.escape(t(f'diffusion.def_{name}'))}"
                                      "<extra></extra>")  # i18n: not text
    if current is not None:
        fig.add_vline(x=int(current), line={"color": "#E45756", "width": 2})
        fig.add_annotation(x=int(current), y=1.05, yref="paper", text=f"t = {int(current)}", showarrow=False)
    fig.update_yaxes(range=[0, 1.02], title_text="ᾱ_t, β_t", secondary_y=False)
    fig.update_yaxes(type="log", title_text="SNR", secondary_y=True, showgrid=False)
    fig.update_layout(height=260, margin={"l": 50, "r": 50, "t": 30, "b": 40},
                      xaxis_title=t("diffusion.timestep_axis"),
                      legend={"orientation": "h", "y": -0.35}, uirevision="schedule")
    return fig


def tokens_html(encoded: prompts.Encoded) -> str:
    """The prompt's words as chips: read by the model, or ignored (unknown or past the limit)."""
    if not encoded.words:
        return f'<div class="pg-tokens"><em>{html.escape(t("diffusion.empty_prompt"))}</em></div>'
    read = set(range(len(encoded.tokens) - 1))
    chips, k = [], 0
    for word, known in zip(encoded.words, encoded.known):
        if known and k in read:
            cls = "pg-digit" if word in prompts.DIGIT_OF else "pg-known"
            k += 1
        else:
            cls = "pg-unknown"
            k += known
        chips.append(f'<span class="pg-chip {cls}">{html.escape(word)}</span>')  # i18n: not text
    legend = f'<small>{t("diffusion.chips_legend", limit=prompts.MAX_TOKENS - 1)}</small>'
    return f'<div class="pg-tokens">{" ".join(chips)}</div>{legend}'


def encoding_figure(tokens: list[str], states: torch.Tensor) -> go.Figure:
    """The text encoder's output ((T, width)): one row per token, one column per dimension."""
    fig = go.Figure(go.Heatmap(z=states.numpy(), y=[f"{i}: {html.escape(w)}" for i, w in enumerate(tokens)], colorscale="RdBu",
                               zmid=0, colorbar={"thickness": 10}))
    rows = min(len(tokens), 24)  # a Hub pipeline's prompt may have 77 tokens: its rows get thinner past 24
    fig.update_layout(height=90 + 26 * rows, margin={"l": 90, "r": 10, "t": 28, "b": 30},
                      title={"text": t("diffusion.encoding_title"), "font": {"size": 13}},
                      xaxis_title=t("diffusion.dimension"), yaxis={"autorange": "reversed"})
    return fig


ATTENTION_COLUMNS = 9  # pictures a row of the attention figure holds (the toy's longest prompt fits in one)


def attention_figure(tokens: list[str], maps: torch.Tensor, image: np.ndarray, step: int) -> go.Figure:
    """The predicted image ((H, W) grayscale or (H, W, 3) RGB uint8) next to one heatmap per token ((T, h, w)):
    where the pixels look at that token; rows of ATTENTION_COLUMNS pictures."""
    n = len(tokens)
    cols = min(n + 1, ATTENTION_COLUMNS)
    rows = -(-(n + 1) // cols)
    fig = make_subplots(rows=rows, cols=cols, horizontal_spacing=0.02, vertical_spacing=0.08 / rows,
                        subplot_titles=[t("diffusion.x0_at_step")] + [html.escape(w) for w in tokens])
    picture = go.Image(z=image) if image.ndim == 3 else go.Heatmap(z=image, colorscale="gray", showscale=False)
    fig.add_trace(picture, 1, 1)
    top = float(maps.max())
    for i in range(n):
        fig.add_trace(go.Heatmap(z=maps[i].numpy(), colorscale="Viridis", zmin=0, zmax=top, showscale=i == n - 1,
                                 colorbar={"thickness": 10}), (i + 1) // cols + 1, (i + 1) % cols + 1)
    fig.update_yaxes(autorange="reversed", showticklabels=False, scaleanchor="x")
    fig.update_xaxes(showticklabels=False)
    fig.update_layout(height=40 + 180 * rows, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      title={"text": t("diffusion.attention_at", step=step), "font": {"size": 13}})
    return fig


def attention_view(model: dm.ToyDiffusion, record: "Record | None", step, image) -> go.Figure:
    """The cross-attention maps of a step (1-based) and an image (1-based) of the last run."""
    if not isinstance(record, Record) or not record.trace.inputs:
        raise UserError("diffusion.attention_first")
    step, index = attention.where(record.trace, step, int(image) - 1)
    tokens, maps = attention.maps(model, record.trace, step, index)
    return attention_figure(tokens, maps, record.x0[step][index], step)


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
        label = t("diffusion.starting_noise") if step == 0 else \
            t("diffusion.step_of", step=step, total=len(self.x_t) - 1, t=self.timesteps[step])
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


def png_file(image: np.ndarray, name: str = "image.png") -> str:
    """One picture ((H, W) grayscale or (H, W, 3) RGB, uint8) as a PNG file, for downloads and the public API."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="PNG")
    return export_file(name, buf.getvalue())


def digit_image(source) -> torch.Tensor:
    """A drawing or an upload (path, bytes) → (1, 1, 32, 32) in model range, read by the Draw tab's preprocessing.

    A non-image, a broken or enormous file, or an empty picture raises DrawingError with a plain message.
    """
    from playground.digits.preprocess import DrawingError, EmptyDrawing, prepare

    try:
        digit = prepare(source).image
    except EmptyDrawing as exc:
        raise DrawingError(exc.key, **exc.params) from None  # the Draw tab's words for it, as a plain DrawingError
    return dm.to_model_range(torch.from_numpy(np.ascontiguousarray(digit))[None, None])


def status_html(text: str, kind: str = "info") -> str:
    return f'<div id="df-status" class="pg-status pg-{kind}">{html.escape(text)}</div>'  # i18n: not text


def abbr(term: str, key: str) -> str:
    """``term`` with its one-line definition (the table's ``key``) on hover or long press."""
    return f'<abbr title="{html.escape(t(key))}">{html.escape(term)}</abbr>'  # i18n: not text


STAGE_STYLE = {  # i18n: not text
    "done": "opacity:.75", "next": "opacity:.55",
    "now": "font-weight:700;border-color:var(--color-accent);background:var(--color-accent-soft)"}
CHIP = ("display:inline-block;padding:1px 8px;margin:2px;border:1px solid var(--border-color-primary);"  # i18n: not text
        "border-radius:10px;")
STRIP = "list-style:none;margin:0;padding:0;font-size:.85em"  # i18n: not text
STEP_ROW = "display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:0 12px"


def stages_html(current: int) -> str:
    """Text to image in three steps (1 encode the text, 2 sample noise, 3 denoise step by step), ``current``
    highlighted (``aria-current``); 4 marks all three done."""
    items = []
    for n in (1, 2, 3):
        state = "done" if n < current else "now" if n == current else "next"
        mark = "✓" if state == "done" else str(n)
        now = " aria-current=step" if state == "now" else ""
        help_text, name = html.escape(t(f"diffusion.stage_{n}_help")), html.escape(t(f"diffusion.stage_{n}"))
        items.append(f'<li class="df-stage df-{state}" title="{help_text}"{now} '  # i18n: not text
                     f'style="{CHIP}{STAGE_STYLE[state]}">{mark} {name}</li>')
    label = html.escape(t("diffusion.stages"))
    return f'<ol id="df-stages" aria-label="{label}" style="{STRIP}">{"".join(items)}</ol>'  # i18n: not text


def reading_html() -> str:
    """The live view while the prompt is read: the status and step 1 of text to image."""
    return status_html(t("diffusion.reading")) + stages_html(1)


def schedule_terms_html() -> str:
    """The schedule plot's terms, each with its definition."""
    terms = " · ".join(abbr(term, f"diffusion.def_{name}") for term, name in (
        ("β_t", "beta"), ("ᾱ_t", "alpha_bar"), ("SNR", "snr"), (t("diffusion.term_timestep"), "timestep")))
    return f'<small id="df-terms">{html.escape(t("diffusion.terms"))}: {terms}</small>'  # i18n: not text


def png_html(image: np.ndarray, alt: str) -> str:
    """A uint8 grayscale picture inlined as a PNG ``<img>`` (the page scales it up, pixelated)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", compress_level=1)
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'  # i18n: not text


def schedule_svg(curves: dict[str, torch.Tensor], timestep: int | None) -> str:
    """ᾱ_t over the timesteps with the current one marked: the schedule as a picture, redrawn every frame."""
    idx = _thin(len(curves["alpha_bar"]), 120)
    ts = idx.tolist()
    svg = lines_svg([("ᾱ_t", ts, curves["alpha_bar"].numpy()[idx].tolist(), "#4C78A8")],
                    t("diffusion.alpha_bar_svg"), width=320, height=120)
    if timestep is None:
        return svg
    x = 40 + (int(timestep) - ts[0]) * (320 - 48) / max(ts[-1] - ts[0], 1)
    marker = (f'<line x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="100" stroke="#E45756" stroke-width="2"/>'
              f'<text x="{x:.1f}" y="118" text-anchor="middle" fill="#E45756">t = {int(timestep)}</text>')
    return svg.replace("</svg>", marker + "</svg>")


def run_view(status: str, label: str, x_t: np.ndarray | None, x0: np.ndarray | None,
             curves: dict[str, torch.Tensor], timestep: int | None, kind: str = "info", stage: int = 4) -> str:
    """A run's live view: the status (``#df-status``), the three steps of text to image (``stage`` the current
    one), the step, x_t (``#df-xt``) and x₀ (``#df-x0``) large and side by side, each term with its
    definition, and the schedule with the current timestep."""
    pictures = []
    for elem, image, term, name in (("df-xt", x_t, "x_t", "x_t"), ("df-x0", x0, "x₀", "x0")):
        caption = t(f"diffusion.{name}_caption")
        picture = png_html(image, f"{term}: {caption}") if image is not None else ""
        term_html = abbr(term, f"diffusion.def_{name}")
        pictures.append(f'<figure id="{elem}" class="df-picture"><figcaption>{term_html}: '  # i18n: not text
                        f'{html.escape(caption)}</figcaption>{picture}</figure>')
    step = f'<div id="df-step">{html.escape(label)}</div>'  # i18n: not text
    return (status_html(status, kind) + f'<div style="{STEP_ROW}">{step}{stages_html(stage)}</div>'  # i18n: not text
            f'<div class="df-pictures">{"".join(pictures)}</div>'
            f'<div class="df-schedule-live">{schedule_svg(curves, timestep)}</div>')  # i18n: not text


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
            record.note = t("diffusion.denoising", note=event.note)
            yield {"tokens": tokens_html(event.encoded), "encoding": encoding_figure(event.encoded.tokens, event.states),
                   "live": run_view(record.note, t("diffusion.starting_noise"), grid(event.x), None, curves,
                                    event.timesteps[0], stage=2)}
        elif isinstance(event, sample.DenoiseStep):
            record.add(event.x, event.x0, event.timestep)
            # nothing to show ({}): the caller may still check on the page (a closed tab ends the run)
            yield {"live": step_view(record.note, event, curves)} if pace.due() else {}
        else:
            record.final = event.images
            record.note = t("diffusion.stopped" if event.stopped else "diffusion.done", steps=event.steps,
                            seconds=event.seconds, scheduler=settings.scheduler, guidance=settings.guidance,
                            seed=settings.seed, note=record.prompt_note)
            last = len(record.x_t) - 1
            # at once, and taken by the page before the pictures and files below (they take longer)
            yield {"live": record_view(record, last, curves), "settle": True}
            yield {"view": record_view(record, last, curves), "record": record,
                   "scrub": {"maximum": last, "value": last}, "gallery": large(event.images), "gif": gif_file(record),
                   "schedule": schedule_figure(curves, record.timesteps[-1]),
                   "att_step": {"maximum": max(event.steps, 2), "value": max(1, event.steps // 2)}}


def record_view(record: Record, step: int, curves: dict[str, torch.Tensor]) -> str:
    """The run view at a recorded step (the scrub slider), with the run's last status."""
    x_t, x0, label = record.frame(step)
    t = record.timesteps[min(max(int(step), 0), len(record.timesteps) - 1)]
    return run_view(record.note, label, x_t, x0 if step > 0 else None, curves, t)


def scrub_view(record: Record | None, step, curves: dict[str, torch.Tensor]) -> dict[str, Any]:
    """The scrub slider moved: the live view and the schedule at that step of the last run (nothing before one)."""
    if not isinstance(record, Record) or not record.timesteps:
        return {}
    step = min(max(int(step), 0), len(record.timesteps) - 1)
    return {"view": record_view(record, step, curves), "schedule": schedule_figure(curves, record.timesteps[step])}


def last_image(record: Record | None) -> torch.Tensor:
    """The first final image of the last run ((1, 1, 32, 32), model range), where the forward process starts."""
    if not isinstance(record, Record) or record.final is None:
        raise UserError("diffusion.no_run_image")
    return record.final[:1]


def forward_view(base_scheduler, clean: torch.Tensor | None, timestep) -> tuple[np.ndarray | None, str]:
    """The forward process's picture (x₀ beside x_t, large) and the sentence giving √ᾱ_t and √(1−ᾱ_t)."""
    if clean is None:
        return None, t("diffusion.no_clean")
    out = sample.noised(base_scheduler, clean, int(timestep), seed=0)
    return grid(torch.cat([clean, out.x]), scale=6), t("diffusion.forward_note", t=out.t, signal=out.signal,
                                                       noise=out.noise)


def opening(curves: dict[str, torch.Tensor] | None) -> tuple[go.Figure | None, str, str]:
    """On the page's first load: the schedule plot (where the model is on disk), its terms' definitions, and the
    class picker's form in the page's language (Spanish words on a Spanish page)."""
    figure = schedule_figure(curves) if curves is not None else None
    return figure, schedule_terms_html(), prompts.WORDS_OF.get(i18n.language(), prompts.FORMS[1])


def image_file(image: np.ndarray) -> str:
    """generate_image's picture as a PNG file: a digit (grayscale) or a Hub pipeline's image."""
    return png_file(image, "digit.png" if image.ndim == 2 else "image.png")


def step_view(note: str, step: sample.DenoiseStep, curves: dict[str, torch.Tensor], stage: int = 3) -> str:
    label = t("diffusion.step_of", step=step.index, total=step.total, t=step.timestep)
    return run_view(note, label, grid(step.x), grid(step.x0), curves, step.timestep, stage=stage)
