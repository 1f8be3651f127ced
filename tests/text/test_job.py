"""Train and Compare as a job, on real text: the same budget for every model, each run's events tagged with its
architecture, the last model packaged for the session with its scores; Stop ends the job; the page's updates."""

import functools
import math
import re

import pytest

from playground.text.data import builtin
from playground.text.job import BATCH_SIZE, Budget, LMJobResult, RunEvent, train_models
from playground.text.models import LMConfig, ModelConfigError
from playground.text.train import evaluate_lm
from playground.train import engine
from playground.views import lm_training as lm_views
from playground.views.live import EveryFrame
from tests.text import data_dir_with


@functools.lru_cache(maxsize=None)
def spanish():
    return builtin("es", "char", str(data_dir_with("es")))


def config(arch: str, vocab: int) -> LMConfig:
    return LMConfig(arch=arch, vocab_size=vocab, n_layer=1, n_embd=32, n_head=2 if arch == "transformer" else 1,
                    block_size=16, dropout=0.0)


def test_the_budget_splits_into_epochs_and_caps_time():
    s = Budget(steps=300, seconds=0, lr=0.01).settings(max_seconds=60)
    assert (s.steps, s.steps_per_epoch, s.batch_size, s.lr, s.max_seconds) == (300, 30, BATCH_SIZE, 0.01, 60)
    assert Budget(steps=40, seconds=5).settings(max_seconds=60).steps_per_epoch == 10  # at least 10 per epoch
    assert Budget(steps=40, seconds=500).settings(max_seconds=60).max_seconds == 60  # the server's cap wins


def test_a_comparison_trains_both_on_the_same_budget_and_keeps_the_second():
    data = spanish()
    vocab = data.tokenizer.vocab_size
    items = list(train_models(data, [config("lstm", vocab), config("gru", vocab)], Budget(steps=20, lr=1e-2), "cpu",
                              lambda: False, max_params=10**7, max_seconds=60))
    result = items[-1]
    assert isinstance(result, LMJobResult)
    events = items[:-1]
    assert [e.arch for e in events] == sorted((e.arch for e in events), key=["lstm", "gru"].index)
    done = {e.arch: e.event for e in events if isinstance(e.event, engine.Done)}
    assert set(done) == {"lstm", "gru"} and done["lstm"].steps == done["gru"].steps == 20
    assert list(result.runs) == ["lstm", "gru"] and result.config.arch == "gru"
    assert [len(h.losses) for h in result.runs.values()] == [20, 20]
    assert result.model.info["corpus"] == data.title
    # the scores are the packaged model's own, on the validation windows
    from playground.text.train import eval_windows
    again = evaluate_lm(result.model.model, eval_windows(data.val_ids, 16), data.chars_per_token)
    assert again.perplexity == pytest.approx(result.scores.perplexity, rel=1e-5)
    assert result.scores.perplexity < vocab  # it learned something: better than a uniform guess


def test_stop_ends_the_job_after_the_run_it_stops():
    data = spanish()
    vocab = data.tokenizer.vocab_size
    seen = []

    def should_stop() -> bool:
        return len(seen) >= 3

    items = []
    for item in train_models(data, [config("lstm", vocab), config("gru", vocab)], Budget(steps=500), "cpu",
                             should_stop, max_params=10**7, max_seconds=60, event_interval=0.0):
        if isinstance(item, RunEvent) and isinstance(item.event, engine.Step):
            seen.append(item)
        items.append(item)
    assert {i.arch for i in items if isinstance(i, RunEvent)} == {"lstm"}  # the GRU never started
    assert items[-1].done.reason == "stopped" and items[-1].done.steps < 500


def test_a_model_over_the_cap_is_refused_before_any_training():
    data = spanish()
    big = LMConfig(arch="lstm", vocab_size=data.tokenizer.vocab_size, n_layer=2, n_embd=256, block_size=16)
    with pytest.raises(ModelConfigError, match="this server trains at most 50,000"):
        next(train_models(data, [config("gru", data.tokenizer.vocab_size), big], Budget(steps=5), "cpu",
                          lambda: False, max_params=50_000, max_seconds=60))


def test_the_page_gets_live_frames_then_the_result_with_the_kept_runs():
    data = spanish()
    vocab = data.tokenizer.vocab_size
    first = list(train_models(data, [config("rnn", vocab)], Budget(steps=10), "cpu", lambda: False, 10**7, 60))
    kept = first[-1].runs
    job = train_models(data, [config("lstm", vocab)], Budget(steps=10), "cpu", lambda: False, 10**7, 60,
                       event_interval=0.0)
    updates = list(lm_views.training_updates(job, "CPU", data, "char", kept, EveryFrame()))
    live, final = updates[:-1], updates[-1]
    assert live and all(set(u) == {"live"} for u in live)
    assert "step 10/10" in "".join(u["live"] for u in live)
    assert "topped" not in live[-1]["live"] and "Scoring" in live[-1]["live"]  # said at once, before scoring
    assert list(final["runs"]) == ["rnn", "lstm"]  # the session's earlier run is kept beside the new one
    names = [trace.name for trace in final["curves"].data]
    assert "rnn validation" in names and "lstm validation" in names
    said = re.sub(r"<[^>]+>", "", final["status"])  # as read: the terms' <abbr> explanations taken out
    assert f"perplexity {final['model'].info['perplexity']:.1f}" in said
    assert '<abbr title="How unsure the model is' in final["status"]  # the term explained where it appears
    assert math.isfinite(final["model"].info["bits_per_char"])


def test_a_run_with_the_defaults_says_when_this_machine_passes_the_bigram():
    data = spanish()
    vocab = data.tokenizer.vocab_size

    def frames(beat_at):
        job = train_models(data, [config("gru", vocab)], Budget(steps=20), "cpu", lambda: False, 10**7, 60,
                           event_interval=0.0)
        updates = lm_views.training_updates(job, "CPU", data, "char", None, EveryFrame(), beat_at=beat_at)
        return [(int(m.group(1)), u["live"]) for u in updates if "live" in u
                for m in [re.search(r"step (\d+)/20", u["live"])] if m]

    said = {step: "passes the bigram near step 15" in frame for step, frame in frames(15)}
    assert said and all(said[step] == (5 <= step < 15) for step in said)  # from the measured speed, until then
    assert any(said.values())
    assert all(re.search(r"near step 15: in about \S+", frame) for step, frame in frames(15) if 5 <= step < 15)
    assert not any("passes the bigram" in frame for _, frame in frames(None))  # not the defaults: nothing said
