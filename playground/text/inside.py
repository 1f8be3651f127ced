"""Looking inside a language model: attention maps, position codes, recurrent gates, nearby embeddings.

Owns ``attention_maps`` and ``attention_weights`` (recomputed explicitly, because
F.scaled_dot_product_attention returns only its output), ``positional_encoding``,
``recurrent_internals`` (LSTM/GRU gates recomputed from the torch module's own
weights, because nn.LSTM/nn.GRU return only h and c) and ``nearest_embeddings``.
Everything runs in eval mode without autograd and returns CPU tensors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from playground.errors import UserError
from playground.text.models import CausalSelfAttention, LMInputError, RecurrentLM, TransformerLM
from playground.text.sample import as_prompt, evaluating
from playground.text.wording import Texts


# what each of recurrent_internals' keys is called (LSTM: i f g o c h; GRU: r z n h; RNN: h), in the language
# of the request being served ("input gate"; the texts are lm.gate_<key> in playground/i18n/lm.py)
GATE_NAMES = Texts({g: f"lm.gate_{g}" for g in "ifgochrzn"})


# which of them each recurrent architecture computes, in recurrent_internals' order
GATES = {"lstm": ("i", "f", "g", "o", "c", "h"), "gru": ("r", "z", "n", "h"), "rnn": ("h",)}
# how to read each one's values ("0 = forget the cell's memory, 1 = keep it"), in the same way
GATE_HELP = Texts({g: f"lm.gate_help_{g}" for g in "ifgochrzn"})


# those whose values have a sign: tanh candidates and states (g, n, h) and the LSTM's cell (c, unbounded);
# the others are sigmoid gates, between 0 and 1
SIGNED_GATES = frozenset("gcnh")
FIRST_GATE = "f"  # the one Look inside opens on where the model has it: the LSTM's forget gate, its memory


def gates_for(arch: str) -> tuple[str, ...]:
    """The gates and states ``recurrent_internals`` gives for ``arch`` (none for a transformer)."""
    return GATES.get(arch, ())


def first_gate(arch: str) -> str | None:
    """The gate Look inside shows first for ``arch``: FIRST_GATE where it has one, else its first (None: no gates)."""
    gates = gates_for(arch)
    return FIRST_GATE if FIRST_GATE in gates else (gates[0] if gates else None)


def _need(model: nn.Module, cls: type, what: str) -> None:
    """``what``: the key naming the views asked for ("lm.what_attention": "attention maps")."""
    if not isinstance(model, cls):
        kind = getattr(getattr(model, "cfg", None), "arch", type(model).__name__)
        needs = "lm.needs_transformer" if cls is TransformerLM else "lm.needs_recurrent"
        raise LMInputError("lm.only_for", what=UserError(what), needs=UserError(needs), kind=kind)


# ----------------------------------------------------------------------------- transformer


def attention_weights(attn: CausalSelfAttention, x: torch.Tensor) -> torch.Tensor:
    """The weights one attention layer gives ``x`` (B, T, C): (B, n_head, T, T), each row summing to 1.

    softmax(QKᵀ/√d_k + M) (Vaswani et al. 2017, eq. 1), M = -inf above the diagonal, so a
    token never looks ahead: those weights are exactly 0. ``weights @ v`` is what SDPA computes.
    """
    q, k, _ = attn.heads(x)  # each (B, nh, T, hs)
    T, hs = q.size(-2), q.size(-1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(hs)  # (B, nh, T, T)
    future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(diagonal=1)  # (T, T)
    return torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)


def attention_maps(model: nn.Module, ids: Sequence[int] | torch.Tensor) -> torch.Tensor:
    """Every head's attention over ``ids`` (at most block_size tokens): (n_layer, n_head, T, T).

    Row t is how much token t takes from each earlier token (and itself).
    """
    _need(model, TransformerLM, "lm.what_attention")
    idx = as_prompt(model, ids)  # (1, T)
    maps = []
    with evaluating(model):
        x = model.embed(idx)  # (1, T, C); raises for too long an input
        for block in model.blocks:
            maps.append(attention_weights(block.attn, block.ln_1(x))[0])  # (nh, T, T)
            x = block(x)
    return torch.stack(maps).float().cpu()


def positional_encoding(model: nn.Module, T: int) -> torch.Tensor:
    """The position vectors added to the first ``T`` tokens: (T, C), learned rows or the sinusoidal table."""
    _need(model, TransformerLM, "lm.what_positions")
    if not 1 <= T <= model.cfg.block_size:
        raise LMInputError("lm.bad_position_count", block=model.cfg.block_size, count=T)
    table = model.wpe.weight if model.wpe is not None else model.pe  # (block_size, C)
    return table[:T].detach().float().cpu().clone()


# ----------------------------------------------------------------------------- recurrent


def _lstm_layer(x, w_ih, w_hh, b_ih, b_hh) -> dict[str, torch.Tensor]:
    """One LSTM layer over x (T, in), from zero state; PyTorch's nn.LSTM equations (its docs), gates i,f,g,o:
    i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…f…), g = tanh(…g…), o = σ(…o…),
    c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')."""
    H = w_hh.size(1)
    h, c = x.new_zeros(H), x.new_zeros(H)
    pre_x = x @ w_ih.T + b_ih  # (T, 4H): the input half of every gate, all steps at once
    out = {name: [] for name in ("i", "f", "g", "o", "c", "h")}
    for t in range(x.size(0)):
        i, f, g, o = (pre_x[t] + h @ w_hh.T + b_hh).split(H)  # each (H,)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        for name, value in zip(out, (i, f, g, o, c, h)):
            out[name].append(value)
    return {name: torch.stack(values) for name, values in out.items()}  # each (T, H)


