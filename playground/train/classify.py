"""One training run of a builder network on an image-classification dataset.

``ClassifierTraining`` checks everything that can go wrong before the first step
(the network, the dataset, the class count, the caps) and raises ``TrainingError``
with a plain message; its ``events()`` then runs the engine. ``result()`` is the
trained model at any moment (after a stop, too): a spec plus a CPU state_dict,
small and deep-copyable, which is what the app keeps per session.

The rest of a classifier's life lives beside it, one idea per module: the settings
(``settings.py``), evaluation on the test split (``evaluation.py``) and the cost of
an epoch before training (``estimate.py``); import them from there.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Callable, Iterator

import torch
import torch.nn.functional as F

from playground.cnn.model import build_model
from playground.cnn.summary import summarize
from playground.config import TRAIN_RANGES, TrainLimits
from playground.data.images import DatasetInfo, dataset_info, title_key
from playground.devices import cpu_bf16_speedup, precision_note
from playground.errors import UserError
from playground.i18n import t
from playground.train import engine
from playground.train.evaluation import predict
from playground.train.history import History
from playground.train.optim import make_optimizer, make_schedule
from playground.train.pipeline import ImageBatches, InputAdapter, split_indices, split_on_device
from playground.train.settings import TrainingError, TrainSettings, check_settings, precision_dtype
from playground.train.trained import TrainedModel

__all__ = ["RUN_MODES", "ClassifierTraining"]

# how a run starts, and the name of its public API endpoint: "new" from fresh weights; "continue" finishes the
# session model's interrupted run where it stopped (that run's settings, schedule and remaining steps); "more"
# trains new epochs on its weights
RUN_MODES = {"new": "train", "continue": "continue_training", "more": "train_more"}


class ClassifierTraining:
    """One training run of a builder network on a dataset; see the module docstring."""

    def __init__(
        self,
        spec: dict,
        settings: TrainSettings,
        data_dir: Path | str,
        device: torch.device,
        start_from: TrainedModel | None = None,
        limits: TrainLimits | None = None,
        mode: str = "new",
    ) -> None:
        """``mode``: one of ``RUN_MODES``. ``start_from``: the session's model that "continue" and "more" start
        from ("new" ignores it)."""
        if mode not in RUN_MODES:
            raise TrainingError("training.err_mode", mode=str(mode)[:20], modes=", ".join(RUN_MODES))
        if mode == "new":
            start_from = None
        elif start_from is None:
            raise TrainingError("training.err_nothing_to_continue")
        settings, self.start_step = _run_settings(settings, start_from, mode)
        self.settings, self.device = settings, device
        limits = limits or TrainLimits()
        check_settings(settings, limits)
        self.info: DatasetInfo = _check_network(spec, settings.dataset, limits)
        images, labels, mean, std = split_on_device(settings.dataset, "train", data_dir, device)
        train_idx, val_idx = split_indices(len(labels), settings.val_fraction)
        self.adapter = InputAdapter.for_data(mean, std, spec["input"])
        self.autocast = precision_dtype(settings.precision, device)
        # said before the first step, in the page's language
        self.notes = [t("training.note_bf16_slow", speedup=cpu_bf16_speedup())
                      for n in [precision_note(settings.precision, device)] if n]
        channels_last = device.type == "cuda"

        self.spec = copy.deepcopy(spec)
        self.model = build_model(spec, seed=settings.seed).to(device)
        if channels_last:
            self.model = self.model.to(memory_format=torch.channels_last)
        self.optimizer = make_optimizer(settings.optimizer, self.model.parameters(), settings.lr, settings.weight_decay)
        if start_from is not None:
            self._load(start_from)

        generator = torch.Generator(device=device).manual_seed(settings.seed)
        self.batches = ImageBatches(
            images, labels, train_idx.to(device), self.adapter, settings.batch_size, generator,
            rotate=TRAIN_RANGES.augment_rotation if settings.rotate else 0.0,
            jitter=TRAIN_RANGES.augment_jitter if settings.jitter else 0.0,
            channels_last=channels_last,
        )
        self.val = (images, labels, val_idx.to(device))
        self.scheduler = make_schedule(settings.schedule, self.optimizer, settings.lr,
                                       settings.epochs * self.batches.steps_per_epoch)
        _advance(self.scheduler, self.start_step)  # a continued run picks its schedule up where it stopped
        self.max_seconds = limits.max_seconds
        self.history = copy.deepcopy(start_from.history) if start_from else History()
        # run step k is session step offset+k
        self.step_offset = (start_from.steps - self.start_step) if start_from else 0
        self.steps_done = self.start_step
        self.last_event: engine.Event | None = None

    def _load(self, start_from: TrainedModel) -> None:
        """The session model's weights, and its optimizer's state where the optimizer is the same kind."""
        settings = self.settings
        if start_from.spec != self.spec:
            raise TrainingError("training.err_network_changed")
        self.model.load_state_dict(start_from.state_dict)
        same_optimizer = start_from.settings and start_from.settings.optimizer == settings.optimizer
        if start_from.optimizer_state is not None and same_optimizer:
            self.optimizer.load_state_dict(start_from.optimizer_state)
            for group in self.optimizer.param_groups:
                group["lr"], group["weight_decay"] = settings.lr, settings.weight_decay
                group.pop("initial_lr", None), group.pop("max_lr", None)  # a new schedule sets its own

    def validate(self, model: torch.nn.Module) -> tuple[float, float]:
        images, labels, idx = self.val
        loss, acc, _ = predict(model, images[idx], labels[idx], self.adapter, self.autocast)
        return loss, acc

    def events(self, should_stop: Callable[[], bool] = lambda: False,
               event_interval: float = 0.33) -> Iterator[engine.Event]:
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


def _run_settings(settings: TrainSettings, start_from: TrainedModel | None, mode: str) -> tuple[TrainSettings, int]:
    """(settings, steps already done): "continue" finishes the interrupted run with that run's own settings."""
    if start_from is None or mode != "continue":
        return settings, 0
    if start_from.interrupted is None:
        raise TrainingError("training.err_run_finished")
    return start_from.interrupted["settings"], start_from.interrupted["done"]


def _check_network(spec: dict, dataset: str, limits: TrainLimits) -> DatasetInfo:
    """The dataset's facts, once the network is valid, within the parameter cap and ends in its class count."""
    summary = summarize(spec)
    if not summary.ok:
        raise TrainingError("training.fix_first", problem="; ".join(summary.errors))
    if summary.trainable_params > limits.max_params:
        raise TrainingError("training.err_too_many_params", params=summary.trainable_params, most=limits.max_params)
    info = dataset_info(dataset)
    if summary.num_classes != info.num_classes:
        raise TrainingError("training.err_class_count", classes=summary.num_classes,
                            title=UserError(title_key(info.key)), wanted=info.num_classes)
    return info


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
