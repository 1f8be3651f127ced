"""The 2-D playground (TensorFlow Playground's core, in PyTorch): a config, a small MLP on
chosen features of 2-D points, trained epoch by epoch on the project's engine, with cheap
live snapshots (the decision boundary and every hidden neuron over the plane).

``Playground`` holds one person's run: data (rebuilt from the config's seed), model,
optimizer, epoch count and loss histories. ``run_epochs`` trains on
``playground.train.engine`` and yields its events; weights and optimizer state persist
between calls (Pause keeps them, Step is one epoch). ``state()`` is small (config, CPU
state_dicts, counters, histories) and ``Playground.from_state`` restores it, so a run can
live in ``gr.State``. ``code()`` exports the run as a self-contained PyTorch script.
"""

from __future__ import annotations

import copy
import math
from dataclasses import asdict, dataclass, replace
from typing import Any, Callable, Iterator

import numpy as np
import torch
from torch import nn

from playground.basics.activations import BasicsError
from playground.basics.config2d import (PLAYGROUND_ACTIVATIONS, PLAYGROUND_OPTIMIZERS, PLAYGROUND_RANGES,
                                        REGULARIZATIONS, PlaygroundConfig, PlaygroundRanges, check_whole)
from playground.basics.data2d import (DATASETS, EXTENT, FEATURES, bce_with_logits, epoch_order, features, init_weights,
                                     penalty, split)
from playground.config import ENGINE_POLICY, PLAYGROUND_POLICY
from playground.i18n import t
from playground.devices import evaluating
from playground.train import engine

# the settings live in config2d; they are re-exported here so the tab needs one import
__all__ = ["DATASETS", "FEATURES", "PLAYGROUND_ACTIVATIONS", "PLAYGROUND_OPTIMIZERS", "PLAYGROUND_RANGES",
           "REGULARIZATIONS", "Data", "Playground", "PlaygroundConfig", "PlaygroundRanges", "PointBatches", "Snapshot",
           "build_playground_model", "correct", "make_compute", "make_data", "make_dataset", "playground_optimizer"]


@dataclass(frozen=True)
class Data:
    """A dataset split, with the network's inputs (features) precomputed."""

    x_train: torch.Tensor  # (N, 2) points
    y_train: torch.Tensor  # (N,) labels 0. / 1.
    x_test: torch.Tensor  # (M, 2)
    y_test: torch.Tensor  # (M,)
    f_train: torch.Tensor  # (N, F) features of x_train
    f_test: torch.Tensor  # (M, F)


def make_dataset(name: str, points: int = 500, noise: float = 0.2, seed: int = 0,
                 train_fraction: float = 0.7) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(x_train, y_train, x_test, y_test) of a toy dataset: points (N, 2) float32, labels (N,) 0./1. float32."""
    PlaygroundConfig(dataset=name, points=points, noise=noise, seed=seed, train_fraction=train_fraction).check()
    g = torch.Generator().manual_seed(seed)
    x, y = DATASETS[name](points, noise, g)
    return split(x, y, train_fraction, g)


def make_data(config: PlaygroundConfig) -> Data:
    """The config's dataset, split, with its features."""
    x_train, y_train, x_test, y_test = make_dataset(config.dataset, config.points, config.noise, config.seed,
                                                    config.train_fraction)
    return Data(x_train, y_train, x_test, y_test, features(x_train, config.features), features(x_test, config.features))


def build_playground_model(config: PlaygroundConfig) -> nn.Sequential:
    """The MLP: Linear + activation per hidden layer, then one Linear to a single logit; seeded weights.

    The layers are made on the meta device, so building never draws from the global RNG;
    ``init_weights`` then fills them from a generator seeded with ``config.seed + 1``.
    """
    act = PLAYGROUND_ACTIVATIONS[config.activation]
    layers: list[nn.Module] = []
    width = len(config.features)
    for neurons in config.hidden:
        layers += [nn.Linear(width, neurons, device="meta"), act()]
        width = neurons
    layers.append(nn.Linear(width, 1, device="meta"))
    model = nn.Sequential(*layers).to_empty(device="cpu")
    init_weights(model, torch.Generator().manual_seed(config.seed + 1))
    return model


def playground_optimizer(config: PlaygroundConfig, model: nn.Module) -> torch.optim.Optimizer:
    """SGD or Adam over the model's parameters (foreach off: faster for a handful of tiny tensors)."""
    if config.optimizer == "sgd":
        return torch.optim.SGD(model.parameters(), lr=config.lr, foreach=False)
    return torch.optim.Adam(model.parameters(), lr=config.lr, foreach=False)


