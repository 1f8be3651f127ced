"""playground.text.inside: recomputed attention and gates match PyTorch's fused modules; positions; neighbours."""

from __future__ import annotations

import pytest
import torch

from playground.text.inside import (
    attention_maps, attention_weights, nearest_embeddings, positional_encoding, recurrent_internals,
)
from playground.text.models import LMConfig, LMInputError, build_lm, sinusoidal_positions

V = 30
IDS = [4, 8, 15, 16, 23, 29, 0, 7, 7, 1, 2, 3]  # 12 tokens


def transformer(**kw):
    cfg = LMConfig(**{**dict(arch="transformer", vocab_size=V, n_layer=3, n_embd=32, n_head=4, block_size=16), **kw})
    model = build_lm(cfg, seed=2)
    with torch.no_grad():  # larger q·k than at init, so the attention is far from uniform and mistakes show
        for block in model.blocks:
            block.attn.c_attn.weight.mul_(8)
    return model


# ----------------------------------------------------------------------------- attention


def test_attention_maps_are_causal_distributions():
    maps = attention_maps(transformer(), IDS)
    T = len(IDS)
    assert maps.shape == (3, 4, T, T)
    torch.testing.assert_close(maps.sum(-1), torch.ones(3, 4, T))
    above = torch.ones(T, T, dtype=torch.bool).triu(1)
    assert (maps[..., above] == 0).all()  # exactly zero: no token sees the future
    assert (maps[..., ~above] > 0).all()
    assert maps[0, 0, 0, 0].item() == pytest.approx(1.0)  # the first token can only look at itself
    assert maps.std() > 0.05  # not uniform


def test_explicit_weights_reproduce_sdpa_in_every_block():
    model = transformer().eval()
    idx = torch.tensor([IDS])
    with torch.no_grad():
        x = model.embed(idx)  # (1, T, C)
        for block in model.blocks:
            h = block.ln_1(x)
            weights = attention_weights(block.attn, h)  # (1, nh, T, T)
            _, _, v = block.attn.heads(h)  # (1, nh, T, hs)
            by_hand = block.attn.merge(weights @ v)  # (1, T, C)
            torch.testing.assert_close(by_hand, block.attn(h), atol=1e-5, rtol=1e-5)
            x = block(x)
    torch.testing.assert_close(attention_maps(model, IDS)[2], weights[0])


def test_attention_maps_refuse_recurrent_models_and_long_inputs():
    with pytest.raises(LMInputError, match="only for a transformer"):
        attention_maps(build_lm(LMConfig(arch="gru", vocab_size=V, n_embd=8, n_layer=1)), IDS)
    with pytest.raises(LMInputError, match="reads at most 16"):
        attention_maps(transformer(), IDS * 2)


def test_positional_encoding_learned_and_sinusoidal():
    learned = transformer()
    torch.testing.assert_close(positional_encoding(learned, 5), learned.wpe.weight[:5].detach())
    fixed = transformer(positions="sinusoidal")
    torch.testing.assert_close(positional_encoding(fixed, 16), sinusoidal_positions(16, 32))
    with pytest.raises(LMInputError, match="1 to 16 positions"):
        positional_encoding(fixed, 17)


# ----------------------------------------------------------------------------- recurrent


def recurrent(arch: str):
    cfg = LMConfig(arch=arch, vocab_size=V, n_layer=2, n_embd=24, block_size=16, dropout=0.3)
    return build_lm(cfg, seed=4).train()  # in training mode: the recomputation must switch dropout off itself


def _torch_states(model):
    """What nn.RNN/LSTM/GRU itself returns for IDS: last layer's h at every step, every layer's final h (and c)."""
    with torch.no_grad():
        model.eval()
        out, state = model.rnn(model.wte(torch.tensor([IDS])))  # out (1, T, H); h_n (n_layer, 1, H)
        model.train()
    return out[0], state


