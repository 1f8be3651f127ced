"""``python -m playground.bench train``: the training engine against the classic loop, side by side.

1. Throughput on the classic 48×48 preset (batch 64, Adam): the classic loop
   (torchvision DataLoader, per-sample PIL transforms: Resize 48, Grayscale→3,
   RandomRotation 10, ColorJitter 0.2, Normalize) against the engine (data on the
   device as uint8, batched augmentation), at fp32 and bf16; on CUDA too when present.
2. The share of time the Training tab's live updates take (status, figures, and
   their Gradio serialization), on the default net.
3. Time and epochs for the default net with default settings to reach 99.0% on the
   MNIST test set when the full MNIST is in the data directory, else 90% on
   Fashion-MNIST.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import torch

from playground.bench import _machine
from playground.cnn.model import build_model
from playground.cnn.spec import preset
from playground.data.images import DatasetUnavailable, load_split
from playground.train import engine
from playground.train.classify import ClassifierTraining, TrainSettings, evaluate

CLASSIC = "Classic CNN (48×48 RGB)"
FAST = "Fast MNIST (Training default)"


def _dataset(data_dir: Path) -> tuple[str, bool]:
    """(dataset key, is it the full MNIST): MNIST where it is on disk, else Fashion-MNIST."""
    try:
        return "mnist", len(load_split("mnist", "train", data_dir, download=False)) == 60_000
    except DatasetUnavailable:
        load_split("fashion-mnist", "train", data_dir)
        return "fashion-mnist", False


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
    batches = iter(loader)
    for i in range(warmup + steps):
        if i == warmup:
            _sync(device)
            start = time.perf_counter()
        x, y = next(batches)
        x, y = x.to(device), y.to(device)
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    _sync(device)
    return steps * 64 / (time.perf_counter() - start)


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def engine_loop(key: str, data_dir: Path, device: torch.device, steps: int, precision: str,
                spec_name: str = CLASSIC, batch: int = 64, warmup: int = 3, live=None) -> tuple[float, float]:
    """(images/s, seconds spent in ``live`` per second of training) of the engine for ``steps`` steps."""
    settings = TrainSettings(dataset=key, epochs=100, batch_size=batch, lr=1e-3, schedule="constant",
                             precision=precision)
    job = ClassifierTraining(preset(spec_name), settings, data_dir, device)
    count = {"n": 0, "start": 0.0}

    def should_stop() -> bool:
        count["n"] += 1
        if count["n"] == warmup:
            _sync(device)
            count["start"] = time.perf_counter()
        return count["n"] >= warmup + steps

    live_seconds = 0.0
    for event in job.events(should_stop=should_stop, event_interval=0.4):
        if live is not None and count["start"]:
            t0 = time.perf_counter()
            live(event, job)
            live_seconds += time.perf_counter() - t0
    _sync(device)
    wall = time.perf_counter() - count["start"]
    return steps * batch / wall, live_seconds / wall


def live_updates(key: str, data_dir: Path, steps: int) -> None:
    """Engine alone vs engine + the Training tab's live updates (built and serialized as Gradio does)."""
    from playground.ui.training import serialized_live_values

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


def time_to_accuracy(data_dir: Path, device: torch.device, full_mnist: bool, max_epochs: int = 6) -> None:
    key, target = ("mnist", 0.99) if full_mnist else ("fashion-mnist", 0.90)
    print(f"  default net and settings on {key}, target {target:.0%} test accuracy, on {device}:")
    for epochs in range(1, max_epochs + 1):
        job = ClassifierTraining(preset(FAST), TrainSettings(dataset=key, epochs=epochs), data_dir, device)
        done = [e for e in job.events(event_interval=5.0) if isinstance(e, engine.Done)][0]
        result = evaluate(job.result(), data_dir, device)
        print(f"    {epochs} epoch(s): {done.seconds:6.1f} s of training ({done.images_per_s:,.0f} images/s), "
              f"test accuracy {result.accuracy:.2%}")
        if result.accuracy >= target:
            print(f"  reached {target:.0%} with {epochs} epoch(s) in {done.seconds:.1f} s of training")
            return
    print(f"  did not reach {target:.0%} within {max_epochs} epochs")


def bench_train(data_dir: Path, steps: int, accuracy: bool) -> None:
    key, full = _dataset(data_dir)
    print(f"train: {key} ({'full' if full else 'what is on disk'}) on {_machine()}")
    cpu = torch.device("cpu")
    print(f"1. throughput, classic 48×48 preset, batch 64, Adam, {steps} timed steps (images/s):")
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
    if torch.cuda.is_available():
        gpu = torch.device("cuda")
        g_classic = classic_loop(key, data_dir, gpu, steps)
        for precision in ("fp32", "bf16"):
            value = engine_loop(key, data_dir, gpu, max(steps, 200), precision)[0]
            print(f"  GPU  engine, {precision:<24} {value:8.1f}   {value / g_classic:5.2f}× classic on the GPU "
                  f"({g_classic:.1f}) [target ≥ 20×]")
    print("2. live updates:")
    live_updates(key, data_dir, max(steps, 60))
    if accuracy:
        print("3. time to accuracy:")
        time_to_accuracy(data_dir, torch.device("cuda") if torch.cuda.is_available() else cpu, full)
