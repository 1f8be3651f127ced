"""Train a builder network on an image-classification dataset, and evaluate it.

``ClassifierTraining`` checks everything that can go wrong before the first step
(the network, the dataset, the class count, the caps) and raises ``TrainingError``
with a plain message; its ``events()`` then runs the engine. ``result()`` is the
trained model at any moment (after a stop, too): a spec plus a CPU state_dict,
small and deep-copyable, which is what the app keeps per session.
"""

from __future__ import annotations

import copy
import functools
import json
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F

from playground.errors import UserError
from playground.cnn.model import build_model
from playground.cnn.summary import summarize
from playground.config import RANGES, TrainLimits
from playground.data.images import DatasetInfo, dataset_info, load_split
from playground.devices import autocast_dtype as device_autocast
from playground.devices import precision_note
from playground.train import engine
from playground.train.history import History
from playground.train.optim import OPTIMIZERS, SCHEDULES, make_optimizer, make_schedule
from playground.train.pipeline import ImageBatches, InputAdapter
from playground.train.trained import TrainedModel

__all__ = ["ClassifierTraining", "Evaluation", "History", "TrainSettings", "TrainedModel", "TrainingError",
           "evaluate", "predict", "split_indices", "test_split_images"]


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    try:
        return device_autocast(precision, device)
    except ValueError as exc:
        raise TrainingError(str(exc)) from None

VAL_SPLIT_SEED = 0  # the validation split does not move with the training seed, so runs compare


class TrainingError(UserError, ValueError):
    """A run that cannot start; the message says why in plain words."""


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
    rotate: bool = True  # random rotation ± RANGES.augment_rotation degrees
    jitter: bool = True  # brightness and contrast jitter ± RANGES.augment_jitter
    precision: str = "auto"  # auto (bf16 autocast where it is faster: CUDA, CPUs with native bf16), fp32, bf16

    @classmethod
    def from_values(cls, values: dict) -> "TrainSettings":
        """Settings from loose values (widgets, an API call, JSON): missing keys take the defaults.

        Raises TrainingError with a plain message for unknown names or values that are not numbers.
        """
        unknown = sorted(set(values) - set(cls.__dataclass_fields__))
        if unknown:
            raise TrainingError(f"unknown training setting{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}")
        defaults = cls()
        out = {}
        for name, value in values.items():
            kind = type(getattr(defaults, name))
            if value is None or value == "":
                continue  # an emptied box keeps the default
            try:
                if kind is bool:
                    out[name] = value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes")
                elif kind is int:
                    number = float(value)
                    if not number.is_integer():
                        raise ValueError
                    out[name] = int(number)
                else:
                    out[name] = kind(value)
            except (TypeError, ValueError, OverflowError):
                raise TrainingError(f"{name.replace('_', ' ')} must be {'a whole number' if kind is int else 'a number'}"
                                    f", got {str(value)[:40]!r}") from None
        return cls(**out)


@functools.lru_cache(maxsize=4)
def _on_device(key: str, split: str, data_dir: str, device: str) -> tuple[torch.Tensor, torch.Tensor, tuple, tuple]:
    """A split's tensors on a device, shared read-only by every session."""
    data = load_split(key, split, data_dir)
    return data.images.to(device), data.labels.to(device), data.mean, data.std


def split_indices(n: int, val_fraction: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, validation) indices; the same split for every run of a dataset."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(VAL_SPLIT_SEED))
    n_val = int(round(n * val_fraction))
    return order[n_val:], order[:n_val]


