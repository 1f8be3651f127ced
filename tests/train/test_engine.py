"""The engine's contract: event order, every step's loss once, stop, non-finite, time limit;
three kinds of model on the one engine (a classifier, a next-token model, a denoiser). The
step and epoch hooks and the policy numbers: test_engine_hooks.py."""

import math

import pytest

import torch
import torch.nn.functional as F
from torch import nn

from playground.train import engine


class Blobs:
    """Two Gaussian blobs: a problem a linear model solves, so events are about the engine, not the data."""

    unit = "points"

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

    @staticmethod
    def count(batch):
        return len(batch[1])


def run(model, lr=0.1, epochs=2, steps=20, **kwargs):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    options = engine.Options(epochs=epochs, score=engine.argmax_correct, **kwargs)
    return list(engine.train(model, engine.supervised(F.cross_entropy), Blobs(steps), opt, options))


def test_events_in_order_and_every_loss_once():
    torch.manual_seed(0)
    events = run(nn.Linear(4, 2), epochs=3, steps=20, event_interval=0.0)
    assert isinstance(events[-1], engine.Done) and events[-1].reason == "finished"
    epochs = [e for e in events if isinstance(e, engine.EpochEnd)]
    assert [e.epoch for e in epochs] == [1, 2, 3] and [e.step for e in epochs] == [20, 40, 60]
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
    assert math.isfinite(events[-1].samples_per_s)


# ---- other kinds of model on the same engine -------------------------------------------------


class CountingTokens:
    """Next-token batches from a repeating sequence: targets are per token, so the engine counts tokens."""

    unit = "tokens"

    def __init__(self, vocab=7, batch=8, block=12, steps=30):
        self.vocab, self.batch, self.block, self.steps_per_epoch = vocab, batch, block, steps
        self.generator = torch.Generator().manual_seed(0)

    def epoch(self, index):
        for _ in range(self.steps_per_epoch):
            start = torch.randint(0, self.vocab, (self.batch, 1), generator=self.generator)
            seq = (start + torch.arange(self.block + 1)) % self.vocab  # each token is the previous + 1
            yield seq[:, :-1], seq[:, 1:]

    @staticmethod
    def count(batch):
        return batch[1].numel()