class PointBatches:
    """The engine's BatchSource over the training features: a seeded shuffle per epoch, then slices."""

    unit = "points"

    def __init__(self, inputs: torch.Tensor, labels: torch.Tensor, batch_size: int, seed: int) -> None:
        self.inputs, self.labels, self.batch_size, self.seed = inputs, labels, batch_size, seed
        self.steps_per_epoch = math.ceil(len(labels) / batch_size)

    def epoch(self, index: int, start: int = 0) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        order = epoch_order(len(self.labels), self.seed, index)
        for step in range(start, self.steps_per_epoch):
            chosen = order[step * self.batch_size:(step + 1) * self.batch_size]
            yield self.inputs[chosen], self.labels[chosen]

    @staticmethod
    def count(batch: tuple[torch.Tensor, torch.Tensor]) -> int:
        return len(batch[1])


def make_compute(config: PlaygroundConfig) -> engine.Compute:
    """BCE on the single logit (``data2d.bce_with_logits``), plus the regularization penalty where one is chosen."""
    kind, rate = config.regularization, config.reg_rate

    def compute(model: nn.Module, batch: tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = batch
        logits = model(x).squeeze(-1)  # (B,)
        loss = bce_with_logits(logits, y)
        if kind != "none" and rate > 0:
            loss = loss + rate * penalty(model, kind)
        return logits, loss

    return compute


def correct(logits: torch.Tensor, batch: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
    """Points on the right side of the boundary (logit > 0 means class 1)."""
    return ((logits > 0) == (batch[1] > 0.5)).sum()


@dataclass(frozen=True)
class Snapshot:
    """Everything one live update draws. Grids: ``a[i, j]`` is the value at (x = axis[j], y = axis[i])."""

    epoch: int  # finished epochs
    train_loss: float  # BCE without the penalty, on the training points
    test_loss: float
    train_acc: float  # share of points on the right side of the boundary
    test_acc: float
    axis: np.ndarray  # (grid,) coordinates of the boundary's grid along x and along y
    boundary: np.ndarray  # (grid, grid) P(class 1) over the plane
    neuron_axis: np.ndarray  # (neuron_grid,) coordinates of the neuron pictures' grid
    inputs: np.ndarray  # (features, neuron_grid, neuron_grid) each input feature over the plane
    neurons: list[np.ndarray]  # per hidden layer: (units, neuron_grid, neuron_grid) each neuron's output
    weights: list[np.ndarray]  # per Linear layer: (out, in), for drawing the connections
    history: dict[str, list[float]]  # "epoch", "train_loss", "test_loss", "train_acc", "test_acc"
    status: str  # the last run's end, in words ("" before any)
    reason: str  # the last run's Done.reason ("" before any)


def _grid(size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The axis (size,) over [-EXTENT, EXTENT] and the grid's points (size², 2), row-major with y the row."""
    axis = torch.linspace(-EXTENT, EXTENT, size)
    yy, xx = torch.meshgrid(axis, axis, indexing="ij")
    return axis, torch.stack([xx.reshape(-1), yy.reshape(-1)], 1)


def _layer_outputs(model: nn.Sequential, inputs: torch.Tensor) -> list[torch.Tensor]:
    """Each hidden layer's output (after its activation), then the logits: (rows, width) each, in one pass."""
    h, outs = inputs, []
    for layer in model:
        h = layer(h)
        if not isinstance(layer, nn.Linear):  # an activation closes a hidden layer
            outs.append(h)
    return outs + [h]


_HISTORY_KEYS = ("epoch", "train_loss", "test_loss", "train_acc", "test_acc")


class Playground:
    """One person's run: the config, its data, the model, the optimizer, the epoch count and the histories."""

    def __init__(self, config: PlaygroundConfig | None = None) -> None:
        self.config = (config or PlaygroundConfig()).check()
        self.data = make_data(self.config)
        self.model = build_playground_model(self.config)
        self.optimizer = playground_optimizer(self.config, self.model)
        self.steps = 0  # optimizer steps taken, over every run
        self.history: dict[str, list[float]] = {key: [] for key in _HISTORY_KEYS}
        self.status = ""  # the last run's end, in words
        self.reason = ""  # the last run's Done.reason
        self._grids()
        self._scores = self.evaluate()  # (train_loss, test_loss, train_acc, test_acc) of the current weights

    def _grids(self) -> None:
        r = PLAYGROUND_RANGES
        self.axis, fine = _grid(r.grid)
        self.neuron_axis, coarse = _grid(r.neuron_grid)
        self._plane = features(torch.cat([fine, coarse]), self.config.features)  # (grid² + neuron_grid², F)

    @property
    def batches(self) -> PointBatches:
        return PointBatches(self.data.f_train, self.data.y_train, self.config.batch_size, self.config.seed)

    @property
    def epoch(self) -> int:
        """Finished epochs (a run stopped within an epoch resumes inside it)."""
        return self.steps // self.batches.steps_per_epoch

    def evaluate(self) -> tuple[float, float, float, float]:
        """(train_loss, test_loss, train_acc, test_acc) of the current weights: BCE without the penalty."""
        d = self.data
        with evaluating(self.model):
            logits = self.model(torch.cat([d.f_train, d.f_test])).squeeze(-1)
        labels = torch.cat([d.y_train, d.y_test])
        losses = bce_with_logits(logits, labels, reduce=False)
        right = ((logits > 0) == (labels > 0.5)).float()
        n = len(d.y_train)
        return (float(losses[:n].mean()), float(losses[n:].mean()) if len(d.y_test) else math.nan,
                float(right[:n].mean()), float(right[n:].mean()) if len(d.y_test) else math.nan)

    def _validate(self, model: nn.Module) -> tuple[float, float]:
        """The engine's per-epoch validation: scores the current weights, returns the test ones."""
        self._scores = self.evaluate()
        return self._scores[1], self._scores[3]

    def _record(self, event: engine.EpochEnd) -> None:
        """The engine's epoch hook: the scores ``_validate`` just took go into the histories."""
        train_loss, test_loss, train_acc, test_acc = self._scores
        epoch = event.epoch  # the engine numbers epochs over every run (Step after Step: 1, 2, ...)
        for key, value in zip(_HISTORY_KEYS, (epoch, train_loss, test_loss, train_acc, test_acc)):
            self.history[key].append(value)
        if len(self.history["epoch"]) > PLAYGROUND_RANGES.history_max:  # thin out: keep every other point, and the last
            for values in self.history.values():
                values[:] = values[::2]

    def run_epochs(self, n: int = 1, should_stop: Callable[[], bool] = lambda: False,
                   max_seconds: float | None = None) -> Iterator[engine.Event]:
        """Train ``n`` more epochs on the engine, yielding its events (epochs numbered over all runs).

        The weights and the optimizer state carry over from the previous call. A run
        that diverges or meets a non-finite loss ends with the engine's ``Done`` (reason
        "diverged" or "non_finite", weights restored to the last good ones) whose message
        is rewritten with advice for this playground; the optimizer then starts afresh.
        """
        check_whole(n, 1, PLAYGROUND_RANGES.max_epochs_per_run, "basics.what_epochs")
        batches = self.batches
        first_epoch = self.steps // batches.steps_per_epoch
        # the engine calls a run diverged when its smoothed loss passes factor × its first losses; a
        # well-trained net starts near 0, where normal noise is many times that: judge it against a floor in nats
        policy = PLAYGROUND_POLICY
        factor = max(ENGINE_POLICY.divergence_factor or 0.0,
                     policy.divergence_floor / max(self._scores[0], policy.min_start_loss))
        options = engine.Options(epochs=first_epoch + n, score=correct, validate=self._validate,
                                 on_epoch=self._record, should_stop=should_stop, max_seconds=max_seconds,
                                 start_step=self.steps, policy=replace(ENGINE_POLICY, divergence_factor=factor))
        for event in engine.train(self.model, make_compute(self.config), batches, self.optimizer, options):
            if isinstance(event, engine.Done):
                event = self._finish(event)
            elif isinstance(event, (engine.Step, engine.EpochEnd)):
                # the engine is suspended at this yield: if the consumer drops the generator here (a
                # cancelled stream), the steps counted so far are exactly those the weights have seen
                self.steps = event.step
            yield event

    def _finish(self, done: engine.Done) -> engine.Done:
        """Record the run's end; after a blow-up, advise and give the optimizer a fresh state."""
        self.steps = done.steps
        self.reason = done.reason
        if done.reason in ("diverged", "non_finite"):
            why = t("basics.why_diverged" if done.reason == "diverged" else "basics.why_non_finite")
            advice = "basics.advice_reg" if self.config.regularization != "none" else "basics.advice_lr"
            message = t(advice, why=why, lr=f"{self.config.lr:g}", smaller=f"{self.config.lr / 10:g}")
            done = replace(done, message=message)
            self.optimizer = playground_optimizer(self.config, self.model)
            self._scores = self.evaluate()
        self.status = done.message
        return done

    def step(self) -> engine.Done:
        """Train exactly one epoch (the Step button); returns the run's Done."""
        events = list(self.run_epochs(1))
        return events[-1]

    def snapshot(self) -> Snapshot:
        """The current picture: scores, the decision boundary, every input and hidden neuron over the plane."""
        r = PLAYGROUND_RANGES
        fine = r.grid * r.grid
        with evaluating(self.model):
            outputs = _layer_outputs(self.model, self._plane)  # both grids in one pass through the layers
        neurons = [h[fine:].T.reshape(-1, r.neuron_grid, r.neuron_grid).numpy().copy() for h in outputs[:-1]]
        boundary = torch.sigmoid(outputs[-1][:fine, 0]).reshape(r.grid, r.grid).numpy().copy()
        inputs = self._plane[fine:].T.reshape(-1, r.neuron_grid, r.neuron_grid).numpy().copy()
        weights = [m.weight.detach().numpy().copy() for m in self.model if isinstance(m, nn.Linear)]
        train_loss, test_loss, train_acc, test_acc = self._scores
        return Snapshot(self.epoch, train_loss, test_loss, train_acc, test_acc, self.axis.numpy().copy(), boundary,
                        self.neuron_axis.numpy().copy(), inputs, neurons, weights,
                        {k: list(v) for k, v in self.history.items()}, self.status, self.reason)

    def points(self) -> dict[str, np.ndarray]:
        """The data to scatter: x_train (N, 2), y_train (N,), x_test (M, 2), y_test (M,)."""
        d = self.data
        return {"x_train": d.x_train.numpy().copy(), "y_train": d.y_train.numpy().copy(),
                "x_test": d.x_test.numpy().copy(), "y_test": d.y_test.numpy().copy()}

    def state(self) -> dict[str, Any]:
        """A small, deep-copied picture of the run for gr.State: config, CPU state_dicts, counters, histories."""
        return {"config": asdict(self.config), "model": {k: v.detach().cpu().clone()
                                                         for k, v in self.model.state_dict().items()},
                "optimizer": copy.deepcopy(self.optimizer.state_dict()), "steps": self.steps,
                "history": {k: list(v) for k, v in self.history.items()}, "status": self.status,
                "reason": self.reason}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Playground:
        """Rebuild a run from ``state()`` (its data comes back from the config's seed)."""
        try:
            run = cls(PlaygroundConfig.from_dict(state["config"]))
            run.model.load_state_dict(state["model"])
            saved, fresh = state["optimizer"], run.optimizer.state_dict()
            if [set(g) for g in saved["param_groups"]] != [set(g) for g in fresh["param_groups"]]:
                raise ValueError("the saved optimizer state belongs to another optimizer")  # SGD would take Adam's
            run.optimizer.load_state_dict(copy.deepcopy(saved))
            run.steps = int(state["steps"])
            run.history = {k: list(state["history"][k]) for k in _HISTORY_KEYS}
            run.status, run.reason = str(state["status"]), str(state["reason"])
        except BasicsError:
            raise
        except (KeyError, TypeError, RuntimeError, ValueError):  # a state from another version, or damaged
            raise BasicsError("basics.err_restore") from None
        run._scores = run.evaluate()
        return run

    def reconfigure(self, config: PlaygroundConfig) -> bool:
        """Take new settings. Training settings (learning rate, optimizer, batch size, regularization) keep the
        weights, as TensorFlow Playground does; anything else (data, features, layers, activation) starts a
        fresh network. Returns True where the network was reset."""
        config.check()
        kept = ("lr", "optimizer", "batch_size", "regularization", "reg_rate")
        if replace(config, **{k: getattr(self.config, k) for k in kept}) != self.config:
            self.__init__(config)
            return True
        old, self.config = self.config, config
        if config.optimizer != old.optimizer:
            self.optimizer = playground_optimizer(config, self.model)
        for group in self.optimizer.param_groups:
            group["lr"] = config.lr
        if config.batch_size != old.batch_size:  # the epoch count stays; the run resumes at an epoch start
            finished = self.steps // math.ceil(len(self.data.y_train) / old.batch_size)
            self.steps = finished * self.batches.steps_per_epoch
        return False
