"""playground.text.models: config checks, the size cap, shapes, loss at init, learning on real text, seeding."""

from __future__ import annotations

import math

import pytest
import torch

from playground.errors import UserError
from playground.text.models import (
    ARCHS, LMConfig, LMInputError, ModelConfigError, RecurrentLM, TransformerLM, build_lm, check_size,
    param_count, sinusoidal_positions,
)
from tests.text import real_file


@pytest.fixture(scope="module")
def shakespeare_ids() -> tuple[torch.Tensor, int]:
    """The first 50,000 characters of tinyshakespeare as char ids (a vocabulary of the chars it uses)."""
    text = real_file("tinyshakespeare.txt").read_text(encoding="utf-8")[:50_000]
    vocab = {ch: i for i, ch in enumerate(sorted(set(text)))}
    return torch.tensor([vocab[ch] for ch in text], dtype=torch.long), len(vocab)


def small(arch: str, **kw) -> LMConfig:
    base = dict(arch=arch, vocab_size=50, n_layer=2, n_embd=32, n_head=4, block_size=16)
    return LMConfig(**{**base, **kw})


# ----------------------------------------------------------------------------- config


@pytest.mark.parametrize("kw, words", [
    (dict(block_size=0), "context length must be at least 1"),
    (dict(n_embd=30, n_head=4), "does not split evenly into 4 attention heads"),
    (dict(arch="lstm", n_hidden=64, tie_weights=True), "tied weights need the hidden size (64)"),
    (dict(arch="cnn"), "architecture must be one of"),
    (dict(vocab_size=1), "vocabulary size must be at least 2"),
    (dict(n_layer=2.5), "number of layers must be a whole number"),
    (dict(dropout=1.0), "dropout must be a number from 0"),
    (dict(positions="rotary"), "positions must be"),
])
def test_bad_configs_are_refused_in_plain_words(kw, words):
    cfg = small(kw.pop("arch", "transformer"), **kw)
    with pytest.raises(ModelConfigError) as info:
        cfg.check()
    assert words in str(info.value)
    assert isinstance(info.value, UserError) and isinstance(info.value, ValueError)
    with pytest.raises(ModelConfigError):
        build_lm(cfg)


def test_untied_lstm_may_have_another_hidden_size():
    model = build_lm(small("lstm", n_hidden=48, tie_weights=False))
    logits, _ = model(torch.zeros(2, 5, dtype=torch.long))
    assert logits.shape == (2, 5, 50) and model.rnn.hidden_size == 48


def test_param_count_matches_the_built_model_and_counts_tied_weights_once():
    for arch in ARCHS:
        for tie in (True, False):
            cfg = small(arch, tie_weights=tie)
            model = build_lm(cfg)
            assert param_count(cfg) == sum(p.numel() for p in model.parameters())
            assert (model.lm_head.weight is model.wte.weight) == tie
    tied, untied = param_count(small("gru")), param_count(small("gru", tie_weights=False))
    assert untied - tied == 50 * 32  # the head's own (V, C) matrix


def test_a_billion_parameter_network_is_refused_instantly():
    huge = LMConfig(arch="transformer", vocab_size=50_000, n_layer=48, n_embd=2048, n_head=16, block_size=1024)
    with pytest.raises(ModelConfigError) as info:
        check_size(huge, 50_000_000)
    count = param_count(huge)
    assert count > 10**9
    assert str(info.value).startswith(f"that network would have {count:,} parameters; "
                                      "this server trains at most 50,000,000")
    assert check_size(small("lstm"), 50_000_000) == param_count(small("lstm"))


# ----------------------------------------------------------------------------- forward


@pytest.mark.parametrize("arch", ARCHS)
def test_forward_shapes_and_loss_near_ln_v_at_init(arch):
    V = 200
    cfg = LMConfig(arch=arch, vocab_size=V, n_layer=2, n_embd=64, n_head=4, block_size=32)
    model = build_lm(cfg, seed=3)
    assert isinstance(model, TransformerLM if arch == "transformer" else RecurrentLM)
    g = torch.Generator().manual_seed(0)
    idx, targets = torch.randint(0, V, (4, 32), generator=g), torch.randint(0, V, (4, 32), generator=g)
    logits, loss = model(idx, targets)
    assert logits.shape == (4, 32, V)
    assert loss.shape == () and abs(loss.item() - math.log(V)) < 0.1  # near-uniform guesses at first
    assert model(idx)[1] is None


