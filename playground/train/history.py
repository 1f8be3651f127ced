"""What the live plots show of a run: losses per step (raw and smoothed), learning rates, epochs.

Generic: any training on the engine appends its events here, and the plots read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.config import ENGINE_POLICY
from playground.train import engine


@dataclass
class History:
    """Appended to as events arrive; small and deep-copyable, so it lives in per-session state."""

    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    smoothed: list[float] = field(default_factory=list)  # bias-corrected EMA of losses (TensorBoard's smoothing)
    lr_steps: list[int] = field(default_factory=list)
    lrs: list[float] = field(default_factory=list)
    epochs: list[dict] = field(default_factory=list)  # one dict per EpochEnd

    def add(self, event: engine.Event, step_offset: int = 0) -> None:
        if isinstance(event, engine.Step):
            first = step_offset + event.first_step
            self.steps.extend(range(first, first + len(event.losses)))
            keep = ENGINE_POLICY.loss_smoothing  # the average the engine watches, drawn
            for loss in event.losses:
                self.losses.append(loss)
                n = len(self.losses)
                # the EMA is recovered from the last bias-corrected value, so no extra state is kept
                ema = self.smoothed[-1] * (1 - keep ** (n - 1)) if n > 1 else 0.0
                ema = keep * ema + (1 - keep) * loss
                self.smoothed.append(ema / (1 - keep**n))
            self.lr_steps.append(step_offset + event.step)
            self.lrs.append(event.lr)
        elif isinstance(event, engine.EpochEnd):
            self.epochs.append({
                "epoch": len(self.epochs) + 1, "train_loss": event.train_loss, "train_acc": event.train_acc,
                "val_loss": event.val_loss, "val_acc": event.val_acc, "seconds": event.seconds,
                "step": step_offset + event.step,
            })

    @property
    def last_val_acc(self) -> float | None:
        """The validation accuracy of the last epoch, or None (0.0 is a real accuracy, not a missing one)."""
        return self.epochs[-1].get("val_acc") if self.epochs else None
