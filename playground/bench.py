"""Benchmarks that print figures: ``python -m playground.bench builder``.

Timings are medians over many repeats after a warm-up, on whatever machine runs
them; the printout names the machine. Targets are checked here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Callable

import torch


def _machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs, torch {torch.__version__}, {torch.get_num_threads()} threads"


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _row(name: str, ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=20)
    return f"  {name:<48} p50 {statistics.median(ms):7.2f} ms   p95 {q[18]:7.2f} ms"


def spec_30_layers() -> dict:
    """A 30-layer VGG-style network on 3×64×64: 4 stages of Conv-BN-ReLU pairs and pools, then a head."""
    layers: list[dict] = []
    for stage, channels in enumerate((16, 32, 64, 128)):
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


def bench_builder(repeat: int) -> None:
    """Server time to recompute everything the builder shows after one edit of a 30-layer spec."""
    from playground.cnn.summary import summarize
    from playground.ui import builder_view as view
    from playground.ui.builder import redraw_payload
    from playground.ui.plots import network_diagram

    spec = spec_30_layers()
    summary = summarize(spec)
    assert summary.ok, summary.errors
    from playground.cnn.spec import set_arg
    from playground.cnn.summary import run_layer

    def cold(fn: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            run_layer.cache_clear()  # nothing remembered: every layer built and run on meta
            return fn()

        return run

    widths = iter(range(17, 10**6))

    def one_edit() -> object:
        # a value never seen before on layer 15 (a Conv2d), as when a person types: layers
        # before it come from the cache, it and the ones after it are built and run again
        return redraw_payload(set_arg(spec, 14, "out_channels", next(widths)), 14)

    print(f"builder: a 30-layer spec ({summary.trainable_params:,} parameters) on {_machine()}")
    print(_row("summary, cold (PyTorch layers on meta)", _time(cold(lambda: summarize(spec)), repeat)))
    print(_row("table + totals (pandas Styler, HTML)", _time(lambda: (view.table_frame(summary, 3).to_html(),
                                                                      view.totals_html(summary)), repeat)))
    print(_row("diagram (plotly figure)", _time(lambda: network_diagram(summary), repeat)))
    full = _time(cold(lambda: redraw_payload(spec, 3)), repeat)
    print(_row("whole redraw, cold: summary + table + diagram", full))
    edit = _time(one_edit, repeat)
    print(_row("one edit: new out_channels on layer 15 of 30", edit))

    # the same through the running server: Gradio's queue and HTTP included
    from playground.cnn.spec import spec_to_json
    from playground.ui.served import served_app

    with served_app() as client:
        text = spec_to_json(spec)
        trip = _time(lambda: client.predict(spec_json=text, api_name="/summarize_cnn"), max(repeat // 5, 20))
        print(_row("summarize_cnn round trip (gradio_client)", trip))
    worst = max(statistics.median(full), statistics.median(edit))
    verdict = "meets" if worst < 50 else "MISSES"
    print(f"target: recompute under 50 ms on 2 CPU cores -> p50 {worst:.1f} ms (cold redraw), {verdict} it")


def main(argv: list[str] | None = None) -> None:
    from playground.config import default_data_dir

    parser = argparse.ArgumentParser(prog="python -m playground.bench", description=__doc__)
    parser.add_argument("which", choices=["builder", "train", "draw"], help="what to measure")
    parser.add_argument("--repeat", type=int, default=200, help="builder: timed repeats per figure")
    parser.add_argument("--steps", type=int, default=30, help="train: timed steps per throughput figure")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir(), help="train: where the datasets are")
    parser.add_argument("--skip-accuracy", action="store_true", help="train: skip the time-to-accuracy runs")
    parser.add_argument("--drawings", type=int, default=2000, help="draw: drawings in the accuracy figure")
    args = parser.parse_args(argv)
    if args.which == "builder":
        bench_builder(args.repeat)
    elif args.which == "draw":
        from playground.bench_draw import bench_draw

        bench_draw(args.data_dir, min(args.repeat, 200), args.drawings)
    else:
        from playground.bench_train import bench_train

        bench_train(args.data_dir, args.steps, not args.skip_accuracy)


if __name__ == "__main__":
    main()
