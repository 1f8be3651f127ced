"""The one training engine: a generator of typed events, for every model in the app.

Model-agnostic: it takes a model, a ``compute(model, batch) -> (outputs, loss)``, a
batch source that says how many samples (images, tokens, points) each batch holds,
an optimizer and an optional per-step learning-rate schedule, and yields ``Step``
(throttled progress), ``EpochEnd`` and finally ``Done``. A classifier uses
``supervised()``, a language model returns nanoGPT's ``(logits, loss)``, a
denoiser computes its loss on sampled noise: the engine does not care.

It never prints, sleeps or builds figures; consumers (the tabs, the command line,
tests) decide what to show. Stopping is cooperative: ``should_stop`` is checked
after every optimizer step, so a stop takes effect within one step and keeps the
weights of the last finished step. Syncing with the device is kept to event times:
per-step losses stay on the device and are read back in one transfer per event,
which is also when they are checked for NaN/inf.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Protocol

import torch
import torch.nn.functional as F
from torch import nn

Compute = Callable[[nn.Module, Any], tuple[Any, torch.Tensor]]  # (model, batch) -> (outputs, scalar loss)
Score = Callable[[Any, Any], torch.Tensor]  # (outputs, batch) -> number of correct targets (a tensor)


class BatchSource(Protocol):
    """Anything that yields batches on the training device, and says what each holds."""

    steps_per_epoch: int
    unit: str  # what count() counts, for people: "images", "tokens", "points"

    def epoch(self, index: int, start: int = 0) -> Iterator[Any]:
        """The batches of epoch ``index`` (1-based), from step ``start`` of it on."""
        ...

    def count(self, batch: Any) -> int:
        """How many samples (or tokens, or targets) the batch holds: the unit of throughput and accuracy."""
        ...


def supervised(loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = F.cross_entropy) -> Compute:
    """The compute of plain supervised learning on (inputs, targets) batches: ``out = model(x)``."""

    def compute(model: nn.Module, batch: tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = batch
        out = model(x)
        return out, loss_fn(out, y)

    return compute


def argmax_correct(outputs: torch.Tensor, batch: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
    """Correct predictions of a classifier's scores (B, K) or a language model's (B, T, V) against the targets."""
    targets = batch[1]
    return (outputs.argmax(-1) == targets).sum()


@dataclass(frozen=True)
class Step:
    """Progress, at most every ``event_interval`` seconds (and after the first step)."""

    step: int  # optimizer steps finished in this run
    total_steps: int
    epoch: int  # 1-based epoch in progress
    first_step: int  # step number of losses[0]
    losses: list[float]  # the loss of every step since the previous Step event
    lr: float  # learning rate of the last step
    samples_per_s: float  # since the previous event, in the batch source's unit
    elapsed: float  # seconds since the run started
    eta: float  # estimated seconds left
    unit: str = "samples"  # what samples_per_s counts
    grad_norm: float | None = None  # total gradient norm of the last step, where clipping is on


@dataclass(frozen=True)
class EpochEnd:
    epoch: int
    epochs: int
    train_loss: float  # mean over the epoch's samples (with augmentation and dropout on)
    train_acc: float | None  # correct / targets, where a score function was given
    val_loss: float | None
    val_acc: float | None
    seconds: float  # wall-clock time of this epoch, validation included
    step: int = 0  # optimizer steps of the run at the end of this epoch (where validation curves put the point)


@dataclass(frozen=True)
class Done:
    reason: str  # "finished", "stopped", "non_finite", "diverged", "out_of_memory" or "time_limit"
    steps: int
    seconds: float
    message: str  # one plain sentence for people
    samples_per_s: float = 0.0  # over the whole run
    unit: str = "samples"


Event = Step | EpochEnd | Done
_OUT_OF_MEMORY = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)  # the first is new in torch 2.5
FAILED = ("non_finite", "diverged", "out_of_memory")  # Done reasons that mean the run broke (advice in the message)


@dataclass(frozen=True)
class Options:
    """How a run behaves, apart from what it trains."""

    epochs: int
    scheduler: Any = None  # a per-step torch.optim.lr_scheduler, or None
    score: Score | None = None  # for accuracy; None where accuracy means nothing (a denoiser)
    validate: Callable[[nn.Module], tuple[float, float | None]] | None = None  # after every epoch
    should_stop: Callable[[], bool] = lambda: False
    max_seconds: float | None = None  # the run stops itself after this long
    event_interval: float = 0.33  # seconds between Step events
    snapshot_interval: float = 2.0  # seconds between copies of the last finite weights
    autocast_dtype: torch.dtype | None = None  # e.g. torch.bfloat16
    clip_grad_norm: float | None = None  # max total gradient norm (LSTMs need it); None: no clipping
    start_step: int = 0  # resume an interrupted run: the steps of it already done (the batch source skips them)
    # divergence: the smoothed loss above this many times its starting value stops the run (None: never)
    divergence_factor: float | None = 10.0
    divergence_min_steps: int = 20  # steps before divergence is judged (the first losses are noisy)
    chance_accuracy: float | None = None  # a classifier's 1/K: an epoch ending near it stops the run


def _snapshot(model: nn.Module) -> dict[str, torch.Tensor] | None:
    """A copy of the weights if they are all finite, else None."""
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    floats = [v for v in state.values() if v.is_floating_point()]
    if floats and not torch.stack([torch.isfinite(v).all() for v in floats]).all():
        return None
    return state


class _Run:
    """The state of one run: counters, the losses not yet read back, the last finite weights."""

    def __init__(self, model: nn.Module, batches: BatchSource, optimizer: torch.optim.Optimizer, opts: Options):
        self.model, self.batches, self.optimizer, self.opts = model, batches, optimizer, opts
        self.device = next(model.parameters()).device
        self.unit = getattr(batches, "unit", "samples")
        self.total = opts.epochs * batches.steps_per_epoch
        self.start = self.last_event = self.last_snapshot = time.perf_counter()
        self.step = opts.start_step
        self.samples = self.samples_since = 0
        self.pending: list[torch.Tensor] = []  # per-step losses (on the device) not yet read back
        self.pending_first = self.step + 1
        self.grad_norm: torch.Tensor | None = None
        self.safe = _snapshot(model)  # the last weights known to be finite (and not diverging)
        self.safe_step = self.step
        self.first_losses: list[float] = []  # the run's first few losses: the reference for divergence
        self.ema: float | None = None  # smoothed loss, updated at events
        # on the CPU reading a loss back costs nothing, so a NaN is caught at once; on an
        # accelerator it is caught at the next event, in the one transfer made then
        self.check_every_step = self.device.type == "cpu"

    def autocast(self) -> contextlib.AbstractContextManager:
        dtype = self.opts.autocast_dtype
        return torch.autocast(self.device.type, dtype=dtype) if dtype is not None else contextlib.nullcontext()

    def train_step(self, compute: Compute, batch: Any) -> tuple[Any, torch.Tensor, int]:
        """One optimizer step; returns (outputs, detached loss, samples in the batch)."""
        # gradients on whatever the calling thread was left with (a server's pooled threads run other code too)
        with torch.enable_grad(), self.autocast():
            outputs, loss = compute(self.model, batch)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if self.opts.clip_grad_norm is not None:
            self.grad_norm = nn.utils.clip_grad_norm_(self.model.parameters(), self.opts.clip_grad_norm)
        self.optimizer.step()
        if self.opts.scheduler is not None:
            self.opts.scheduler.step()
        n = self.batches.count(batch)
        self.step += 1
        self.samples += n
        self.samples_since += n
        detached = loss.detach().float()
        self.pending.append(detached)
        return outputs, detached, n

    def finish(self, reason: str, message: str) -> Done:
        seconds = time.perf_counter() - self.start
        return Done(reason, self.step, seconds, message, self.samples / seconds if seconds > 0 else 0.0, self.unit)

    def non_finite(self, values: torch.Tensor) -> Done:
        """Restore the last finite weights and say at which step the loss broke."""
        if self.safe is not None:
            self.model.load_state_dict(self.safe)
        offset = int((~torch.isfinite(values)).nonzero()[0])
        return self.finish(
            "non_finite",
            f"the loss became {values[offset].item()} at step {self.pending_first + offset}: training stopped and the "
            "last finite weights were restored. The learning rate is probably too high.",
        )

    def out_of_memory(self) -> Done:
        """The device ran out of memory mid-step: free what the step held, keep the last good weights, advise."""
        self.optimizer.zero_grad(set_to_none=True)
        self.pending.clear()
        if self.safe is not None:
            self.model.load_state_dict(self.safe)
        if self.device.type == "cuda":
            torch.cuda.empty_cache()
        where = "the GPU" if self.device.type == "cuda" else "the device"
        return self.finish(
            "out_of_memory",
            f"{where} ran out of memory at step {self.step + 1}: training stopped, the memory was freed and the "
            f"weights of step {self.safe_step} kept. Try a smaller batch size or a smaller network",
        )

    def diverging(self, values: torch.Tensor) -> bool:
        """Update the smoothed loss with the losses just read back; True when it ran far above its start."""
        for value in values.tolist():
            if len(self.first_losses) < 5:
                self.first_losses.append(value)
            self.ema = value if self.ema is None else 0.9 * self.ema + 0.1 * value
        factor = self.opts.divergence_factor
        if factor is None or self.step - self.opts.start_step < self.opts.divergence_min_steps:
            return False
        start = sum(self.first_losses) / len(self.first_losses)
        return self.ema > factor * max(abs(start), 1e-3)

    def diverged(self, how: str) -> Done:
        """Stop a run whose loss exploded (or that sits at chance), with the last good weights restored."""
        if self.safe is not None:
            self.model.load_state_dict(self.safe)
        return self.finish(
            "diverged",
            f"training diverged: {how}. It was stopped and the weights of step {self.safe_step} restored. "
            "Try a learning rate 10× smaller (or the OneCycle schedule, or gradient clipping)",
        )

    def progress(self, values: torch.Tensor, epoch: int, now: float) -> Step:
        """The Step event for the losses just read back."""
        start = sum(self.first_losses) / max(len(self.first_losses), 1)
        healthy = self.ema is not None and self.ema < 2 * max(abs(start), 1e-3)
        if now - self.last_snapshot >= self.opts.snapshot_interval and healthy:
            snap = _snapshot(self.model)
            if snap is not None:
                self.safe, self.safe_step = snap, self.step
            self.last_snapshot = now
        elapsed = now - self.start
        rate = self.step / elapsed
        eta = (self.total - self.step) / rate if rate > 0 else math.inf
        norm = float(self.grad_norm) if self.grad_norm is not None else None
        event = Step(self.step, self.total, epoch, self.pending_first, values.tolist(),
                     self.optimizer.param_groups[0]["lr"], self.samples_since / max(now - self.last_event, 1e-9),
                     elapsed, eta, self.unit, norm)
        self.pending, self.pending_first = [], self.step + 1
        self.last_event, self.samples_since = time.perf_counter(), 0
        return event


def train(model: nn.Module, compute: Compute, batches: BatchSource, optimizer: torch.optim.Optimizer,
          options: Options) -> Iterator[Event]:
    """Train ``model`` in place and yield events; the last event is always ``Done``."""
    run, opts = _Run(model, batches, optimizer, options), options
    first_epoch, skip = divmod(opts.start_step, batches.steps_per_epoch)
    for epoch in range(first_epoch + 1, opts.epochs + 1):
        model.train()
        epoch_start = time.perf_counter()
        loss_sum = torch.zeros((), device=run.device)
        correct = torch.zeros((), device=run.device, dtype=torch.int64)
        seen = 0
        # a resumed run skips the steps its first epoch already did
        source = batches.epoch(epoch, skip) if (skip and epoch == first_epoch + 1) else batches.epoch(epoch)
        for batch in source:
            out_of_memory = False
            try:
                outputs, loss, n = run.train_step(compute, batch)
            except _OUT_OF_MEMORY:
                out_of_memory = True  # handled below, outside the except: its traceback holds the step's activations
            if out_of_memory:
                yield run.out_of_memory()
                return
            loss_sum += loss * n
            seen += n
            if opts.score is not None:
                correct += opts.score(_detach(outputs), batch)
            now = time.perf_counter()
            stop = opts.should_stop()
            over_time = opts.max_seconds is not None and now - run.start > opts.max_seconds
            broken = run.check_every_step and not math.isfinite(run.pending[-1].item())
            due = run.step == 1 or now - run.last_event >= opts.event_interval or run.step == run.total
            if not (broken or stop or over_time or due):
                continue
            values = torch.stack(run.pending).cpu()  # the one sync per event
            if not torch.isfinite(values).all():
                yield run.non_finite(values)
                return
            if run.diverging(values):
                yield run.progress(values, epoch, now)
                yield run.diverged(f"the smoothed loss rose from {sum(run.first_losses) / len(run.first_losses):.3g} "
                                   f"to {run.ema:,.4g}")
                return
            yield run.progress(values, epoch, now)
            if stop:
                yield run.finish("stopped", f"stopped by request after {run.step} steps; the weights of that step are kept")
                return
            if over_time:
                yield run.finish("time_limit", f"the run reached its time limit of {opts.max_seconds:.0f} s after "
                                 f"{run.step} steps")
                return
        train_acc = correct.item() / max(seen, 1) if opts.score is not None else None
        val_loss, val_acc = opts.validate(model) if opts.validate is not None else (None, None)
        model.train()
        yield EpochEnd(epoch, opts.epochs, (loss_sum / max(seen, 1)).item(), train_acc, val_loss, val_acc,
                       time.perf_counter() - epoch_start, run.step)
        chance = opts.chance_accuracy
        if chance is not None and train_acc is not None and seen >= 1000 and train_acc < 1.5 * chance \
                and (val_acc is None or val_acc < 1.5 * chance):
            yield run.diverged(f"after epoch {epoch} it is right {train_acc:.1%} of the time, no better than "
                               f"guessing ({chance:.1%})")
            return
    yield run.finish("finished", f"finished {opts.epochs} epoch{'s' if opts.epochs != 1 else ''} ({run.step} steps)")


def _detach(outputs: Any) -> Any:
    return outputs.detach() if isinstance(outputs, torch.Tensor) else outputs