@pytest.mark.parametrize("arch, names", [
    ("lstm", {"i", "f", "g", "o", "c", "h"}), ("gru", {"r", "z", "n", "h"}), ("rnn", {"h"}),
])
def test_recomputed_states_equal_the_torch_module(arch, names):
    model = recurrent(arch)
    inside = recurrent_internals(model, IDS)
    assert set(inside) == names
    assert all(v.shape == (2, len(IDS), 24) for v in inside.values())
    out, state = _torch_states(model)
    h_n, c_n = state if arch == "lstm" else (state, None)
    torch.testing.assert_close(inside["h"][-1], out, atol=1e-5, rtol=0)  # top layer, every step
    torch.testing.assert_close(inside["h"][:, -1], h_n[:, 0], atol=1e-5, rtol=0)  # every layer, last step
    if arch == "lstm":
        torch.testing.assert_close(inside["c"][:, -1], c_n[:, 0], atol=1e-5, rtol=0)
    assert model.training  # mode restored


def test_every_layer_at_every_step_matches_a_one_layer_module_fed_the_layer_below():
    """Layer 2's h over all steps: nn.LSTM with layer 2's weights, fed our layer-1 h, gives the same."""
    model = recurrent("lstm")
    inside = recurrent_internals(model, IDS)
    one = torch.nn.LSTM(24, 24, batch_first=True)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(one, f"{name}_l0").copy_(getattr(model.rnn, f"{name}_l1"))
        out, _ = one(inside["h"][0].unsqueeze(0))
    torch.testing.assert_close(out[0], inside["h"][1], atol=1e-5, rtol=0)


def _cell(kind: str, model, layer: int, force: dict[int, float] | None = None):
    """torch's own nn.LSTMCell / nn.GRUCell with layer ``layer``'s weights; ``force`` {gate row block: value}
    replaces a gate's weights by 0 and its input bias by ``value``, so that gate is a known constant."""
    rnn = model.rnn
    cell = (torch.nn.LSTMCell if kind == "lstm" else torch.nn.GRUCell)(rnn.input_size, rnn.hidden_size)
    H = rnn.hidden_size
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(rnn, f"{name}_l{layer}"))
        for block, value in (force or {}).items():
            rows = slice(block * H, (block + 1) * H)
            cell.weight_ih[rows] = 0
            cell.weight_hh[rows] = 0
            cell.bias_ih[rows] = value
            cell.bias_hh[rows] = 0
    return cell


ONE, ZERO = 50.0, -50.0  # biases that saturate: sigmoid(50) and tanh(50) are 1.0 in float32, sigmoid(-50) ~ 2e-22


def test_lstm_gates_are_what_torchs_own_cell_computes():
    """Each gate read off nn.LSTMCell, fed our x_t, h_{t-1}, c_{t-1}: c' = f⊙c + i⊙g is linear in c, so
    c'(c=1) − c'(c=0) is f and c'(c=0) is i⊙g; with g forced to 1, c'(c=0) is i; with f forced to 1 and
    c = 20, tanh(c') is 1 and h' is o."""
    model = recurrent("lstm")
    inside = recurrent_internals(model, IDS)
    with torch.no_grad():
        model.eval()
        x = model.wte(torch.tensor(IDS)).float()  # (T, C): layer 0's input
        for k in range(2):
            plain = _cell("lstm", model, k)
            g_one, f_one = _cell("lstm", model, k, {2: ONE}), _cell("lstm", model, k, {1: ONE})
            h = torch.zeros(1, 24)
            c = torch.zeros(1, 24)
            for t in range(len(IDS)):
                xt = x[t : t + 1]
                _, c_at_0 = plain(xt, (h, torch.zeros_like(c)))
                _, c_at_1 = plain(xt, (h, torch.ones_like(c)))
                _, i = g_one(xt, (h, torch.zeros_like(c)))
                o, _ = f_one(xt, (h, torch.full_like(c, 20.0)))
                h, c = plain(xt, (h, c))  # the cell's own next state, from its own previous one
                got = {name: inside[name][k, t] for name in ("i", "f", "g", "o", "c", "h")}
                torch.testing.assert_close(got["f"], (c_at_1 - c_at_0)[0], atol=1e-5, rtol=0)
                torch.testing.assert_close(got["i"], i[0], atol=1e-5, rtol=0)
                torch.testing.assert_close(got["i"] * got["g"], c_at_0[0], atol=1e-5, rtol=0)
                torch.testing.assert_close(got["o"], o[0], atol=1e-5, rtol=0)
                torch.testing.assert_close(got["c"], c[0], atol=1e-5, rtol=0)
                torch.testing.assert_close(got["h"], h[0], atol=1e-5, rtol=0)
            x = inside["h"][k]  # the next layer reads this layer's h
        model.train()
    assert inside["g"].abs().max() > 0.05 and inside["i"].min() > 1e-3  # g is pinned down by i⊙g where i > 0


