"""The 2-D playground's settings: ``PlaygroundConfig`` (one run: data, network, training), its
checks with one plain sentence per bad field, and ``PLAYGROUND_RANGES``, the bounds the tab's sliders
offer. Gradio-free; ``playground2d`` and ``code2d`` build on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from torch import nn

from playground.basics.activations import BasicsError, term
from playground.basics.data2d import DATASETS, FEATURES
from playground.errors import UserError

PLAYGROUND_ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "linear": nn.Identity}
PLAYGROUND_OPTIMIZERS = ("sgd", "adam")
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


PLAYGROUND_RANGES = PlaygroundRanges()


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
    optimizer: str = "adam"  # one of PLAYGROUND_OPTIMIZERS: "sgd" or "adam"
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
        r = PLAYGROUND_RANGES
        _choice(self.dataset, tuple(DATASETS), "basics.what_dataset")
        _within(self.noise, 0, r.max_noise, "basics.what_noise")
        _within(self.train_fraction, *r.train_fraction, "basics.what_train_fraction")
        if not _is_int(self.seed) or not 0 <= self.seed < 2**31:
            raise BasicsError("basics.err_seed", most=2**31 - 1, value=_show(self.seed))
        check_whole(self.points, *r.points, "basics.what_points")
        feats = self.features
        if not isinstance(feats, tuple) or not feats or any(f not in FEATURES for f in feats):
            raise BasicsError("basics.err_no_feature", options=", ".join(FEATURES))
        if len(set(feats)) != len(feats):
            raise BasicsError("basics.err_feature_twice")
        if not isinstance(self.hidden, tuple) or len(self.hidden) > r.max_layers:
            raise BasicsError("basics.err_hidden_layers", most=r.max_layers)
        for i, width in enumerate(self.hidden, 1):
            check_whole(width, 1, r.max_neurons, UserError("basics.what_layer_width", layer=i))
        _choice(self.activation, tuple(PLAYGROUND_ACTIVATIONS), "basics.what_activation")
        lr = _number(self.lr, "basics.what_lr")
        if not 0 < lr <= r.max_lr:
            raise BasicsError("basics.err_lr", what=term("basics.what_lr"), most=f"{r.max_lr:g}", value=_show(self.lr))
        _choice(self.optimizer, PLAYGROUND_OPTIMIZERS, "basics.what_optimizer")
        check_whole(self.batch_size, *r.batch_size, "basics.what_batch_size")
        _choice(self.regularization, REGULARIZATIONS, "basics.what_regularization")
        _within(self.reg_rate, 0, r.max_reg_rate, "basics.what_reg_rate")
        return self

    @classmethod
    def from_controls(cls, dataset: object, noise: object, train_fraction: object, seed: object, features: object,
                      layers: object, neurons: object, activation: object, lr: object, optimizer: object,
                      batch_size: object, regularization: object, reg_rate: object) -> PlaygroundConfig:
        """A checked config from the tab's controls (``layers`` hidden layers of ``neurons`` each); a box that
        holds no number is a plain error."""
        try:
            return cls(dataset=dataset, noise=float(noise), train_fraction=float(train_fraction), seed=int(seed or 0),
                       features=tuple(features or ()), hidden=(int(neurons),) * int(layers), activation=activation,
                       lr=float(lr), optimizer=optimizer, batch_size=int(batch_size), regularization=regularization,
                       reg_rate=float(reg_rate)).check()
        except BasicsError:
            raise
        except (TypeError, ValueError, OverflowError):
            raise BasicsError("basics.err_settings_number") from None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlaygroundConfig:
        """A checked config from ``asdict`` output (or JSON); unknown keys are refused."""
        if not isinstance(data, dict):
            raise BasicsError("basics.err_settings_dict")
        names = {f.name for f in fields(cls)}
        unknown = [str(k) for k in data if k not in names]
        if unknown:
            raise BasicsError("basics.err_settings_unknown", names=", ".join(unknown))
        return cls(**data).check()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _show(value: object) -> str:
    """A value for a message: numbers short, anything else trimmed."""
    text = f"{value:g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _number(value: object, what: str) -> float:
    """A finite float from an int or float (booleans refused); a huge int becomes inf, so range checks refuse it."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BasicsError("basics.err_not_finite", what=term(what), value=_show(value))
    if isinstance(value, int):
        return float(value) if abs(value) < 1e300 else math.inf
    if not math.isfinite(value):
        raise BasicsError("basics.err_not_finite", what=term(what), value=_show(value))
    return value


def _within(value: object, low: float, high: float, what: str) -> None:
    if not low <= _number(value, what) <= high:
        raise BasicsError("basics.err_between", what=term(what), low=f"{low:g}", high=f"{high:g}", value=_show(value))


def check_whole(value: object, low: int, high: int, what: str) -> None:
    """A whole number (not a boolean) in [low, high], or a plain error naming ``what``."""
    if not _is_int(value) or not low <= value <= high:
        raise BasicsError("basics.err_whole", what=term(what), low=low, high=high, value=_show(value))


def _choice(value: object, options: tuple[str, ...], what: str) -> None:
    if not isinstance(value, str) or value not in options:
        raise BasicsError("basics.err_choice", what=term(what), options=", ".join(options), value=_show(value))
