"""``python -m benchmarks draw``: what one drawing costs, and how well drawings are read.

1. The model's own work for one browser drawing (PNG decode, preprocessing, prediction),
   and the explanations that follow in a second event.
2. The classify_digit round trip through gradio_client against an endpoint of the same
   app with the same input and output that does nothing (Gradio's own round trip).
3. Accuracy of the default model on browser-like drawings of digits it never saw.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from benchmarks.common import interleaved, machine, row, timed
from playground.data.images import DatasetUnavailable, load_split
from playground.digits import predict
from playground.digits.drawings import canvas_drawing, drawing_set
from playground.digits.preprocess import prepare
from playground.views import draw as draw_view

if TYPE_CHECKING:
    import gradio as gr


def _held_out(data_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """MNIST test digits 8000-9999: the default model was trained on images 0-7999 of the test set."""
    test = load_split("mnist", "test", data_dir, download=False)
    images, labels = test.images[:, 0].numpy(), test.labels.numpy()
    if len(labels) == 10_000:  # the full test set: skip what the default model was trained on
        images, labels = images[8000:], labels[8000:]
    return images, labels


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def add_reference_endpoint(demo: gr.Blocks) -> None:
    """An endpoint with classify_digit's input and output that does no work: Gradio's own round trip."""
    import gradio as gr

    with demo:
        with gr.Row(visible=False):
            image = gr.File(file_types=["image"])
            out = gr.Label()
            button = gr.Button()
        button.click(lambda path: {"0": 1.0}, [image], [out], api_name="reference_round_trip", concurrency_limit=4)


def bench_draw(data_dir: Path, repeat: int, accuracy_n: int, build_app: Callable[[], gr.Blocks]) -> None:
    try:
        digits, labels = _held_out(data_dir)
    except DatasetUnavailable as exc:
        raise SystemExit(f"the draw benchmark needs MNIST digits in {data_dir}: {exc}") from None
    print(f"draw: default digit model on {machine()}")
    model = predict.default_model()
    rng = np.random.default_rng(0)
    pngs = [_png(canvas_drawing(digits[i % len(digits)], rng)) for i in range(min(repeat, 200))]
    prepared = [prepare(p).image for p in pngs[:20]]
    predict.probabilities(model, prepared[0])

    work = [timed(lambda d=data: draw_view.read(d, None)) for data in pngs]
    print("1. one 800×800 RGBA canvas PNG, on the CPU:")
    print(row("what the tab computes: preprocessing + prediction + doubt check (target p50 < 15 ms)", work))
    alone = [timed(lambda d=d: predict.probabilities(model, d)) for d in prepared * 10]
    print(row("  of which the prediction alone", alone))
    explain = [timed(lambda d=d: predict.explain(model, d)) for d in prepared * 3]
    print(row("explanations (second event: maps + SmoothGrad)", explain))

    print("2. round trips through gradio_client (same app, same input, image uploaded each call):")
    _round_trips(pngs[:40], repeat, build_app)

    print(f"3. accuracy on browser-like drawings of {min(accuracy_n, len(labels)):,} held-out digits:")
    n = min(accuracy_n, len(labels))
    start = time.perf_counter()
    correct = sum(int(predict.probabilities(model, prepare(d).image).argmax() == y)
                  for d, y in drawing_set(digits[:n], labels[:n], seed=0))
    print(f"  default model: {correct:,}/{n:,} = {correct / n:.2%} (target ≥ 97%; {time.perf_counter() - start:.0f} s "
          "including making the drawings)")


def _round_trips(pngs: list[bytes], repeat: int, build_app: Callable[[], gr.Blocks]) -> None:
    from benchmarks.served import served_app, upload

    with served_app(build_app, add_reference_endpoint) as client, tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, data in enumerate(pngs):
            path = Path(tmp) / f"digit{i}.png"
            path.write_bytes(data)
            paths.append(str(path))
        n = max(repeat // 2, 40)
        images = [upload(path) for path in paths]
        classify, reference = interleaved(
            n, lambda i: client.predict(images[i % len(images)], api_name="/classify_digit"),
            lambda i: client.predict(images[i % len(images)], api_name="/reference_round_trip"))
    print(row("classify_digit", classify))
    print(row("reference endpoint (no work)", reference))
    ratio = statistics.median(classify) / statistics.median(reference)
    print(f"  ratio of medians {ratio:.2f}× (target ≤ 1.3×)")
