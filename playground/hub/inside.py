"""What a Hub language model says and how: the next tokens, the prompt as the tokenizer splits it, seeded
generation, attention per layer and head, the logit lens and the probability of a continuation.

Every function reads a shared ``HubLM`` without changing it (no autograd, eval mode set once at load) and answers
on the CPU in fp32, whatever the model runs in.
"""

from __future__ import annotations

import inspect
from typing import Iterator

import torch

from playground.hub.lm import HubLM, eager_attention
from playground.text.models import LMInputError
from playground.text.sample import _check_settings, _tempered, filter_probs

MAX_WINDOW = 1024  # tokens a Hub model reads at most here (GPT-2's context; longer prompts keep their end)
# how tokenizers mark a piece's leading space or line break (GPT-2's byte-level BPE, SentencePiece): shown visibly
MARKERS = {"Ġ": "·", "▁": "·", "Ċ": "⏎", "ĉ": "⇥"}


def prompt_ids(lm: HubLM, prompt: str) -> list[int]:
    """The prompt's token ids as the model reads them (special tokens such as BOS included), its end kept."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise LMInputError("next_word.type_words")
    ids = list(lm.tokenizer(prompt)["input_ids"])
    if not ids:
        raise LMInputError("next_word.no_known_tokens")
    return ids[-window(lm):]


def window(lm: HubLM) -> int:
    """Positions the model reads at once: its context, at most MAX_WINDOW."""
    return min(int(getattr(lm.model.config, "max_position_embeddings", 0) or MAX_WINDOW), MAX_WINDOW)


def _forward(lm: HubLM, ids: list[int], **outputs: bool):
    with torch.inference_mode():
        return lm.model(input_ids=torch.tensor([ids], device=lm.device), use_cache=False, **outputs)


def show_piece(piece: str) -> str:
    """A tokenizer's piece as the page shows it: "Ġcat" → "·cat" (the dot is the space the piece starts with)."""
    for marker, shown in MARKERS.items():
        piece = piece.replace(marker, shown)
    return piece


def pieces(lm: HubLM, prompt: str) -> list[str]:
    """The prompt's tokens as the tokenizer splits them, BPE markers visible."""
    return [show_piece(p) for p in lm.tokenizer.convert_ids_to_tokens(prompt_ids(lm, prompt))]


def next_tokens(lm: HubLM, prompt: str, k: int) -> list[dict]:
    """The ``k`` likeliest next tokens, best first: ``{"word": decode([id]).strip(), "probability": p, "text":
    token_text(...)}``, p the softmax of the last position's logits in fp32. "word" names the token (the bars, the
    public API); "text" is what the model writes after the prompt, spaces included (" cat" starts a word, "s"
    continues one)."""
    ids = prompt_ids(lm, prompt)
    logits = _forward(lm, ids).logits[0, -1].float().cpu()  # (V,)
    probs = torch.softmax(logits, dim=-1)
    best = torch.topk(probs, min(int(k), probs.numel()))
    return [{"word": lm.tokenizer.decode([int(i)]).strip(), "probability": float(p), "text": token_text(lm, ids, int(i))}
            for i, p in zip(best.indices, best.values)]


def token_text(lm: HubLM, ids: list[int], token: int) -> str:
    """What ``token`` writes after ``ids``, spaces included: the text it adds in context. A SentencePiece piece
    ("▁cat") decoded alone loses its leading space; after the prompt it keeps it. Both decoded alike (special
    tokens kept), so a BOS changes nothing; where the prompt's text changes with the token (an unfinished
    character), the token's own text."""
    before = lm.tokenizer.decode(ids)
    after = lm.tokenizer.decode(ids + [token])
    return after[len(before):] if after.startswith(before) else lm.tokenizer.decode([token])