class ClassifierTraining:
    """One training run of a builder network on a dataset; see the module docstring."""

    def __init__(
        self,
        spec: dict,
        settings: TrainSettings,
        data_dir: Path | str,
        device: torch.device,
        resume: TrainedModel | None = None,
        limits: TrainLimits | None = None,
        mode: str = "more",
    ) -> None:
        """``resume``: the session's model to start from. ``mode`` (with a model): "more" trains new epochs on
        its weights with these settings; "resume" finishes its interrupted run where it stopped (that run's
        settings, schedule and remaining steps)."""
        self.start_step = 0
        if resume is not None and mode == "resume":
            if resume.interrupted is None:
                raise TrainingError("the last run finished, so there is nothing to resume: use Train more epochs, "
                                    "or Train to start afresh")
            settings, self.start_step = resume.interrupted["settings"], resume.interrupted["done"]
        self.settings, self.device = settings, device
        limits = limits or TrainLimits()
        self._check_settings(settings, limits)
        summary = summarize(spec)
        if not summary.ok:
            raise TrainingError("fix the network in the CNN builder first: " + "; ".join(summary.errors))
        if summary.trainable_params > limits.max_params:
            raise TrainingError(
                f"the network has {summary.trainable_params:,} parameters; this server trains at most "
                f"{limits.max_params:,}"
            )
        self.info: DatasetInfo = dataset_info(settings.dataset)
        if summary.num_classes != self.info.num_classes:
            raise TrainingError(
                f"the network ends in {summary.num_classes} class scores but {self.info.title} has "
                f"{self.info.num_classes} classes: set the last Linear's out_features to {self.info.num_classes} "
                "in the CNN builder"
            )
        images, labels, mean, std = _on_device(settings.dataset, "train", str(Path(data_dir).resolve()), str(device))
        train_idx, val_idx = split_indices(len(labels), settings.val_fraction)
        self.adapter = InputAdapter.for_data(mean, std, spec["input"])
        self.autocast = autocast_dtype(settings.precision, device)
        self.notes = [n for n in [precision_note(settings.precision, device)] if n]  # said before the first step
        channels_last = device.type == "cuda"

        self.spec = copy.deepcopy(spec)
        self.model = build_model(spec, seed=settings.seed).to(device)
        if channels_last:
            self.model = self.model.to(memory_format=torch.channels_last)
        self.optimizer = make_optimizer(settings.optimizer, self.model.parameters(), settings.lr, settings.weight_decay)
        self.base = resume
        if resume is not None:
            if resume.spec != spec:
                raise TrainingError("the network changed since these weights were trained: press Train to start afresh")
            self.model.load_state_dict(resume.state_dict)
            if resume.optimizer_state is not None and resume.settings and resume.settings.optimizer == settings.optimizer:
                self.optimizer.load_state_dict(resume.optimizer_state)
                for group in self.optimizer.param_groups:
                    group["lr"], group["weight_decay"] = settings.lr, settings.weight_decay
                    group.pop("initial_lr", None), group.pop("max_lr", None)  # a new schedule sets its own

        generator = torch.Generator(device=device).manual_seed(settings.seed)
        self.batches = ImageBatches(
            images, labels, train_idx.to(device), self.adapter, settings.batch_size, generator,
            rotate=RANGES.augment_rotation if settings.rotate else 0.0,
            jitter=RANGES.augment_jitter if settings.jitter else 0.0,
            channels_last=channels_last,
        )
        self.val = (images, labels, val_idx.to(device))
        self.scheduler = make_schedule(settings.schedule, self.optimizer, settings.lr,
                                       settings.epochs * self.batches.steps_per_epoch)
        _advance(self.scheduler, self.start_step)  # a resumed run picks its schedule up where it stopped
        self.max_seconds = limits.max_seconds
        self.history = copy.deepcopy(resume.history) if resume else History()
        self.step_offset = (resume.steps - self.start_step) if resume else 0  # run step k is session step offset+k
        self.steps_done = self.start_step
        self.last_event: engine.Event | None = None

    @staticmethod
    def _check_settings(s: TrainSettings, limits: TrainLimits) -> None:
        problems = []
        if not 1 <= s.epochs <= limits.max_epochs:
            problems.append(f"epochs must be between 1 and {limits.max_epochs}")
        if not 1 <= s.batch_size <= RANGES.max_batch_size:
            problems.append(f"batch size must be between 1 and {RANGES.max_batch_size}")
        if not (0 < s.lr <= RANGES.max_lr):
            problems.append(f"the learning rate must be above 0 and at most {RANGES.max_lr:g}")
        if not 0 <= s.weight_decay <= RANGES.max_weight_decay:
            problems.append(f"weight decay must be between 0 and {RANGES.max_weight_decay:g}")
        if not RANGES.val_fraction_min <= s.val_fraction <= RANGES.val_fraction_max:
            problems.append(f"the validation split must be between {RANGES.val_fraction_min:g} and "
                            f"{RANGES.val_fraction_max:g}")
        if s.optimizer not in OPTIMIZERS:
            problems.append(f"optimizer must be one of {', '.join(OPTIMIZERS)}")
        if s.schedule not in SCHEDULES:
            problems.append(f"schedule must be one of {', '.join(SCHEDULES)}")
        if problems:
            raise TrainingError("; ".join(problems))

    def validate(self, model: torch.nn.Module) -> tuple[float, float]:
        images, labels, idx = self.val
        loss, acc, _ = predict(model, images[idx], labels[idx], self.adapter, self.autocast)
        return loss, acc

    def events(self, should_stop: Callable[[], bool] = lambda: False, event_interval: float = 0.33) -> Iterator[engine.Event]:
        options = engine.Options(
            epochs=self.settings.epochs, scheduler=self.scheduler, score=engine.argmax_correct,
            validate=self.validate if len(self.val[2]) else None, should_stop=should_stop,
            max_seconds=self.max_seconds, event_interval=event_interval, autocast_dtype=self.autocast,
            start_step=self.start_step, chance_accuracy=1.0 / self.info.num_classes,
        )
        for event in engine.train(self.model, engine.supervised(F.cross_entropy), self.batches, self.optimizer,
                                  options):
            self.history.add(event, self.step_offset)
            if isinstance(event, (engine.Step, engine.Done)):
                self.steps_done = event.step if isinstance(event, engine.Step) else event.steps
            self.last_event = event
            yield event

    def result(self) -> TrainedModel:
        """The weights as they are now, on the CPU (after a non-finite stop: the restored ones)."""
        done = self.last_event
        keep_optimizer = not (isinstance(done, engine.Done) and done.reason in ("non_finite", "out_of_memory"))
        state = {k: v.detach().to("cpu", copy=True).contiguous() for k, v in self.model.state_dict().items()}
        optimizer_state = _to_cpu(self.optimizer.state_dict()) if keep_optimizer else None
        return TrainedModel(
            spec=copy.deepcopy(self.spec),
            dataset=self.settings.dataset, classes=list(self.info.classes),
            mean=list(self.adapter.mean), std=list(self.adapter.std), state_dict=state,
            optimizer_state=optimizer_state, settings=self.settings, history=copy.deepcopy(self.history),
            steps=self.step_offset + self.steps_done, interrupted=self._interrupted(),
        )

    def _interrupted(self) -> dict | None:
        """What Continue needs to finish this run, if it was stopped (by a person or the time limit)."""
        done = self.last_event
        if isinstance(done, engine.Done) and done.reason in ("stopped", "time_limit"):
            return {"settings": self.settings, "done": done.steps,
                    "total": self.settings.epochs * self.batches.steps_per_epoch}
        return None


