"""Image batches on the device: a dataset split on the device (shared), the fixed validation
split, and batches adapted to the model's input, augmented and normalized.

The whole dataset sits on the device as uint8; a batch is an index into it. All
work is batched tensor work on the device, with per-sample random parameters drawn
from a seeded torch.Generator. Augmentation follows the classic recipe (random
rotation ±10°, brightness and contrast jitter 0.2); it is written with affine
grids because torchvision's v2 transforms, given a batch, draw one random
parameter for the whole batch rather than one per image.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import torch
import torch.nn.functional as F

from playground.data.images import load_split

GRAY = (0.299, 0.587, 0.114)  # ITU-R 601 luma weights, as PIL's convert("L") and torchvision's rgb_to_grayscale
VAL_SPLIT_SEED = 0  # the validation split does not move with the training seed, so runs compare


def split_on_device(key: str, split: str, data_dir: Path | str,
                    device: torch.device | str) -> tuple[torch.Tensor, torch.Tensor, tuple, tuple]:
    """(uint8 images, labels, mean, std) of a dataset split on a device, shared read-only by every session."""
    return _on_device(key, split, str(Path(data_dir).resolve()), str(device))


@functools.lru_cache(maxsize=4)
def _on_device(key: str, split: str, data_dir: str, device: str) -> tuple[torch.Tensor, torch.Tensor, tuple, tuple]:
    data = load_split(key, split, data_dir)
    return data.images.to(device), data.labels.to(device), data.mean, data.std


def validation_count(n: int, val_fraction: float) -> int:
    """How many of ``n`` training images are held out for validation."""
    return int(round(n * val_fraction))


def split_indices(n: int, val_fraction: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, validation) indices; the same split for every run of a dataset."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(VAL_SPLIT_SEED))
    n_val = validation_count(n, val_fraction)
    return order[n_val:], order[:n_val]


@dataclass(frozen=True)
class InputAdapter:
    """Turns a dataset's uint8 images into what a network expects."""

    channels: int  # the network's input C
    height: int
    width: int
    mean: tuple[float, ...]  # per network channel, in [0, 1] units
    std: tuple[float, ...]

    @staticmethod
    def for_data(data_mean: tuple[float, ...], data_std: tuple[float, ...], shape: list[int]) -> "InputAdapter":
        """Normalization statistics carried over to the network's channel count."""
        c, h, w = shape
        if len(data_mean) == c:
            mean, std = tuple(data_mean), tuple(data_std)
        elif c == 3:  # grayscale replicated into RGB
            mean, std = (data_mean[0],) * 3, (data_std[0],) * 3
        else:  # RGB seen as grayscale: luma of the means; the std approximated the same way
            mean = (sum(g * m for g, m in zip(GRAY, data_mean)),) * c
            std = (sum(g * s for g, s in zip(GRAY, data_std)),) * c
        return InputAdapter(c, h, w, mean, std)

    def resize(self, u8: torch.Tensor) -> torch.Tensor:
        """(B, Cd, S, S) uint8 -> (B, Cd, H, W) float in [0, 1] at the network's size."""
        x = u8.float().div_(255)
        if x.shape[-2:] != (self.height, self.width):
            shrinking = x.shape[-2] > self.height or x.shape[-1] > self.width
            x = F.interpolate(x, size=(self.height, self.width), mode="bilinear", align_corners=False,
                              antialias=shrinking)
        return x

    def to_channels(self, x: torch.Tensor) -> torch.Tensor:
        """Grayscale to RGB (replicated) or RGB to grayscale (luma), as the network needs."""
        if x.shape[1] == self.channels:
            return x
        if self.channels == 3 and x.shape[1] == 1:
            return x.expand(-1, 3, -1, -1)
        if self.channels == 1 and x.shape[1] == 3:
            return (x * torch.tensor(GRAY, device=x.device).view(1, 3, 1, 1)).sum(1, keepdim=True)
        raise ValueError(f"cannot turn {x.shape[1]}-channel images into {self.channels} channels")

    def to_unit(self, u8: torch.Tensor) -> torch.Tensor:
        """(B, Cd, S, S) uint8 -> (B, C, H, W) float in [0, 1], as the network sees it before normalizing."""
        return self.to_channels(self.resize(u8))

    def normalize(self, x: torch.Tensor) -> torch.Tensor:
        mean = torch.tensor(self.mean, device=x.device).view(1, -1, 1, 1)
        std = torch.tensor(self.std, device=x.device).view(1, -1, 1, 1)
        return (x - mean) / std

    def __call__(self, u8: torch.Tensor) -> torch.Tensor:
        return self.normalize(self.to_unit(u8))


