"""Turn a valid spec into a real torch.nn module.

The module is an ``nn.Sequential`` whose children carry the same names as the
exported code (conv1, relu1, ...), so a state_dict trained in the app loads into
the exported ``Net`` class and back.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import torch
from torch import nn

from playground.cnn.layers import LAYER_TYPES, SpecError, layer_kwargs
from playground.cnn.spec import Spec
from playground.cnn.summary import inferred_kwargs, layer_names, summarize


def seeded_init(model: nn.Module, seed: int) -> None:
    """Re-draw the random initial weights from a private generator seeded with ``seed``.

    The same scheme as PyTorch's own reset_parameters for Conv2d and Linear (the
    only layers here with random initial weights: Kaiming-uniform with a=sqrt(5),
    biases uniform in ±1/sqrt(fan_in)), but never touching the global RNG, so two
    sessions building models at once cannot disturb each other's seeds.
    """
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
                if module.bias is not None:
                    fan_in, _ = nn.init._calculate_fan_in_and_fan_out(module.weight)
                    bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
                    nn.init.uniform_(module.bias, -bound, bound, generator=generator)


def build_model(spec: Spec, device: torch.device | str | None = None, seed: int | None = None) -> nn.Sequential:
    """Build the network a spec describes; raise SpecError naming the first bad layer.

    With ``seed``, the initial weights are drawn from a generator of that seed.
    """
    summary = summarize(spec)
    if not summary.ok:
        raise SpecError("builder.cannot_build", problems="; ".join(summary.errors))
    modules: OrderedDict[str, nn.Module] = OrderedDict()
    for layer, name, row in zip(spec["layers"], layer_names(spec), summary.rows):
        kwargs, _ = layer_kwargs(layer)
        inferred = inferred_kwargs(layer["type"], row.in_shape or [])
        modules[name] = LAYER_TYPES[layer["type"]].module_class(**inferred, **kwargs)
    model = nn.Sequential(modules)
    if seed is not None:
        seeded_init(model, seed)
    return model.to(device) if device is not None else model
