"""The Diffusion tab's guidance comparison (``diffusion.sample.compare_guidance``) as page updates by name: the
same live view as a run, and a gallery that grows by one guidance scale at a time. No gradio here."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

import numpy as np
import torch

from playground.diffusion import sample
from playground.i18n import t
from playground.views.diffusion import grid, run_view, status_html, step_view
from playground.views.live import Pace


def guidance_gallery(results: Iterable[tuple[float, torch.Tensor]]) -> list[tuple[np.ndarray, str]]:
    """The guidance comparison's pictures with their captions."""
    return [(grid(images, cols=2), t("diffusion.guidance_caption", g=g)) for g, images in results]


def compare_updates(events: Iterable, curves: dict[str, torch.Tensor], pace: Pace) -> Iterator[dict[str, Any]]:
    """The guidance comparison (``sample.compare_guidance``) as page updates by name: "live" frames of the scale
    being run (as often as ``pace`` lets the page take them), "compare" (the gallery so far) after each scale, and
    at the end the last frame ("live", then "view") saying what was compared, or where Stop ended it."""
    note, scale, done, step = "", None, [], None
    for event in events:
        if isinstance(event, sample.Scale):
            scale, note = event, t("diffusion.comparing", g=event.guidance, i=event.index, n=event.total)
        elif isinstance(event, sample.Started):
            yield {"live": run_view(note, t("diffusion.starting_noise"), grid(event.x), None, curves,
                                    event.timesteps[0], stage=2)}
        elif isinstance(event, sample.DenoiseStep):
            step = event
            yield {"live": step_view(note, event, curves)} if pace.due() else {}
        elif isinstance(event, sample.Finished) and not event.stopped:
            done.append((scale.guidance, event.images))
            yield {"compare": guidance_gallery(done)}
        elif isinstance(event, sample.Compared):
            scales = " · ".join(f"{g:g}" for g, _ in event.results) or "–"
            words = (t("diffusion.compare_stopped", g=scale.guidance, i=scale.index, n=scale.total, done=scales,
                       seconds=event.seconds) if event.stopped
                     else t("diffusion.compared", done=scales, seconds=event.seconds))
            final = step_view(words, step, curves, stage=4) if step else status_html(words)
            yield {"live": final, "settle": True}
            yield {"view": final, "compare": guidance_gallery(event.results)}
