"""Hub causal LMs (``playground.hub``) on tiny random GPT-2 and Llama models in a Hub cache layout, served offline:
the answers equal a direct transformers forward, attention is a causal distribution, the logit lens ends on the
model's output, generation repeats by seed, and every refusal is a plain message within seconds."""

from __future__ import annotations

import time

import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from playground.errors import UserError
from playground.hub import inside, tiny
from playground.hub import lm as hub_lm

PROMPT = "The cat sat on the"
REPOS = [tiny.GPT2, tiny.LLAMA]


def _direct(home, repo):
    folder = tiny.snapshot(home, repo)  # the same files, read by transformers itself
    return AutoTokenizer.from_pretrained(folder), AutoModelForCausalLM.from_pretrained(folder).eval()


@pytest.mark.parametrize("repo", REPOS)
def test_next_word_equals_a_direct_transformers_forward(offline_hub, repo):
    words = inside.next_tokens(hub_lm.load(f"hf:{repo}"), PROMPT, 5)
    tok, model = _direct(offline_hub, repo)
    with torch.no_grad():
        logits = model(**tok(PROMPT, return_tensors="pt")).logits[0, -1].float()
    best = torch.topk(torch.softmax(logits, -1), 5)
    assert [w["word"] for w in words] == [tok.decode([int(i)]).strip() for i in best.indices]
    assert [w["probability"] for w in words] == pytest.approx(best.values.tolist(), abs=1e-4)


def test_one_copy_per_process_and_the_least_recently_used_goes(offline_hub, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_MAX_HUB_MODELS", "1")
    first = hub_lm.load(f"hf:{tiny.GPT2}")
    assert hub_lm.load(tiny.GPT2) is first and not first.model.training
    hub_lm.load(f"hf:{tiny.LLAMA}")
    assert hub_lm.loaded() == [tiny.LLAMA]


@pytest.mark.parametrize("repo", REPOS)
def test_attention_rows_sum_to_one_and_are_causal(offline_hub, repo):
    maps, pieces = inside.attention(hub_lm.load(f"hf:{repo}"), PROMPT)  # (L, H, T, T)
    assert maps.shape[0] == 2 and maps.shape[-1] == maps.shape[-2] == len(pieces)
    assert torch.allclose(maps.sum(-1), torch.ones(maps.shape[:-1]), atol=1e-5)
    assert torch.all(maps.triu(diagonal=1) == 0)


@pytest.mark.parametrize("repo", REPOS)
def test_the_logit_lens_last_layer_is_the_model_output(offline_hub, repo):
    model = hub_lm.load(f"hf:{repo}")
    lens = inside.logit_lens(model, PROMPT)
    assert lens["ids"].shape == (2, len(lens["pieces"]))
    tok, direct = _direct(offline_hub, repo)
    with torch.no_grad():
        probs = torch.softmax(direct(**tok(PROMPT, return_tensors="pt")).logits[0].float(), -1)
    assert torch.equal(lens["ids"][-1], probs.argmax(-1))
    assert torch.allclose(lens["probs"][-1], probs.max(-1).values, atol=1e-5)


@pytest.mark.parametrize("repo", REPOS)
def test_seeded_generation_repeats(offline_hub, repo):
    model = hub_lm.load(f"hf:{repo}")

    def run(seed):
        return [i for i, _ in inside.generate(model, PROMPT, 12, 1.0, 50, 0.95, seed)]

    assert run(3) == run(3) and run(3) != run(4) and len(run(3)) == 12


def test_generation_with_the_cache_equals_reading_the_whole_text_again(offline_hub):
    model = hub_lm.load(f"hf:{tiny.GPT2}")
    drawn = [i for i, _ in inside.generate(model, PROMPT, 6, 0.0)]
    ids = inside.prompt_ids(model, PROMPT)
    for token in drawn:  # greedy: each token is the argmax of a full forward over everything before it
        with torch.no_grad():
            assert int(model.model(input_ids=torch.tensor([ids])).logits[0, -1].argmax()) == token
        ids.append(token)


def test_pieces_show_the_bpe_space_marker(offline_hub):
    pieces = inside.pieces(hub_lm.load(f"hf:{tiny.GPT2}"), PROMPT)
    assert "".join(pieces) == PROMPT.replace(" ", "·") and any(p.startswith("·") for p in pieces)


def test_a_continuation_probability_is_the_product_of_its_tokens(offline_hub):
    model = hub_lm.load(f"hf:{tiny.GPT2}")
    mat = inside.continuation(model, PROMPT, "mat")
    assert 0 < mat["probability"] < 1
    assert mat["probability"] == pytest.approx(torch.tensor([p for _, p in mat["tokens"]]).prod().item(), rel=1e-4)
    first = inside.next_tokens(model, PROMPT, 400)  # the first piece's probability is the bars' own
    piece = mat["tokens"][0]
    assert any(abs(w["probability"] - piece[1]) < 1e-5 for w in first)


def test_a_7b_config_is_refused_before_any_weight_is_read(offline_hub, monkeypatch):
    def no_weights(*args, **kwargs):
        raise AssertionError("weights were asked for")

    monkeypatch.setattr(AutoModelForCausalLM, "from_pretrained", no_weights)
    start = time.monotonic()
    with pytest.raises(UserError, match=r"6\.7 B parameters.*500 M") as caught:
        hub_lm.load(f"hf:{tiny.HUGE}")
    assert caught.value.key == "hub.too_big" and time.monotonic() - start < 5


@pytest.mark.parametrize("name, key", [
    (f"hf:{tiny.BERT}", "hub.not_causal"),
    ("hf:tiny-org/not-here", "hub.unreachable"),  # offline and not on this machine
    ("hf:../etc/passwd", "hub.bad_repo"),
])
def test_plain_messages_offline(offline_hub, name, key):
    start = time.monotonic()
    with pytest.raises(UserError) as caught:
        hub_lm.load(name)
    assert caught.value.key == key and time.monotonic() - start < 5


def test_an_unreachable_hub_says_so_within_seconds(unreachable_hub):
    start = time.monotonic()
    with pytest.raises(UserError, match="can't be reached.*shipped models still work") as caught:
        hub_lm.load("hf:openai-community/gpt2")
    assert caught.value.key == "hub.unreachable" and time.monotonic() - start < 5
    assert "no se puede llegar" in caught.value.message("es").lower()


@pytest.mark.parametrize("repo, key", [("some-org/missing-model", "hub.missing"), ("some-org/gated-model", "hub.gated")])
def test_a_missing_or_gated_repo_gets_a_plain_message_within_seconds(refusing_hub, repo, key):
    start = time.monotonic()
    with pytest.raises(UserError) as caught:
        hub_lm.load(f"hf:{repo}")
    assert caught.value.key == key and repo in str(caught.value) and time.monotonic() - start < 5


def test_generation_runs_past_the_models_context(offline_hub):
    model = hub_lm.load(f"hf:{tiny.GPT2}")  # 64 positions
    drawn = list(inside.generate(model, PROMPT * 5, 100, 1.0, None, None, 0))
    assert len(drawn) == 100 and all(0 <= p <= 1 for _, p in drawn)
