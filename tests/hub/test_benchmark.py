"""``python -m benchmarks hub`` runs on the tiny Hub models and prints next_word rows (SDPA, eager), an
attention-view row and a generation row per model, next_word on GPT-2 small's dimensions in both attentions,
and leaves huggingface_hub pointed where it was."""

from __future__ import annotations

import contextlib
import io
import re

from huggingface_hub import constants

from benchmarks.hub import bench_hub
from playground.hub import tiny

ROW = re.compile(r"^ +(?P<label>\S.*?) +p50 +(?P<p50>[\d.]+) ms +p95 +(?P<p95>[\d.]+) ms", re.M)


def test_the_hub_benchmark_prints_plausible_rows(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_HUB_DEVICE", "cpu")
    before = constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench_hub(repeat=3)
    rows = {m["label"]: (float(m["p50"]), float(m["p95"])) for m in ROW.finditer(out.getvalue())}
    for repo in (tiny.GPT2, tiny.LLAMA):
        for what in ("next_word model work (sdpa attention)", "next_word model work (eager attention)",
                     "attention view (eager while it reads)", "generation, per token"):
            p50, p95 = rows[f"hf:{repo} {what}"]
            assert 0 < p50 <= p95 < 5_000, (repo, what, p50, p95)
    for what in ("sdpa", "eager"):  # a real model's size: 124 M parameters
        p50, p95 = rows[f"GPT-2 small's dimensions, random weights, next_word ({what})"]
        assert 0 < p50 <= p95 < 20_000, (what, p50, p95)
    assert (constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE) == before
