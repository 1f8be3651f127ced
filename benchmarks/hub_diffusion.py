"""Hub pipelines in Diffusion: our step-by-step loop against the pipeline's own call, and what the previews cost.

On the tiny random Stable Diffusion pipeline the tests build (``tests/diffusion/tiny_hub.py``, saved into a
temporary Hub cache and opened offline by repo id), and on ``--real hf:<repo>`` pipelines where the Hub (or a
cache holding them) can be reached. Rows: the pipeline's ``__call__`` and our ``generate`` on the same settings
(target: ours ≤ 1.1× theirs), one UNet step, and one step's previews (x_t and x₀ decoded) with the tiny
autoencoder and with the VAE.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

import torch

from benchmarks.common import machine, repeat_ms, row

TARGET = 1.1  # our loop's time over the pipeline's own call


def _pipeline_call(hub_pipe, settings):
    """The diffusers pipeline assembled from the very same parts, called as a person would call it."""
    from diffusers import StableDiffusionPipeline

    pipe = StableDiffusionPipeline(vae=hub_pipe.vae, text_encoder=hub_pipe.text_encoder, tokenizer=hub_pipe.tokenizer,
                                   unet=hub_pipe.unet, scheduler=hub_pipe.scheduler(), safety_checker=None,
                                   feature_extractor=None, requires_safety_checker=False)
    pipe.set_progress_bar_config(disable=True)

    def call():
        pipe.scheduler = hub_pipe.scheduler()
        return pipe(settings.prompt, num_inference_steps=settings.steps, guidance_scale=settings.guidance,
                    height=settings.height, width=settings.width,
                    generator=torch.Generator("cpu").manual_seed(settings.seed)).images[0]

    return call


def _preview_ms(hub_pipe, settings, runs: int) -> list[float]:
    """Milliseconds of one step's two previews (x_t and x₀), over ``runs`` runs with a preview at every step."""
    from playground.hub import diffusion_loop as loop

    times = []
    for _ in range(runs):
        times += [e.preview_seconds * 1000 for e in loop.run(hub_pipe, settings, preview_every=1)
                  if isinstance(e, loop.LatentStep)]
    return times


def bench_one(name: str, settings, runs: int) -> float:
    """Print the rows for one pipeline; our loop's p50 over the pipeline's."""
    from playground.hub import diffusion as hd
    from playground.hub import diffusion_loop as loop

    pipe = hd.load(name)
    print(f"\n{name} ({hd.size_words(pipe.params)} parameters), {settings.steps} steps, "
          f"{settings.height}×{settings.width}, guidance {settings.guidance:g}")
    theirs = repeat_ms(_pipeline_call(pipe, settings), runs)
    ours = repeat_ms(lambda: loop.generate(pipe, settings), runs)
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(row("StableDiffusionPipeline.__call__", theirs))
    print(row("our loop (generate, no previews)", ours))
    verdict = "ok" if ratio <= TARGET else "OVER"
    print(f"  our loop / pipeline: {ratio:.3f}× (target ≤ {TARGET}×: {verdict})")
    guided = settings.guidance > 1
    print(row("one UNet step (the page's cost estimate)", [hd.step_seconds(pipe, settings.height, settings.width,
                                                                          guided) * 1000]))
    tiny = pipe.preview
    if tiny is not None:
        print(row("one step's previews, tiny autoencoder", _preview_ms(pipe, settings, max(runs // 4, 1))))
    pipe.preview = None
    try:
        print(row("one step's previews, the VAE", _preview_ms(pipe, settings, max(runs // 4, 1))))
    finally:
        pipe.preview = tiny
    return ratio


def bench_hub_diffusion(runs: int, real: list[str]) -> None:
    from playground.hub import diffusion as hd
    from playground.hub import diffusion_loop as loop
    from tests.diffusion.tiny_hub import PREVIEW, REPO, SIDE, write_cache

    print(f"Hub pipelines in Diffusion — {machine()}")
    with tempfile.TemporaryDirectory() as home:
        write_cache(Path(home))
        saved = {k: os.environ.get(k) for k in ("HF_HOME", "HF_HUB_OFFLINE")}
        os.environ.update(HF_HOME=home, HF_HUB_OFFLINE="1")
        hd.PRESETS[REPO] = {"preview": PREVIEW}
        try:
            bench_one(f"hf:{REPO}", loop.ImageSettings("a fox at the cat", 20, "default", 7.5, 0, SIDE, SIDE), runs)
        finally:
            hd.forget()
            hd.PRESETS.pop(REPO, None)
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    for name in real:
        preset = hd.PRESETS.get(hd.repo_of(name), {})
        side = preset.get("side", 512)
        settings = loop.ImageSettings("a watercolor fox in the snow", preset.get("steps", 20), "default",
                                      preset.get("guidance", 7.5), 0, side, side)
        bench_one(name, settings, max(runs // 10, 1))