def test_gru_gates_are_what_torchs_own_cell_computes():
    """Each gate read off nn.GRUCell, h' = (1 − z)⊙n + z⊙h: with z forced to 0, h' is n; with n's rows
    zeroed, its bias_hh 1 and z forced to 0, h' is tanh(r); with n forced to 1, h' is 1 − z⊙(1 − h)."""
    model = recurrent("gru")
    inside = recurrent_internals(model, IDS)
    with torch.no_grad():
        model.eval()
        x = model.wte(torch.tensor(IDS)).float()
        for k in range(2):
            plain = _cell("gru", model, k)
            z_zero, n_one = _cell("gru", model, k, {1: ZERO}), _cell("gru", model, k, {2: ONE})
            r_only = _cell("gru", model, k, {1: ZERO, 2: 0.0})
            r_only.bias_hh[2 * 24 :] = 1.0  # n = tanh(0 + r⊙1)
            h = torch.zeros(1, 24)
            for t in range(len(IDS)):
                xt = x[t : t + 1]
                got = {name: inside[name][k, t] for name in ("r", "z", "n", "h")}
                torch.testing.assert_close(got["n"], z_zero(xt, h)[0], atol=1e-5, rtol=0)
                torch.testing.assert_close(got["r"], torch.atanh(r_only(xt, h)[0]), atol=1e-4, rtol=0)
                torch.testing.assert_close(1 - got["z"] * (1 - h[0]), n_one(xt, h)[0], atol=1e-5, rtol=0)
                h = plain(xt, h)
                torch.testing.assert_close(got["h"], h[0], atol=1e-5, rtol=0)
            x = inside["h"][k]
        model.train()
    with pytest.raises(LMInputError, match="only for a recurrent network"):
        recurrent_internals(transformer(), IDS)


# ----------------------------------------------------------------------------- embeddings


def test_nearest_embeddings_exclude_the_token_and_are_sorted():
    model = recurrent("gru")
    with torch.no_grad():  # make token 9 a scaled copy of token 3: cosine exactly 1
        model.wte.weight[9] = 2.5 * model.wte.weight[3]
    near = nearest_embeddings(model, 3, 5)
    assert len(near) == 5 and 3 not in [i for i, _ in near]
    sims = [c for _, c in near]
    assert sims == sorted(sims, reverse=True)
    assert near[0][0] == 9 and near[0][1] == pytest.approx(1.0, abs=1e-5)
    table = model.wte.weight.detach()
    expected = torch.nn.functional.cosine_similarity(table[3:4], table[near[2][0]:near[2][0] + 1]).item()
    assert near[2][1] == pytest.approx(expected, abs=1e-6)
    assert len(nearest_embeddings(model, 3, 1000)) == V - 1
    with pytest.raises(LMInputError):
        nearest_embeddings(model, V, 3)
