"""``python -m benchmarks train``: the training engine against the classic loop, side by side.

1. Throughput on the classic 48×48 preset (batch 64, Adam): the classic loop
   (torchvision DataLoader, per-sample PIL transforms: Resize 48, Grayscale→3,
   RandomRotation 10, ColorJitter 0.2, Normalize) against the engine (data on the
   device as uint8, batched augmentation), at fp32 and bf16; on CUDA too when present.
2. The live updates' cost, as wall-clock time of the same training (the default net and
   settings) with and without a page following it: (a) through the Training tab's
   ``run_updates`` with a pace never due (no frame built), (b) with a frame built and
   serialized at every event, and (c) the app served here, trained from Chromium's Train
   button vs through gradio_client, at torch's thread count and at one thread (does a
   browser on the same cores stall torch's intra-op threads?), with a one-line finding.
   (c) needs gradio and Chromium (``--no-browser`` skips it).
3. Time and epochs for the default net with default settings to reach 99.0% on the
   MNIST test set when the full MNIST is in the data directory, or the MNIST test set
   split 8,000/2,000 (``python -m playground.data.mnist_split``), else 90% on
   Fashion-MNIST.

Needs no gradio unless section 2's Chromium part runs.
"""

from __future__ import annotations

import itertools
import json
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
from playground.train.settings import TrainSettings
from playground.views.live import EveryFrame

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
                spec_name: str = CLASSIC, batch: int = 64, warmup: int = 3) -> float:
    """Images/s of the engine for ``steps`` steps."""
    settings = TrainSettings(dataset=key, epochs=100, batch_size=batch, lr=1e-3, schedule="constant",
                             precision=precision)
    job = ClassifierTraining(preset(spec_name), settings, data_dir, device)
    wall, _ = timed_run(lambda stop: job.events(should_stop=stop, event_interval=0.4), device, steps, warmup)
    return steps * batch / wall


# ----------------------------------------------------------------------------- 2. live updates


class _Never:
    """A pace never due: the training goes through ``run_updates`` and no frame is built."""

    def due(self) -> bool:
        return False


class _Timed(EveryFrame):
    """Every frame due, and when it was asked for: ``run_updates`` builds the frame between ``due()`` and
    its yield, so the caller times the building without touching the views."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: float | None = None

    def due(self) -> bool:
        self.asked = time.perf_counter()
        return True


@dataclass(frozen=True)
class Run:
    """One training's wall-clock and CPU seconds; for (b) also its frames and the time inside them."""

    wall: float  # seconds from the call (or the click) to the trained model (or the test accuracy)
    cpu: float  # CPU seconds of this process meanwhile (all its threads: training, server, client)
    in_frames: float = 0.0  # seconds building frames (live_html) and serializing them as the page's pull does
    frames: int = 0
    browser_cpu: float = 0.0  # Chromium's CPU seconds meanwhile

    @property
    def busy(self) -> float:
        """CPU seconds per second: about how many cores the training kept busy."""
        return self.cpu / self.wall


def through_updates(key: str, data_dir: Path, epochs: int, steps: int, frames: bool) -> Run:
    """The default net with default settings for ``epochs`` (or ``steps`` steps if > 0) through the Training
    tab's ``run_updates``: with a frame at every event (built and serialized as the page gets them), or none."""
    from playground.views.training import run_updates

    cpu = torch.device("cpu")
    job = ClassifierTraining(preset(FAST), TrainSettings(dataset=key, epochs=epochs), data_dir, cpu)
    calls = {"n": 0}

    def should_stop() -> bool:
        calls["n"] += 1
        return 0 < steps <= calls["n"]

    pace = _Timed() if frames else _Never()
    in_frames, count = 0.0, 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for update in run_updates(job, "CPU", data_dir, cpu, should_stop, pace):
        if "trained" in update:
            break  # the model is there; the test-set evaluation that follows is the same either way
        if "live" in update and isinstance(pace, _Timed) and pace.asked is not None:
            count += 1
            json.dumps({"number": count, "html": update["live"]})  # what the page's pull receives
            in_frames += time.perf_counter() - pace.asked
            pace.asked = None
    return Run(time.perf_counter() - start, time.process_time() - cpu_start, in_frames, count)


def _runs(runs: list[Run]) -> str:
    return ", ".join(f"{r.wall:.2f}" for r in runs)


def spread(runs: list[Run]) -> float:
    """How far runs of one kind differ: (slowest − fastest) / mean."""
    walls = [r.wall for r in runs]
    return (max(walls) - min(walls)) / statistics.mean(walls)


