"""Precision policy: "auto" uses bf16 on a CPU only where it measured faster; a slower pick is said."""

import pytest
import torch

from playground import devices
from playground.train.classify import estimate_epoch_seconds, TrainSettings
from playground.cnn.spec import preset

CPU = torch.device("cpu")


def test_the_measurement_is_real_and_auto_follows_it():
    speedup = devices.cpu_bf16_speedup()
    assert speedup > 0
    expected = torch.bfloat16 if speedup >= devices.BF16_MIN_SPEEDUP else None
    assert devices.autocast_dtype("auto", CPU) is expected
    assert devices.autocast_dtype("fp32", CPU) is None and devices.autocast_dtype("bf16", CPU) is torch.bfloat16


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
