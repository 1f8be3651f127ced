"""``python -m benchmarks hub`` runs on the tiny Hub models and prints a next_word and a generation row per model,
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
        for what in ("next_word model work", "generation, per token"):
            p50, p95 = rows[f"hf:{repo} {what}"]
            assert 0 < p50 <= p95 < 5_000, (repo, what, p50, p95)
    assert (constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE) == before
