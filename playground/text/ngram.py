"""Count-based baselines for the language-model tab: unigram, interpolated bigram, Kneser-Ney trigram.

This module owns the numbers a neural language model has to beat. Each model counts
n-grams of token ids on the training ids and scores other ids (validation) with the same
vocabulary, as a perplexity and a mean loss in nats per token: the same units as a neural
model's cross-entropy, so the page can put them side by side.

- ``Unigram``: add-one (Laplace) word frequencies; every id, ``<unk>`` included, gets a share.
- ``InterpolatedBigram``: Jelinek-Mercer, λ·P(w|v) + (1-λ)·P(w), with λ picked on the last
  tenth of the training ids (never on validation).
- ``KneserNeyTrigram``: interpolated modified Kneser-Ney (Chen & Goodman), discounts D1, D2,
  D3+ estimated from count-of-counts at each order, or one fixed absolute discount.

Counts are numpy arrays of n-grams packed into int64 keys (sorted, looked up with
``searchsorted``), so 300,000 tokens with a 10,000-word vocabulary fit in a second.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_MAX_VOCAB = 2_000_000  # three ids packed into one int64 key need V**3 < 2**63


@dataclass(frozen=True)
class NgramScore:
    """How well a model predicts some ids: perplexity = exp(mean_nll)."""

    name: str
    perplexity: float
    mean_nll: float  # nats per token
    n_tokens: int
    seconds: float = 0.0  # fitting and scoring time, where measured


def _as_ids(ids: Sequence[int] | np.ndarray, vocab_size: int) -> np.ndarray:
    arr = np.asarray(ids, dtype=np.int64).ravel()
    if arr.size and (arr.min() < 0 or arr.max() >= vocab_size):
        raise ValueError(f"token ids must lie in [0, {vocab_size}); got {arr.min()}..{arr.max()}")
    return arr


def _pack(ids: np.ndarray, n: int, vocab_size: int) -> np.ndarray:
    """Each window of ``n`` consecutive ids as one int64 key, first id most significant."""
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    keys = ids[:count].copy()
    for j in range(1, n):
        keys = keys * vocab_size + ids[j : j + count]
    return keys


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(value at each query key, found mask); value 0 where a key is absent."""
    if len(keys) == 0:
        return np.zeros(len(query), dtype=values.dtype), np.zeros(len(query), dtype=bool)
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    found = keys[pos] == query
    return np.where(found, values[pos], 0), found


class NgramModel:
    """A count-based model of the next token id given the previous ``order - 1`` ids."""

    name = ""
    order = 1

    def __init__(self, vocab_size: int):
        if not 0 < vocab_size <= _MAX_VOCAB:
            raise ValueError(f"vocab_size must be in 1..{_MAX_VOCAB}, got {vocab_size}")
        self.vocab_size = vocab_size

    def distribution(self, context: Sequence[int] = ()) -> np.ndarray:
        """P(next id) over the whole vocabulary, float64, summing to 1; uses the last ``order - 1`` ids."""
        raise NotImplementedError

    def _full_context_probs(self, ids: np.ndarray, first: int) -> np.ndarray:
        """P(ids[p] | the order-1 ids before it) for every p >= first (first >= order - 1)."""
        raise NotImplementedError

    def log_probs(self, ids: Sequence[int] | np.ndarray, history: Sequence[int] = ()) -> np.ndarray:
        """ln P of each id given the ids before it; ``history`` (e.g. the end of training) is context only.

        The first ids, with fewer than ``order - 1`` ids before them, use the shorter context.
        """
        hist = _as_ids(history, self.vocab_size)
        full = np.concatenate([hist, _as_ids(ids, self.vocab_size)])
        start, n1 = len(hist), self.order - 1
        first = min(max(start, n1), len(full))
        probs = np.empty(len(full) - start)
        for p in range(start, first):  # at most order - 1 positions: a loop is fine
            probs[p - start] = self.distribution(full[max(0, p - n1) : p])[full[p]]
        if first < len(full):
            probs[first - start :] = self._full_context_probs(full, first)
        return np.log(probs)

    def evaluate(self, ids: Sequence[int] | np.ndarray, history: Sequence[int] = ()) -> NgramScore:
        """Perplexity and mean loss (nats per token) on ``ids``."""
        logp = self.log_probs(ids, history)
        if len(logp) == 0:
            raise ValueError("there are no ids to evaluate")
        nll = float(-logp.mean())
        return NgramScore(self.name, math.exp(nll), nll, len(logp))


