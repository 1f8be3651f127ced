"""Turn a valid spec into a real torch.nn module.

The module is an ``nn.Sequential`` whose children carry the same names as the
exported code (conv1, relu1, ...), so a state_dict trained in the app loads into
the exported ``Net`` class and back.
"""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from playground.cnn.layers import LAYER_TYPES, SpecError, layer_kwargs
from playground.cnn.spec import Spec
from playground.cnn.summary import inferred_kwargs, layer_names, summarize


def build_model(spec: Spec, device: torch.device | str | None = None) -> nn.Sequential:
    """Build the network a spec describes; raise SpecError naming the first bad layer."""
    summary = summarize(spec)
    if not summary.ok:
        raise SpecError("the network cannot be built: " + "; ".join(summary.errors))
    modules: OrderedDict[str, nn.Module] = OrderedDict()
    for layer, name, row in zip(spec["layers"], layer_names(spec), summary.rows):
        kwargs, _ = layer_kwargs(layer)
        inferred = inferred_kwargs(layer["type"], row.in_shape or [])
        modules[name] = LAYER_TYPES[layer["type"]].module_class(**inferred, **kwargs)
    return nn.Sequential(modules).to(device) if device is not None else nn.Sequential(modules)