def _gru_layer(x, w_ih, w_hh, b_ih, b_hh) -> dict[str, torch.Tensor]:
    """One GRU layer over x (T, in), from zero state; PyTorch's nn.GRU equations (its docs), gates r,z,n:
    r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
    n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h."""
    H = w_hh.size(1)
    h = x.new_zeros(H)
    pre_x = x @ w_ih.T + b_ih  # (T, 3H)
    out = {name: [] for name in ("r", "z", "n", "h")}
    for t in range(x.size(0)):
        xr, xz, xn = pre_x[t].split(H)
        hr, hz, hn = (h @ w_hh.T + b_hh).split(H)
        r, z = torch.sigmoid(xr + hr), torch.sigmoid(xz + hz)
        n = torch.tanh(xn + r * hn)
        h = (1 - z) * n + z * h
        for name, value in zip(out, (r, z, n, h)):
            out[name].append(value)
    return {name: torch.stack(values) for name, values in out.items()}


def _rnn_layer(x, w_ih, w_hh, b_ih, b_hh) -> dict[str, torch.Tensor]:
    """One Elman layer over x (T, in), from zero state (nn.RNN docs): h' = tanh(W_ih x + b_ih + W_hh h + b_hh)."""
    h = x.new_zeros(w_hh.size(1))
    pre_x = x @ w_ih.T + b_ih  # (T, H)
    hs = []
    for t in range(x.size(0)):
        h = torch.tanh(pre_x[t] + h @ w_hh.T + b_hh)
        hs.append(h)
    return {"h": torch.stack(hs)}


_LAYER = {"lstm": _lstm_layer, "gru": _gru_layer, "rnn": _rnn_layer}


def recurrent_internals(model: nn.Module, ids: Sequence[int] | torch.Tensor) -> dict[str, torch.Tensor]:
    """What each recurrent layer computes at each token, from a zero state: name → (n_layer, T, H).

    LSTM: "i" input gate, "f" forget gate, "g" candidate, "o" output gate, "c" cell, "h" hidden.
    GRU: "r" reset gate, "z" update gate, "n" candidate, "h" hidden.  RNN: "h".
    Recomputed from the module's own ``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``,
    ``bias_hh_l{k}``; layer k > 0 reads layer k − 1's h (eval mode: no dropout between them).
    """
    _need(model, RecurrentLM, "lm.what_gates")
    idx = as_prompt(model, ids)  # (1, T)
    rnn, layer_fn = model.rnn, _LAYER[model.cfg.arch]
    per_layer = []
    with evaluating(model):
        x = model.wte(idx)[0].float()  # (T, C)
        for k in range(rnn.num_layers):
            w = [getattr(rnn, f"{name}_l{k}").float() for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
            values = layer_fn(x, *w)
            per_layer.append(values)
            x = values["h"]  # (T, H): the next layer's input
    return {name: torch.stack([layer[name] for layer in per_layer]).cpu() for name in per_layer[0]}


# ----------------------------------------------------------------------------- embeddings


def nearest_embeddings(model: nn.Module, token_id: int, k: int) -> list[tuple[int, float]]:
    """The ``k`` tokens whose input embeddings point most nearly the same way as ``token_id``'s:
    (id, cosine similarity) best first, the token itself left out."""
    table = model.wte.weight.detach().float()  # (V, C)
    V = table.size(0)
    if not 0 <= token_id < V:
        raise LMInputError("lm.id_outside_vocab", id=token_id, size=V)
    if k < 0:
        raise LMInputError("lm.bad_neighbours", value=k)
    cos = F.cosine_similarity(table, table[token_id].unsqueeze(0), dim=1).cpu()  # (V,)
    cos[token_id] = float("-inf")  # never its own neighbour
    best = torch.sort(cos, descending=True, stable=True)
    k = min(k, V - 1)
    return [(int(i), float(c)) for c, i in zip(best.values[:k], best.indices[:k])]
