"""The engine on a CUDA GPU: bf16 autocast, channels_last, data on the device, NaN caught at event time.

Skipped where PyTorch sees no CUDA GPU (the CI machines); run on a GPU machine with
``python -m pytest tests/train/test_gpu.py``.
"""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from playground.cnn.spec import preset
from playground.train import engine
from playground.train.classify import ClassifierTraining
from playground.train.evaluation import evaluate
from playground.train.settings import TrainSettings

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
CUDA = torch.device("cuda")


def test_the_fast_net_learns_real_digits_on_the_gpu(mnist_root):
    settings = TrainSettings(dataset="mnist", epochs=2, precision="auto")  # auto: bf16 autocast on CUDA
    job = ClassifierTraining(preset("Fast MNIST (Training default)"), settings, mnist_root, CUDA)
    assert job.autocast == torch.bfloat16
    assert job.model.conv1.weight.is_contiguous(memory_format=torch.channels_last)
    events = list(job.events(event_interval=0.0))
    assert events[-1].reason == "finished"
    result = evaluate(job.result(), mnist_root, CUDA)
    assert result.accuracy > 0.96
    assert all(v.device.type == "cpu" for v in job.result().state_dict.values())  # session state stays on the CPU


class Blobs:
    unit = "points"
    steps_per_epoch = 50

    def epoch(self, index):
        g = torch.Generator(device="cuda").manual_seed(index)
        for _ in range(self.steps_per_epoch):
            y = torch.randint(0, 2, (64,), device="cuda", generator=g)
            yield torch.randn(64, 4, device="cuda", generator=g) + (y[:, None] * 2 - 1) * 2.0, y

    @staticmethod
    def count(batch):
        return len(batch[1])


def test_a_non_finite_loss_on_the_gpu_restores_finite_weights():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 2)).to(CUDA)
    opt = torch.optim.SGD(model.parameters(), lr=1e6)
    events = list(engine.train(model, engine.supervised(F.cross_entropy), Blobs(), opt,
                               engine.Options(epochs=2, event_interval=0.0, snapshot_interval=0.0)))
    assert events[-1].reason == "non_finite"
    assert all(torch.isfinite(p).all() for p in model.parameters())
