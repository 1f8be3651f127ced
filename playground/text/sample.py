"""Asking a language model for the next token: its probabilities, the top few, and streamed generation.

Owns ``next_token_probs``, ``top_k`` and ``generate``. Prompts are lists of token ids
(the tokenizer is elsewhere). Recurrent models read the prompt once and then carry
their state; transformers re-read their last ``block_size`` tokens at each step.
Sampling draws from a per-call ``torch.Generator`` on the CPU, so the same seed and
settings give the same tokens, whatever else runs, on any device the model is on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import torch
from torch import nn

from playground.devices import evaluating
from playground.text.models import LMInputError, RecurrentLM, TransformerLM


class SamplingError(LMInputError):
    """A sampling setting out of range (negative temperature, top-p outside (0, 1], ...)."""


def as_prompt(model: nn.Module, ids: Sequence[int] | torch.Tensor) -> torch.Tensor:
    """A prompt → a (1, T) long tensor on the model's device, after checking it is usable."""
    if not isinstance(model, (RecurrentLM, TransformerLM)):
        raise TypeError(f"expected a RecurrentLM or TransformerLM, got {type(model).__name__}")
    flat = torch.as_tensor(ids, dtype=torch.long).reshape(-1)  # (T,)
    if flat.numel() == 0:
        raise LMInputError("lm.empty_prompt")
    V = model.cfg.vocab_size
    if int(flat.min()) < 0 or int(flat.max()) >= V:
        bad = int(flat.min()) if int(flat.min()) < 0 else int(flat.max())
        raise LMInputError("lm.prompt_outside_vocab", id=bad, size=V)
    return flat.unsqueeze(0).to(next(model.parameters()).device)  # (1, T)


def _check_temperature(temperature: float) -> None:
    if not temperature >= 0:  # also refuses NaN
        raise SamplingError("lm.bad_temperature", value=temperature)


def _tempered(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Scores (V,) → probabilities softmax(logits / T) (V,); T = 0 puts all the mass on the argmax."""
    if temperature == 0:
        probs = torch.zeros_like(logits, dtype=torch.float32)
        probs[int(torch.argmax(logits))] = 1.0
        return probs
    return torch.softmax(logits.float() / temperature, dim=-1)


def _window(model: nn.Module, idx: torch.Tensor) -> torch.Tensor:
    """A transformer reads at most its last block_size tokens; a recurrent model reads them all."""
    if isinstance(model, TransformerLM):
        return idx[:, -model.cfg.block_size:]
    return idx


def next_token_probs(model: nn.Module, ids: Sequence[int] | torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """The model's distribution over the token after ``ids``: a (V,) float tensor on the CPU summing to 1."""
    _check_temperature(temperature)
    idx = as_prompt(model, ids)  # (1, T)
    with evaluating(model):
        logits, _ = model(_window(model, idx))  # (1, T, V)
        return _tempered(logits[0, -1].float().cpu(), temperature)


def top_k(probs: torch.Tensor, k: int) -> list[tuple[int, float]]:
    """The ``k`` most likely ids with their probabilities, best first (ties: lower id first)."""
    if k < 0:
        raise SamplingError("lm.bad_k", value=k)
    k = min(k, probs.numel())
    order = torch.sort(probs.detach().float().cpu(), descending=True, stable=True)
    return [(int(i), float(p)) for p, i in zip(order.values[:k], order.indices[:k])]


def filter_probs(probs: torch.Tensor, top_k: int | None = None, top_p: float | None = None) -> torch.Tensor:
    """Keep the ``top_k`` most likely tokens, then the nucleus: the fewest, most likely tokens whose
    probabilities add up to at least ``top_p`` (Holtzman et al. 2020, "The Curious Case of Neural Text
    Degeneration", §3.1); renormalise. The most likely token is always kept. ``probs`` (V,) → (V,)."""
    sorted_p, order = torch.sort(probs, descending=True, stable=True)  # (V,), best first
    keep = torch.ones_like(sorted_p, dtype=torch.bool)
    if top_k is not None:
        keep[top_k:] = False
    if top_p is not None:
        before = torch.cumsum(sorted_p, dim=0) - sorted_p  # mass of the better tokens
        keep &= before < top_p  # a token stays while the nucleus is still short of top_p
    keep[0] = True
    out = torch.zeros_like(probs)
    out[order[keep]] = sorted_p[keep]
    return out / out.sum()


def _check_settings(length: int, temperature: float, top_k: int | None, top_p: float | None) -> None:
    if length < 0:
        raise SamplingError("lm.bad_length", value=length)
    _check_temperature(temperature)
    if top_k is not None and top_k < 1:
        raise SamplingError("lm.bad_top_k", value=top_k)
    if top_p is not None and not 0 < top_p <= 1:
        raise SamplingError("lm.bad_top_p", value=top_p)


def generate(model: nn.Module, ids: Sequence[int] | torch.Tensor, length: int, temperature: float = 1.0,
             top_k: int | None = None, top_p: float | None = None, seed: int = 0,
             banned: Sequence[int] = ()) -> Iterator[tuple[int, float]]:
    """Stream ``length`` new tokens after ``ids``, one ``(id, probability)`` at a time.

    The probability is the model's own for that token (softmax of its scores at
    temperature 1, before top-k/top-p), i.e. how likely the model found it. Each draw
    applies the temperature (0 = always the most likely token), then top-k, then top-p.
    Each step runs in eval mode without autograd (``devices.evaluating``); between
    tokens the model is as the caller left it. ``banned`` ids are never drawn (``<unk>``, say: a
    word the model cannot spell out); the rest share their probability.
    """
    _check_settings(length, temperature, top_k, top_p)
    banned = torch.as_tensor(list(banned), dtype=torch.long)
    idx = as_prompt(model, ids)  # (1, T)
    generator = torch.Generator().manual_seed(seed)  # this call's own randomness
    state, logits = None, None
    for _ in range(length):
        # eval mode and no autograd per step, never across a yield: between tokens the model and the
        # thread are as the caller left them
        with evaluating(model):
            if isinstance(model, RecurrentLM):
                # the whole prompt once, then only the newest token, carrying h (and c)
                step_in = idx if state is None else idx[:, -1:]
                out, state = model.step(step_in, state)  # out (1, t, V)
            else:
                out, _ = model(_window(model, idx))  # (1, t, V): no KV cache, re-read the window
            logits = out[0, -1].float().cpu()  # (V,)
        drawn_from = logits.index_fill(0, banned, float("-inf")) if banned.numel() else logits
        probs = filter_probs(_tempered(drawn_from, temperature), top_k, top_p)
        token = int(torch.multinomial(probs, 1, generator=generator)) if temperature > 0 else int(probs.argmax())
        yield token, float(torch.softmax(logits, dim=-1)[token])
        idx = torch.cat([idx, torch.tensor([[token]], device=idx.device)], dim=1)
