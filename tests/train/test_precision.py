"""Precision policy: "auto" uses bf16 on a CPU only where it measured faster; a slower pick is said."""

import math

import pytest
import torch

from playground import devices
from playground.cnn.spec import preset
from playground.train.classify import ClassifierTraining
from playground.train.estimate import estimate_epoch_seconds
from playground.train.settings import TrainSettings

CPU = torch.device("cpu")


FAST = "Fast MNIST (Training default)"


def first_step_dtype(mnist_root, precision: str) -> tuple[torch.dtype, list[str]]:
    """(the dtype the network's first convolution computed in during a training step, the run's notes)."""
    job = ClassifierTraining(preset(FAST), TrainSettings(epochs=1, precision=precision), mnist_root, CPU)
    seen = []
    conv = next(m for m in job.model.modules() if isinstance(m, torch.nn.Conv2d))
    conv.register_forward_hook(lambda module, inputs, output: seen.append(output.dtype))
    done = list(job.events(should_stop=lambda: True))[-1]
    assert done.steps == 1 and seen
    return seen[0], job.notes


@pytest.mark.parametrize("precision, speedup, dtype", [
    ("fp32", 2.0, torch.float32),
    ("bf16", 0.46, torch.bfloat16),  # asked for: used, even where slower (with a note)
    ("auto", 2.0, torch.bfloat16),  # a CPU with fast bf16
    ("auto", 1.05, torch.float32),  # barely faster: not worth bf16's rounding
    ("auto", 0.46, torch.float32),  # emulated bf16
])
def test_a_run_computes_in_the_precision_the_policy_picks(monkeypatch, mnist_root, precision, speedup, dtype):
    monkeypatch.setattr(devices, "cpu_bf16_speedup", lambda: speedup)
    used, notes = first_step_dtype(mnist_root, precision)
    assert used == dtype
    assert bool(notes) == (precision == "bf16" and speedup < 1)


def test_the_measurement_runs_once_and_gives_a_ratio():
    speedup = devices.cpu_bf16_speedup()
    assert math.isfinite(speedup) and speedup > 0
    assert devices.cpu_bf16_speedup() == speedup  # measured once per process: "auto" never changes mid-session


@pytest.mark.parametrize("speedup, auto, warned", [(0.46, None, True), (1.05, None, False), (2.0, torch.bfloat16, False)])
def test_policy_on_cpus_with_and_without_fast_bf16(monkeypatch, speedup, auto, warned):
    monkeypatch.setattr(devices, "cpu_bf16_speedup", lambda: speedup)
    assert devices.autocast_dtype("auto", CPU) is auto
    note = devices.precision_note("bf16", CPU)
    assert bool(note) is warned
    if warned:
        assert f"{speedup:.2f}× fp32's speed" in note and "auto" in note
    assert devices.precision_note("fp32", CPU) == ""


def test_an_epoch_estimate_comes_from_a_measured_step():
    fast, images = estimate_epoch_seconds(preset("Fast MNIST (Training default)"), TrainSettings(), CPU)
    classic, _ = estimate_epoch_seconds(preset("Classic CNN (48×48 RGB)"), TrainSettings(), CPU)
    assert images == 54_000
    assert 0 < fast < classic  # the 9.5 M-parameter 48×48 net costs more per epoch than the small one


def test_an_epoch_estimate_counts_the_images_on_disk(mnist_root):
    """The folder holds MNIST's test digits split 8,000/2,000: an epoch is 8,000 less the validation share."""
    _, images = estimate_epoch_seconds(preset("Fast MNIST (Training default)"), TrainSettings(), CPU, mnist_root)
    assert images == 7_200
    _, images = estimate_epoch_seconds(preset("Fast MNIST (Training default)"), TrainSettings(val_fraction=0.15),
                                       CPU, mnist_root)
    assert images == 6_800


def test_an_epoch_estimate_times_the_engines_own_step(monkeypatch):
    from playground.train import engine, estimate

    calls = []
    real = engine.optimizer_step

    def counted(model, compute, batch, optimizer, options, device=None):
        calls.append((len(batch[0]), options.autocast_dtype))
        return real(model, compute, batch, optimizer, options, device)

    monkeypatch.setattr(engine, "optimizer_step", counted)
    estimate._seconds_per_image.cache_clear()
    seconds, _ = estimate_epoch_seconds(preset("LeNet-5"), TrainSettings(batch_size=32, precision="bf16"), CPU)
    assert seconds > 0 and calls == [(2, torch.bfloat16), (32, torch.bfloat16)]  # a warm-up step, then the timed one
