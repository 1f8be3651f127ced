"""Classify a prepared digit and explain the answer: probabilities, feature maps, saliency.

The model is a TrainedModel (playground.train.trained): the session's own, or
the default digit model shipped in assets/digits/ (loaded lazily, once).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.cnn.spec import parse_spec
from playground.devices import evaluating
from playground.i18n import t
from playground.train import checkpoint
from playground.train.trained import TrainedModel

SMOOTHGRAD_SAMPLES = 16
SMOOTHGRAD_NOISE = 0.15  # noise standard deviation, as a share of the input's
MAPS_SHOWN = 32  # feature maps shown per convolution: the first ones
ASSETS = Path(__file__).resolve().parents[2] / "assets" / "digits"
DEFAULT_WEIGHTS = ASSETS / "default.safetensors"


@functools.lru_cache(maxsize=1)
def default_model() -> TrainedModel:
    """The shipped digit model (see assets/digits/MODEL_CARD.md); read once, then shared read-only."""
    data = DEFAULT_WEIGHTS.read_bytes()
    meta = checkpoint.read_metadata(data)
    return checkpoint.from_bytes(data, parse_spec(meta["network"]))


def model_input(trained: TrainedModel, digit: np.ndarray) -> torch.Tensor:
    """(28, 28) uint8 MNIST-style digit -> the normalized (1, C, H, W) tensor the model takes."""
    u8 = torch.from_numpy(np.ascontiguousarray(digit)).view(1, 1, *digit.shape)
    return trained.adapter(u8)


def probabilities(trained: TrainedModel, digit: np.ndarray) -> np.ndarray:
    """Softmax over the model's classes for one prepared digit."""
    with evaluating(trained.cpu_module()) as module:
        logits = module(model_input(trained, digit))
    return logits.float().softmax(1)[0].numpy()


@dataclass(frozen=True)
class Explanation:
    feature_maps: list[tuple[np.ndarray, str]]  # one grid image per Conv2d layer, with a caption
    saliency: np.ndarray  # (S, S, 3) uint8: the digit with where the answer came from, in colour


def _grid(maps: torch.Tensor, scale: int = 4, limit: int = 32) -> np.ndarray:
    """(C, H, W) activations -> one square-ish uint8 image, each map normalized on its own, 1 px gaps."""
    maps = maps[:limit]
    c, h, w = maps.shape
    columns = math.ceil(math.sqrt(c))
    lo = maps.flatten(1).min(1).values.view(c, 1, 1)
    hi = maps.flatten(1).max(1).values.view(c, 1, 1)
    norm = ((maps - lo) / (hi - lo).clamp_min(1e-6)).numpy()
    cols = min(columns, c)
    rows = math.ceil(c / cols)
    tile_h, tile_w = h * scale, w * scale
    out = np.full((rows * (tile_h + 1) - 1, cols * (tile_w + 1) - 1), 255, np.uint8)
    for i in range(c):
        r, q = divmod(i, cols)
        tile = np.kron(norm[i], np.ones((scale, scale)))
        out[r * (tile_h + 1) : r * (tile_h + 1) + tile_h, q * (tile_w + 1) : q * (tile_w + 1) + tile_w] = (
            np.uint8(np.round(tile * 255))
        )
    return out


def _caption(name: str, shape: tuple[int, ...]) -> str:
    """A sheet's caption, in the language of the request: the layer, how many maps and their size."""
    count, h, w = shape
    caption = t("draw.maps_caption", name=name, count=count, h=h, w=w)
    return caption + (t("draw.maps_first", limit=MAPS_SHOWN) if count > MAPS_SHOWN else "")


def _hot(values: np.ndarray) -> np.ndarray:
    """A black-red-yellow-white ramp for [0, 1] values (the classic 'hot' colour map)."""
    v = np.clip(values, 0, 1)[..., None]
    return np.concatenate([np.clip(3 * v, 0, 1), np.clip(3 * v - 1, 0, 1), np.clip(3 * v - 2, 0, 1)], axis=-1)


def explain(trained: TrainedModel, digit: np.ndarray, target: int | None = None) -> Explanation:
    """Feature maps of every convolution, and the (SmoothGrad) input-gradient saliency of the answer."""
    module = trained.cpu_module()
    captured: list[tuple[str, torch.Tensor]] = []
    hooks = [
        layer.register_forward_hook(lambda m, i, out, name=name: captured.append((name, out.detach()[0])))
        for name, layer in module.named_children() if isinstance(layer, nn.Conv2d)
    ]
    x = model_input(trained, digit)
    try:
        with evaluating(module):
            logits = module(x)  # the hooks capture the feature maps of this clean pass
        target = int(logits.argmax(1)) if target is None else target
    finally:
        for hook in hooks:
            hook.remove()
    # SmoothGrad (Smilkov et al. 2017): the input gradient averaged over noisy copies, one batched pass
    generator = torch.Generator().manual_seed(0)
    noisy = (x + SMOOTHGRAD_NOISE * x.std() * torch.randn((SMOOTHGRAD_SAMPLES, *x.shape[1:]), generator=generator))
    noisy.requires_grad_(True)
    with torch.enable_grad():
        (grad,) = torch.autograd.grad(module(noisy)[:, target].sum(), noisy)
    grad = grad.abs().mean(0, keepdim=True)
    maps = [(_grid(out, limit=MAPS_SHOWN), _caption(name, out.shape)) for name, out in captured]
    sal = grad.amax(1, keepdim=True)  # (1, 1, H, W): strongest channel per pixel
    sal = F.interpolate(sal, size=digit.shape, mode="bilinear", align_corners=False)[0, 0]
    sal = (sal / sal.max().clamp_min(1e-12)).numpy()
    base = np.repeat((digit.astype(np.float32) / 255 * 0.5)[..., None], 3, axis=-1)  # the digit, dimmed
    heat = _hot(sal)
    blend = np.clip(base * (1 - sal[..., None]) + heat * sal[..., None], 0, 1)
    image = np.uint8(np.round(np.kron(blend, np.ones((8, 8, 1))) * 255))
    return Explanation(maps, image)
