"""Device choice (CUDA when there is one, then Apple MPS, else CPU), the precision policy, and the
two contexts every model runs under: ``autocast`` for mixed precision and ``evaluating`` for inference."""

from __future__ import annotations

import contextlib
import functools
import time
from typing import Iterator

import torch
from torch import nn


def pick_device(preference: str = "auto") -> torch.device:
    """Resolve "auto" (or an explicit device string) to a usable torch.device.

    An explicit device that is not available raises ValueError with a plain message,
    so ``python app.py --device cuda`` on a CPU-only machine fails at start, not later.
    """
    pref = (preference or "auto").strip().lower()
    if pref == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(pref)
    except RuntimeError as exc:
        raise ValueError(f"unknown device {preference!r}: use auto, cpu, cuda, cuda:N or mps") from exc
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda was asked for, but PyTorch sees no CUDA GPU here")
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError("--device mps was asked for, but Apple MPS is not available here")
    return device


def describe(device: torch.device) -> str:
    """A short human name for the device, e.g. 'CUDA (NVIDIA H100)' or 'CPU (2 threads)' (in the language being
    spoken: 'CPU (2 hilos)')."""
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(device)})"
    if device.type == "mps":
        return "Apple MPS"
    from playground.i18n import t

    return t("common.cpu_threads", threads=torch.get_num_threads())


def autocast(device: torch.device | str, dtype: torch.dtype | None) -> contextlib.AbstractContextManager:
    """Mixed precision on ``device`` in ``dtype`` (e.g. torch.bfloat16); None: plain fp32, no context at all."""
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(device.type if isinstance(device, torch.device) else torch.device(device).type, dtype=dtype)


@contextlib.contextmanager
def evaluating(model: nn.Module, inference: bool = False) -> Iterator[nn.Module]:
    """Eval mode (no dropout, BatchNorm's running statistics) and no autograd for the block; every
    module's train/eval mode is restored after, even on an error (a part kept in eval inside a training
    model stays so).

    ``inference``: torch.inference_mode instead of no_grad (a little faster, but the tensors made inside can
    never enter autograd later: use it only where nothing made inside is kept).
    """
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        with torch.inference_mode() if inference else torch.no_grad():
            yield model
    finally:
        for module, training in modes:
            module.training = training


BF16_MIN_SPEEDUP = 1.15  # "auto" uses bf16 on a CPU only where it measured at least this much faster


@functools.lru_cache(maxsize=1)
def cpu_bf16_speedup() -> float:
    """How much faster bf16 autocast runs than fp32 on this CPU (above 1: faster), measured once.

    CPUs without native bf16 (no AVX512-BF16 or AMX) emulate it and run it several
    times slower; reading CPU flags is not portable, so a small convolution and matrix
    product, like a CNN's, are timed in each precision (about a tenth of a second).
    """
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(32, 16, 24, 24, generator=generator)
    conv = torch.nn.Conv2d(16, 32, 3, padding=1)
    fc = torch.nn.Linear(512, 512)
    v = torch.randn(256, 512, generator=generator)

    def work(dtype: torch.dtype | None) -> float:
        with torch.no_grad(), autocast("cpu", dtype):
            conv(x), fc(v)  # warm-up
            start = time.perf_counter()
            for _ in range(3):
                conv(x), fc(v)
            return time.perf_counter() - start

    fp32, bf16 = min(work(None) for _ in range(2)), min(work(torch.bfloat16) for _ in range(2))
    return fp32 / bf16 if bf16 > 0 else 0.0


PRECISIONS = ("auto", "fp32", "bf16")  # the precision settings autocast_dtype reads


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The autocast dtype for a precision setting; "fp32" is None.

    "auto" is bf16 on CUDA, and on a CPU only where bf16 measured faster than fp32
    (see cpu_bf16_speedup); elsewhere fp32.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be auto, fp32 or bf16, got {precision!r}")
    if precision == "bf16" or (precision == "auto" and device.type == "cuda"):
        return torch.bfloat16
    if precision == "auto" and device.type == "cpu" and cpu_bf16_speedup() >= BF16_MIN_SPEEDUP:
        return torch.bfloat16
    return None


def precision_note(precision: str, device: torch.device) -> str:
    """A warning when a person picked bf16 on a CPU where it is slower than fp32, with the measured figure."""
    if precision != "bf16" or device.type != "cpu":
        return ""
    speedup = cpu_bf16_speedup()
    if speedup >= 1.0:
        return ""
    return (f"bf16 is slower than fp32 on this CPU (measured at {speedup:.2f}× fp32's speed: it has no native bf16), "
            "so this run will be slower; \"auto\" would use fp32 here.")
