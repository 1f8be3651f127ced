"""A Hub pipeline's run (``playground.hub.diffusion_loop``) as the Diffusion tab's updates by name: the same live
view as the toy's (status, the three steps of text to image, x_t beside x₀, the schedule with the timestep), the
prompt's CLIP tokens as chips and its text embeddings as a heatmap, the final image in the gallery, and the record
a run leaves for the cross-attention maps per token; the download's progress while a pipeline loads; the cost of a
run, said before Generate; the scheduler choices a model offers."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Generator, Iterable, Iterator

import numpy as np
import plotly.graph_objects as go
import torch

from playground.diffusion.sample import OWN_SCHEDULER, SCHEDULERS, schedule_curves
from playground.hub import access
from playground.hub import diffusion as hub
from playground.hub import diffusion_attention
from playground.hub import diffusion_loop as loop
from playground.i18n import t
from playground.views.diffusion import attention_figure, encoding_figure, run_view, status_html
from playground.views.hub_text import download_words, loading_steps, progress_bar
from playground.views.live import Pace

PICTURE_SIDE = 128  # the x₀ picture beside the attention maps: at most this many pixels a side


def latent_picture(latents: torch.Tensor, side: int = 128) -> np.ndarray:
    """(1, C, h, w) latents → (side, side·w/h, 3) uint8: the first three channels, each stretched to 0–255."""
    x = latents[0, :3].float()
    low, high = x.amin(dim=(1, 2), keepdim=True), x.amax(dim=(1, 2), keepdim=True)
    pixels = ((x - low) / (high - low + 1e-8) * 255).round().byte().permute(1, 2, 0).numpy()
    factor = max(1, side // pixels.shape[0])
    return pixels.repeat(factor, 0).repeat(factor, 1)


def clip_word(token: str) -> str:
    """A CLIP token as the page shows it: "</w>" (the end of a word) as "·"."""
    return token.replace("</w>", "·")


def clip_tokens_html(tokens: list[str]) -> str:
    """The prompt as the CLIP tokenizer splits it, one chip a token ("</w>" ends a word: shown as "·")."""
    chips = "".join(f'<span class="pg-chip">{html.escape(clip_word(tok))}</span>' for tok in tokens)
    return (f'<div class="pg-tokens"><div>{html.escape(t("hub_diffusion.tokens_title", n=len(tokens)))}</div>'
            f"{chips}</div>")  # i18n: not text


def cost_text(step_seconds: float, steps: int, side: int) -> str:
    """What a run will cost here, from one UNet step timed on this machine."""
    key = "hub_diffusion.cost_slow" if step_seconds * steps > 30 else "hub_diffusion.cost"
    return t(key, step=step_seconds, total=step_seconds * steps, steps=steps, side=side)


# ---- loading: the download's progress ----------------------------------------------------------------------


def loading_words(repo: str, download: access.Download | None) -> tuple[str, int | None]:
    """While a pipeline loads: how far its download is (bytes, files, speed) and its percent, or that it is being
    checked and read (percent None)."""
    return download_words("hub_diffusion", repo, download)


def loading(name: str, every: float = 0.5) -> Generator[tuple[str, int | None], None, hub.HubPipeline]:
    """Load the pipeline ``hf:<repo>`` (``hub.load``) and, until it is loaded, say every ``every`` s how it goes
    (``loading_words``); returns the pipeline. ``pipe = yield from loading(name)``."""
    return (yield from loading_steps(hub.repo_of(name), lambda: hub.load(name), loading_words, every=every))


def load_updates(name: str) -> Generator[dict[str, str], None, hub.HubPipeline]:
    """A Hub run's first part: the status ("view") says how the pipeline's loading goes; returns the pipeline."""
    steps = loading(name)
    while True:
        try:
            words, percent = next(steps)
        except StopIteration as done:
            return done.value
        yield {"view": status_html(words) + progress_bar(percent)}


def cost_notes(name: str, side, steps, guidance) -> Iterator[str]:
    """Before Generate, for a Hub pipeline (nothing for the toy): how its loading goes, then what a run will cost
    (one UNet step timed here). Markdown."""
    if not hub.is_hub(str(name or "")):
        yield ""
        return
    notes = loading(str(name))
    while True:
        try:
            words, percent = next(notes)
        except StopIteration as done:
            pipe = done.value
            break
        yield words if percent is None else f"{words}\n\n{progress_bar(percent)}"
    seconds = hub.step_seconds(pipe, int(side), int(side), float(guidance) > 1)
    yield cost_text(seconds, int(steps), int(side))


def scheduler_choices(name: str, current: str | None) -> tuple[list[tuple[str, str]], str]:
    """The schedulers a model offers, (label, value): the five named ones, and for a Hub pipeline first its own
    ("default", picked when the model becomes one); the toy's own is DDIM."""
    named = [(s, s) for s in SCHEDULERS]
    if hub.is_hub(str(name or "")):
        return [(t("hub_diffusion.scheduler_default"), "default"), *named], "default"
    return named, OWN_SCHEDULER if current in (None, "default") or current not in SCHEDULERS else current


