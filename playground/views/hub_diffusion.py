"""A Hub pipeline's run (``playground.hub.diffusion_loop``) as the Diffusion tab's updates by name: the same live
view as the toy's (status, the three steps of text to image, x_t beside x₀, the schedule with the timestep), the
prompt's CLIP tokens as chips, the final image in the gallery; and the cost of a run, said before Generate."""

from __future__ import annotations

import html
from typing import Any, Iterable, Iterator

import numpy as np
import torch

from playground.hub import diffusion_loop as loop
from playground.i18n import t
from playground.views.diffusion import run_view
from playground.views.live import Pace


def latent_picture(latents: torch.Tensor, side: int = 128) -> np.ndarray:
    """(1, C, h, w) latents → (side, side·w/h, 3) uint8: the first three channels, each stretched to 0–255."""
    x = latents[0, :3].float()
    low, high = x.amin(dim=(1, 2), keepdim=True), x.amax(dim=(1, 2), keepdim=True)
    pixels = ((x - low) / (high - low + 1e-8) * 255).round().byte().permute(1, 2, 0).numpy()
    factor = max(1, side // pixels.shape[0])
    return pixels.repeat(factor, 0).repeat(factor, 1)


def clip_tokens_html(tokens: list[str]) -> str:
    """The prompt as the CLIP tokenizer splits it, one chip a token ("</w>" ends a word: shown as "·")."""
    chips = "".join(f'<span class="pg-chip">{html.escape(tok.replace("</w>", "·"))}</span>' for tok in tokens)
    return (f'<div class="pg-tokens"><div>{html.escape(t("hub_diffusion.tokens_title", n=len(tokens)))}</div>'
            f"{chips}</div>")  # i18n: not text


def cost_text(step_seconds: float, steps: int, side: int) -> str:
    """What a run will cost here, from one UNet step timed on this machine."""
    key = "hub_diffusion.cost_slow" if step_seconds * steps > 30 else "hub_diffusion.cost"
    return t(key, step=step_seconds, total=step_seconds * steps, steps=steps, side=side)


def run_updates(events: Iterable, repo: str, curves: dict[str, torch.Tensor], pace: Pace) -> Iterator[dict[str, Any]]:
    """A Hub run as page updates by name: "tokens" at the start, "live" frames as often as ``pace`` lets the page
    take them, and at the end "view" and "gallery"."""
    note = t("hub_diffusion.running", repo=repo)
    for event in events:
        if isinstance(event, loop.Encoded):
            start = event.timesteps[0]
            yield {"tokens": clip_tokens_html(event.tokens),
                   "live": run_view(note, t("hub_diffusion.encoded", n=len(event.tokens),
                                            width=event.embeddings.shape[1]), None, None, curves, start, stage=1)}
        elif isinstance(event, loop.Noise):
            yield {"live": run_view(note, t("diffusion.starting_noise"), latent_picture(event.latents), None, curves,
                                    start, stage=2)}
        elif isinstance(event, loop.LatentStep):
            if event.picture is not None and pace.due():
                label = t("diffusion.step_of", step=event.index, total=event.total, t=event.timestep)
                yield {"live": run_view(note, label, event.picture, event.x0_picture, curves, event.timestep, stage=3)}
            else:
                yield {}  # nothing to show: the caller may still check on the page (a closed tab ends the run)
        else:
            h, w, c = event.latent_shape
            done = t("hub_diffusion.decoded", h=h, w=w, c=c, H=event.image.shape[0], W=event.image.shape[1],
                     seconds=event.seconds, repo=repo)
            shapes = f"{h}×{w}×{c} → {event.image.shape[0]}×{event.image.shape[1]}×3"  # the VAE's step, in shapes
            final = run_view(done, shapes, None, event.image, curves, None, kind="success")
            yield {"live": final}
            yield {"view": final, "gallery": [event.image]}
