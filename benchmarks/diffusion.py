"""Diffusion benchmark: sampling speed per scheduler, the first step's latency (server and browser),
and what the tab's per-step update costs (images and plot serialized as Gradio does)."""

from __future__ import annotations

import statistics
import time
from typing import Callable

import gradio as gr
import torch

from benchmarks.common import machine
from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.views import diffusion as dv

PROMPT = "a handwritten seven"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _run_seconds(model, base, settings: sample.Settings) -> tuple[float, float, list[float]]:
    """(seconds to the first DenoiseStep, total seconds, per-step seconds) of one run."""
    t0 = time.perf_counter()
    first, steps = None, []
    for event in sample.denoise(model, base, settings):
        if isinstance(event, sample.DenoiseStep):
            first = first if first is not None else time.perf_counter() - t0
            steps.append(event.seconds)
    return first, time.perf_counter() - t0, steps


def speeds(model, base, runs: int = 3) -> None:
    print("Sampling 8 images with guidance 3 (a conditional and an unconditional pass per step), median of "
          f"{runs} runs:")
    sample.generate(model, base, sample.Settings(PROMPT, 8, 3))  # warm-up
    for name, steps in [("DDIM", 25), ("DDIM", 50), ("DDPM", 25), ("Euler", 25), ("Euler ancestral", 25),
                        ("DPM-Solver++", 25), ("DPM-Solver++", 10)]:
        results = [_run_seconds(model, base, sample.Settings(PROMPT, 8, steps, name, 3.0, seed)) for seed in range(runs)]
        first = statistics.median(r[0] for r in results)
        total = statistics.median(r[1] for r in results)
        per = statistics.median(s for r in results for s in r[2]) * 1000
        target = f" [target < 10 s: {_verdict(total < 10)}]" if (name, steps) == ("DDIM", 25) else ""
        print(f"  {name:<16} {steps:>3} steps: {total:6.2f} s in all, {per:5.1f} ms a step, first step after "
              f"{first * 1000:5.0f} ms{target}")


def update_cost(model, base) -> None:
    """The tab's per-step yield (two image grids, the schedule plot, a label) built and serialized as Gradio does."""
    image, plot, label = gr.Image(render=False, format="png"), gr.Plot(render=False), gr.Markdown(render=False)
    marker = dv.ScheduleMarker(sample.schedule_curves(base))  # as the tab does: the plot a few times a second
    step_s, update_s = [], []
    for event in sample.denoise(model, base, sample.Settings(PROMPT, 8, 25, "DDIM", 3.0, 0)):
        if isinstance(event, sample.DenoiseStep):
            t0 = time.perf_counter()
            image.postprocess(dv.grid(event.x))
            image.postprocess(dv.grid(event.x0))
            figure = marker.figure(event.timestep, last=event.index == event.total)
            if figure is not None:
                plot.postprocess(figure)
            label.postprocess(f"step {event.index} of {event.total}, timestep t = {event.timestep}")
            update_s.append(time.perf_counter() - t0)
            step_s.append(event.seconds)
    share = sum(update_s) / sum(step_s)
    print(f"  per-step update (x_t and x₀ grids as PNG, label; the schedule plot every 0.3 s): p50 "
          f"{statistics.median(update_s) * 1000:.1f} ms against a step of {statistics.median(step_s) * 1000:.1f} ms: "
          f"{share:.1%} of the step time [target < 10%: {_verdict(share < 0.10)}]")


def browser(build_app: Callable[[], gr.Blocks], runs: int = 3) -> None:
    """Generate clicked in Chromium: time until step 1's images are on the page, and until the run is done."""
    from playwright.sync_api import sync_playwright

    from benchmarks.served import served_app
    from playground.launcher import CHROMIUM, CHROMIUM_ARGS

    with served_app(build_app) as client, sync_playwright() as pw:
        browser_ = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser_.new_page(viewport={"width": 1280, "height": 900})
        page.goto(client.src)
        page.get_by_role("tab", name="Diffusion").click()
        step = page.locator("#df-step")
        firsts, totals = [], []
        for i in range(runs + 1):  # the first run warms up
            page.locator("#df-seed input").fill(str(i))
            t0 = time.perf_counter()
            page.locator("#df-generate").click()
            step.get_by_text("step 1 of").wait_for(timeout=60_000)
            first = time.perf_counter() - t0
            page.locator("#df-status").get_by_text("Done").wait_for(timeout=120_000)
            if i:
                firsts.append(first)
                totals.append(time.perf_counter() - t0)
        browser_.close()
    f = statistics.median(firsts)
    print(f"  in Chromium, 8 images, 25 DDIM steps, guidance 3 (median of {runs}): step 1 on the page "
          f"{f * 1000:.0f} ms after the click [target < 1 s: {_verdict(f < 1)}], the run done after "
          f"{statistics.median(totals):.2f} s")


def bench_diffusion(build_app: Callable[[], gr.Blocks], runs: int = 3, with_browser: bool = True) -> None:
    print(f"diffusion: {machine()}")
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model, base = dm.load(dm.DEFAULT_DIR, device)
    print(f"model: {dm.DEFAULT_DIR} ({sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters), on {device}")
    speeds(model, base, runs)
    update_cost(model, base)
    if with_browser:
        browser(build_app, runs)
