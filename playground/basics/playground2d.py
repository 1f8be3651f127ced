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
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.basics.activations import BasicsError
from playground.basics.data2d import DATASETS, EXTENT, FEATURES, epoch_order, features, init_weights, penalty, split
from playground.train import engine

ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "linear": nn.Identity}
OPTIMIZERS = ("sgd", "adam")
REGULARIZATIONS = ("none", "l1", "l2")


@dataclass(frozen=True)
class PlaygroundRanges:
    """What the playground's controls offer and what a config accepts (the sliders' bounds and ``check``)."""

    max_noise: float = 1.0  # noise is a jitter's std in the plane's units (data radius ~5): 1 blurs every dataset
    train_fraction: tuple[float, float] = (0.1, 0.9)  # share of the points used for training
    points: tuple[int, int] = (50, 2000)  # how many points a dataset may have
    max_layers: int = 6  # hidden layers
    max_neurons: int = 8  # neurons per hidden layer
    max_lr: float = 10.0  # a learning rate lies in (0, max_lr], TensorFlow Playground's largest
    batch_size: tuple[int, int] = (1, 500)
    max_reg_rate: float = 10.0  # regularization rate in [0, max_reg_rate]
    max_epochs_per_run: int = 10_000  # most epochs one run_epochs call trains
    grid: int = 100  # the decision boundary's resolution (grid × grid)
    neuron_grid: int = 25  # each neuron's picture's resolution
    history_max: int = 1000  # history points kept; beyond, every other one is dropped


RANGES = PlaygroundRanges()


@dataclass(frozen=True)
class PlaygroundConfig:
    """One playground run: the data, the network and how it trains."""

    dataset: str = "circle"  # "circle", "xor", "gaussians", "spiral" or "moons"
    noise: float = 0.2  # std of a Gaussian jitter added to the points, in the plane's units (data radius ~5)
    train_fraction: float = 0.7  # share of the points used for training; the rest is the test set
    seed: int = 0  # seeds the data, the split, the initial weights and the shuffling
    points: int = 500  # how many points the dataset has
    features: tuple[str, ...] = ("x1", "x2")  # the network's inputs, a non-empty subset of data2d.FEATURES
    hidden: tuple[int, ...] = (4, 2)  # neurons per hidden layer: 0 to 6 layers of 1 to 8 neurons
    activation: str = "tanh"  # of the hidden layers: "tanh", "relu", "sigmoid" or "linear"
    lr: float = 0.01  # learning rate (Adam's step size)
    optimizer: str = "adam"  # "sgd" or "adam"
    batch_size: int = 32  # points per optimizer step
    regularization: str = "none"  # "none", "l1" or "l2", on the weights (not the biases)
    reg_rate: float = 0.001  # how strongly the penalty counts (0 = none)

    def __post_init__(self) -> None:
        # widgets and JSON give lists; the config keeps tuples, so it stays hashable and comparable
        for name in ("features", "hidden"):
            if isinstance(getattr(self, name), list):
                object.__setattr__(self, name, tuple(getattr(self, name)))

    def check(self) -> PlaygroundConfig:
        """Raise BasicsError with one plain sentence for the first bad field; return self when all are good."""
        r = RANGES
        _choice(self.dataset, tuple(DATASETS), "dataset")
        _within(self.noise, 0, r.max_noise, "the noise")
        _within(self.train_fraction, *r.train_fraction, "the training fraction")
        if not _is_int(self.seed) or not 0 <= self.seed < 2**31:
            raise BasicsError(f"the seed must be a whole number from 0 to {2**31 - 1}, not {self.seed!r}")
        _whole(self.points, *r.points, "the number of points")
        feats = self.features
        if not isinstance(feats, tuple) or not feats or any(f not in FEATURES for f in feats):
            raise BasicsError(f"choose at least one input feature among {', '.join(FEATURES)}")
        if len(set(feats)) != len(feats):
            raise BasicsError("each input feature can be chosen only once")
        if not isinstance(self.hidden, tuple) or len(self.hidden) > r.max_layers:
            raise BasicsError(f"the network can have 0 to {r.max_layers} hidden layers")
        for i, width in enumerate(self.hidden, 1):
            _whole(width, 1, r.max_neurons, f"hidden layer {i}'s number of neurons")
        _choice(self.activation, tuple(ACTIVATIONS), "activation")
        lr = _number(self.lr, "the learning rate")
        if not 0 < lr <= r.max_lr:
            raise BasicsError(f"the learning rate must be above 0 and at most {r.max_lr:g}, not {self.lr:g}")
        _choice(self.optimizer, OPTIMIZERS, "optimizer")
        _whole(self.batch_size, *r.batch_size, "the batch size")
        _choice(self.regularization, REGULARIZATIONS, "regularization")
        _within(self.reg_rate, 0, r.max_reg_rate, "the regularization rate")
        return self

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlaygroundConfig:
        """A checked config from ``asdict`` output (or JSON); unknown keys are refused."""
        if not isinstance(data, dict):
            raise BasicsError("the playground settings must be a dictionary of named values")
        names = {f.name for f in fields(cls)}
        unknown = [str(k) for k in data if k not in names]
        if unknown:
            raise BasicsError(f"unknown playground settings: {', '.join(unknown)}")
        return cls(**data).check()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BasicsError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _within(value: object, low: float, high: float, what: str) -> None:
    if not low <= _number(value, what) <= high:
        raise BasicsError(f"{what} must lie between {low:g} and {high:g}, not {value:g}")