class TinyLM(nn.Module):
    """nanoGPT's contract: forward(idx, targets=None) -> (logits, loss)."""

    def __init__(self, vocab=7, width=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.head = nn.Linear(width, vocab)

    def forward(self, idx, targets=None):
        logits = self.head(self.embed(idx))  # (B, T, V)
        loss = None if targets is None else F.cross_entropy(logits.flatten(0, 1), targets.flatten())
        return logits, loss


def lm_compute(model, batch):
    return model(*batch)


def test_a_next_token_model_counts_tokens_and_per_token_accuracy():
    torch.manual_seed(0)
    source = CountingTokens()
    model = TinyLM()
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    events = list(engine.train(model, lm_compute, source, opt, engine.Options(
        epochs=2, score=engine.argmax_correct, clip_grad_norm=1.0, event_interval=0.0)))
    steps = [e for e in events if isinstance(e, engine.Step)]
    epochs = [e for e in events if isinstance(e, engine.EpochEnd)]
    done = events[-1]
    assert done.reason == "finished" and done.unit == "tokens" and steps[0].unit == "tokens"
    assert epochs[-1].train_acc > 0.9  # accuracy per target token, a fraction of 8 × 12 per batch
    assert epochs[-1].train_acc <= 1.0
    # tokens per second is 96 tokens a step over the run's time
    assert done.samples_per_s == pytest.approx(done.steps * 96 / done.seconds, rel=1e-6)
    assert all(e.grad_norm is not None and e.grad_norm >= 0 for e in steps)


def test_accuracy_counts_targets_not_batches():
    """A score that always gets every other token right gives exactly 0.5."""
    source = CountingTokens(steps=4)
    model = TinyLM()

    def half(outputs, batch):
        return torch.tensor(batch[1].numel() // 2)

    events = list(engine.train(model, lm_compute, source, torch.optim.SGD(model.parameters(), lr=0.0),
                               engine.Options(epochs=1, score=half)))
    assert [e for e in events if isinstance(e, engine.EpochEnd)][0].train_acc == 0.5


def test_gradient_clipping_bounds_the_update():
    """With lr 1 and SGD, a clipped step moves the weights by at most the clip norm."""
    model = nn.Linear(4, 2)
    with torch.no_grad():
        model.weight.mul_(100)  # huge logits: huge gradients
    before = [p.detach().clone() for p in model.parameters()]
    events = run(model, lr=1.0, epochs=1, steps=1, clip_grad_norm=0.5)
    moved = torch.cat([(p.detach() - b).flatten() for p, b in zip(model.parameters(), before)]).norm()
    step = [e for e in events if isinstance(e, engine.Step)][0]
    assert step.grad_norm > 0.5  # it was clipped...
    assert moved.item() == pytest.approx(0.5, rel=1e-4)  # ...to exactly the clip norm


class NoisyDigits:
    """Denoising batches: clean 8×8 'images' (a bright square at a random place); the noise is drawn in compute."""

    unit = "images"

    def __init__(self, steps=40, batch=16):
        self.steps_per_epoch, self.batch = steps, batch
        self.generator = torch.Generator().manual_seed(1)

    def epoch(self, index):
        for _ in range(self.steps_per_epoch):
            x = torch.zeros(self.batch, 1, 8, 8)
            r, c = torch.randint(0, 5, (2,), generator=self.generator).tolist()
            x[:, :, r : r + 3, c : c + 3] = 1.0
            yield x * 2 - 1

    @staticmethod
    def count(batch):
        return len(batch)


def test_a_denoiser_trains_on_sampled_noise():
    from diffusers import DDPMScheduler, UNet2DModel

    torch.manual_seed(0)
    unet = UNet2DModel(sample_size=8, in_channels=1, out_channels=1, block_out_channels=(8, 16),
                       down_block_types=("DownBlock2D", "DownBlock2D"), up_block_types=("UpBlock2D", "UpBlock2D"),
                       layers_per_block=1, norm_num_groups=4)
    scheduler = DDPMScheduler(num_train_timesteps=100)
    generator = torch.Generator().manual_seed(2)

    def compute(model, clean):
        noise = torch.randn(clean.shape, generator=generator)
        t = torch.randint(0, 100, (len(clean),), generator=generator)
        predicted = model(scheduler.add_noise(clean, noise, t), t).sample
        return predicted, F.mse_loss(predicted, noise)

    opt = torch.optim.Adam(unet.parameters(), lr=3e-3)
    events = list(engine.train(unet, compute, NoisyDigits(), opt, engine.Options(epochs=2, event_interval=0.0)))
    losses = [v for e in events if isinstance(e, engine.Step) for v in e.losses]
    epochs = [e for e in events if isinstance(e, engine.EpochEnd)]
    assert events[-1].reason == "finished" and len(losses) == 80
    assert epochs[0].train_acc is None  # no score: accuracy means nothing for a denoiser
    assert sum(losses[-10:]) / 10 < 0.6 * sum(losses[:10]) / 10  # it learned to predict the noise


# ---- divergence and resuming ------------------------------------------------------------------


class Regression:
    """y = x·w with unit-variance inputs: SGD on MSE is stable for lr < 1 and grows ~1.4× a step at lr 1.2."""

    unit = "points"
    steps_per_epoch = 100

    def epoch(self, index, start=0):
        g = torch.Generator().manual_seed(index)
        w = torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
        for _ in range(start, self.steps_per_epoch):
            x = torch.randn(256, 4, generator=g)
            yield x, x @ w

    @staticmethod
    def count(batch):
        return len(batch[1])


def test_a_loss_that_explodes_without_becoming_nan_stops_with_advice():
    torch.manual_seed(0)
    model = nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=1.2)
    events = list(engine.train(model, engine.supervised(F.mse_loss), Regression(), opt,
                               engine.Options(epochs=3, event_interval=0.0, snapshot_interval=0.0)))
    done = events[-1]
    assert done.reason == "diverged", done
    assert "learning rate 10× smaller" in done.message and "smoothed loss rose" in done.message
    losses = [v for e in events if isinstance(e, engine.Step) for v in e.losses]
    assert all(math.isfinite(v) for v in losses) and losses[-1] > 100 * losses[0]  # finite, yet exploding
    assert done.steps < 40  # caught soon after the 20 steps it waits
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_the_same_problem_at_a_stable_rate_finishes():
    model = nn.Linear(4, 1)
    events = list(engine.train(model, engine.supervised(F.mse_loss), Regression(),
                               torch.optim.SGD(model.parameters(), lr=0.1), engine.Options(epochs=1)))
    assert events[-1].reason == "finished"


def test_a_healthy_run_is_never_called_diverged():
    events = run(nn.Linear(4, 2), lr=0.1, epochs=3, steps=50, event_interval=0.0)
    assert events[-1].reason == "finished"


def test_an_epoch_at_chance_level_stops_the_run():
    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)  # never learns: stuck where it started
    with torch.no_grad():
        model.weight.zero_()
        model.bias.copy_(torch.tensor([1.0, 0.0]))  # always predicts class 0: about half right
    source = Blobs(40)
    flipped = [(x, torch.ones_like(y)) for x, y in source.batches]  # ... and every target is class 1
    source.batches = flipped
    events = list(engine.train(model, engine.supervised(F.cross_entropy), source, opt,
                               engine.Options(epochs=5, score=engine.argmax_correct, chance_accuracy=0.5)))
    assert events[-1].reason == "diverged" and "no better than guessing" in events[-1].message
    assert sum(isinstance(e, engine.EpochEnd) for e in events) == 1


