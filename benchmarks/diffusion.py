"""Diffusion benchmark: sampling speed per scheduler, the first step's latency (server and browser),
and what the tab's live frame costs per step (``run_view``: the status, the step, x_t and x₀ as PNGs and
the schedule as SVG, serialized as the page's pull receives it) against the step itself."""

from __future__ import annotations

import json
import statistics
import time
from typing import Callable

import torch

from benchmarks.common import machine
from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.views import diffusion as dv

PROMPT = "a handwritten seven"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _run_seconds(model, base, settings: sample.SamplingSettings) -> tuple[float, float, list[float]]:
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
    sample.generate(model, base, sample.SamplingSettings(PROMPT, 8, 3))  # warm-up
    for name, steps in [("DDIM", 25), ("DDIM", 50), ("DDPM", 25), ("Euler", 25), ("Euler ancestral", 25),
                        ("DPM-Solver++", 25), ("DPM-Solver++", 10)]:
        results = [_run_seconds(model, base, sample.SamplingSettings(PROMPT, 8, steps, name, 3.0, seed)) for seed in range(runs)]
        first = statistics.median(r[0] for r in results)
        total = statistics.median(r[1] for r in results)
        per = statistics.median(s for r in results for s in r[2]) * 1000
        target = f" [target < 10 s: {_verdict(total < 10)}]" if (name, steps) == ("DDIM", 25) else ""
        print(f"  {name:<16} {steps:>3} steps: {total:6.2f} s in all, {per:5.1f} ms a step, first step after "
              f"{first * 1000:5.0f} ms{target}")


def update_cost(model, base) -> None:
    """The tab's live frame for every step (``run_view``, JSON as the page's pull receives it) against the step."""
    curves = sample.schedule_curves(base)
    step_s, frame_s, size = [], [], 0
    note = "Denoising… (DDIM, 25 steps)"
    for event in sample.denoise(model, base, sample.SamplingSettings(PROMPT, 8, 25, "DDIM", 3.0, 0)):
        if isinstance(event, sample.DenoiseStep):
            t0 = time.perf_counter()
            label = f"step {event.index} of {event.total}, timestep t = {event.timestep}"
            html = dv.run_view(note, label, dv.grid(event.x), dv.grid(event.x0), curves, event.timestep)
            size = len(json.dumps({"number": event.index, "html": html}))
            frame_s.append(time.perf_counter() - t0)
            step_s.append(event.seconds)
    share = sum(frame_s) / sum(step_s)
    print(f"  live frame per step (run_view: x_t and x₀ as PNG, the schedule as SVG, JSON; {size / 1000:.1f} kB): "
          f"p50 {statistics.median(frame_s) * 1000:.1f} ms against a step of {statistics.median(step_s) * 1000:.1f} "
          f"ms: {share:.1%} of the step time [target < 10%: {_verdict(share < 0.10)}]")


# In the page: from an armed pointerdown, the first moment the live view shows a denoising step with its
# pictures, and the first moment it says the run is done (elements read afresh: a frame replaces them).
WATCH_JS = """() => {
  const w = window.__bench = {armed: false, down: null, running: false, first: null, done: null, error: null};
  new MutationObserver(() => {
    if (!w.armed || w.down === null) return;
    const status = document.querySelector('#df-status'), step = document.querySelector('#df-step');
    const text = status ? status.innerText : '', now = performance.now();
    if (text.includes('Denoising')) w.running = true;
    if (w.running && w.first === null && step && /^step \\d+ of/.test(step.innerText)
        && document.querySelector('#df-xt img') && document.querySelector('#df-x0 img')) w.first = now;
    if (w.running && w.done === null && text.includes('Done')) w.done = now;
    if (status && status.classList.contains('pg-error')) w.error = text;
  }).observe(document.body, {subtree: true, childList: true, characterData: true});  // a run may replace #df-view
  document.addEventListener('pointerdown', () => { if (w.armed && w.down === null) w.down = performance.now(); },
                            true);
}"""


def browser(build_app: Callable, runs: int = 3) -> None:
    """Generate clicked in Chromium (a person's click): time until the first step's pictures are on the page,
    and until the run is done, measured in the page from the pointer going down."""
    from playwright.sync_api import sync_playwright

    from benchmarks.served import open_tab, served_app
    from playground.launcher import CHROMIUM, CHROMIUM_ARGS

    with served_app(build_app) as client, sync_playwright() as pw:
        browser_ = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = open_tab(browser_, client.src, "Diffusion")
            page.locator("#df-status", has_text="Press Generate").wait_for(timeout=60_000)
            # the page's load draws the schedule with the shipped model: the timing starts with it loaded
            page.locator("#df-schedule .js-plotly-plot").wait_for(timeout=120_000)
            page.evaluate(WATCH_JS)
            firsts, totals = [], []
            for i in range(runs + 1):  # the first run warms up
                page.locator("#df-seed input").fill(str(i))
                page.locator("#df-seed input").press("Tab")
                page.evaluate("() => Object.assign(window.__bench, {armed: true, down: null, running: false,"
                              " first: null, done: null, error: null})")
                # Playwright's click waits until the button stands still: the last run's gallery and GIF still
                # move the layout after its "Done", and a click at a box measured before that can miss
                page.locator("#df-generate").click()
                try:
                    page.wait_for_function("() => window.__bench.done !== null || window.__bench.error !== null",
                                           timeout=300_000)
                except Exception:  # say what the page showed
                    shown = page.evaluate("() => [JSON.stringify(window.__bench),"
                                          " document.querySelector('#df-view').innerText.slice(0, 300)]")
                    raise RuntimeError(f"run {i}: no end on the page within 300 s: {shown}") from None
                error = page.evaluate("() => window.__bench.error")
                if error:
                    raise RuntimeError(f"the run failed on the page: {error}")
                first, done = page.evaluate("() => { const w = window.__bench; w.armed = false;"
                                            " return [w.first === null ? null : w.first - w.down, w.done - w.down]; }")
                if first is None:
                    raise RuntimeError("the run ended without a denoising step on the page")
                if i:
                    firsts.append(first / 1000)
                    totals.append(done / 1000)
                page.wait_for_function("() => !document.querySelector('#df-generate').disabled", timeout=60_000)
        finally:
            browser_.close()
    f = statistics.median(firsts)
    print(f"  in Chromium, 8 images, 25 DDIM steps, guidance 3 (median of {runs}): the first step's pictures on the "
          f"page {f * 1000:.0f} ms after the press [target < 1 s: {_verdict(f < 1)}], the run done after "
          f"{statistics.median(totals):.2f} s")


def bench_diffusion(build_app: Callable, runs: int = 3, with_browser: bool = True) -> None:
    print(f"diffusion: {machine()}")
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model, base = dm.load(dm.DEFAULT_DIR, device)
    print(f"model: {dm.DEFAULT_DIR} ({sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters), on {device}")
    speeds(model, base, runs)
    update_cost(model, base)
    if with_browser:
        browser(build_app, runs)