def generate(lm: HubLM, prompt: str, length: int, temperature: float = 1.0, top_k: int | None = None,
             top_p: float | None = None, seed: int = 0) -> Iterator[tuple[int, float]]:
    """Stream ``length`` new tokens, one ``(id, probability)`` at a time, as ``playground.text.sample.generate``:
    temperature (0: the likeliest), then top-k, then top-p, drawn from a generator seeded per call (same seed,
    same text). The model's key/value cache carries the text so far, so each token costs one position; when the
    text outgrows the model's context, the cache starts again from the last half of it."""
    _check_settings(length, temperature, top_k, top_p)
    ids, context = prompt_ids(lm, prompt), window(lm)
    generator = torch.Generator().manual_seed(int(seed))
    step, past = ids, None
    name = "cache" if "cache" in inspect.signature(lm.model.forward).parameters else "past_key_values"
    for _ in range(length):
        if past is not None and len(ids) > context:  # the next position would be past the last the model has
            step, past = ids[-(context // 2):], None
        with torch.inference_mode():
            out = lm.model(input_ids=torch.tensor([step], device=lm.device), use_cache=True,
                           **({name: past} if past is not None else {}))
        past = out.get("cache") if "cache" in out else out.get("past_key_values")
        logits = out.logits[0, -1].float().cpu()  # (V,)
        probs = filter_probs(_tempered(logits, temperature), top_k, top_p)
        token = int(torch.multinomial(probs, 1, generator=generator)) if temperature > 0 else int(probs.argmax())
        yield token, float(torch.softmax(logits, dim=-1)[token])
        ids, step = ids + [token], [token]


def decode(lm: HubLM, ids: list[int]) -> str:
    return lm.tokenizer.decode(ids, skip_special_tokens=True)


def attention(lm: HubLM, prompt: str) -> tuple[torch.Tensor, list[str]]:
    """Attention weights (L, H, T, T) in fp32 (row: the position that attends; each row sums to 1; causal) and
    the prompt's pieces."""
    ids = prompt_ids(lm, prompt)
    with eager_attention(lm):  # the fused kernel the model runs with otherwise keeps its weights to itself
        maps = _forward(lm, ids, output_attentions=True).attentions
    return torch.stack([a[0].float().cpu() for a in maps]), pieces(lm, prompt)


def final_norm(lm: HubLM) -> torch.nn.Module | None:
    """The norm the model applies after its last block (GPT-2 ``transformer.ln_f``, Llama ``model.norm``)."""
    base = lm.model.base_model
    for name in ("ln_f", "norm", "final_layer_norm", "final_layernorm", "norm_f"):
        module = getattr(base, name, None)
        if isinstance(module, torch.nn.Module):
            return module
    return None


def logit_lens(lm: HubLM, prompt: str) -> dict:
    """The likeliest next token read from every block's output through the final norm and the unembedding
    (nostalgebraist, "interpreting GPT: the logit lens", 2020): ``{"ids", "words", "probs"}``, each (L, T), and
    the prompt's pieces. The model's own last hidden state already passed the final norm, so the last row is
    exactly the model's output."""
    norm, head = final_norm(lm), lm.model.get_output_embeddings()
    if norm is None or head is None:
        raise LMInputError("hub.no_lens", repo=lm.repo)
    ids = prompt_ids(lm, prompt)
    hidden = _forward(lm, ids, output_hidden_states=True).hidden_states  # L + 1 of (1, T, C): embeddings first
    rows = []
    with torch.inference_mode():
        for i, h in enumerate(hidden[1:], start=1):
            h = h if i == len(hidden) - 1 else norm(h)
            rows.append(torch.softmax(head(h)[0].float().cpu(), dim=-1))  # (T, V)
    probs, best = torch.stack(rows).max(dim=-1)  # (L, T)
    words = [[show_piece(p) for p in lm.tokenizer.convert_ids_to_tokens(row.tolist())] for row in best]
    return {"ids": best, "words": words, "probs": probs, "pieces": pieces(lm, prompt)}


def continuation(lm: HubLM, prompt: str, text: str) -> dict:
    """How likely the model finds ``text`` right after ``prompt``: the product of each of its tokens'
    probabilities given everything before it. ``{"probability", "tokens": [(piece, p)]}``."""
    if not isinstance(text, str) or not text.strip():
        raise LMInputError("hub.type_continuation")
    ids = prompt_ids(lm, prompt)
    if not prompt[-1:].isspace() and not text[:1].isspace():
        text = " " + text  # the words follow the prompt's last word: the space belongs to the first token
    more = list(lm.tokenizer(text, add_special_tokens=False)["input_ids"])[:MAX_WINDOW // 2]
    ids = (ids + more)[-MAX_WINDOW:]
    logp = torch.log_softmax(_forward(lm, ids).logits[0].float().cpu(), dim=-1)  # (T, V)
    start = len(ids) - len(more)
    steps = [float(logp[start + j - 1, tok]) for j, tok in enumerate(more)]
    names = [show_piece(p) for p in lm.tokenizer.convert_ids_to_tokens(more)]
    return {"probability": float(torch.tensor(steps).sum().exp()),
            "tokens": [(n, float(torch.tensor(s).exp())) for n, s in zip(names, steps)]}
