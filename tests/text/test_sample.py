"""playground.text.sample: next-token probabilities, top-k, and seeded streamed generation."""

from __future__ import annotations

import copy

import pytest
import torch

from playground.text.models import ARCHS, LMConfig, LMInputError, build_lm
from playground.text.sample import SamplingError, filter_probs, generate, next_token_probs, top_k

V = 40


def model_for(arch: str):
    cfg = LMConfig(arch=arch, vocab_size=V, n_layer=2, n_embd=32, n_head=4, block_size=8, tie_weights=False)
    model = build_lm(cfg, seed=1)
    with torch.no_grad():  # sharper than the near-uniform guesses at init, so greedy and sampled runs differ
        model.lm_head.weight.mul_(20)
    return model


@pytest.fixture(params=ARCHS)
def model(request):
    return model_for(request.param)


PROMPT = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]  # longer than the transformer's block_size of 8


def test_next_token_probs_is_a_distribution_and_crops_for_transformers(model):
    probs = next_token_probs(model, PROMPT)
    assert probs.shape == (V,) and probs.min() >= 0
    assert probs.sum().item() == pytest.approx(1.0, abs=1e-5)
    if model.cfg.arch == "transformer":  # only the last 8 tokens count
        torch.testing.assert_close(probs, next_token_probs(model, [7, 7, 7] + PROMPT[-8:]))
    else:  # a recurrent model reads the whole prompt
        assert not torch.allclose(probs, next_token_probs(model, [7, 7, 7] + PROMPT[-8:]))


def test_temperature_sharpens_and_zero_is_one_hot(model):
    p1, p_cold, p0 = (next_token_probs(model, PROMPT, temperature=t) for t in (1.0, 0.3, 0.0))
    assert p_cold.max() > p1.max()
    assert p0.argmax() == p1.argmax() and p0.max().item() == 1.0 and p0.sum().item() == 1.0


def test_empty_prompt_and_unknown_ids_are_refused(model):
    with pytest.raises(LMInputError, match="prompt is empty"):
        next_token_probs(model, [])
    with pytest.raises(LMInputError, match=f"token id {V} is outside"):
        next_token_probs(model, [1, V])
    with pytest.raises(SamplingError):
        next_token_probs(model, [1], temperature=-1)


@pytest.mark.parametrize("arch", ARCHS)
def test_sampling_runs_without_dropout_whatever_mode_the_model_is_in(arch):
    """A model left in training mode (dropout 0.5) answers as in eval mode, the same every time."""
    cfg = LMConfig(arch=arch, vocab_size=V, n_layer=2, n_embd=32, n_head=4, block_size=8, dropout=0.5)
    model = build_lm(cfg, seed=1).train()
    reference = copy.deepcopy(model).eval()
    window = torch.tensor([PROMPT[-8:] if arch == "transformer" else PROMPT])
    with torch.no_grad():
        assert not torch.equal(model(window)[0], model(window)[0])  # in training mode dropout changes every pass
        expected = torch.softmax(reference(window)[0][0, -1], dim=-1)
    torch.testing.assert_close(next_token_probs(model, PROMPT), expected, atol=1e-6, rtol=0)
    torch.testing.assert_close(next_token_probs(model, PROMPT), expected, atol=1e-6, rtol=0)
    assert model.training  # and the mode it was in is given back
    greedy = list(generate(model, PROMPT, 10, temperature=0.0))
    assert greedy == _greedy(reference, PROMPT, 10)  # every step as the eval-mode copy decides it
    assert model.training


def test_top_k_is_sorted_best_first_and_sums_to_at_most_one():
    probs = next_token_probs(model_for("transformer"), PROMPT)
    best = top_k(probs, 5)
    assert len(best) == 5
    values = [p for _, p in best]
    assert values == sorted(values, reverse=True) and sum(values) <= 1 + 1e-6
    assert best[0][0] == int(probs.argmax()) and best[0][1] == pytest.approx(probs.max().item())
    assert len(top_k(probs, 1000)) == V and top_k(probs, 0) == []
    assert top_k(torch.tensor([0.2, 0.5, 0.3]), 3) == [(1, 0.5), (2, pytest.approx(0.3)), (0, pytest.approx(0.2))]


def test_filter_keeps_the_nucleus():
    probs = torch.tensor([0.1, 0.5, 0.25, 0.15])
    torch.testing.assert_close(filter_probs(probs, top_p=0.7), torch.tensor([0.0, 0.5, 0.25, 0.0]) / 0.75)
    torch.testing.assert_close(filter_probs(probs, top_p=0.75), torch.tensor([0.0, 0.5, 0.25, 0.0]) / 0.75)
    torch.testing.assert_close(filter_probs(probs, top_k=3), torch.tensor([0.0, 0.5, 0.25, 0.15]) / 0.9)
    torch.testing.assert_close(filter_probs(probs, top_p=1e-9), torch.tensor([0.0, 1.0, 0.0, 0.0]))


def test_seeded_generation_repeats_and_seeds_differ(model):
    run = lambda seed: list(generate(model, PROMPT, 20, temperature=1.0, seed=seed))  # noqa: E731
    first = run(7)
    assert len(first) == 20 and all(0 <= t < V and 0 < p <= 1 for t, p in first)
    assert run(7) == first
    assert [t for t, _ in run(8)] != [t for t, _ in first]


def _greedy(model, ids, length):
    """The most likely token each time, by re-reading the (cropped) whole text: the slow, obvious way."""
    ids, out = list(ids), []
    for _ in range(length):
        probs = next_token_probs(model, ids)
        out.append((int(probs.argmax()), pytest.approx(probs.max().item(), abs=1e-5)))
        ids.append(out[-1][0])
    return out


def test_temperature_zero_and_tiny_top_p_are_greedy(model):
    # for recurrent models this also checks that carrying the state equals re-reading the prefix
    greedy = _greedy(model, PROMPT, 12)
    assert list(generate(model, PROMPT, 12, temperature=0.0, seed=1)) == greedy
    assert list(generate(model, PROMPT, 12, temperature=1.0, top_p=1e-6, seed=2)) == greedy
    assert list(generate(model, PROMPT, 12, temperature=1.0, top_k=1, seed=3)) == greedy


def test_top_k_limits_what_can_be_drawn():
    model = model_for("lstm")
    allowed = set()
    ids = list(PROMPT)
    for token, _ in generate(model, PROMPT, 15, temperature=2.0, top_k=3, seed=4):
        allowed = {i for i, _ in top_k(next_token_probs(model, ids), 3)}
        assert token in allowed
        ids.append(token)


def test_bad_sampling_settings_are_refused():
    model = model_for("rnn")
    for kw in (dict(length=-1), dict(top_k=0), dict(top_p=0.0), dict(top_p=1.5), dict(temperature=-0.5)):
        with pytest.raises(SamplingError):
            list(generate(model, [1], **{"length": 3, **kw}))
    assert list(generate(model, [1], 0)) == []
