"""Cross-attention maps per prompt token from a Hub pipeline's real UNet (``playground.hub.diffusion``).

At a step of a run, the UNet is run once more on that step's input (the latents before the step, scaled by the
scheduler), and every cross-attention layer's softmax over the prompt's 77 token slots is read: a map per token
of which latent pixels look at it, averaged over heads and layers (each layer's map brought to the largest
resolution). The shared UNet is never changed: hooks are added for this one pass and answer only on the thread
that added them, so other sessions' runs in the meantime go on untouched.
"""

from __future__ import annotations

import threading

import torch
import torch.nn.functional as F

from playground.hub.diffusion import HubPipeline
from playground.hub.diffusion_loop import ImageSettings, _sampler, encode


def _probs(attn, hidden: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
    """(B, HW, T): one attention layer's softmax over the token slots, averaged over heads."""
    q, k = attn.head_to_batch_dim(attn.to_q(hidden)), attn.head_to_batch_dim(attn.to_k(context))
    probs = attn.get_attention_scores(q, k, None)  # (B·heads, HW, T)
    return probs.reshape(hidden.shape[0], attn.heads, *probs.shape[1:]).mean(1)


def _to_side(maps: torch.Tensor, side: tuple[int, int]) -> torch.Tensor:
    """(HW, T) of a layer whose grid is a power-of-two fraction of ``side`` → (T, *side)."""
    scale = int(round((side[0] * side[1] / maps.shape[0]) ** 0.5))
    grid = maps.T.reshape(1, maps.shape[1], side[0] // scale, side[1] // scale)
    return F.interpolate(grid, size=side, mode="nearest")[0]


def maps(pipe: HubPipeline, settings: ImageSettings, latents: torch.Tensor, step: int,
         all_slots: bool = False) -> tuple[list[str], torch.Tensor]:
    """(the prompt's tokens, (tokens, h, w) maps) at ``step`` (1-based) of a run with ``settings``, given the
    latents before that step ((1, C, h, w): the run's Noise for step 1, else the LatentStep before). The maps of
    all 77 token slots sum to 1 at every pixel; those of the prompt's own tokens are returned (``all_slots``: all)."""
    sched = _sampler(pipe, settings.scheduler)
    sched.set_timesteps(int(settings.steps), device=pipe.unet.device)
    index = min(max(int(step), 1), len(sched.timesteps)) - 1
    t = sched.timesteps[index]
    if hasattr(sched, "set_begin_index"):
        sched.set_begin_index(index)
    _, states, tokens = encode(pipe, settings.prompt)
    xin = sched.scale_model_input(latents.to(pipe.unet.device, pipe.unet.dtype), t)
    found: list[torch.Tensor] = []
    me = threading.get_ident()

    def record(module, args, kwargs):
        context = kwargs.get("encoder_hidden_states")
        if threading.get_ident() == me and context is not None:
            found.append(_probs(module, args[0] if args else kwargs["hidden_states"], context)[0])

    layers = [m for name, m in pipe.unet.named_modules() if name.endswith("attn2")]
    hooks = [m.register_forward_pre_hook(record, with_kwargs=True) for m in layers]
    try:
        with torch.no_grad():
            pipe.unet(xin, t, encoder_hidden_states=states)
    finally:
        for hook in hooks:
            hook.remove()
    side = tuple(latents.shape[2:])
    average = torch.stack([_to_side(m.float(), side) for m in found]).mean(0)  # (77, h, w)
    return tokens, (average if all_slots else average[:len(tokens)]).cpu()