def in_process(key: str, data_dir: Path, epochs: int, steps: int) -> None:
    """(a) and (b), in the order a b b a (drift hits both alike), means."""
    runs: dict[bool, list[Run]] = {False: [], True: []}
    through_updates(key, data_dir, 1, 2, True)  # warm-up: the first run pays for what is loaded once
    for frames in (False, True, True, False):
        runs[frames].append(through_updates(key, data_dir, epochs, steps, frames))
    a, b = (statistics.mean(r.wall for r in runs[f]) for f in (False, True))
    inside = statistics.mean(r.in_frames / r.wall for r in runs[True])
    busy = {f: statistics.mean(r.busy for r in runs[f]) for f in runs}
    what = f"{steps} steps" if steps else f"{epochs} epoch{'s' if epochs != 1 else ''}"
    print(f"  the default net and settings, {what} on {key}, in the order a b b a, means; seconds from the first "
          "update to the trained model; CPU/s: this process's CPU seconds per second (cores kept busy):")
    print(f"  (a) training alone through run_updates, no frame built  {a:7.2f} s   CPU/s {busy[False]:.2f}   "
          f"runs: {_runs(runs[False])}")
    print(f"  (b) a frame at every event, built and serialized        {b:7.2f} s   CPU/s {busy[True]:.2f}   "
          f"runs: {_runs(runs[True])}   {b / a - 1:+.1%} vs (a)")
    print(f"      {statistics.mean(r.frames for r in runs[True]):.0f} frames (status + SVG curves, JSON) a run; time "
          f"inside them: {inside:.2%} of the wall-clock [target < 5%: {'met' if inside < 0.05 else 'NOT met'}]")


def _set_epochs(page, epochs: int) -> None:
    box = page.locator("#train-epochs input[type=number]")
    box.click()
    box.press("Control+a")
    box.press_sequentially(str(epochs), delay=50)
    box.press("Tab")


def followed(key: str, data_dir: Path, epochs: int, threads: int) -> dict[str, list[Run]]:
    """(c) at ``threads`` torch threads: the app served here, the tab's default training (``epochs``) through
    the API and from Chromium's Train button, in the order API page page API: {"api"|"page": runs}, each from
    the call or the click to the test accuracy."""
    from dataclasses import asdict

    from playwright.sync_api import sync_playwright

    from app import build_app
    from benchmarks.common import descendants_cpu_seconds
    from benchmarks.served import open_tab, served_app
    from playground.config import ServeSettings
    from playground.launcher import CHROMIUM, CHROMIUM_ARGS

    arguments = {**asdict(TrainSettings()), "dataset": key, "epochs": epochs}  # the page's defaults
    # before the launch: the server's worker threads take torch's thread count when they first compute
    torch.set_num_threads(threads)
    out: dict[str, list[Run]] = {"api": [], "page": []}
    with served_app(lambda: build_app(ServeSettings(data_dir=data_dir))) as client, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = open_tab(browser, client.src, "Training")
            page.locator("#train-estimate", has_text="per epoch").wait_for(timeout=120_000)  # its one step is done
            _set_epochs(page, epochs)
            for kind in ("api", "page", "page", "api"):
                browser_cpu = descendants_cpu_seconds("chrom") or 0.0
                start, cpu = time.perf_counter(), time.process_time()
                if kind == "api":
                    job = client.submit(**arguments, api_name="/train")
                    job.result(timeout=3600)
                    if "Test accuracy" not in str(job.outputs()):  # every streamed update; the last enables buttons
                        raise RuntimeError(f"the API's run ended without a test accuracy: {job.outputs()!r:.300}")
                else:
                    page.click("#train-btn")
                    page.wait_for_function("() => !document.querySelector('#train-status').innerText"
                                           ".includes('Test accuracy')", timeout=60_000)
                    page.locator("#train-status", has_text="Test accuracy").wait_for(timeout=3_600_000)
                wall, used = time.perf_counter() - start, time.process_time() - cpu
                out[kind].append(Run(wall, used, browser_cpu=(descendants_cpu_seconds("chrom") or 0.0) - browser_cpu))
                page.wait_for_function("() => !document.querySelector('#train-btn').disabled", timeout=120_000)
                page.wait_for_timeout(1000)  # the page draws the results before the next run
        finally:
            browser.close()
    return out


