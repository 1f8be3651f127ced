"""``python -m benchmarks builder``: server time to redraw the CNN builder after one edit of a 30-layer spec."""

from __future__ import annotations

import statistics
from typing import Callable

import gradio as gr

from benchmarks.common import machine, repeat_ms, row
from benchmarks.served import served_app
from playground.cnn.spec import set_arg, spec_to_json
from playground.cnn.summary import run_layer, summarize
from playground.views import builder as view
from playground.views.plots import network_diagram


def spec_30_layers() -> dict:
    """A 30-layer VGG-style network on 3×64×64: 4 stages of Conv-BN-ReLU pairs and pools, then a head."""
    layers: list[dict] = []
    for channels in (16, 32, 64, 128):
        for _ in range(2):
            layers += [
                {"type": "Conv2d", "out_channels": channels, "kernel_size": 3, "padding": 1, "bias": False},
                {"type": "BatchNorm2d"},
                {"type": "ReLU"},
            ]
        layers.append({"type": "MaxPool2d", "kernel_size": 2, "stride": 2})
    layers += [
        {"type": "Flatten"},
        {"type": "Linear", "out_features": 10},
    ]
    assert len(layers) == 30, len(layers)
    return {"input": [3, 64, 64], "layers": layers}


def redraw_payload(spec: dict, selected: int | None) -> list:
    """What one edit sends to the browser (table, totals, diagram), serialized as Gradio does."""
    summary = summarize(spec)
    table = gr.Dataframe(headers=view.TABLE_COLUMNS, render=False)
    return [
        table.postprocess(view.table_frame(summary, selected)).model_dump(),
        view.totals_html(summary),
        gr.Plot(render=False).postprocess(network_diagram(summary)).model_dump(),
    ]


def _cold(fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        run_layer.cache_clear()  # nothing remembered: every layer built and run on meta
        return fn()

    return run


def bench_builder(repeat: int, build_app: Callable[[], gr.Blocks]) -> None:
    """Server time to recompute everything the builder shows after one edit of a 30-layer spec."""
    spec = spec_30_layers()
    summary = summarize(spec)
    assert summary.ok, summary.errors
    widths = iter(range(17, 10**6))

    def one_edit() -> object:
        # a value never seen before on layer 15 (a Conv2d), as when a person types: layers
        # before it come from the cache, it and the ones after it are built and run again
        return redraw_payload(set_arg(spec, 14, "out_channels", next(widths)), 14)

    print(f"builder: a 30-layer spec ({summary.trainable_params:,} parameters) on {machine()}")
    print(row("summary, cold (PyTorch layers on meta)", repeat_ms(_cold(lambda: summarize(spec)), repeat)))
    print(row("table + totals (pandas Styler, HTML)", repeat_ms(lambda: (view.table_frame(summary, 3).to_html(),
                                                                         view.totals_html(summary)), repeat)))
    print(row("diagram (plotly figure)", repeat_ms(lambda: network_diagram(summary), repeat)))
    full = repeat_ms(_cold(lambda: redraw_payload(spec, 3)), repeat)
    print(row("whole redraw, cold: summary + table + diagram", full))
    edit = repeat_ms(one_edit, repeat)
    print(row("one edit: new out_channels on layer 15 of 30", edit))

    # the same through the running server: Gradio's queue and HTTP included
    with served_app(build_app) as client:
        text = spec_to_json(spec)
        trip = repeat_ms(lambda: client.predict(spec_json=text, api_name="/summarize_cnn"), max(repeat // 5, 20))
        print(row("summarize_cnn round trip (gradio_client)", trip))
    worst = max(statistics.median(full), statistics.median(edit))
    verdict = "meets" if worst < 50 else "MISSES"
    print(f"target: recompute under 50 ms on 2 CPU cores -> p50 {worst:.1f} ms (cold redraw), {verdict} it")
