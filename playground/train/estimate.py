"""What one epoch will cost, before pressing Train: one real training step of the network (the engine's
own ``optimizer_step``, with the run's optimizer and precision) timed on the device, times the training
images a run would see (those on disk where the dataset was decoded, else the published count)."""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from playground.cnn.model import build_model
from playground.cnn.summary import summarize
from playground.data.images import training_images
from playground.train import engine
from playground.train.optim import make_optimizer
from playground.train.pipeline import validation_count
from playground.train.settings import TrainSettings, precision_dtype

MAX_BATCH = 64  # the timed step takes at most this many images (a big batch would make the estimate slow)


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


@functools.lru_cache(maxsize=64)
def _seconds_per_image(spec_json: str, batch: int, device: str, dtype: str, optimizer: str) -> float:
    """Seconds per image of one training step on random inputs of the network's shape (after a warm-up step)."""
    spec = json.loads(spec_json)
    dev = torch.device(device)
    model = build_model(spec, seed=0).to(dev)
    opt = make_optimizer(optimizer, model.parameters(), 1e-3, 0.0)
    options = engine.Options(epochs=1, autocast_dtype=getattr(torch, dtype) if dtype != "none" else None)
    compute = engine.supervised(F.cross_entropy)
    k = summarize(spec).num_classes or 1
    generator = torch.Generator(device=dev).manual_seed(0)

    def batch_of(n: int) -> tuple[torch.Tensor, torch.Tensor]:
        return (torch.randn(n, *spec["input"], device=dev, generator=generator),
                torch.randint(0, k, (n,), device=dev, generator=generator))

    engine.optimizer_step(model, compute, batch_of(2), opt, options, dev)  # warm-up: first-call costs
    timed = batch_of(batch)
    _sync(dev)
    start = time.perf_counter()
    engine.optimizer_step(model, compute, timed, opt, options, dev)
    _sync(dev)
    return (time.perf_counter() - start) / batch


def estimate_epoch_seconds(spec: dict, settings: TrainSettings, device: torch.device,
                           data_dir: Path | str | None = None) -> tuple[float, int]:
    """(seconds, images) for one epoch, from one real training step measured on ``device``.

    The images are the training split less the validation share: the split on disk in ``data_dir`` where it
    was decoded there, else the dataset's published size.
    """
    dtype = precision_dtype(settings.precision, device)
    per_image = _seconds_per_image(json.dumps(spec, sort_keys=True), min(settings.batch_size, MAX_BATCH),
                                   str(device), str(dtype).removeprefix("torch.") if dtype else "none",
                                   settings.optimizer)
    total = training_images(settings.dataset, data_dir)
    images = total - validation_count(total, settings.val_fraction)
    return per_image * images, images
