"""Language models on the project's one engine, on real text; safetensors files; the shipped models."""

import io

import pytest
import torch

from playground.text import store
from playground.text.models import LMConfig, build_lm
from playground.text.sample import next_token_probs, top_k
from playground.text.tokenize import WordTokenizer
from playground.text.train import LMSettings, LMTraining, LMTrainingError, TokenBatches, eval_windows, evaluate_lm
from playground.train import engine, weights
from tests.text import halves


@pytest.fixture(scope="module")
def shakespeare():
    parts = halves("en")
    tok = WordTokenizer.train(parts.train, min_freq=3)
    return tok, torch.tensor(tok.encode(parts.train)), torch.tensor(tok.encode(parts.val)), parts


def test_token_batches_are_shifted_windows_counted_in_tokens():
    ids = torch.arange(1000)
    source = TokenBatches(ids, 16, 4, 3, torch.Generator().manual_seed(0))
    batches = list(source.epoch(1))
    assert len(batches) == 3 and len(list(source.epoch(1, start=2))) == 1
    x, y = batches[0]
    assert x.shape == y.shape == (4, 16) and torch.equal(y, x + 1)  # the next token of arange is +1
    assert source.count(batches[0]) == 64 and source.unit == "tokens"
    with pytest.raises(LMTrainingError, match="fewer than one context"):
        TokenBatches(torch.arange(10), 16, 4, 3, torch.Generator())


@pytest.mark.parametrize("arch", ["lstm", "transformer"])
def test_a_word_model_learns_shakespeare_on_the_engine(shakespeare, arch):
    tok, train_ids, val_ids, parts = shakespeare
    cfg = LMConfig(arch=arch, vocab_size=tok.vocab_size, n_layer=1, n_embd=64, n_head=2, block_size=32)
    run = LMTraining(build_lm(cfg, seed=0), train_ids, val_ids,
                     LMSettings(steps=60, steps_per_epoch=30, batch_size=16, lr=1e-2, schedule="constant"),
                     chars_per_token=len(parts.val) / len(val_ids))
    before = evaluate_lm(run.model, eval_windows(val_ids, 32, 32), 4.0)
    events = list(run.events(event_interval=0.0))
    after = evaluate_lm(run.model, eval_windows(val_ids, 32, 32), 4.0)
    done = events[-1]
    assert done.reason == "finished" and done.unit == "tokens" and done.steps == 60
    epochs = [e for e in events if isinstance(e, engine.EpochEnd)]
    assert len(epochs) == 2 and epochs[-1].val_loss == pytest.approx(run.validate(run.model)[0])
    assert [e["step"] for e in run.history.epochs] == [30, 60]  # where the validation curve puts its points
    assert after.loss < before.loss - 1.0  # from ln(V) ≈ 8.4 nats towards the text's statistics
    assert_scores_are_the_models(run.model, eval_windows(val_ids, 32, 32), after)


def assert_scores_are_the_models(model, windows, scores) -> None:
    """The scores recomputed in one pass over all windows: a target is in the top k where fewer than k
    scores beat it (ranks, not topk)."""
    xs, ys = windows
    with torch.no_grad():
        model.eval()
        logits = model(xs)[0].double()  # (N, T, V)
    target = logits.gather(-1, ys[..., None])  # (N, T, 1)
    rank = (logits > target).sum(-1)  # how many tokens the model put above the right one
    nll = torch.logsumexp(logits, -1) - target[..., 0]
    assert scores.tokens == ys.numel() == 32 * 32
    assert scores.top1 == pytest.approx((rank == 0).double().mean().item())
    assert scores.top5 == pytest.approx((rank < 5).double().mean().item())
    assert scores.loss == pytest.approx(nll.mean().item(), rel=1e-5)
    assert scores.perplexity == pytest.approx(nll.mean().exp().item(), rel=1e-5)
    assert 0 < scores.top1 < scores.top5  # learned something, and the top 5 holds more than the best guess


def test_files_round_trip_and_other_files_are_refused(shakespeare):
    tok = shakespeare[0]
    model = build_lm(LMConfig(arch="gru", vocab_size=tok.vocab_size, n_layer=1, n_embd=32), seed=1)
    loaded = store.from_bytes(store.to_bytes(model, tok, {"corpus": "en"}))
    assert loaded.config == model.cfg and loaded.info == {"corpus": "en"}
    assert loaded.tokenizer.encode("to be or not to be") == tok.encode("to be or not to be")
    for k, v in model.state_dict().items():
        assert torch.allclose(loaded.model.state_dict()[k], v, atol=1e-3)  # fp16 on disk
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    with pytest.raises(weights.WeightsError, match="pickled"):
        store.from_bytes(buffer.getvalue())
    cnn = weights.to_bytes({"w": torch.zeros(2)}, {"network": "{}"})
    with pytest.raises(weights.WeightsError, match="not a next-word model"):
        store.from_bytes(cnn)


@pytest.mark.parametrize("name", store.SHIPPED)
def test_the_shipped_models_load_offline_and_answer(name):
    lm = store.shipped(name)
    prompt = "El gato se sentó en el" if name.startswith("es") else "What is your name"
    best = top_k(next_token_probs(lm.model, lm.tokenizer.encode(prompt)), 5)
    assert len(best) == 5 and all(a[1] >= b[1] for a, b in zip(best, best[1:]))
    assert lm.info["perplexity"] < lm.info["baselines"]["Kneser-Ney trigram"]  # what its model card says
    assert sum(p.numel() for p in lm.model.parameters()) < 4_000_000


@pytest.mark.parametrize("name", store.SHIPPED)
def test_each_model_card_states_the_measured_perplexities(name):
    """The card's figures are those in the model's own metadata, in the line the build script writes."""
    from playground.text.build import against_baselines

    info = store.shipped(name).info
    card = (store.ASSETS / f"{name}.md").read_text(encoding="utf-8")
    assert against_baselines(info["perplexity"], info["baselines"]) in card.splitlines()
    assert f"| **this {name.split('-')[1]}** | **{info['perplexity']:.1f}** |" in card
    for baseline, perplexity in info["baselines"].items():
        assert f"| {baseline} | {perplexity:.1f} |" in card
    assert "target" not in card