def _advance(scheduler, steps: int) -> None:
    if scheduler is None or not steps:
        return
    with warnings.catch_warnings():  # "scheduler.step() before optimizer.step()": intended here
        warnings.simplefilter("ignore")
        for _ in range(steps):
            scheduler.step()


def _to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.detach().to("cpu", copy=True)
    if isinstance(obj, dict):
        return {k: _to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_to_cpu(v) for v in obj]
    return obj


@torch.inference_mode()
def predict(
    model: torch.nn.Module, images: torch.Tensor, labels: torch.Tensor, adapter: InputAdapter,
    autocast: torch.dtype | None = None, batch: int = 1000,
) -> tuple[float, float, torch.Tensor]:
    """(mean loss, accuracy, probabilities (N, K) on the CPU) of a model on uint8 images."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    total_loss, probs = 0.0, []
    for start in range(0, len(labels), batch):
        x = adapter(images[start : start + batch].to(device))
        y = labels[start : start + batch].to(device)
        with torch.autocast(device.type, dtype=autocast) if autocast else torch.autocast(device.type, enabled=False):
            logits = model(x).float()
        total_loss += F.cross_entropy(logits, y, reduction="sum").item()
        probs.append(logits.softmax(1).cpu())
    model.train(was_training)
    p = torch.cat(probs) if probs else torch.zeros(0, 0)
    acc = (p.argmax(1) == labels.cpu()).float().mean().item() if len(labels) else 0.0
    return total_loss / max(len(labels), 1), acc, p


@dataclass
class Evaluation:
    """Test-set results of a trained model."""

    dataset: str
    classes: list[str]
    loss: float
    accuracy: float
    labels: np.ndarray  # (N,) true classes
    predictions: np.ndarray  # (N,)
    confidence: np.ndarray  # (N,) probability of the predicted class
    report: dict  # sklearn classification_report(output_dict=True)
    report_text: str
    confusion: np.ndarray  # (K, K): rows true, columns predicted
    seconds: float

    def cell(self, true: int, predicted: int, limit: int = 48) -> np.ndarray:
        """Test-set indices in one confusion-matrix cell, most confident first."""
        idx = np.flatnonzero((self.labels == true) & (self.predictions == predicted))
        return idx[np.argsort(-self.confidence[idx])][:limit]

    def confident_mistakes(self, limit: int = 24) -> np.ndarray:
        idx = np.flatnonzero(self.labels != self.predictions)
        return idx[np.argsort(-self.confidence[idx])][:limit]


def evaluate(trained: TrainedModel, data_dir: Path | str, device: torch.device) -> Evaluation:
    """Accuracy, loss, per-class report and confusion matrix on the dataset's test split."""
    from sklearn.metrics import classification_report, confusion_matrix

    start = time.perf_counter()
    images, labels, _, _ = _on_device(trained.dataset, "test", str(Path(data_dir).resolve()), str(device))
    autocast = autocast_dtype(trained.settings.precision if trained.settings else "auto", device)
    loss, acc, probs = predict(trained.model(device), images, labels, trained.adapter, autocast)
    y_true = labels.cpu().numpy()
    conf, y_pred = probs.max(1)
    k = list(range(len(trained.classes)))
    kwargs = {"labels": k, "target_names": trained.classes, "zero_division": 0, "digits": 4}
    return Evaluation(
        dataset=trained.dataset, classes=trained.classes, loss=loss, accuracy=acc, labels=y_true,
        predictions=y_pred.numpy(), confidence=conf.numpy(),
        report=classification_report(y_true, y_pred.numpy(), output_dict=True, **kwargs),
        report_text=classification_report(y_true, y_pred.numpy(), **kwargs),
        confusion=confusion_matrix(y_true, y_pred.numpy(), labels=k), seconds=time.perf_counter() - start,
    )


