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

What a run does beside training goes in hooks, not in ``compute``: ``on_step`` is called
after every optimizer step (an EMA of the weights, extra logs) and ``on_epoch`` after every
epoch (a history); what they return rides on the next event's ``extra``. When a run counts as
diverged, and how the loss is smoothed, is ``config.EnginePolicy`` (``Options.policy``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator, Mapping, Protocol

import torch
import torch.nn.functional as F
from torch import nn

from playground.config import ENGINE_POLICY, EnginePolicy
from playground.devices import autocast
from playground.i18n import t

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
    extra: dict = field(default_factory=dict)  # what the step hook returned since the previous Step (later wins)


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
    extra: dict = field(default_factory=dict)  # what the epoch hook returned for this epoch


@dataclass(frozen=True)
class Done:
    reason: str  # "finished", "stopped", "non_finite", "diverged", "out_of_memory" or "time_limit"
    steps: int
    seconds: float
    message: str  # one plain sentence for people, in the language of the request that ran the engine
    samples_per_s: float = 0.0  # over the whole run
    unit: str = "samples"


Event = Step | EpochEnd | Done


@dataclass(frozen=True)
class StepInfo:
    """What the step hook sees, right after an optimizer step (and its schedule's step)."""

    model: nn.Module
    step: int  # optimizer steps finished in this run (a resumed run counts its earlier ones)
    epoch: int  # 1-based epoch in progress
    loss: torch.Tensor  # the step's loss: a detached float scalar, still on the device (reading it syncs)
    samples: int  # what the batch holds, in the batch source's unit
    outputs: Any  # what compute returned as outputs
    batch: Any


StepHook = Callable[[StepInfo], Mapping[str, Any] | None]  # after every optimizer step
EpochHook = Callable[[EpochEnd], Mapping[str, Any] | None]  # after every epoch, before its EpochEnd is yielded
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
    chance_accuracy: float | None = None  # a classifier's 1/K: an epoch ending near it stops the run
    policy: EnginePolicy = ENGINE_POLICY  # divergence, chance level, smoothing: see config.EnginePolicy
    on_step: StepHook | None = None  # called after every optimizer step; a dict it returns goes on Step.extra
    on_epoch: EpochHook | None = None  # called with each EpochEnd; a dict it returns goes on that event's extra


def optimizer_step(
    model: nn.Module, compute: Compute, batch: Any, optimizer: torch.optim.Optimizer, options: Options,
    device: torch.device | None = None,
) -> tuple[Any, torch.Tensor, torch.Tensor | None]:
    """One training step as every run takes it: forward under the run's autocast with gradients on, backward,
    gradient clipping, the optimizer's and the schedule's step. Returns (outputs, loss, total gradient norm
    where clipping is on, else None)."""
    device = device if device is not None else next(model.parameters()).device
    # gradients on whatever the calling thread was left with (a server's pooled threads run other code too)
    with torch.enable_grad(), autocast(device, options.autocast_dtype):
        outputs, loss = compute(model, batch)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    grad_norm = None
    if options.clip_grad_norm is not None:
        grad_norm = nn.utils.clip_grad_norm_(model.parameters(), options.clip_grad_norm)
    optimizer.step()
    if options.scheduler is not None:
        options.scheduler.step()
    return outputs, loss, grad_norm


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
        self.extra: dict = {}  # what the step hook returned since the last Step event
        # on the CPU reading a loss back costs nothing, so a NaN is caught at once; on an
        # accelerator it is caught at the next event, in the one transfer made then
        self.check_every_step = self.device.type == "cpu"

    def train_step(self, compute: Compute, batch: Any, epoch: int) -> tuple[Any, torch.Tensor, int]:
        """One optimizer step, then the step hook; returns (outputs, detached loss, samples in the batch)."""
        outputs, loss, grad_norm = optimizer_step(self.model, compute, batch, self.optimizer, self.opts, self.device)
        if grad_norm is not None:
            self.grad_norm = grad_norm
        n = self.batches.count(batch)
        self.step += 1
        self.samples += n
        self.samples_since += n
        detached = loss.detach().float()
        self.pending.append(detached)
        if self.opts.on_step is not None:  # no hook, no cost
            extra = self.opts.on_step(StepInfo(self.model, self.step, epoch, detached, n, outputs, batch))
            if extra:
                self.extra.update(extra)
        return outputs, detached, n

    def finish(self, reason: str, message: str) -> Done:
        seconds = time.perf_counter() - self.start
        return Done(reason, self.step, seconds, message, self.samples / seconds if seconds > 0 else 0.0, self.unit)

    def non_finite(self, values: torch.Tensor) -> Done:
        """Restore the last finite weights and say at which step the loss broke."""
        if self.safe is not None:
            self.model.load_state_dict(self.safe)
        offset = int((~torch.isfinite(values)).nonzero()[0])
        return self.finish("non_finite", t("training.done_non_finite", value=values[offset].item(),
                                           step=self.pending_first + offset))

    def out_of_memory(self) -> Done:
        """The device ran out of memory mid-step: free what the step held, keep the last good weights, advise."""
        self.optimizer.zero_grad(set_to_none=True)
        self.pending.clear()
        if self.safe is not None:
            self.model.load_state_dict(self.safe)
        if self.device.type == "cuda":
            torch.cuda.empty_cache()
        key = "training.done_oom_gpu" if self.device.type == "cuda" else "training.done_oom"
        return self.finish("out_of_memory", t(key, step=self.step + 1, safe=self.safe_step))

    def start_loss(self) -> float:
        """The mean of the run's first losses: what divergence and health are judged against."""
        return sum(self.first_losses) / max(len(self.first_losses), 1)

    def diverging(self, values: torch.Tensor) -> bool:
        """Update the smoothed loss with the losses just read back; True when it ran far above its start."""
        policy = self.opts.policy
        keep, window = policy.loss_smoothing, policy.first_losses
        for value in values.tolist():
            if len(self.first_losses) < window:
                self.first_losses.append(value)
            self.ema = value if self.ema is None else keep * self.ema + (1 - keep) * value
        factor = policy.divergence_factor
        if factor is None or self.step - self.opts.start_step < policy.divergence_min_steps:
            return False
        return self.ema > factor * max(abs(self.start_loss()), 1e-3)

    def diverged(self, how: str) -> Done:
        """Stop a run whose loss exploded (or that sits at chance), with the last good weights restored."""
        if self.safe is not None:
            self.model.load_state_dict(self.safe)
        return self.finish("diverged", t("training.done_diverged", how=how, safe=self.safe_step))

    def progress(self, values: torch.Tensor, epoch: int, now: float) -> Step:
        """The Step event for the losses just read back."""
        limit = self.opts.policy.healthy_factor * max(abs(self.start_loss()), 1e-3)
        healthy = self.ema is not None and self.ema < limit
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
                     elapsed, eta, self.unit, norm, self.extra)
        self.pending, self.pending_first, self.extra = [], self.step + 1, {}
        self.last_event, self.samples_since = time.perf_counter(), 0
        return event

    def report(self, epoch: int, now: float, stop: bool, over_time: bool) -> Iterator[Event]:
        """The events of one reading of the losses: a Step, and a Done where the run ends here."""
        values = torch.stack(self.pending).cpu()  # the one sync per event
        if not torch.isfinite(values).all():
            yield self.non_finite(values)
        elif self.diverging(values):
            yield self.progress(values, epoch, now)
            yield self.diverged(t("training.diverged_rose", start=self.start_loss(), now=self.ema))
        else:
            yield self.progress(values, epoch, now)
            if stop:
                yield self.finish("stopped", t("training.done_stopped", steps=self.step))
            elif over_time:
                yield self.finish("time_limit", t("training.done_time_limit", seconds=self.opts.max_seconds,
                                                  steps=self.step))

    def end_epoch(self, epoch: int, began: float, loss_sum: torch.Tensor, correct: torch.Tensor,
                  seen: int) -> Iterator[Event]:
        """Validation, the epoch hook, the EpochEnd event, and a Done where the epoch sits at chance level."""
        opts, model = self.opts, self.model
        train_acc = correct.item() / max(seen, 1) if opts.score is not None else None
        val_loss, val_acc = opts.validate(model) if opts.validate is not None else (None, None)
        model.train()
        event = EpochEnd(epoch, opts.epochs, (loss_sum / max(seen, 1)).item(), train_acc, val_loss, val_acc,
                         time.perf_counter() - began, self.step)
        if opts.on_epoch is not None:
            extra = opts.on_epoch(event)
            if extra:
                event = replace(event, extra=dict(extra))
        yield event
        chance, policy = opts.chance_accuracy, opts.policy
        if chance is not None and train_acc is not None and seen >= policy.chance_min_samples \
                and train_acc < policy.chance_factor * chance \
                and (val_acc is None or val_acc < policy.chance_factor * chance):
            yield self.diverged(t("training.diverged_chance", epoch=epoch, acc=train_acc, chance=chance))


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
                outputs, loss, n = run.train_step(compute, batch, epoch)
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
            if (broken or stop or over_time or due) and (yield from _relay(run.report(epoch, now, stop, over_time))):
                return
        if (yield from _relay(run.end_epoch(epoch, epoch_start, loss_sum, correct, seen))):
            return
    finished = "training.done_finished" if opts.epochs != 1 else "training.done_finished_one"
    yield run.finish("finished", t(finished, epochs=opts.epochs, steps=run.step))


def _relay(events: Iterator[Event]) -> Iterator[Event]:
    """Yield ``events`` one by one (each made only after the previous was taken); True where a Done ended them."""
    last = None
    for last in events:
        yield last
    return isinstance(last, Done)


def _detach(outputs: Any) -> Any:
    return outputs.detach() if isinstance(outputs, torch.Tensor) else outputs
