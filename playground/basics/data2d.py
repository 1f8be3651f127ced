"""The 2-D playground's data and building blocks: toy datasets, input features, the shuffle
order, the initial weights and the regularization penalty.

Every function here is self-contained (only ``torch``, ``math``, ``F`` and ``nn``; no module
constants) because ``playground2d.code`` copies their source into the exported script:
the script then makes exactly the app's data and weights. Randomness always comes from
the ``torch.Generator`` passed in. Points lie in the square [-6, 6]², the plane the
playground draws, like TensorFlow Playground's; labels are 0. or 1. (float, for BCE). Each
maker takes ``noise``: the standard deviation of a Gaussian jitter added to both coordinates,
in the plane's units (the data's radius is about 5).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

EXTENT = 6.0  # the plane shown and evaluated: [-EXTENT, EXTENT]² (data lies within about ±5)


def circle(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's make_circles, scaled: an outer circle of radius 5 (label 0) around one of 2.5 (label 1)."""
    n_out = n // 2
    angle = torch.rand(n, generator=g, dtype=torch.float64) * 2 * math.pi
    radius = torch.where(torch.arange(n) < n_out, 5.0, 2.5).double()
    x = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], 1)
    x = x + torch.randn(n, 2, generator=g, dtype=torch.float64) * noise
    return x.float(), (torch.arange(n) >= n_out).float()


def xor(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Uniform points in [-5, 5]², kept 0.3 away from the axes; label 1 where x1·x2 > 0 (same-sign quadrants)."""
    u = torch.rand(n, 2, generator=g, dtype=torch.float64) * 4.7 + 0.3  # magnitudes in [0.3, 5)
    sign = torch.where(torch.rand(n, 2, generator=g) < 0.5, -1.0, 1.0).double()
    x = u * sign
    label = (x[:, 0] * x[:, 1] > 0).float()
    x = x + torch.randn(n, 2, generator=g, dtype=torch.float64) * noise
    return x.float(), label


def gaussians(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two Gaussian blobs of standard deviation 1, around (2.5, 2.5) (label 1) and (-2.5, -2.5) (label 0)."""
    label = (torch.arange(n) >= n // 2).float()
    center = (label.double() * 2 - 1)[:, None] * 2.5  # (n, 1): -2.5 or 2.5 on both axes
    x = center + torch.randn(n, 2, generator=g, dtype=torch.float64)
    x = x + torch.randn(n, 2, generator=g, dtype=torch.float64) * noise
    return x.float(), label


def spiral(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """TensorFlow Playground's two interleaved spirals: radius up to 5, 1.75 turns; label 1 for one arm."""
    half = n // 2
    i = torch.cat([torch.arange(half), torch.arange(n - half)]).double()
    count = torch.cat([torch.full((half,), half), torch.full((n - half,), n - half)]).double()
    label = (torch.arange(n) < half).float()
    r = i / count * 5.0
    t = 1.75 * i / count * 2 * math.pi + (1 - label.double()) * math.pi  # the second arm is turned by π
    x = torch.stack([r * torch.sin(t), r * torch.cos(t)], 1)
    x = x + torch.randn(n, 2, generator=g, dtype=torch.float64) * noise
    return x.float(), label


def moons(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's make_moons, centred and scaled by 3: two interleaving half circles (labels 0 and 1)."""
    n_out = n // 2
    t = torch.rand(n, generator=g, dtype=torch.float64) * math.pi
    outer = torch.arange(n) < n_out
    x1 = torch.where(outer, torch.cos(t), 1 - torch.cos(t))
    x2 = torch.where(outer, torch.sin(t), 1 - torch.sin(t) - 0.5)
    x = (torch.stack([x1, x2], 1) - torch.tensor([0.5, 0.25], dtype=torch.float64)) * 3.0
    x = x + torch.randn(n, 2, generator=g, dtype=torch.float64) * noise
    return x.float(), (~outer).float()


DATASETS = {"circle": circle, "xor": xor, "gaussians": gaussians, "spiral": spiral, "moons": moons}


def split(x: torch.Tensor, y: torch.Tensor, train_fraction: float,
          g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Shuffle and cut: (x_train, y_train, x_test, y_test), the first ``round(n · train_fraction)`` for training."""
    order = torch.randperm(len(x), generator=g)
    cut = round(len(x) * train_fraction)
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]


def features(x: torch.Tensor, names: tuple[str, ...]) -> torch.Tensor:
    """The network's inputs: the chosen features of the points x (N, 2), as (N, len(names)), in that order."""
    x1, x2 = x[:, 0], x[:, 1]
    table = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2,
             "sin(x1)": torch.sin(x1), "sin(x2)": torch.sin(x2)}
    return torch.stack([table[name] for name in names], 1)


def epoch_order(n: int, seed: int, epoch: int) -> torch.Tensor:
    """The shuffled order of the n training points in epoch ``epoch`` (1-based): the same for the same seed.

    Drawn from a generator seeded with (seed, epoch), so a run paused after any epoch
    resumes with exactly the batches an unpaused run would have seen.
    """
    return torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1_000_003 + epoch))


def init_weights(model: nn.Module, g: torch.Generator) -> None:
    """Glorot-uniform weights (good for tanh and sigmoid, fine for small ReLU nets), zero biases."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Linear):
                nn.init.xavier_uniform_(module.weight, generator=g)
                nn.init.zeros_(module.bias)


def bce_with_logits(logits: torch.Tensor, labels: torch.Tensor, reduce: bool = True) -> torch.Tensor:
    """Binary cross-entropy on logits, −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))] = softplus(z) − y·z (stable).

    The same numbers as ``F.binary_cross_entropy_with_logits``, whose CPU kernel enters a
    thread-parallel region even for 10 values: on a busy 2-core machine that costs
    milliseconds per call, while softplus on a small tensor stays on the calling thread.
    """
    losses = F.softplus(logits) - labels * logits
    return losses.mean() if reduce else losses


def penalty(model: nn.Module, kind: str) -> torch.Tensor:
    """The regularization term on the weights (not the biases): L1 = Σ|w|, L2 = ½·Σw² (as TensorFlow Playground)."""
    weights = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    if kind == "l1":
        return sum(w.abs().sum() for w in weights)
    return 0.5 * sum((w * w).sum() for w in weights)


FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")  # the names ``features`` knows
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁x₂",
                  "sin(x1)": "sin(x₁)", "sin(x2)": "sin(x₂)"}
