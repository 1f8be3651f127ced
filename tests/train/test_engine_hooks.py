"""The engine's step and epoch hooks (EMA, extra logs and histories live there, not in compute or
validate), the policy numbers it reads from config, and its one optimizer step used outside a run."""

from dataclasses import replace

import torch
import torch.nn.functional as F
from torch import nn

from playground.config import ENGINE_POLICY
from playground.train import engine
from tests.train.test_engine import Blobs, Regression, run


def test_the_step_hook_sees_every_step_once_after_its_optimizer_step():
    torch.manual_seed(0)
    model = nn.Linear(4, 2)
    before = model.weight.detach().clone()
    seen = []

    def on_step(info):
        seen.append((info.step, info.epoch, info.loss.item(), info.samples, info.model is model,
                     model.weight.detach().clone(), len(info.batch[1]), tuple(info.outputs.shape)))

    events = run(model, epochs=2, steps=20, event_interval=0.0, on_step=on_step)
    assert [s[0] for s in seen] == list(range(1, 41))
    assert [s[1] for s in seen] == [1] * 20 + [2] * 20
    assert [s[2] for s in seen] == [v for e in events if isinstance(e, engine.Step) for v in e.losses]
    assert all(s[3] == 32 and s[4] and s[6] == 32 and s[7] == (32, 2) for s in seen)
    assert not torch.equal(seen[0][5], before)  # called after the first optimizer step, not before it
    assert torch.equal(seen[-1][5], model.weight)  # ... and after the last
    assert all(e.extra == {} for e in events if isinstance(e, (engine.Step, engine.EpochEnd)))  # it returned None


def test_what_the_step_hook_returns_rides_on_the_next_step_event():
    def on_step(info):
        return {"even": info.step} if info.step % 2 == 0 else None

    events = run(nn.Linear(4, 2), epochs=1, steps=200, event_interval=60.0, on_step=on_step)
    steps = [e for e in events if isinstance(e, engine.Step)]
    assert [(e.step, e.extra) for e in steps] == [(1, {}), (200, {"even": 200})]  # the later value wins


def test_the_epoch_hook_runs_after_validation_before_its_event_is_yielded():
    order = []

    def validate(model):
        order.append("validate")
        return 0.25, 0.75

    def on_epoch(event):
        order.append(("epoch", event.epoch, event.step, event.val_loss, event.val_acc))
        return {"double": event.epoch * 2}

    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    options = engine.Options(epochs=3, score=engine.argmax_correct, validate=validate, on_epoch=on_epoch)
    for event in engine.train(model, engine.supervised(F.cross_entropy), Blobs(10), opt, options):
        if isinstance(event, engine.EpochEnd):
            assert order[-1][:2] == ("epoch", event.epoch)  # recorded before the consumer sees the event
            order.append(("yielded", event.epoch, event.extra))
    assert order == [x for k in (1, 2, 3) for x in
                     ("validate", ("epoch", k, 10 * k, 0.25, 0.75), ("yielded", k, {"double": 2 * k}))]


def test_a_stopped_epoch_calls_no_epoch_hook():
    calls = []
    stops = iter([False] * 14 + [True])
    events = run(nn.Linear(4, 2), epochs=3, steps=10, should_stop=lambda: next(stops),
                 on_epoch=lambda e: calls.append(e.epoch))
    assert calls == [1] and events[-1].reason == "stopped" and events[-1].steps == 15


# ---- policy numbers come from config.EnginePolicy -----------------------------------------------


def _explode(**policy):
    torch.manual_seed(0)
    model = nn.Linear(4, 1)
    options = engine.Options(epochs=3, event_interval=0.0, snapshot_interval=0.0,
                             policy=replace(ENGINE_POLICY, **policy))
    return list(engine.train(model, engine.supervised(F.mse_loss), Regression(),
                              torch.optim.SGD(model.parameters(), lr=1.2), options))[-1]


def test_the_default_policy_is_the_one_in_config():
    assert engine.Options(epochs=1).policy is ENGINE_POLICY
    assert (ENGINE_POLICY.first_losses, ENGINE_POLICY.loss_smoothing, ENGINE_POLICY.divergence_factor,
            ENGINE_POLICY.divergence_min_steps, ENGINE_POLICY.chance_factor, ENGINE_POLICY.chance_min_samples,
            ENGINE_POLICY.healthy_factor) == (5, 0.9, 10.0, 20, 1.5, 1000, 2.0)


def test_divergence_follows_the_policy():
    default = _explode()
    assert default.reason == "diverged" and 20 <= default.steps < 40
    later = _explode(divergence_min_steps=60)
    assert later.reason == "diverged" and 60 <= later.steps < 70
    assert _explode(divergence_factor=None).reason == "non_finite"  # nothing stops it before the loss overflows
    # judged from the first step on, each number moves the step where the run is caught
    at_once = _explode(divergence_min_steps=0)
    assert (at_once.reason, at_once.steps) == ("diverged", 10)
    assert _explode(divergence_min_steps=0, loss_smoothing=0.99).steps == 13  # a slower average crosses later
    assert _explode(divergence_min_steps=0, loss_smoothing=0.0).steps == 7  # no smoothing: the raw loss
    assert _explode(divergence_min_steps=0, divergence_factor=1000.0).steps == 16
    one = _explode(divergence_min_steps=0, first_losses=1)  # the reference is the very first loss
    assert one.steps == 7 and "rose from 20.7" in one.message and "rose from 176" in at_once.message


def test_the_healthy_snapshot_follows_the_policy():
    kept = _explode()
    assert "the weights of step 0 restored" not in kept.message
    assert "the weights of step 0 restored" in _explode(healthy_factor=0.0).message  # no step ever healthy


def test_the_chance_level_follows_the_policy():
    def stuck(**policy):
        model = nn.Linear(4, 2)
        with torch.no_grad():
            model.weight.zero_()
            model.bias.copy_(torch.tensor([1.0, 0.0]))  # always class 0, every target class 1: right 0% of the time
        source = Blobs(40)
        source.batches = [(x, torch.ones_like(y)) for x, y in source.batches]
        options = engine.Options(epochs=5, score=engine.argmax_correct, chance_accuracy=0.5,
                                 policy=replace(ENGINE_POLICY, **policy))
        return list(engine.train(model, engine.supervised(F.cross_entropy), source,
                                 torch.optim.SGD(model.parameters(), lr=0.0), options))

    assert stuck()[-1].reason == "diverged"
    assert stuck(chance_min_samples=40 * 32 + 1)[-1].reason == "finished"  # an epoch of 1,280 is too few to judge
    assert stuck(chance_factor=0.0)[-1].reason == "finished"  # nothing is below 0 × chance


def test_one_optimizer_step_outside_a_run_is_a_runs_step():
    """One training step outside a run (the epoch estimate uses it) does what a run's step does."""
    torch.manual_seed(0)
    a, b = nn.Linear(4, 2), nn.Linear(4, 2)
    b.load_state_dict(a.state_dict())
    batch = Blobs(1).batches[0]
    opt_b = torch.optim.SGD(b.parameters(), lr=0.1)
    run(a, epochs=1, steps=1)
    _, loss, norm = engine.optimizer_step(b, engine.supervised(F.cross_entropy), batch, opt_b,
                                          engine.Options(epochs=1))
    assert norm is None and loss.requires_grad
    assert torch.equal(a.weight, b.weight) and torch.equal(a.bias, b.bias)
