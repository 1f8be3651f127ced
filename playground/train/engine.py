"""The one training engine: a generator of typed events.

Model-agnostic: it takes a model, a loss function, a batch source, an optimizer and
a learning-rate schedule, and yields ``Step`` (throttled progress), ``EpochEnd`` and
finally ``Done``. It never prints, sleeps or builds figures; consumers (the Training
tab, the command line, tests) decide what to show. Stopping is cooperative: the
``should_stop`` callable is checked after every optimizer step, so a stop takes
effect within one step and keeps the weights of the last finished step.

Syncing with the device is kept to event times: per-step losses stay on the device
and are read back in one transfer per event, which is also when they are checked
for NaN/inf.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol

import torch
from torch import nn


class BatchSource(Protocol):
    """Anything that yields (inputs, targets) batches on the training device."""

    steps_per_epoch: int

    def epoch(self, index: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]: ...


@dataclass(frozen=True)
class Step:
    """Progress, at most every ``event_interval`` seconds (and after the first step)."""

    step: int  # optimizer steps finished in this run
    total_steps: int
    epoch: int  # 1-based epoch in progress
    first_step: int  # step number of losses[0]
    losses: list[float]  # the loss of every step since the previous Step event
    lr: float  # learning rate of the last step
    images_per_s: float  # since the previous event
    elapsed: float  # seconds since the run started
    eta: float  # estimated seconds left


@dataclass(frozen=True)
class EpochEnd:
    epoch: int
    epochs: int
    train_loss: float  # mean over the epoch's batches (with augmentation and dropout on)
    train_acc: float | None  # fraction correct, where a score function was given
    val_loss: float | None
    val_acc: float | None
    seconds: float  # wall-clock time of this epoch, validation included


@dataclass(frozen=True)
class Done:
    reason: str  # "finished", "stopped", "non_finite" or "time_limit"
    steps: int
    seconds: float
    message: str  # one plain sentence for people
    images_per_s: float = 0.0  # over the whole run


Event = Step | EpochEnd | Done


@dataclass
class _Meter:
    """Running sums kept on the device, so no step waits for a sync."""

    device: torch.device
    loss: torch.Tensor = field(init=False)
    correct: torch.Tensor = field(init=False)
    seen: int = 0

    def __post_init__(self) -> None:
        self.loss = torch.zeros((), device=self.device)
        self.correct = torch.zeros((), device=self.device, dtype=torch.int64)


def _snapshot(model: nn.Module) -> dict[str, torch.Tensor] | None:
    """A copy of the weights if they are all finite, else None."""
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    floats = [v for v in state.values() if v.is_floating_point()]
    if floats and not torch.stack([torch.isfinite(v).all() for v in floats]).all():
        return None
    return state


def train(
    model: nn.Module,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    batches: BatchSource,
    optimizer: torch.optim.Optimizer,
    *,
    epochs: int,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    score: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None = None,
    validate: Callable[[nn.Module], tuple[float, float | None]] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    max_seconds: float | None = None,
    event_interval: float = 0.33,
    snapshot_interval: float = 2.0,
    autocast_dtype: torch.dtype | None = None,
) -> Iterator[Event]:
    """Train ``model`` in place and yield events; the last event is always ``Done``.

    score(outputs, targets) -> number correct (a tensor), for accuracy.
    validate(model) -> (loss, accuracy or None), run after every epoch.
    """
    device = next(model.parameters()).device
    autocast = (
        torch.autocast(device.type, dtype=autocast_dtype) if autocast_dtype is not None else contextlib.nullcontext()
    )
    total = epochs * batches.steps_per_epoch
    start = time.perf_counter()
    last_event, images_since = start, 0
    step, images = 0, 0
    pending: list[torch.Tensor] = []  # per-step losses not yet read back
    pending_first = 1
    check_every_step = device.type == "cpu"
    safe = _snapshot(model)  # the last weights known to be finite, refreshed every snapshot_interval
    last_snapshot = start

    def finish(reason: str, message: str) -> Done:
        seconds = time.perf_counter() - start
        return Done(reason, step, seconds, message, images / seconds if seconds > 0 else 0.0)

    for epoch in range(1, epochs + 1):
        model.train()
        epoch_start = time.perf_counter()
        meter = _Meter(device)
        for x, y in batches.epoch(epoch):
            with autocast:
                out = model(x)
                loss = loss_fn(out, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            step += 1
            images += len(y)
            images_since += len(y)
            detached = loss.detach().float()
            pending.append(detached)
            meter.loss += detached * len(y)
            meter.seen += len(y)
            if score is not None:
                meter.correct += score(out.detach(), y)

            now = time.perf_counter()
            stop = should_stop()
            over_time = max_seconds is not None and now - start > max_seconds
            # on the CPU reading a loss back costs nothing, so a NaN is caught at once; on an
            # accelerator it is caught at the next event, in the one transfer made then
            broken = check_every_step and not math.isfinite(pending[-1].item())
            if broken or stop or over_time or step == 1 or now - last_event >= event_interval or step == total:
                values = torch.stack(pending).cpu()  # the one sync per event
                if not torch.isfinite(values).all():
                    if safe is not None:
                        model.load_state_dict(safe)
                    bad = pending_first + int((~torch.isfinite(values)).nonzero()[0])
                    yield finish(
                        "non_finite",
                        f"the loss became {values[bad - pending_first].item()} at step {bad}: training stopped and the "
                        "last finite weights were restored. The learning rate is probably too high.",
                    )
                    return
                if now - last_snapshot >= snapshot_interval:
                    safe, last_snapshot = _snapshot(model) or safe, now
                elapsed = now - start
                rate = step / elapsed
                eta = (total - step) / rate if rate > 0 else math.inf
                yield Step(
                    step, total, epoch, pending_first, values.tolist(), optimizer.param_groups[0]["lr"],
                    images_since / max(now - last_event, 1e-9), elapsed, eta,
                )
                pending, pending_first = [], step + 1
                last_event, images_since = time.perf_counter(), 0
                if stop:
                    yield finish("stopped", f"stopped by request after {step} steps; the weights of that step are kept")
                    return
                if over_time:
                    yield finish("time_limit", f"the run reached its time limit of {max_seconds:.0f} s after {step} steps")
                    return

        train_loss = (meter.loss / max(meter.seen, 1)).item()
        train_acc = (meter.correct.item() / max(meter.seen, 1)) if score is not None else None
        val_loss, val_acc = validate(model) if validate is not None else (None, None)
        model.train()
        yield EpochEnd(epoch, epochs, train_loss, train_acc, val_loss, val_acc, time.perf_counter() - epoch_start)

    yield finish("finished", f"finished {epochs} epoch{'s' if epochs != 1 else ''} ({step} steps)")
