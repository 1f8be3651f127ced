"""Activation functions for the Basics tab: the catalogue, curves with their derivatives,
one neuron, softmax with a temperature, and how gradients shrink (or not) through depth.

Derivatives always come from autograd (``torch.func.vmap(torch.func.grad(f))``), never
from formulas typed by hand, so what the tab plots is what PyTorch computes. This module
also owns ``BasicsError``, the plain-message error of the whole Basics core.
"""

from __future__ import annotations

import functools
import math
from typing import Callable

import torch
from torch import nn

from playground import i18n
from playground.errors import UserError


class BasicsError(UserError, ValueError):
    """A bad input to the Basics tab (an unknown activation, a bad number, bad JSON)."""


# name shown to people -> the torch.nn module that computes it (stateless, so one shared instance is safe)
NEURON_ACTIVATIONS: dict[str, nn.Module] = {
    "Sigmoid": nn.Sigmoid(),
    "Tanh": nn.Tanh(),
    "ReLU": nn.ReLU(),
    "LeakyReLU": nn.LeakyReLU(0.01),
    "GELU": nn.GELU(),
    "SiLU": nn.SiLU(),
}

NOTE_KEYS: dict[str, str] = {name: f"basics.note_{name.lower()}" for name in NEURON_ACTIVATIONS}  # in i18n/basics
NOTES: dict[str, str] = {name: i18n.t(key, "en") for name, key in NOTE_KEYS.items()}  # the notes in English


def note(name: str) -> str:
    """What the activation does and where its gradient vanishes, in the language being spoken."""
    return i18n.t(NOTE_KEYS[canonical(name)])


def term(what: object) -> UserError:
    """A noun for a message: a key of the tables (translated where shown), a code name kept as it is
    ("x[0]"), or a noun already built with its own arguments."""
    return what if isinstance(what, UserError) else UserError(str(what))


MAX_POINTS = 100_000  # most points one curve() call evaluates
MAX_LOGITS = 20  # most values softmax() accepts
MAX_LAYERS = 100  # deepest network vanishing() describes


def get_activation(name: str) -> nn.Module:
    """The module for an activation name, matched without regard to case ("relu" and "ReLU" both work)."""
    if isinstance(name, str):
        for key, module in NEURON_ACTIVATIONS.items():
            if key.lower() == name.strip().lower():
                return module
    raise BasicsError("basics.err_unknown_activation", name=repr(str(name)[:30]), options=", ".join(NEURON_ACTIVATIONS))


def _number(value: object, what: str) -> float:
    """A finite float from an int or float (booleans and text refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BasicsError("basics.err_not_number", what=term(what), value=repr(str(value)[:30]))
    if not (abs(value) < 1e300 if isinstance(value, int) else math.isfinite(value)):  # float(10**400) raises
        raise BasicsError("basics.err_not_ordinary", what=term(what), value=str(value)[:30])
    return float(value)


def derivative_fn(name: str) -> Callable[[torch.Tensor], torch.Tensor]:
    """f'(z) elementwise, from autograd: ``vmap(grad(f))`` over a flattened tensor, reshaped back."""
    fn = get_activation(name)
    slope = torch.func.vmap(torch.func.grad(fn))

    def derivative(z: torch.Tensor) -> torch.Tensor:
        return slope(z.reshape(-1)).reshape(z.shape)

    return derivative


def curve(name: str, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The activation's values and derivatives (autograd) at every point of ``z``, same shape and dtype."""
    if not isinstance(z, torch.Tensor) or not z.is_floating_point():
        raise BasicsError("basics.err_curve_tensor")
    if z.numel() == 0 or z.numel() > MAX_POINTS:
        raise BasicsError("basics.err_curve_points", most=f"{MAX_POINTS:,}", count=f"{z.numel():,}")
    if not torch.isfinite(z).all():
        raise BasicsError("basics.err_curve_finite")
    fn = get_activation(name)
    z = z.detach()
    with torch.no_grad():
        values = fn(z)
    return values, derivative_fn(name)(z)


def neuron(x1: float, x2: float, w1: float, w2: float, b: float, activation: str) -> dict[str, float]:
    """One neuron: ``z = w1·x1 + w2·x2 + b``, ``a = f(z)`` and ``f'(z)`` (from autograd), in float64."""
    x1, x2, w1, w2, b = (_number(v, label) for v, label in
                         ((x1, "x1"), (x2, "x2"), (w1, "w1"), (w2, "w2"), (b, "basics.what_bias")))
    fn = get_activation(activation)
    z = torch.tensor(w1 * x1 + w2 * x2 + b, dtype=torch.float64)
    if not torch.isfinite(z):
        raise BasicsError("basics.err_sum_too_large")
    a = float(fn(z))
    return {"z": float(z), "a": a, "derivative": float(torch.func.grad(fn)(z))}


def parse_logits(text: object) -> list[float]:
    """The scores a person typed: numbers separated by commas (or semicolons); blanks between them are skipped."""
    try:
        return [float(v) for v in str(text).replace(";", ",").split(",") if v.strip()]
    except ValueError:
        raise BasicsError("basics.err_logits") from None


def softmax(logits: list[float], temperature: float = 1.0) -> list[float]:
    """Probabilities ``softmax(logits / T)``: a low temperature sharpens them, a high one flattens them."""
    if not isinstance(logits, (list, tuple)) or not 1 <= len(logits) <= MAX_LOGITS:
        raise BasicsError("basics.err_softmax_count", most=MAX_LOGITS)
    values = [_number(v, "basics.what_every_score") for v in logits]
    t = _number(temperature, "basics.what_temperature")
    if t <= 0:
        raise BasicsError("basics.err_temperature", value=temperature)
    scores = torch.tensor(values, dtype=torch.float64)
    # shifting by the max first keeps (s - max) / T finite or -inf, even for a tiny T: softmax is shift-invariant
    return torch.softmax((scores - scores.max()) / t, dim=0).tolist()


def max_derivative(name: str) -> float:
    """The activation's largest slope on z in [-10, 10] (autograd on a grid of step 0.001)."""
    return _max_derivative(canonical(name))


@functools.lru_cache(maxsize=None)
def _max_derivative(name: str) -> float:
    """Cached per catalogue name: a fixed fact about a fixed function."""
    grid = torch.linspace(-10.0, 10.0, 20_001, dtype=torch.float64)
    return float(derivative_fn(name)(grid).max())


def vanishing(name: str, layers: int) -> list[float]:
    """``max f'`` multiplied through 1, 2, ..., ``layers`` layers: the best case of a gradient's size at each depth.

    Backpropagation multiplies one f'(z) per layer, so sigmoid's 0.25 gives 0.25**N while
    ReLU's 1 keeps 1 (and GELU's or SiLU's slightly-above-1 peak can even grow).
    """
    if isinstance(layers, bool) or not isinstance(layers, int) or not 1 <= layers <= MAX_LAYERS:
        raise BasicsError("basics.err_layers", most=MAX_LAYERS)
    peak = max_derivative(name)
    return [peak**depth for depth in range(1, layers + 1)]


def vanishing_table(names: list[str], layers: int) -> dict[str, list[float]]:
    """``vanishing`` for several activations at once, keyed by their catalogue names (for one plot)."""
    if not isinstance(names, (list, tuple)) or not names:
        raise BasicsError("basics.err_no_activation")
    return {canonical(n): vanishing(n, layers) for n in names}


def canonical(name: str) -> str:
    """The catalogue spelling of an activation name ("relu" -> "ReLU")."""
    module = get_activation(name)
    return next(key for key, value in NEURON_ACTIVATIONS.items() if value is module)
