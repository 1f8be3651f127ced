"""A Hub model's next tokens with each token's own text, so that a click appends exactly what the model would write.

``hub.inside.next_tokens`` names each token by its text stripped of spaces ("cat" for " cat"), which is right for
the bars and the public API but loses whether the piece starts a new word (" cat") or continues one ("s" after
"cat"). ``next_pieces`` gives the same tokens, in the same order with the same probabilities, and each one's text
as ``tokenizer.decode([id])`` writes it; ``after`` is the prompt with one of them appended.
"""

from __future__ import annotations

import torch

from playground.hub import inside
from playground.hub.lm import HubLM


def next_pieces(lm: HubLM, prompt: str, k: int) -> list[dict]:
    """The ``k`` likeliest next tokens, best first: ``{"word": text.strip(), "text": decode([id]),
    "probability": p}``, p the softmax of the last position's logits in fp32 (as ``inside.next_tokens``)."""
    ids = inside.prompt_ids(lm, prompt)
    with torch.inference_mode():
        logits = lm.model(input_ids=torch.tensor([ids], device=lm.device), use_cache=False).logits[0, -1]
    probs = torch.softmax(logits.float().cpu(), dim=-1)  # (V,)
    best = torch.topk(probs, min(int(k), probs.numel()))
    texts = [lm.tokenizer.decode([int(i)]) for i in best.indices]
    return [{"word": text.strip(), "text": text, "probability": float(p)} for text, p in zip(texts, best.values)]


def after(prompt: str, text: str) -> str:
    """The prompt followed by exactly a token's own text: " cat" brings its space, "s" continues the last word."""
    return prompt + text
