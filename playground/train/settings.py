"""The Training tab's settings: ``TrainSettings`` from loose values (widgets, an API call, JSON), their
checks against the caps, and the precision they ask for; a setting that cannot be used raises
``TrainingError`` with a plain message."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from playground.config import TRAIN_RANGES, TrainLimits
from playground.devices import autocast_dtype
from playground.errors import UserError
from playground.train.optim import OPTIMIZERS, SCHEDULES


class TrainingError(UserError, ValueError):
    """A run that cannot start; the message says why in plain words."""


class SettingsErrors(TrainingError):
    """Several settings out of range at once: each one's sentence, joined (each in the page's language)."""

    def __init__(self, problems: list[UserError]) -> None:
        super().__init__(problems[0].key, **problems[0].params)
        self.problems = problems

    def message(self, lang: str | None = None) -> str:
        return "; ".join(p.message(lang) for p in self.problems)


@dataclass(frozen=True)
class TrainSettings:
    """The Training tab's controls (defaults take the fast net to 99% on MNIST quickly)."""

    dataset: str = "mnist"  # a key of playground.data.images.DATASETS
    epochs: int = 3
    batch_size: int = 128
    lr: float = 3e-3  # the peak learning rate for OneCycle
    optimizer: str = "adam"  # adam | adamw | sgd | rmsprop
    weight_decay: float = 0.0
    schedule: str = "onecycle"  # constant | onecycle | cosine
    val_fraction: float = 0.1  # share of the training split held out for validation
    seed: int = 0  # drives initialization, shuffling and augmentation
    rotate: bool = True  # random rotation ± TRAIN_RANGES.augment_rotation degrees
    jitter: bool = True  # brightness and contrast jitter ± TRAIN_RANGES.augment_jitter
    precision: str = "auto"  # auto (bf16 autocast where it is faster: CUDA, CPUs with native bf16), fp32, bf16

    @classmethod
    def from_values(cls, values: dict) -> "TrainSettings":
        """Settings from loose values (widgets, an API call, JSON): missing keys take the defaults.

        Raises TrainingError with a plain message for unknown names or values that are not numbers.
        """
        unknown = sorted(set(values) - set(cls.__dataclass_fields__))
        if unknown:
            key = "training.err_unknown_settings" if len(unknown) > 1 else "training.err_unknown_setting"
            raise TrainingError(key, names=", ".join(unknown))
        defaults = cls()
        out = {}
        for name, value in values.items():
            kind = type(getattr(defaults, name))
            if value is None or value == "":
                continue  # an emptied box keeps the default
            try:
                out[name] = _convert(value, kind)
            except (TypeError, ValueError, OverflowError):
                key = "training.err_whole_number" if kind is int else "training.err_number"
                raise TrainingError(key, name=name.replace("_", " "), value=str(value)[:40]) from None
        return cls(**out)


def _convert(value, kind: type):
    """A loose value as a setting's type: "yes"/"1"/True for a bool, 3.0 for an int (3.5 is refused)."""
    if kind is bool:
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes")
    if kind is int:
        number = float(value)
        if not number.is_integer():
            raise ValueError
        return int(number)
    return kind(value)


def check_settings(s: TrainSettings, limits: TrainLimits) -> None:
    """Every setting within its range and the server's caps, or TrainingError naming each one that is not."""
    problems = []
    if not 1 <= s.epochs <= limits.max_epochs:
        problems.append(UserError("training.err_epochs", most=limits.max_epochs))
    if not 1 <= s.batch_size <= TRAIN_RANGES.max_batch_size:
        problems.append(UserError("training.err_batch", most=TRAIN_RANGES.max_batch_size))
    if not (0 < s.lr <= TRAIN_RANGES.max_lr):
        problems.append(UserError("training.err_lr", most=TRAIN_RANGES.max_lr))
    if not 0 <= s.weight_decay <= TRAIN_RANGES.max_weight_decay:
        problems.append(UserError("training.err_weight_decay", most=TRAIN_RANGES.max_weight_decay))
    if not TRAIN_RANGES.val_fraction_min <= s.val_fraction <= TRAIN_RANGES.val_fraction_max:
        problems.append(UserError("training.err_val_split", least=TRAIN_RANGES.val_fraction_min,
                                  most=TRAIN_RANGES.val_fraction_max))
    if s.optimizer not in OPTIMIZERS:
        problems.append(UserError("training.err_optimizer", names=", ".join(OPTIMIZERS)))
    if s.schedule not in SCHEDULES:
        problems.append(UserError("training.err_schedule", names=", ".join(SCHEDULES)))
    if problems:
        raise SettingsErrors(problems)


def precision_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The autocast dtype of a person's precision setting on ``device`` (``devices.autocast_dtype``), an unknown
    setting refused as a TrainingError (the plain ValueError there is for code, this is for the page)."""
    try:
        return autocast_dtype(precision, device)
    except ValueError as exc:
        raise TrainingError("training.err_precision", problem=str(exc)) from None