class Unigram(NgramModel):
    """P(w) = (count(w) + 1) / (N + V): frequencies with add-one smoothing, so no id has probability 0."""

    name = "unigram"
    order = 1

    def __init__(self, train_ids: Sequence[int] | np.ndarray, vocab_size: int):
        super().__init__(vocab_size)
        ids = _as_ids(train_ids, vocab_size)
        counts = np.bincount(ids, minlength=vocab_size).astype(np.float64)
        self.probs = (counts + 1.0) / (len(ids) + vocab_size)

    def distribution(self, context: Sequence[int] = ()) -> np.ndarray:
        return self.probs.copy()

    def _full_context_probs(self, ids: np.ndarray, first: int) -> np.ndarray:
        return self.probs[ids[first:]]


class _Counts:
    """N-gram counts grouped by context: sorted keys, their counts, and per-context totals."""

    def __init__(self, keys: np.ndarray, counts: np.ndarray, vocab_size: int):
        self.keys, self.counts, self.vocab_size = keys, counts.astype(np.float64), vocab_size
        self.contexts, self.starts = np.unique(keys // vocab_size, return_index=True)
        self.totals = np.add.reduceat(self.counts, self.starts) if len(keys) else np.zeros(0)

    @classmethod
    def of(cls, keys: np.ndarray, vocab_size: int) -> _Counts:
        unique, counts = np.unique(keys, return_counts=True)
        return cls(unique, counts, vocab_size)

    def per_context(self, values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values, self.starts) if len(self.keys) else np.zeros(0)

    def row(self, context: int) -> tuple[np.ndarray, np.ndarray, int]:
        """(next ids, their counts, context index or -1) for one context key."""
        base = context * self.vocab_size
        lo, hi = np.searchsorted(self.keys, [base, base + self.vocab_size])
        i = int(np.searchsorted(self.contexts, context))
        found = i < len(self.contexts) and self.contexts[i] == context
        return self.keys[lo:hi] - base, self.counts[lo:hi], i if found else -1


class InterpolatedBigram(NgramModel):
    """Jelinek-Mercer: P(w|v) = λ·count(v,w)/count(v,·) + (1-λ)·P_add-one(w); P_add-one(w) for unseen v.

    λ is the value on ``lambdas`` with the lowest loss on the last ``heldout_fraction`` of the
    training ids when the counts come from the rest; the final counts then use all of them.
    """

    name = "interpolated bigram"
    order = 2

    def __init__(self, train_ids: Sequence[int] | np.ndarray, vocab_size: int, lam: float | None = None,
                 lambdas: Sequence[float] = tuple(np.round(np.arange(0.05, 1.0, 0.05), 2)),
                 heldout_fraction: float = 0.1):
        super().__init__(vocab_size)
        ids = _as_ids(train_ids, vocab_size)
        if lam is None:
            lam = self._tune(ids, lambdas, heldout_fraction)
        if not 0.0 <= lam <= 1.0:
            raise ValueError(f"lam must be in [0, 1], got {lam}")
        self.lam = float(lam)
        self.unigram = Unigram(ids, vocab_size)
        self.bigrams = _Counts.of(_pack(ids, 2, vocab_size), vocab_size)

    def _parts(self, ids: np.ndarray, first: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(maximum-likelihood P(w|v), add-one P(w), context seen) at each position p >= first."""
        prev, cur = ids[first - 1 : -1], ids[first:]
        pair, _ = _lookup(self.bigrams.keys, self.bigrams.counts, prev * self.vocab_size + cur)
        total, seen = _lookup(self.bigrams.contexts, self.bigrams.totals, prev)
        ml = np.divide(pair, total, out=np.zeros_like(pair), where=seen)
        return ml, self.unigram.probs[cur], seen

    def _tune(self, ids: np.ndarray, lambdas: Sequence[float], heldout_fraction: float) -> float:
        cut = int(len(ids) * (1.0 - heldout_fraction))
        if cut < 2 or len(ids) - cut < 2:
            return 0.5  # too few ids to tune on: an even mix is the usual guess
        fit = InterpolatedBigram(ids[:cut], self.vocab_size, lam=0.5)
        ml, uni, seen = fit._parts(ids, cut)
        losses = [float(-np.log(np.where(seen, lam * ml + (1 - lam) * uni, uni)).mean()) for lam in lambdas]
        return float(lambdas[int(np.argmin(losses))])

    def distribution(self, context: Sequence[int] = ()) -> np.ndarray:
        probs = self.unigram.probs.copy()
        if len(context) == 0:
            return probs
        words, counts, i = self.bigrams.row(int(context[-1]))
        if i < 0:
            return probs
        probs *= 1.0 - self.lam
        probs[words] += self.lam * counts / self.bigrams.totals[i]
        return probs

    def _full_context_probs(self, ids: np.ndarray, first: int) -> np.ndarray:
        ml, uni, seen = self._parts(ids, first)
        return np.where(seen, self.lam * ml + (1.0 - self.lam) * uni, uni)


def modified_kn_discounts(counts: np.ndarray) -> np.ndarray:
    """[0, D1, D2, D3+] from count-of-counts (Chen & Goodman 1998): D_k = k - (k+1)·Y·n_{k+1}/n_k.

    Y = n1 / (n1 + 2·n2). Falls back to 0.75 for all where a count-of-count is zero (tiny
    texts), and keeps each D_k in [0.05, k] so no count goes negative and every lower order
    keeps some weight.
    """
    n = np.array([np.count_nonzero(counts == k) for k in range(1, 5)], dtype=np.float64)
    if np.any(n == 0):
        return np.array([0.0, 0.75, 0.75, 0.75])
    y = n[0] / (n[0] + 2 * n[1])
    d = np.array([k - (k + 1) * y * n[k] / n[k - 1] for k in range(1, 4)])
    return np.concatenate([[0.0], np.clip(d, 0.05, [1.0, 2.0, 3.0])])


class _KnLevel:
    """One order of interpolated Kneser-Ney: P(w|ctx) = max(c - D(c), 0)/total + mass/total · P_lower(w)."""

    def __init__(self, counts: _Counts, discount: float | None):
        self.counts = counts
        self.d = (modified_kn_discounts(counts.counts) if discount is None
                  else np.array([0.0, discount, discount, discount]))
        self.mass = counts.per_context(self.d[np.minimum(counts.counts, 3).astype(np.int64)])

    def probs(self, contexts: np.ndarray, words: np.ndarray, lower: np.ndarray) -> np.ndarray:
        c = self.counts
        count, _ = _lookup(c.keys, c.counts, contexts * c.vocab_size + words)
        pos = np.minimum(np.searchsorted(c.contexts, contexts), max(len(c.contexts) - 1, 0))
        seen = c.contexts[pos] == contexts if len(c.contexts) else np.zeros(len(contexts), dtype=bool)
        total = np.where(seen, c.totals[pos] if len(c.totals) else 0.0, 1.0)
        mass = np.where(seen, self.mass[pos] if len(self.mass) else 0.0, 1.0)  # unseen context: all to lower
        own = np.maximum(count - self.d[np.minimum(count, 3).astype(np.int64)], 0.0)
        return own / total + mass / total * lower

    def row(self, context: int, lower: np.ndarray) -> np.ndarray:
        words, counts, i = self.counts.row(context)
        if i < 0:
            return lower.copy()
        total = self.counts.totals[i]
        out = lower * (self.mass[i] / total)
        out[words] += np.maximum(counts - self.d[np.minimum(counts, 3).astype(np.int64)], 0.0) / total
        return out


class KneserNeyTrigram(NgramModel):
    """Interpolated modified Kneser-Ney trigram over token ids.

    The trigram order uses counts; the bigram and unigram orders use continuation counts
    (how many different ids precede an n-gram), which is what makes "Francisco" less likely
    after an unseen word than its raw frequency suggests. The unigram order is interpolated
    with the uniform distribution, so every id keeps a non-zero probability.
    ``discount=None`` estimates D1, D2, D3+ per order; a number uses one absolute discount.
    """

    name = "Kneser-Ney trigram"
    order = 3

    def __init__(self, train_ids: Sequence[int] | np.ndarray, vocab_size: int, discount: float | None = None):
        super().__init__(vocab_size)
        if discount is not None and not 0.0 < discount <= 1.0:
            raise ValueError(f"discount must be in (0, 1], got {discount}")
        ids = _as_ids(train_ids, vocab_size)
        if len(ids) < 3:
            raise ValueError("a trigram model needs at least 3 training ids")
        v = vocab_size
        tri = _Counts.of(_pack(ids, 3, v), v)
        bi_types, bi_cont = np.unique(tri.keys % (v * v), return_counts=True)  # distinct u before (v, w)
        uni_cont = np.bincount(bi_types % v, minlength=v)  # distinct v before w
        seen = np.flatnonzero(uni_cont)
        self.levels = (
            _KnLevel(_Counts(seen.astype(np.int64), uni_cont[seen], v), discount),  # one context: key 0
            _KnLevel(_Counts(bi_types, bi_cont, v), discount),
            _KnLevel(tri, discount),
        )
        self.uniform = np.full(v, 1.0 / v)
        self.unigram_probs = self.levels[0].row(0, self.uniform)

    @property
    def discounts(self) -> list[list[float]]:
        """[D1, D2, D3+] of the unigram, bigram and trigram orders."""
        return [level.d[1:].tolist() for level in self.levels]

    def distribution(self, context: Sequence[int] = ()) -> np.ndarray:
        context = [int(c) for c in context][-2:]
        probs = self.unigram_probs.copy()
        if len(context) >= 1:
            probs = self.levels[1].row(context[-1], probs)
        if len(context) == 2:
            probs = self.levels[2].row(context[0] * self.vocab_size + context[1], probs)
        return probs

    def _full_context_probs(self, ids: np.ndarray, first: int) -> np.ndarray:
        u, v, w = ids[first - 2 : -2], ids[first - 1 : -1], ids[first:]
        p1 = self.unigram_probs[w]
        p2 = self.levels[1].probs(v, w, p1)
        return self.levels[2].probs(u * self.vocab_size + v, w, p2)


def top_k_accuracy(model: NgramModel, ids: Sequence[int] | np.ndarray, k: int = 5,
                   history: Sequence[int] = ()) -> float:
    """Share of ``ids`` that are among the model's ``k`` most likely next ids (ties broken arbitrarily).

    Positions with the same context share one distribution, so this costs one vocabulary-sized
    vector per distinct context.
    """
    hist = _as_ids(history, model.vocab_size)
    full = np.concatenate([hist, _as_ids(ids, model.vocab_size)])
    start, n1 = len(hist), model.order - 1
    if len(full) == start:
        raise ValueError("there are no ids to evaluate")
    k = min(k, model.vocab_size)
    groups: dict[tuple[int, ...], list[int]] = {}
    for p in range(start, len(full)):
        groups.setdefault(tuple(full[max(0, p - n1) : p].tolist()), []).append(p)
    hits = 0
    for context, positions in groups.items():
        top = np.argpartition(-model.distribution(context), k - 1)[:k]
        hits += int(np.isin(full[positions], top).sum())
    return hits / (len(full) - start)


def evaluate_baselines(train_ids: Sequence[int] | np.ndarray, val_ids: Sequence[int] | np.ndarray,
                       vocab_size: int) -> list[NgramScore]:
    """Unigram, interpolated bigram and Kneser-Ney trigram fitted on ``train_ids``, scored on ``val_ids``.

    Validation is scored with the last two training ids as history, as a neural model
    reading the text straight through would have them.
    """
    train = _as_ids(train_ids, vocab_size)
    history = train[-2:]
    scores = []
    for cls in (Unigram, InterpolatedBigram, KneserNeyTrigram):
        began = time.perf_counter()
        score = cls(train, vocab_size).evaluate(val_ids, history)
        scores.append(NgramScore(score.name, score.perplexity, score.mean_nll, score.n_tokens,
                                 time.perf_counter() - began))
    return scores
