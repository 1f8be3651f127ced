"""N-gram baselines: hand-computed small cases, normalisation over the whole vocabulary, the
vectorised scores against one-context-at-a-time distributions, and the expected ranking on the
real books at word level (Kneser-Ney trigram < interpolated bigram < unigram)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.text.ngram import (
    InterpolatedBigram,
    KneserNeyTrigram,
    Unigram,
    evaluate_baselines,
    modified_kn_discounts,
    top_k_accuracy,
)
from playground.text.tokenize import WordTokenizer
from tests.text import corpus, word_level


@pytest.fixture(scope="module")
def shakespeare_models():
    tok, train, val = word_level("en")
    v = tok.vocab_size
    return tok, train, val, [Unigram(train, v), InterpolatedBigram(train, v), KneserNeyTrigram(train, v)]


@pytest.mark.parametrize("key", ["en", "es"])
def test_kneser_ney_beats_the_bigram_which_beats_the_unigram(key):
    tok, train, val = word_level(key)
    scores = evaluate_baselines(train, val, tok.vocab_size)
    assert [s.name for s in scores] == ["unigram", "interpolated bigram", "Kneser-Ney trigram"]
    uni, bi, kn = scores
    for s in scores:
        assert math.isfinite(s.perplexity) and s.perplexity == pytest.approx(math.exp(s.mean_nll))
        assert s.n_tokens == len(val) and s.seconds < 5
    assert kn.perplexity < bi.perplexity < uni.perplexity < tok.vocab_size
    assert bi.perplexity < 0.6 * uni.perplexity  # context matters a lot for words


@pytest.mark.parametrize("key", ["en", "es"])
def test_the_baselines_are_those_the_shipped_models_were_measured_against(key):
    """On the shipped models' tokens (10% validation split, words seen 3 times), the three baselines
    are again exactly the perplexities their model cards and metadata give."""
    from playground.text import store
    from playground.text.corpus import split

    recorded = store.shipped(f"{key}-lstm").info["baselines"]
    parts = split(corpus(key).text, 0.1)
    tok = WordTokenizer.train(parts.train, min_freq=3)
    scores = evaluate_baselines(tok.encode(parts.train), tok.encode(parts.val), tok.vocab_size)
    assert {s.name: s.perplexity for s in scores} == pytest.approx(recorded, rel=1e-9)


def test_every_model_sums_to_one_over_the_vocabulary(shakespeare_models):
    tok, train, _, models = shakespeare_models
    the, i, am, unk = tok.encode("the i am")[0], tok.encode("i")[0], tok.encode("am")[0], tok.unk_id
    contexts = [(), (the,), (i, am), (unk, unk), (am, the), (tok.encode("exeunt")[0], i), tuple(train[-2:])]
    for model in models:
        for context in contexts:
            probs = model.distribution(context)
            assert probs.shape == (tok.vocab_size,)
            assert probs.sum() == pytest.approx(1.0, abs=1e-6), (model.name, context)
            assert probs.min() > 0  # smoothing: no word is impossible


def test_vectorised_scores_match_the_distributions(shakespeare_models):
    _, train, val, models = shakespeare_models
    history, ids = train[-2:], val[:300]
    full = list(history) + list(ids)
    for model in models:
        fast = model.log_probs(ids, history)
        slow = [math.log(model.distribution(full[p - model.order + 1 : p] if model.order > 1 else ())[full[p]])
                for p in range(2, len(full))]
        np.testing.assert_allclose(fast, slow, rtol=1e-9, err_msg=model.name)
        short = model.log_probs(ids[:5])  # no history: the first ids use shorter contexts
        assert short[0] == pytest.approx(math.log(model.distribution(())[ids[0]]))


def test_the_bigram_by_hand():
    # ids 0 1 1 2 1 0 1 over a vocabulary of 4 (id 3 never seen)
    train = [0, 1, 1, 2, 1, 0, 1]
    model = InterpolatedBigram(train, 4, lam=0.6)
    uni = np.array([3, 5, 2, 1]) / 11  # add-one: (count + 1) / (7 + 4)
    np.testing.assert_allclose(model.distribution(()), uni)
    np.testing.assert_allclose(model.distribution([3]), uni)  # unseen context: the unigram alone
    # after 1: 1->1, 1->2, 1->0 once each out of 3
    np.testing.assert_allclose(model.distribution([1]), 0.6 * np.array([1, 1, 1, 0]) / 3 + 0.4 * uni)
    expected = [0.6 / 3 + 0.4 * 5 / 11, 0.6 / 3 + 0.4 * 2 / 11, 0.4 * 1 / 11]  # P(1|1), P(2|1), P(3|2)
    score = model.evaluate([1, 2, 3], history=[1])
    assert score.mean_nll == pytest.approx(-np.mean(np.log(expected)))
    assert score.perplexity == pytest.approx(np.exp(-np.mean(np.log(expected))))


def test_kneser_ney_by_hand():
    # 0 1 2 0 1 2 0 1, vocabulary 4, one discount D = 0.5
    model = KneserNeyTrigram([0, 1, 2, 0, 1, 2, 0, 1], 4, discount=0.5)
    # each of 0, 1, 2 follows one distinct id: P1 = (1 - 0.5)/3 + (0.5·3/3)·(1/4); id 3 gets only the 1/4 share
    np.testing.assert_allclose(model.distribution(()), [7 / 24, 7 / 24, 7 / 24, 1 / 8])
    # P2(2|1) = (1 - 0.5)/1 + 0.5·P1(2); P3(2|0,1) = (2 - 0.5)/2 + (0.5/2)·P2(2|1)
    assert model.distribution([1])[2] == pytest.approx(0.5 + 0.5 * 7 / 24)
    assert model.distribution([0, 1])[2] == pytest.approx(1.5 / 2 + 0.25 * (0.5 + 0.5 * 7 / 24))
    assert model.distribution([0, 1])[3] == pytest.approx(0.25 * 0.5 * 1 / 8)
    assert model.distribution([3, 3]) == pytest.approx(model.distribution(()))  # unseen contexts back off fully


def _best_lambda_by_counting(train: list[int], vocab_size: int) -> float:
    """λ on the grid 0.05, 0.10, …, 0.95 with the lowest loss on the last tenth of ``train`` when the
    bigram counts come from the first nine tenths: counted with Counters, one held-out id at a time."""
    from collections import Counter

    cut = int(len(train) * 0.9)
    fit, held = train[:cut], train[cut:]
    unigrams, pairs, contexts = Counter(fit), Counter(zip(fit, fit[1:])), Counter(fit[:-1])
    rows = []  # (maximum-likelihood P(w|v) or None for an unseen v, add-one P(w))
    for v, w in zip(train[cut - 1 : -1], held):
        add_one = (unigrams[w] + 1) / (len(fit) + vocab_size)
        rows.append((pairs[v, w] / contexts[v] if contexts[v] else None, add_one))
    grid = [round(0.05 * k, 2) for k in range(1, 20)]
    loss = {lam: -sum(math.log(uni if ml is None else lam * ml + (1 - lam) * uni) for ml, uni in rows)
            for lam in grid}
    return min(grid, key=loss.get)


def test_bigram_lambda_is_tuned_on_training_ids_and_helps():
    tok, train, val = word_level("en")
    tuned = InterpolatedBigram(train, tok.vocab_size)
    assert tuned.lam == _best_lambda_by_counting(list(train), tok.vocab_size)
    history = train[-2:]
    for lam in (0.05, 0.95):
        assert tuned.evaluate(val, history).perplexity < InterpolatedBigram(train, tok.vocab_size, lam=lam) \
            .evaluate(val, history).perplexity


def _chen_goodman(counts) -> list[float]:
    """[D1, D2, D3+] from a Counter's count-of-counts: D_k = k − (k+1)·Y·n_{k+1}/n_k, Y = n1/(n1 + 2·n2)."""
    from collections import Counter

    n = Counter(counts.values())
    y = n[1] / (n[1] + 2 * n[2])
    return [k - (k + 1) * y * n[k + 1] / n[k] for k in (1, 2, 3)]