def test_split_images(trained: TrainedModel, data_dir: Path | str, indices: np.ndarray) -> torch.Tensor:
    """uint8 (n, C, H, W) test images by index, for galleries."""
    data = load_split(trained.dataset, "test", data_dir)
    return data.images[torch.as_tensor(indices, dtype=torch.long)]


# training images per epoch of the full datasets (before the validation split), for estimates before training
FULL_TRAIN_SIZES = {"mnist": 60_000, "fashion-mnist": 60_000, "kmnist": 60_000, "cifar10": 50_000, "gtsrb": 26_640}


@functools.lru_cache(maxsize=64)
def _seconds_per_image(spec_json: str, batch: int, device: str, autocast: str, optimizer: str) -> float:
    spec = json.loads(spec_json)
    dev = torch.device(device)
    model = build_model(spec, seed=0).to(dev)
    opt = make_optimizer(optimizer, model.parameters(), 1e-3, 0.0)
    k = summarize(spec).num_classes or 1
    dtype = getattr(torch, autocast) if autocast != "none" else None
    generator = torch.Generator(device=dev).manual_seed(0)

    def step(n: int) -> None:
        x = torch.randn(n, *spec["input"], device=dev, generator=generator)
        y = torch.randint(0, k, (n,), device=dev, generator=generator)
        with torch.autocast(dev.type, dtype=dtype) if dtype else torch.autocast(dev.type, enabled=False):
            loss = F.cross_entropy(model(x).float(), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    step(2)  # warm-up: first-call costs
    if dev.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    step(batch)
    if dev.type == "cuda":
        torch.cuda.synchronize()
    return (time.perf_counter() - start) / batch


def estimate_epoch_seconds(spec: dict, settings: TrainSettings, device: torch.device) -> tuple[float, int]:
    """(seconds, images) for one epoch of the full dataset, from one real training step measured on ``device``.

    The step runs the network on random inputs of its own shape (at most 64 of them), so
    a person sees what an epoch will cost before pressing Train.
    """
    dtype = autocast_dtype(settings.precision, device)
    per_image = _seconds_per_image(json.dumps(spec, sort_keys=True), min(settings.batch_size, 64), str(device),
                                   str(dtype).removeprefix("torch.") if dtype else "none", settings.optimizer)
    images = int(FULL_TRAIN_SIZES.get(settings.dataset, 60_000) * (1 - settings.val_fraction))
    return per_image * images, images
