"""Training a language model on token ids, on the project's one engine.

``TokenBatches`` is the engine's batch source for text: random windows of
``block_size + 1`` token ids from the training split (inputs and the same window
shifted by one as targets), counted in tokens, so the engine reports tokens/s and
per-token accuracy. ``LMTraining`` sets a run up (model, optimizer, schedule,
clipping, validation on fixed windows of the validation split) and yields the
engine's events; ``evaluate_lm`` gives loss, perplexity, bits per character and
top-1/top-5 next-token accuracy on a split.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterator

import torch
import torch.nn.functional as F

from playground.devices import evaluating
from playground.errors import UserError
from playground.train import engine
from playground.train.history import History
from playground.train.optim import make_schedule


class LMTrainingError(UserError, ValueError):
    """A language-model run that cannot start; the message says why."""


class TokenBatches:
    """A BatchSource over a 1-D tensor of token ids: random windows, (x, y) with y = x shifted by one."""

    unit = "tokens"

    def __init__(self, ids: torch.Tensor, block_size: int, batch_size: int, steps_per_epoch: int,
                 generator: torch.Generator, device: torch.device | str = "cpu") -> None:
        if len(ids) < block_size + 2:
            raise LMTrainingError("lm.train_too_short", n=len(ids), block=block_size)
        self.ids = ids.to(device)
        self.block_size, self.batch_size, self.steps_per_epoch = block_size, batch_size, steps_per_epoch
        self.generator = generator
        self.offsets = torch.arange(block_size + 1, device=self.ids.device)  # (T+1,)

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        starts = torch.randint(0, len(self.ids) - self.block_size - 1, (self.batch_size,), generator=self.generator,
                               device=self.generator.device).to(self.ids.device)
        windows = self.ids[starts[:, None] + self.offsets]  # (B, T+1)
        return windows[:, :-1], windows[:, 1:]

    def epoch(self, index: int, start: int = 0) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for _ in range(start, self.steps_per_epoch):
            yield self.batch()

    @staticmethod
    def count(batch: tuple[torch.Tensor, torch.Tensor]) -> int:
        return batch[1].numel()


def lm_compute(model: torch.nn.Module, batch: tuple[torch.Tensor, torch.Tensor]):
    """nanoGPT's contract: the model returns (logits, loss) given targets."""
    x, y = batch
    return model(x, y)


def eval_windows(ids: torch.Tensor, block_size: int, max_windows: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    """Non-overlapping windows over a split (at most ``max_windows``, evenly spread): fixed, so runs compare."""
    n = (len(ids) - 1) // block_size
    if n < 1:
        raise LMTrainingError("lm.val_shorter_than_context", n=len(ids), block=block_size)
    chosen = torch.linspace(0, n - 1, min(n, max_windows)).round().long()
    starts = chosen * block_size
    offsets = torch.arange(block_size + 1)
    windows = ids[starts[:, None] + offsets]  # (N, T+1)
    return windows[:, :-1], windows[:, 1:]


@dataclass(frozen=True)
class LMScores:
    loss: float  # mean cross-entropy per token, nats
    perplexity: float  # exp(loss)
    bits_per_char: float  # total bits over the characters the tokens stand for: comparable across tokenizers
    top1: float  # next-token accuracy
    top5: float
    tokens: int
    known_perplexity: float | None = None  # exp(mean loss) over targets that are not <unk>; None without an unk id
    known_tokens: int = 0


def evaluate_lm(model: torch.nn.Module, windows: tuple[torch.Tensor, torch.Tensor], chars_per_token: float,
                batch: int = 64, unk_id: int | None = None) -> LMScores:
    """Loss, perplexity, bits per character and top-1/top-5 accuracy on fixed windows; with ``unk_id``,
    also the perplexity over the known targets only (predicting <unk> well is easy and says little)."""
    device = next(model.parameters()).device
    xs, ys = windows
    nll, top1, top5, n = 0.0, 0, 0, 0
    known_nll, known = 0.0, 0
    with evaluating(model, inference=True):
        for start in range(0, len(xs), batch):
            x, y = xs[start : start + batch].to(device), ys[start : start + batch].to(device)
            logits, _ = model(x)
            logits = logits.float()
            losses = F.cross_entropy(logits.flatten(0, 1), y.flatten(), reduction="none")  # (B*T,)
            nll += losses.sum().item()
            if unk_id is not None:
                mask = y.flatten() != unk_id
                known_nll, known = known_nll + losses[mask].sum().item(), known + int(mask.sum())
            best = logits.topk(5, dim=-1).indices  # (B, T, 5)
            top1 += (best[..., 0] == y).sum().item()
            top5 += (best == y[..., None]).any(-1).sum().item()
            n += y.numel()
    loss = nll / max(n, 1)
    known_ppl = math.exp(min(known_nll / known, 700)) if unk_id is not None and known else None
    return LMScores(loss, math.exp(min(loss, 700)), loss / math.log(2) / max(chars_per_token, 1e-9),
                    top1 / max(n, 1), top5 / max(n, 1), n, known_ppl, known)


@dataclass(frozen=True)
class LMSettings:
    """How a language model is trained (the tab's controls)."""

    steps: int = 300  # optimizer steps in all (the budget); split into epochs of ``steps_per_epoch``
    steps_per_epoch: int = 100  # validation runs after each
    batch_size: int = 32
    lr: float = 3e-3
    schedule: str = "cosine"  # constant | onecycle | cosine
    weight_decay: float = 0.0
    clip: float | None = 1.0  # gradient-norm clipping (recurrent nets need it)
    seed: int = 0
    max_seconds: float | None = None  # a time budget, for fair comparisons by time


class LMTraining:
    """One run of a language model on token ids through the engine."""

    def __init__(self, model: torch.nn.Module, train_ids: torch.Tensor, val_ids: torch.Tensor, settings: LMSettings,
                 chars_per_token: float, device: torch.device | str = "cpu") -> None:
        if settings.steps < 1 or settings.steps_per_epoch < 1:
            raise LMTrainingError("lm.bad_steps")
        if not 0 < settings.lr <= 10:
            raise LMTrainingError("lm.bad_lr")
        self.device = torch.device(device)
        self.model = model.to(self.device)
        self.settings = settings
        block = model.cfg.block_size
        generator = torch.Generator().manual_seed(settings.seed)
        self.batches = TokenBatches(train_ids, block, settings.batch_size, settings.steps_per_epoch, generator,
                                    self.device)
        self.val_windows = eval_windows(val_ids, block)
        self.chars_per_token = chars_per_token
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
        self.epochs = math.ceil(settings.steps / settings.steps_per_epoch)
        self.scheduler = make_schedule(settings.schedule, self.optimizer, settings.lr,
                                       self.epochs * settings.steps_per_epoch)
        self.history = History()

    def validate(self, model: torch.nn.Module) -> tuple[float, float]:
        scores = evaluate_lm(model, self.val_windows, self.chars_per_token)
        return scores.loss, scores.top1

    def events(self, should_stop: Callable[[], bool] = lambda: False,
               event_interval: float = 0.33) -> Iterator[engine.Event]:
        options = engine.Options(
            epochs=self.epochs, scheduler=self.scheduler, score=engine.argmax_correct, validate=self.validate,
            should_stop=should_stop, max_seconds=self.settings.max_seconds, event_interval=event_interval,
            clip_grad_norm=self.settings.clip,
        )
        for event in engine.train(self.model, lm_compute, self.batches, self.optimizer, options):
            self.history.add(event)
            yield event