def test_a_resumed_run_does_only_the_remaining_steps():
    class Counting(Blobs):
        def epoch(self, index, start=0):
            for i, batch in enumerate(self.batches[start:], start):
                self.seen.append((index, i))
                yield batch

    source = Counting(10)
    source.seen = []
    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    events = list(engine.train(model, engine.supervised(F.cross_entropy), source, opt,
                               engine.Options(epochs=3, start_step=13, event_interval=0.0)))
    steps = [e for e in events if isinstance(e, engine.Step)]
    assert source.seen[0] == (2, 3) and len(source.seen) == 17  # epoch 2 from its 4th batch, then epoch 3
    assert steps[0].first_step == 14 and steps[-1].step == steps[-1].total_steps == 30
    assert [(e.epoch, e.step) for e in events if isinstance(e, engine.EpochEnd)] == [(2, 20), (3, 30)]
    assert events[-1].steps == 30


def test_out_of_memory_stops_with_advice_and_keeps_good_weights():
    """A CUDA out-of-memory mid-run (simulated: the compute raises torch.cuda.OutOfMemoryError at step 9)."""
    torch.manual_seed(0)
    model = nn.Linear(4, 2)
    calls = {"n": 0}
    plain = engine.supervised(F.cross_entropy)

    def compute(m, batch):
        calls["n"] += 1
        if calls["n"] == 9:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")
        return plain(m, batch)

    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    options = engine.Options(epochs=2, score=engine.argmax_correct, snapshot_interval=0.0, event_interval=0.0)
    events = list(engine.train(model, compute, Blobs(20), opt, options))
    done = events[-1]
    assert done.reason == "out_of_memory" and done.steps == 8
    assert "ran out of memory at step 9" in done.message and "smaller batch size" in done.message
    assert all(p.grad is None for p in model.parameters())  # the failed step's gradients are freed
    # the same model and optimizer train on afterwards: nothing is left broken
    again = list(engine.train(model, plain, Blobs(20), opt, engine.Options(epochs=1, score=engine.argmax_correct)))
    assert again[-1].reason == "finished"


def test_training_works_on_a_thread_left_with_gradients_off():
    """A server's pooled thread may come from code that turned gradients off; a training step turns them on."""
    torch.manual_seed(0)
    with torch.no_grad():
        events = run(nn.Linear(4, 2), epochs=1, steps=5)
    assert events[-1].reason == "finished"


# ---- hooks ------------------------------------------------------------------------------------