def _whole(value: object, low: int, high: int, what: str) -> None:
    if not _is_int(value) or not low <= value <= high:
        raise BasicsError(f"{what} must be a whole number from {low} to {high}, not {value!r}")


def _choice(value: object, options: tuple[str, ...], what: str) -> None:
    if value not in options:
        raise BasicsError(f"the {what} must be one of {', '.join(options)}, not {value!r}")


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


def build_model(config: PlaygroundConfig) -> nn.Sequential:
    """The MLP: Linear + activation per hidden layer, then one Linear to a single logit; seeded weights."""
    act = ACTIVATIONS[config.activation]
    layers: list[nn.Module] = []
    width = len(config.features)
    for neurons in config.hidden:
        layers += [nn.Linear(width, neurons), act()]
        width = neurons
    layers.append(nn.Linear(width, 1))
    model = nn.Sequential(*layers)
    init_weights(model, torch.Generator().manual_seed(config.seed + 1))
    return model


def make_optimizer(config: PlaygroundConfig, model: nn.Module) -> torch.optim.Optimizer:
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
    """BCE on the single logit, plus the regularization penalty where one is chosen."""
    kind, rate = config.regularization, config.reg_rate

    def compute(model: nn.Module, batch: tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = batch
        logits = model(x).squeeze(-1)  # (B,)
        loss = F.binary_cross_entropy_with_logits(logits, y)
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


_HISTORY_KEYS = ("epoch", "train_loss", "test_loss", "train_acc", "test_acc")


class Playground:
    """One person's run: the config, its data, the model, the optimizer, the epoch count and the histories."""

    def __init__(self, config: PlaygroundConfig | None = None) -> None:
        self.config = (config or PlaygroundConfig()).check()
        self.data = make_data(self.config)
        self.model = build_model(self.config)
        self.optimizer = make_optimizer(self.config, self.model)
        self.steps = 0  # optimizer steps taken, over every run
        self.history: dict[str, list[float]] = {key: [] for key in _HISTORY_KEYS}
        self.status = ""  # the last run's end, in words
        self.reason = ""  # the last run's Done.reason
        self._grids()
        self._scores = self.evaluate()  # (train_loss, test_loss, train_acc, test_acc) of the current weights

    def _grids(self) -> None:
        r = RANGES
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

    @torch.no_grad()
    def evaluate(self) -> tuple[float, float, float, float]:
        """(train_loss, test_loss, train_acc, test_acc) of the current weights: BCE without the penalty."""
        d = self.data
        logits = self.model(torch.cat([d.f_train, d.f_test])).squeeze(-1)
        labels = torch.cat([d.y_train, d.y_test])
        losses = F.binary_cross_entropy_with_logits(logits, labels, reduction="none")
        right = ((logits > 0) == (labels > 0.5)).float()
        n = len(d.y_train)
        return (float(losses[:n].mean()), float(losses[n:].mean()) if len(d.y_test) else math.nan,
                float(right[:n].mean()), float(right[n:].mean()) if len(d.y_test) else math.nan)

    def _validate(self, model: nn.Module) -> tuple[float, float]:
        """The engine's per-epoch validation: records every score in the histories, returns the test ones."""
        model.eval()
        self._scores = train_loss, test_loss, train_acc, test_acc = self.evaluate()
        epoch = (self.history["epoch"][-1] if self.history["epoch"] else self.epoch) + 1
        for key, value in zip(_HISTORY_KEYS, (epoch, train_loss, test_loss, train_acc, test_acc)):
            self.history[key].append(value)
        if len(self.history["epoch"]) > RANGES.history_max:  # thin out: keep every other point, and the last
            for values in self.history.values():
                values[:] = values[::2]
        return test_loss, test_acc

    def run_epochs(self, n: int = 1, should_stop: Callable[[], bool] = lambda: False,
                   max_seconds: float | None = None) -> Iterator[engine.Event]:
        """Train ``n`` more epochs on the engine, yielding its events (epochs numbered over all runs).

        The weights and the optimizer state carry over from the previous call. A run
        that diverges or meets a non-finite loss ends with the engine's ``Done`` (reason
        "diverged" or "non_finite", weights restored to the last good ones) whose message
        is rewritten with advice for this playground; the optimizer then starts afresh.
        """
        _whole(n, 1, RANGES.max_epochs_per_run, "the number of epochs")
        batches = self.batches
        first_epoch = self.steps // batches.steps_per_epoch
        # the engine calls a run diverged when its smoothed loss passes factor × its first losses; a
        # well-trained net starts near 0, where normal noise is many times that: judge it against ~3 nats
        factor = max(10.0, 3.0 / max(self._scores[0], 1e-3))
        options = engine.Options(epochs=first_epoch + n, score=correct, validate=self._validate,
                                 should_stop=should_stop, max_seconds=max_seconds, start_step=self.steps,
                                 divergence_factor=factor, chance_accuracy=None)
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
            smaller = f"{self.config.lr / 10:g}"
            what = ("the loss grew far above where it started" if done.reason == "diverged"
                    else "the loss became infinite or not a number")
            message = (f"Training stopped because {what}, and the last good weights were restored: the learning rate "
                       f"{self.config.lr:g} is too high for this network, try {smaller}"
                       + (" or a smaller regularization rate." if self.config.regularization != "none" else "."))
            done = replace(done, message=message)
            self.optimizer = make_optimizer(self.config, self.model)
            self._scores = self.evaluate()
        self.status = done.message
        return done

    def step(self) -> engine.Done:
        """Train exactly one epoch (the Step button); returns the run's Done."""
        events = list(self.run_epochs(1))
        return events[-1]

    @torch.no_grad()
    def snapshot(self) -> Snapshot:
        """The current picture: scores, the decision boundary, every input and hidden neuron over the plane."""
        r = RANGES
        self.model.eval()
        h = self._plane  # (grid² + neuron_grid², F): both grids in one pass through the layers
        fine = r.grid * r.grid
        neurons = []
        for layer in self.model:
            h = layer(h)
            if not isinstance(layer, nn.Linear):  # an activation closes a hidden layer
                neurons.append(h[fine:].T.reshape(-1, r.neuron_grid, r.neuron_grid).numpy().copy())
        boundary = torch.sigmoid(h[:fine, 0]).reshape(r.grid, r.grid).numpy().copy()
        inputs = self._plane[fine:].T.reshape(-1, r.neuron_grid, r.neuron_grid).numpy().copy()
        weights = [m.weight.detach().numpy().copy() for m in self.model if isinstance(m, nn.Linear)]
        train_loss, test_loss, train_acc, test_acc = self._scores
        return Snapshot(self.epoch, train_loss, test_loss, train_acc, test_acc, self.axis.numpy().copy(), boundary,
                        self.neuron_axis.numpy().copy(), inputs, neurons, weights,
                        {k: list(v) for k, v in self.history.items()}, self.status, self.reason)

    def points(self) -> dict[str, np.ndarray]:
        """The data to scatter: x_train (N, 2), y_train (N,), x_test (M, 2), y_test (M,)."""
        d = self.data
        return {"x_train": d.x_train.numpy(), "y_train": d.y_train.numpy(), "x_test": d.x_test.numpy(),
                "y_test": d.y_test.numpy()}

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
            run.optimizer.load_state_dict(copy.deepcopy(state["optimizer"]))
            run.steps = int(state["steps"])
            run.history = {k: list(state["history"][k]) for k in _HISTORY_KEYS}
            run.status, run.reason = str(state["status"]), str(state["reason"])
        except (KeyError, TypeError, RuntimeError, ValueError) as exc:
            if isinstance(exc, BasicsError):
                raise
            raise BasicsError("the saved playground could not be restored: start a new run") from None
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
            self.optimizer = make_optimizer(config, self.model)
        for group in self.optimizer.param_groups:
            group["lr"] = config.lr
        if config.batch_size != old.batch_size:  # the epoch count stays; the run resumes at an epoch start
            self.steps = self.epoch_of(old) * self.batches.steps_per_epoch
        return False

    def epoch_of(self, config: PlaygroundConfig) -> int:
        """Finished epochs counted with another config's batch size."""
        return self.steps // PointBatches(self.data.f_train, self.data.y_train, config.batch_size, 0).steps_per_epoch