def test_recurrent_step_carries_state_like_one_long_run():
    model = build_lm(small("lstm")).eval()
    idx = torch.arange(10).unsqueeze(0) % 50  # (1, 10)
    whole, _ = model(idx)
    first, state = model.step(idx[:, :6])
    rest, _ = model.step(idx[:, 6:], state)
    torch.testing.assert_close(torch.cat([first, rest], dim=1), whole, atol=1e-5, rtol=1e-5)


def test_transformer_refuses_inputs_longer_than_its_context():
    model = build_lm(small("transformer"))
    with pytest.raises(LMInputError, match="reads at most 16"):
        model(torch.zeros(1, 17, dtype=torch.long))


def test_sinusoidal_positions_follow_vaswani():
    table = sinusoidal_positions(10, 8)  # (T, C)
    pos, i = 7, 1  # columns 2i and 2i+1
    angle = pos / 10000 ** (2 * i / 8)
    assert table[pos, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-6)
    assert table[pos, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-6)
    assert sinusoidal_positions(4, 7).shape == (4, 7)  # odd widths work too
    model = build_lm(small("transformer", positions="sinusoidal"))
    torch.testing.assert_close(model.pe, sinusoidal_positions(16, 32))
    assert "pe" not in model.state_dict() and model.wpe is None


# ----------------------------------------------------------------------------- seeding


def test_same_seed_same_weights_and_the_global_rng_is_untouched():
    before = torch.random.get_rng_state()
    a, b, c = (build_lm(small("transformer"), seed=s) for s in (5, 5, 6))
    assert torch.equal(torch.random.get_rng_state(), before)
    for (name, pa), pb in zip(a.state_dict().items(), b.state_dict().values()):
        assert torch.equal(pa, pb), name
    assert not torch.equal(a.wte.weight, c.wte.weight)


def test_gpt2_init_scales_residual_projections():
    model = build_lm(LMConfig(arch="transformer", vocab_size=500, n_layer=8, n_embd=128, n_head=4), seed=0)
    assert model.wte.weight.std().item() == pytest.approx(0.02, rel=0.05)
    proj = torch.cat([b.attn.c_proj.weight.flatten() for b in model.blocks])
    assert proj.std().item() == pytest.approx(0.02 / math.sqrt(16), rel=0.05)
    assert all(torch.equal(b.ln_1.weight, torch.ones(128)) for b in model.blocks)


# ----------------------------------------------------------------------------- learning


def _batch(data: torch.Tensor, T: int, B: int, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    start = torch.randint(0, data.numel() - T - 1, (B,), generator=g)
    x = torch.stack([data[s:s + T] for s in start])  # (B, T)
    y = torch.stack([data[s + 1:s + T + 1] for s in start])  # (B, T), the next char
    return x, y


def _unigram_entropy(data: torch.Tensor, V: int) -> float:
    """Cross-entropy of the best context-free guess (each char's frequency), in nats."""
    p = torch.bincount(data, minlength=V).float() / data.numel()
    p = p[p > 0]
    return float(-(p * p.log()).sum())


@pytest.mark.parametrize("arch", ARCHS)
def test_loss_falls_on_real_text(arch, shakespeare_ids, one_thread):
    data, V = shakespeare_ids
    cfg = LMConfig(arch=arch, vocab_size=V, n_layer=2, n_embd=64, n_head=4, block_size=32)
    model = build_lm(cfg, seed=0)
    opt = torch.optim.Adam(model.parameters(), lr=2e-2 if arch != "transformer" else 2e-3)
    g = torch.Generator().manual_seed(0)
    held_x, held_y = _batch(data, 32, 64, torch.Generator().manual_seed(99))
    with torch.no_grad():
        start = model(held_x, held_y)[1].item()
    for _ in range(60):
        _, loss = model(*_batch(data, 32, 32, g))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        end = model(held_x, held_y)[1].item()
    assert start == pytest.approx(math.log(V), abs=0.15)  # ~4.08 nats: uniform over 59 chars
    # below the ~3.28 nats of knowing only letter frequencies: it uses the context
    assert end < _unigram_entropy(data, V) - 0.15, (start, end)