def augment(x: torch.Tensor, generator: torch.Generator, rotate: float = 10.0, jitter: float = 0.2) -> torch.Tensor:
    """Per-image random rotation (±rotate degrees) and brightness/contrast jitter, on [0, 1] images."""
    b = x.shape[0]
    if rotate:
        angle = (torch.rand(b, device=x.device, generator=generator) * 2 - 1) * math.radians(rotate)
        cos, sin = angle.cos(), angle.sin()
        zero = torch.zeros_like(cos)
        theta = torch.stack([torch.stack([cos, -sin, zero], 1), torch.stack([sin, cos, zero], 1)], 1)  # (B, 2, 3)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    if jitter:
        factors = 1 + (torch.rand(2, b, 1, 1, 1, device=x.device, generator=generator) * 2 - 1) * jitter
        x = (x * factors[0]).clamp_(0, 1)  # brightness: blend with black, as torchvision's adjust_brightness
        luma = x.mean(dim=(1, 2, 3), keepdim=True) if x.shape[1] == 1 else (
            (x * torch.tensor(GRAY, device=x.device).view(1, 3, 1, 1)).sum(1, keepdim=True).mean(dim=(2, 3), keepdim=True)
        )
        x = ((x - luma) * factors[1] + luma).clamp_(0, 1)  # contrast: blend with the mean gray
    return x


class ImageBatches:
    """A BatchSource over uint8 images already on the device: (inputs, labels) batches counted in images."""

    unit = "images"

    def __init__(
        self,
        images: torch.Tensor,  # (N, Cd, S, S) uint8, on the device
        labels: torch.Tensor,  # (N,) int64, on the device
        indices: torch.Tensor,  # which of them to train on, on the device
        adapter: InputAdapter,
        batch_size: int,
        generator: torch.Generator,  # on the device; drives shuffling and augmentation
        rotate: float = 0.0,
        jitter: float = 0.0,
        channels_last: bool = False,
    ) -> None:
        self.images, self.labels, self.indices = images, labels, indices
        self.adapter, self.batch_size, self.generator = adapter, batch_size, generator
        self.rotate, self.jitter, self.channels_last = rotate, jitter, channels_last
        self.steps_per_epoch = max(1, len(indices) // batch_size)  # full batches only (BatchNorm-friendly)

    @staticmethod
    def count(batch: tuple[torch.Tensor, torch.Tensor]) -> int:
        return len(batch[1])

    def epoch(self, index: int, start: int = 0) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """The epoch's batches from step ``start`` on (a resumed run skips the ones it did)."""
        order = self.indices[torch.randperm(len(self.indices), device=self.indices.device, generator=self.generator)]
        for i in range(start, self.steps_per_epoch):
            idx = order[i * self.batch_size : (i + 1) * self.batch_size]
            x = self.adapter.resize(self.images[idx])
            if self.rotate or self.jitter:  # on the dataset's own channels: 3× less work for gray into RGB
                x = augment(x, self.generator, self.rotate, self.jitter)
            x = self.adapter.normalize(self.adapter.to_channels(x))
            if self.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            yield x, self.labels[idx]
