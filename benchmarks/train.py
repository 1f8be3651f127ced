"""``python -m benchmarks train``: the training engine against the classic loop, side by side.

1. Throughput on the classic 48×48 preset (batch 64, Adam): the classic loop
   (torchvision DataLoader, per-sample PIL transforms: Resize 48, Grayscale→3,
   RandomRotation 10, ColorJitter 0.2, Normalize) against the engine (data on the
   device as uint8, batched augmentation), at fp32 and bf16; on CUDA too when present.
2. The share of time the Training tab's live updates take (status, figures, and
   their Gradio serialization), on the default net. Needs gradio and plotly.
3. Time and epochs for the default net with default settings to reach 99.0% on the
   MNIST test set when the full MNIST is in the data directory, or the MNIST test set
   split 8,000/2,000 (``python -m playground.data.mnist_split``), else 90% on
   Fashion-MNIST.

Needs no gradio or plotly unless section 2 runs.
"""

from __future__ import annotations

import itertools
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from benchmarks.common import machine, sync, timed_run
from playground.cnn.model import build_model
from playground.cnn.spec import preset
from playground.data.images import DatasetUnavailable, load_split
from playground.train import engine
from playground.train.classify import ClassifierTraining
from playground.train.evaluation import evaluate
from playground.train.history import History
from playground.train.settings import TrainSettings

CLASSIC = "Classic CNN (48×48 RGB)"
FAST = "Fast MNIST (Training default)"


@dataclass(frozen=True)
class Data:
    """The dataset the benchmark uses, and what it is."""

    key: str  # "mnist" or "fashion-mnist"
    kind: str  # "full" (60,000 MNIST training images), "split" (the test set split 8,000/2,000) or "other"

    @property
    def label(self) -> str:
        return {"full": "full", "split": "MNIST 8,000/2,000 split"}.get(self.kind, "what is on disk")


def _dataset(data_dir: Path) -> Data:
    """MNIST where it is on disk (full, or the test set split 8,000/2,000), else Fashion-MNIST."""
    try:
        train = len(load_split("mnist", "train", data_dir, download=False))
    except DatasetUnavailable:
        load_split("fashion-mnist", "train", data_dir)
        return Data("fashion-mnist", "other")
    if train == 60_000:
        return Data("mnist", "full")
    if train == 8_000 and len(load_split("mnist", "test", data_dir, download=False)) == 2_000:
        return Data("mnist", "split")
    return Data("mnist", "other")