def test_modified_discounts_are_estimated_per_order(shakespeare_models):
    from collections import Counter

    _, train, _, models = shakespeare_models
    kn = models[2]
    trigrams = Counter(zip(train, train[1:], train[2:]))
    # lower orders count continuations: how many different ids come before a bigram, before a word
    bigrams = Counter((v, w) for _, v, w in trigrams)
    words = Counter(w for _, w in bigrams)
    expected = [_chen_goodman(words), _chen_goodman(bigrams), _chen_goodman(trigrams)]
    np.testing.assert_allclose(kn.discounts, expected, rtol=1e-12)  # unigram, bigram, trigram order
    assert kn.discounts[2][0] < kn.discounts[2][1] < kn.discounts[2][2]  # the usual D1 < D2 < D3+ at the top
    np.testing.assert_allclose(modified_kn_discounts(np.array([1, 1, 2])), [0, 0.75, 0.75, 0.75])  # too few counts


def test_top_k_accuracy(shakespeare_models):
    tok, train, val, models = shakespeare_models
    uni, _, kn = models
    ids = val[:5000]
    uni_top5 = top_k_accuracy(uni, ids, k=5, history=train[-2:])
    kn_top5 = top_k_accuracy(kn, ids, k=5, history=train[-2:])
    assert uni_top5 < kn_top5
    # one position at a time: the right id is in the top 5 where fewer than 5 ids are more likely
    # (no ties at the 5th place in these distributions, so "the" top 5 is well defined)
    full = list(train[-2:]) + list(ids[:1000])
    hits = [(kn.distribution(full[p - 2 : p]) > kn.distribution(full[p - 2 : p])[full[p]]).sum() < 5
            for p in range(2, len(full))]
    assert top_k_accuracy(kn, ids[:1000], k=5, history=train[-2:]) == pytest.approx(np.mean(hits))
    # the unigram's top 5 is the same everywhere: its accuracy is the share of those 5 words
    top = np.argsort(-uni.distribution())[:5]
    assert uni_top5 == pytest.approx(np.isin(ids, top).mean())
    assert top_k_accuracy(kn, ids[:200], k=tok.vocab_size) == 1.0


def test_ids_outside_the_vocabulary_are_refused():
    with pytest.raises(ValueError, match="token ids must lie in"):
        Unigram([0, 1, 5], 4)
    with pytest.raises(ValueError, match="at least 3"):
        KneserNeyTrigram([0, 1], 4)
