"""Cross-attention maps: for one denoising step, which pixels attend to which prompt token.

diffusers' ``AttnProcessor`` computes the attention probabilities with
``attn.get_attention_scores`` and throws them away; ``_Capture`` runs that same
processor with the scores recorded, on the UNet's cross-attention layers (``attn2``)
only, for one forward pass. The maps (batch·heads, pixels, tokens) of every layer
are averaged over heads, upsampled to the image size and averaged over layers.
"""

from __future__ import annotations

import copy

import torch
import torch.nn.functional as F

from playground.devices import evaluating
from playground.diffusion import model as dm
from playground.diffusion import prompts
from playground.diffusion.sample import Trace


class _Capture:
    """An attention processor that records the cross-attention probabilities it computes."""

    def __init__(self, store: list[torch.Tensor]) -> None:
        from diffusers.models.attention_processor import AttnProcessor

        self.inner, self.store = AttnProcessor(), store

    def __call__(self, attn, hidden_states, encoder_hidden_states=None, attention_mask=None, temb=None, **kwargs):
        original = attn.get_attention_scores

        def scores(query, key, mask=None):
            probs = original(query, key, mask)  # (B·heads, pixels, tokens)
            self.store.append(probs.detach().reshape(-1, attn.heads, *probs.shape[1:]).mean(1))
            return probs

        attn.get_attention_scores = scores
        try:
            return self.inner(attn, hidden_states, encoder_hidden_states, attention_mask, temb)
        finally:
            del attn.get_attention_scores  # back to the class's method


def where(trace: Trace, step, image) -> tuple[int, int]:
    """The 1-based step and 0-based image of a traced run that a request means, each brought within the run."""
    if not trace.inputs:
        raise ValueError("the run has no steps yet")
    return min(max(int(step), 1), len(trace.inputs)), min(max(int(image), 0), trace.inputs[0].shape[0] - 1)


def maps(model: dm.ToyDiffusion, trace: Trace, step: int, image: int = 0) -> tuple[list[str], torch.Tensor]:
    """(tokens, maps (T, 32, 32)) for 1-based ``step`` of a traced run, image ``image``; each pixel's row sums to 1."""
    step, image = where(trace, step, image)
    encoded = prompts.encode(trace.settings.prompt)
    t = torch.tensor(trace.timesteps[step - 1])
    device = next(model.parameters()).device
    x = trace.inputs[step - 1][image:image + 1].float().to(device)  # already scaled as the UNet read it
    ids, mask = prompts.batch_ids([encoded])
    store: list[torch.Tensor] = []
    # the model is shared by every session: record on a private copy (7 MB, milliseconds), never swap the
    # processors of the UNet another request may be running
    unet = copy.deepcopy(model.unet)
    capture = _Capture(store)
    unet.set_attn_processor({name: capture if name.endswith("attn2.processor") else proc
                             for name, proc in unet.attn_processors.items()})
    with evaluating(model), evaluating(unet):
        states = model.encode(ids.to(device), mask.to(device))
        unet(x, t.to(device), encoder_hidden_states=states, encoder_attention_mask=mask.to(device))
    n = len(encoded.ids)
    layers = []
    for probs in store:  # (1, pixels, tokens)
        side = int(round(probs.shape[1] ** 0.5))
        grid = probs[0, :, :n].T.reshape(n, 1, side, side)
        layers.append(F.interpolate(grid, size=(dm.IMAGE_SIZE, dm.IMAGE_SIZE), mode="bilinear", align_corners=False))
    return encoded.tokens, torch.stack(layers).mean(0)[:, 0].cpu()