def classic_loop(key: str, data_dir: Path, device: torch.device, steps: int, warmup: int = 3) -> float:
    """Images/s of the classic recipe's loop on ``device``."""
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms

    data = load_split(key, "train", data_dir)
    mean, std = (data.mean[0],) * 3, (data.std[0],) * 3
    tf = transforms.Compose([
        transforms.Resize(48), transforms.Grayscale(num_output_channels=3), transforms.RandomRotation(10),
        transforms.ColorJitter(brightness=0.2, contrast=0.2), transforms.ToTensor(), transforms.Normalize(mean, std),
    ])
    cls = datasets.MNIST if key == "mnist" else datasets.FashionMNIST
    loader = DataLoader(cls(str(data_dir), train=True, download=False, transform=tf), batch_size=64, shuffle=True,
                        num_workers=0)
    torch.manual_seed(0)
    model = build_model(preset(CLASSIC)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    batches = itertools.chain.from_iterable(itertools.repeat(loader))  # a new epoch when one runs out
    for i in range(warmup + steps):
        if i == warmup:
            sync(device)
            start = time.perf_counter()
        x, y = next(batches)
        x, y = x.to(device), y.to(device)
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    sync(device)
    return steps * 64 / (time.perf_counter() - start)


def engine_loop(key: str, data_dir: Path, device: torch.device, steps: int, precision: str,
                spec_name: str = CLASSIC, batch: int = 64, warmup: int = 3, live=None) -> tuple[float, float]:
    """(images/s, seconds spent in ``live`` per second of training) of the engine for ``steps`` steps."""
    settings = TrainSettings(dataset=key, epochs=100, batch_size=batch, lr=1e-3, schedule="constant",
                             precision=precision)
    job = ClassifierTraining(preset(spec_name), settings, data_dir, device)
    wall, share = timed_run(lambda stop: job.events(should_stop=stop, event_interval=0.4), device, steps, warmup,
                            None if live is None else (lambda event: live(event, job)))
    return steps * batch / wall, share


def serialized_live_values(event: engine.Event, history: History, device_name: str, epochs: int) -> list:
    """The Training tab's live values for one event, serialized as Gradio does for the browser."""
    import gradio as gr

    from playground.views.training import live_values

    out = []
    for name, value in live_values(event, history, device_name, epochs).items():
        component = gr.HTML(render=False) if name == "status" else gr.Plot(render=False)
        out.append(component.postprocess(value))
    return out


def live_updates(key: str, data_dir: Path, steps: int) -> None:
    """Engine alone vs engine + the Training tab's live updates (built and serialized as Gradio does)."""

    def redraw(event, job) -> None:
        serialized_live_values(event, job.history, "CPU", 100)

    device = torch.device("cpu")
    alone, shown, shares = [], [], []
    for _ in range(3):  # alternating, medians: this machine's speed drifts more than the effect measured
        alone.append(engine_loop(key, data_dir, device, steps, "fp32", FAST, batch=128)[0])
        rate, share = engine_loop(key, data_dir, device, steps, "fp32", FAST, batch=128, live=redraw)
        shown.append(rate)
        shares.append(share)
    a, b = statistics.median(alone), statistics.median(shown)
    print(f"  default net, batch 128, {steps} steps, 3 runs each: engine alone {a:,.0f} images/s, with the tab's "
          f"live updates every 0.4 s {b:,.0f} images/s ({1 - b / a:+.1%} slower)")
    print(f"  time inside the live updates (status, figures, Gradio serialization): {statistics.median(shares):.1%} "
          "of training time (target under 5%)")


def time_to_accuracy(data_dir: Path, device: torch.device, data: Data) -> None:
    """Train the default net for 1, 2, ... epochs until it reaches the target test accuracy."""
    key, name, target, max_epochs = "fashion-mnist", "fashion-mnist", 0.90, 6
    if data.kind == "full":
        key, name, target = "mnist", "mnist", 0.99
    elif data.kind == "split":  # 8,000 training images: more epochs to reach 99%
        key, name, target, max_epochs = "mnist", data.label, 0.99, 20 if device.type == "cuda" else 6
    print(f"  default net and settings on {name}, target {target:.0%} test accuracy, on {device}:")
    for epochs in range(1, max_epochs + 1):
        job = ClassifierTraining(preset(FAST), TrainSettings(dataset=key, epochs=epochs), data_dir, device)
        done = [e for e in job.events(event_interval=5.0) if isinstance(e, engine.Done)][0]
        result = evaluate(job.result(), data_dir, device)
        print(f"    {epochs} epoch(s): {done.seconds:6.1f} s of training ({done.samples_per_s:,.0f} images/s), "
              f"test accuracy {result.accuracy:.2%}")
        if result.accuracy >= target:
            print(f"  reached {target:.0%} with {epochs} epoch(s) in {done.seconds:.1f} s of training")
            return
    print(f"  did not reach {target:.0%} within {max_epochs} epochs")


def cpu_throughput(key: str, data_dir: Path, steps: int) -> None:
    cpu = torch.device("cpu")
    runs = {"classic": [], "fp32": [], "bf16": []}
    for _ in range(2):  # interleaved, so drift in machine load hits both sides alike
        runs["classic"].append(classic_loop(key, data_dir, cpu, steps))
        runs["fp32"].append(engine_loop(key, data_dir, cpu, steps, "fp32")[0])
        runs["bf16"].append(engine_loop(key, data_dir, cpu, steps, "bf16")[0])
    classic = statistics.mean(runs["classic"])
    for name in ("classic", "fp32", "bf16"):
        value = statistics.mean(runs[name])
        label = "classic loop (PIL, DataLoader)" if name == "classic" else f"engine, {name}"
        print(f"  CPU  {label:<32} {value:8.1f}   {value / classic:5.2f}× classic   runs: "
              + ", ".join(f"{v:.1f}" for v in runs[name]))


def gpu_throughput(key: str, data_dir: Path, steps: int) -> None:
    gpu = torch.device("cuda")
    g_classic = classic_loop(key, data_dir, gpu, steps)
    for precision in ("fp32", "bf16"):
        value = engine_loop(key, data_dir, gpu, max(steps, 200), precision)[0]
        print(f"  GPU  engine, {precision:<24} {value:8.1f}   {value / g_classic:5.2f}× classic on the GPU "
              f"({g_classic:.1f}) [target ≥ 20×]")


def bench_train(data_dir: Path, steps: int, accuracy: bool, live: bool = True, gpu_only: bool = False) -> None:
    """Print the three sections; ``live=False`` skips section 2, ``gpu_only`` keeps only what runs on CUDA."""
    cuda = torch.cuda.is_available()
    if gpu_only and not cuda:
        raise SystemExit("--gpu-only: no CUDA device here")
    data = _dataset(data_dir)
    print(f"train: {data.key} ({data.label}) on {machine()}")
    print(f"1. throughput, classic 48×48 preset, batch 64, Adam, {steps} timed steps (images/s):")
    if not gpu_only:
        cpu_throughput(data.key, data_dir, steps)
    if cuda:
        gpu_throughput(data.key, data_dir, steps)
    if gpu_only or not live:
        print(f"2. live updates: skipped ({'--gpu-only: measured on the CPU' if gpu_only else '--skip-live'})")
    else:
        print("2. live updates:")
        live_updates(data.key, data_dir, max(steps, 60))
    if accuracy:
        print("3. time to accuracy:")
        time_to_accuracy(data_dir, torch.device("cuda") if cuda else torch.device("cpu"), data)