def browser_followed(key: str, data_dir: Path, epochs: int) -> None:
    """(c) at the machine's torch thread count and at one thread, and the finding."""
    threads = torch.get_num_threads()
    print(f"  (c) the app served here, {epochs} epoch{'s' if epochs != 1 else ''} from the Train button in Chromium "
          "(page) vs through gradio_client (API), in the order API page page API, means; seconds from the click or "
          "call to \"Test accuracy\" (evaluation included); CPU/s as above (server and training); Chromium: its "
          "CPU seconds in the run:")
    print(f"      {'threads':>7} {'API':>8} {'page':>8} {'page/API':>9}   {'CPU/s API, page':>16}   "
          f"{'Chromium API, page':>19}   runs")
    slower, noise = {}, 0.0
    try:
        for n in dict.fromkeys((threads, 1)):
            runs = followed(key, data_dir, epochs, n)
            api, page = (statistics.mean(r.wall for r in runs[k]) for k in ("api", "page"))
            busy = {k: statistics.mean(r.busy for r in runs[k]) for k in runs}
            chromium = {k: statistics.mean(r.browser_cpu for r in runs[k]) for k in runs}
            slower[n] = page / api - 1
            noise = max(noise, spread(runs["api"]), spread(runs["page"]))
            print(f"      {n:>7} {api:7.2f}s {page:7.2f}s {slower[n]:+9.1%}   {busy['api']:8.2f}, {busy['page']:.2f}   "
                  f"{chromium['api']:10.1f} s, {chromium['page']:.1f} s   API {_runs(runs['api'])}; "
                  f"page {_runs(runs['page'])}")
    finally:
        torch.set_num_threads(threads)
    print("  finding: " + finding(slower, threads, noise))


def finding(slower: dict[int, float], threads: int, noise: float) -> str:
    """One line: does a page following the run slow it, and is it torch's threads waiting for a core?

    ``slower``: the page's cost (page / API − 1) by torch thread count; ``noise``: how far runs of one kind
    differ ((slowest − fastest) / mean), below which a cost says nothing.
    """
    if threads == 1 or 1 not in slower:
        cost = next(iter(slower.values()))
        return f"one torch thread only here: a page following costs {cost:+.1%}; no thread counts to compare"
    many, one = slower[threads], slower[1]
    said = (f"a page following costs {many:+.1%} at {threads} torch threads and {one:+.1%} at 1 (runs of one kind "
            f"differ by up to {noise:.0%})")
    if many <= max(noise, 0.03):
        return (said + f": at {threads} threads the cost is within the noise, so there is no slowdown here to "
                "explain; neither confirmed nor refuted (a quiet machine would tell)")
    if one < many / 2:
        return (said + ": confirmed, the slowdown is torch's intra-op threads waiting for the core the browser "
                "takes (one thread, which never waits for a second core, loses far less)")
    return (said + ": not confirmed, one thread loses as much, so it is not intra-op threads stalling but the "
            "work the page's run adds (the server's share of it, or the browser's)")


def live_updates(key: str, data_dir: Path, epochs: int, steps: int, with_browser: bool) -> None:
    in_process(key, data_dir, epochs, steps)
    if not with_browser:
        print("  (c) in Chromium: skipped (--no-browser)")
    elif key != TrainSettings().dataset:
        print(f"  (c) in Chromium: skipped (the Training tab's default dataset is not on disk, {key} is)")
    else:
        browser_followed(key, data_dir, epochs)


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
        runs["fp32"].append(engine_loop(key, data_dir, cpu, steps, "fp32"))
        runs["bf16"].append(engine_loop(key, data_dir, cpu, steps, "bf16"))
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
        value = engine_loop(key, data_dir, gpu, max(steps, 200), precision)
        print(f"  GPU  engine, {precision:<24} {value:8.1f}   {value / g_classic:5.2f}× classic on the GPU "
              f"({g_classic:.1f}) [target ≥ 20×]")


def bench_train(data_dir: Path, steps: int, accuracy: bool, live: bool = True, gpu_only: bool = False,
                live_epochs: int = TrainSettings().epochs, live_steps: int = 0, with_browser: bool = True) -> None:
    """Print the three sections; ``live=False`` skips section 2 (its runs train ``live_epochs``, or
    ``live_steps`` steps in process if > 0; ``with_browser=False`` skips its Chromium part), ``gpu_only``
    keeps only what runs on CUDA."""
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
        print("2. live updates' cost: the same training with and without a page following it")
        live_updates(data.key, data_dir, live_epochs, live_steps, with_browser)
    if accuracy:
        print("3. time to accuracy:")
        time_to_accuracy(data_dir, torch.device("cuda") if cuda else torch.device("cpu"), data)
