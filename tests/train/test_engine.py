"""The engine's contract: event order, every step's loss once, stop, non-finite, time limit."""

import math

import torch
import torch.nn.functional as F
from torch import nn

from playground.train import engine


class Blobs:
    """Two Gaussian blobs: a problem a linear model solves, so events are about the engine, not the data."""

    def __init__(self, steps: int, batch: int = 32, seed: int = 0):
        g = torch.Generator().manual_seed(seed)
        self.steps_per_epoch = steps
        self.batches = []
        for _ in range(steps):
            y = torch.randint(0, 2, (batch,), generator=g)
            x = torch.randn(batch, 4, generator=g) + (y[:, None] * 2 - 1) * 2.0
            self.batches.append((x, y))

    def epoch(self, index):
        yield from self.batches


def run(model, lr=0.1, epochs=2, steps=20, **kwargs):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    score = lambda out, y: (out.argmax(1) == y).sum()  # noqa: E731
    return list(engine.train(model, F.cross_entropy, Blobs(steps), opt, epochs=epochs, score=score, **kwargs))


def test_events_in_order_and_every_loss_once():
    torch.manual_seed(0)
    events = run(nn.Linear(4, 2), epochs=3, steps=20, event_interval=0.0)
    assert isinstance(events[-1], engine.Done) and events[-1].reason == "finished"
    epochs = [e for e in events if isinstance(e, engine.EpochEnd)]
    assert [e.epoch for e in epochs] == [1, 2, 3]
    steps = [e for e in events if isinstance(e, engine.Step)]
    losses = [v for e in steps for v in e.losses]
    assert len(losses) == 60 and [e.first_step for e in steps][0] == 1
    assert steps[-1].step == steps[-1].total_steps == 60
    assert epochs[-1].train_acc > 0.95  # it really learned
    assert losses[-1] < losses[0]


def test_events_are_throttled():
    events = run(nn.Linear(4, 2), epochs=1, steps=200, event_interval=60.0)
    steps = [e for e in events if isinstance(e, engine.Step)]
    assert len(steps) == 2  # after the first step, then the last
    assert sum(len(e.losses) for e in steps) == 200


def test_stop_keeps_the_weights_of_the_last_finished_step():
    model = nn.Linear(4, 2)
    seen = {}

    def should_stop():
        seen["calls"] = seen.get("calls", 0) + 1
        if seen["calls"] == 7:
            seen["weights"] = model.weight.detach().clone()
            return True
        return False

    events = run(model, epochs=5, should_stop=should_stop)
    done = events[-1]
    assert done.reason == "stopped" and done.steps == 7
    assert torch.equal(model.weight, seen["weights"])
    assert not any(isinstance(e, engine.EpochEnd) for e in events)


def test_non_finite_loss_restores_finite_weights():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 2))
    events = run(model, lr=1e6, epochs=3, event_interval=0.0, snapshot_interval=0.0)
    done = events[-1]
    assert done.reason == "non_finite"
    assert "learning rate is probably too high" in done.message
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_time_limit():
    events = run(nn.Linear(4, 2), epochs=1000, max_seconds=0.05)
    assert events[-1].reason == "time_limit"
    assert math.isfinite(events[-1].images_per_s)
