"""Basics benchmark: the server time of one live update of the 2-D playground (one epoch on 500 points,
the 100×100 boundary, the per-neuron maps and the loss curve, serialized as Gradio does), and the
updates per second a person sees in Chromium while playing."""

from __future__ import annotations

import time
from typing import Callable

import gradio as gr

from benchmarks.common import machine, repeat_ms, row
from playground.basics.playground2d import Playground, PlaygroundConfig
from playground.views import basics as bv

# the tab's defaults: spiral, 500 points, x₁ x₂ sin x₁ sin x₂, two hidden layers of 8 tanh units, Adam, batch 32
CONFIG = PlaygroundConfig(dataset="spiral", features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8))


def one_update(run: Playground, plot: gr.Plot, curves: gr.Plot, image: gr.Image) -> None:
    for _ in run.run_epochs(1):
        pass
    snap = run.snapshot()
    plot.postprocess(bv.boundary_figure(snap, run.points()))
    curves.postprocess(bv.curves_figure(snap.history))
    image.postprocess(bv.neurons_image(snap))


def server(repeat: int) -> None:
    run = Playground(CONFIG)
    plot, curves, image = gr.Plot(render=False), gr.Plot(render=False), gr.Image(render=False, format="jpeg")
    times = repeat_ms(lambda: one_update(run, plot, curves, image), repeat)
    median = sorted(times)[len(times) // 2]
    print(row("one live update (epoch + figures + serialization)", times)
          + f" [target p50 < 30 ms: {'met' if median < 30 else 'NOT met'}]")
    parts = {"one epoch (500 points, 11 steps of 32)": lambda: [e for e in run.run_epochs(1)],
             "snapshot (boundary 100×100, neurons 25×25)": run.snapshot}
    snap = run.snapshot()
    parts["boundary figure + serialization"] = lambda: plot.postprocess(bv.boundary_figure(snap, run.points()))
    parts["loss curves + serialization"] = lambda: curves.postprocess(bv.curves_figure(snap.history))
    parts["neuron pictures (JPEG, as the tab sends them)"] = lambda: image.postprocess(bv.neurons_image(snap))
    for label, fn in parts.items():
        print(row("  " + label, repeat_ms(fn, repeat)))


def browser(build_app: Callable[[], gr.Blocks], seconds: float = 6.0) -> None:
    """Play pressed in Chromium: how many frames a second reach the page (each frame updates the status line
    together with the boundary, the curves and the neuron pictures; the status changes are counted)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.served import served_app
    from playground.launcher import CHROMIUM, CHROMIUM_ARGS

    with served_app(build_app) as client, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(client.src)
        page.get_by_role("tab", name="Basics", exact=True).click()
        page.get_by_role("tab", name="2-D playground", exact=True).click()
        page.locator("#pg-boundary .js-plotly-plot").wait_for(timeout=60_000)
        page.evaluate("() => { window.__redraws = 0; const s = document.querySelector('#pg-status');"
                      " new MutationObserver(() => window.__redraws++).observe(s, {subtree: true, childList: true,"
                      " characterData: true}); }")
        page.click("#pg-play")
        page.locator("#pg-status", has_text="playing").wait_for(timeout=30_000)
        start = page.evaluate("() => window.__redraws")
        t0 = time.perf_counter()
        page.wait_for_timeout(seconds * 1000)
        count = page.evaluate("() => window.__redraws") - start
        elapsed = time.perf_counter() - t0
        page.locator("#pg-pause").dispatch_event("click")
        b.close()
    rate = count / elapsed
    print(f"  in Chromium while playing: {rate:.1f} frames a second over {elapsed:.1f} s "
          f"[target ≥ 10: {'met' if rate >= 10 else 'NOT met'}]")


def bench_basics(build_app: Callable[[], gr.Blocks], repeat: int = 100, with_browser: bool = True) -> None:
    print(f"basics: {machine()}")
    server(repeat)
    if with_browser:
        browser(build_app)