# ---- a run --------------------------------------------------------------------------------------------------


@dataclass
class HubRecord:
    """What a Hub run leaves in the session for the cross-attention maps: the pipeline's repo, the settings, the
    latents before each step (index 0: the starting noise) and each step's predicted x₀ latents, on the CPU."""

    repo: str
    settings: loop.ImageSettings
    before: list[torch.Tensor] = field(default_factory=list)  # (1, C, h, w) each
    x0: list[torch.Tensor] = field(default_factory=list)  # (1, C, h, w) each; x0[i] is step i + 1's

    def step(self, step) -> int:
        """A 1-based step of the run, brought within the steps it took."""
        return min(max(int(step), 1), len(self.x0))


def run_updates(events: Iterable, record: HubRecord, curves: dict[str, torch.Tensor],
                pace: Pace) -> Iterator[dict[str, Any]]:
    """A Hub run as page updates by name: "tokens" and "encoding" (the text embeddings) at the start, "live" frames
    as often as ``pace`` lets the page take them (every step kept in ``record``), and at the end "view", "gallery",
    "record", "scrub" (off: a Hub run keeps no frames to scrub) and "att_step" (slider settings)."""
    note, repo = t("hub_diffusion.running", repo=record.repo), record.repo
    for event in events:
        if isinstance(event, loop.Encoded):
            start = event.timesteps[0]
            yield {"tokens": clip_tokens_html(event.tokens),
                   "encoding": encoding_figure([clip_word(tok) for tok in event.tokens], event.embeddings),
                   "live": run_view(note, t("hub_diffusion.encoded", n=len(event.tokens),
                                            width=event.embeddings.shape[1]), None, None, curves, start, stage=1)}
        elif isinstance(event, loop.Noise):
            record.before.append(event.latents)
            yield {"live": run_view(note, t("diffusion.starting_noise"), latent_picture(event.latents), None, curves,
                                    start, stage=2)}
        elif isinstance(event, loop.LatentStep):
            record.x0.append(event.x0)
            record.before.append(event.latents)
            if event.picture is not None and pace.due():
                label = t("diffusion.step_of", step=event.index, total=event.total, t=event.timestep)
                yield {"live": run_view(note, label, event.picture, event.x0_picture, curves, event.timestep, stage=3)}
            else:
                yield {}  # nothing to show: the caller may still check on the page (a closed tab ends the run)
        else:
            h, w, c = event.latent_shape
            done = t("hub_diffusion.stopped_at" if event.stopped else "hub_diffusion.decoded", h=h, w=w, c=c,
                     H=event.image.shape[0], W=event.image.shape[1], seconds=event.seconds, repo=repo, step=event.steps)
            shapes = f"{h}×{w}×{c} → {event.image.shape[0]}×{event.image.shape[1]}×3"  # the VAE's step, in shapes
            final = run_view(done, shapes, None, event.image, curves, None, kind="success")
            yield {"live": final, "settle": True}
            steps = len(record.x0)
            yield {"view": final, "gallery": [event.image], "record": record, "scrub": {"value": 0, "interactive": False},
                   "att_step": {"maximum": max(steps, 2), "value": max(1, steps // 2)}}


def follow(pipe: hub.HubPipeline, settings: loop.ImageSettings, pace: Pace, should_stop=lambda: False):
    """A run of ``pipe`` with ``settings`` (``loop.run``) as page updates (``run_updates``), with a fresh record."""
    curves = schedule_curves(pipe.scheduler())
    events = loop.run(pipe, settings, should_stop=should_stop)
    return run_updates(events, HubRecord(pipe.repo, settings), curves, pace)


def attention_view(record: HubRecord, step) -> go.Figure:
    """The cross-attention maps per prompt token at a step (1-based) of the last Hub run, from the real UNet,
    beside that step's predicted x₀."""
    pipe = hub.load(f"{access.PREFIX}{record.repo}")  # loaded by the run: the shared copy
    step = record.step(step)
    tokens, maps = diffusion_attention.maps(pipe, record.settings, record.before[step - 1], step)
    picture = loop.preview(pipe, record.x0[step - 1].to(pipe.unet.device, pipe.unet.dtype))
    stride = max(1, max(picture.shape[:2]) // PICTURE_SIDE)
    return attention_figure([clip_word(tok) for tok in tokens], maps, picture[::stride, ::stride], step)
