"""A trained image classifier: a builder network, its weights and how its inputs are normalized.

This is all the app keeps per session for the CNN (small and deep-copyable: a spec
plus a CPU state_dict), what a checkpoint holds, and what the digit tab asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from playground.cnn.model import build_model
from playground.train.history import History
from playground.train.pipeline import InputAdapter


@dataclass
class TrainedModel:
    """A trained network; see the module docstring."""

    spec: dict  # the builder network
    dataset: str  # the dataset key it was trained on
    classes: list[str]
    mean: list[float]  # input normalization, per network channel
    std: list[float]
    state_dict: dict[str, torch.Tensor]  # CPU tensors
    optimizer_state: dict | None = None  # for "continue"; None after a non-finite stop or a load
    settings: Any = None  # the TrainSettings of the last run (playground.train.classify), None after a load
    history: History = field(default_factory=History)
    steps: int = 0  # optimizer steps over all runs
    # a run that was stopped before it finished: {"settings", "done" (its steps), "total"}; Continue finishes it
    interrupted: dict | None = None
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # built modules; never saved

    def cpu_module(self) -> torch.nn.Module:
        """The network on the CPU in eval mode, built once per TrainedModel (for predictions)."""
        if "cpu" not in self.cache:
            with torch.inference_mode(False):  # inference-mode parameters would refuse the saliency's backward
                self.cache["cpu"] = self.model("cpu")
        return self.cache["cpu"]

    @property
    def adapter(self) -> InputAdapter:
        c, h, w = self.spec["input"]
        return InputAdapter(c, h, w, tuple(self.mean), tuple(self.std))

    def model(self, device: torch.device | str = "cpu") -> torch.nn.Module:
        net = build_model(self.spec)
        net.load_state_dict(self.state_dict)
        return net.to(device).eval()
