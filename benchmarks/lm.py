"""``python -m benchmarks lm``: the language models of the Next-word tab, trained and asked.

1. Training throughput (tokens/s) of a word-level model on Tiny Shakespeare, per
   architecture: the engine (``LMTraining``) against a plain nanoGPT-style PyTorch loop
   on the same model, the same batches (``TokenBatches``, same seed), the same AdamW,
   clipping and cosine schedule; interleaved runs, medians. On CUDA too when present.
2. From scratch on the CPU within a time budget (``--seconds``): when an LSTM and a
   transformer first beat the interpolated bigram on validation perplexity, and where
   they end against the bigram and the Kneser-Ney trigram.
3. ``next_word``: the model's own work per call for each shipped model, and the round
   trip through gradio_client against an endpoint of the same app with the same inputs
   and output that does no work.
4. Generation speed of ``generate_text`` (200 tokens) for each shipped model.
5. The share of training time the tab's live updates take (status and curves, built
   and serialized as Gradio does) at the tab's event interval of 0.5 s.
"""

from __future__ import annotations

import math
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import torch

from benchmarks.common import interleaved, machine, row, sync, timed, timed_run
from playground.text.data import TextData, builtin
from playground.text.models import LMConfig, build_lm, param_count
from playground.text.train import LMSettings, LMTraining, TokenBatches, evaluate_lm
from playground.train import engine

if TYPE_CHECKING:
    import gradio as gr

ARCHS = ("rnn", "lstm", "gru", "transformer")
BATCH, BLOCK, LR, CLIP = 32, 64, 3e-3, 1.0
LONG = 100_000  # steps in a throughput run's schedule: no epoch ends (so no validation) while it is timed
PROMPTS = {  # 30 words each
    "en": "To be, or not to be, that is the question: whether 'tis nobler in the mind to suffer the slings and "
          "arrows of outrageous fortune, or to take arms against a sea of troubles, and by",
    "es": "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un hidalgo "
          "de los de lanza en astillero, adarga antigua, rocín flaco y galgo corredor. Una olla",
}


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def throughput_config(arch: str, vocab_size: int) -> LMConfig:
    """Width 256, 2 layers, untied head: 2.6-4.0 M parameters at a vocabulary of about 4,600 words."""
    return LMConfig(arch=arch, vocab_size=vocab_size, n_layer=2, n_embd=256, n_head=4, block_size=BLOCK,
                    dropout=0.0, tie_weights=False)


# ----------------------------------------------------------------------------- 1. throughput


def plain_loop(cfg: LMConfig, data: TextData, device: torch.device, steps: int, warmup: int) -> float:
    """Tokens/s of nanoGPT's train.py loop (get_batch, forward, backward, clip, AdamW step, lr by hand)."""
    model = build_lm(cfg, seed=0, device=device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.0)
    batches = TokenBatches(data.train_ids, BLOCK, BATCH, LONG, torch.Generator().manual_seed(0), device)
    model.train()
    for i in range(warmup + steps):
        if i == warmup:
            sync(device)
            start = time.perf_counter()
        x, y = batches.batch()
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        optimizer.step()
        for group in optimizer.param_groups:  # the same cosine as the engine's scheduler
            group["lr"] = LR * (1 + math.cos(math.pi * (i + 1) / LONG)) / 2
    sync(device)
    return steps * BATCH * BLOCK / (time.perf_counter() - start)


def engine_loop(cfg: LMConfig, data: TextData, device: torch.device, steps: int, warmup: int,
                live: Callable[[engine.Event, LMTraining], None] | None = None,
                settings: LMSettings | None = None, event_interval: float = 1e9) -> tuple[float, float]:
    """(tokens/s, seconds inside ``live`` per second of training) of ``LMTraining`` over ``steps`` timed steps."""
    settings = settings or LMSettings(steps=LONG, steps_per_epoch=LONG, batch_size=BATCH, lr=LR, schedule="cosine",
                                      clip=CLIP, seed=0)
    job = LMTraining(build_lm(cfg, seed=0), data.train_ids, data.val_ids, settings, data.chars_per_token, device)
    wall, share = timed_run(lambda stop: job.events(should_stop=stop, event_interval=event_interval), device, steps,
                            warmup, None if live is None else (lambda event: live(event, job)))
    return steps * settings.batch_size * cfg.block_size / wall, share


def throughput(data: TextData, device: torch.device, steps: int, warmup: int) -> None:
    """Per architecture: plain loop and engine, interleaved twice, medians and their ratio."""
    name = "CPU " if device.type == "cpu" else "CUDA"
    for arch in ARCHS:
        cfg = throughput_config(arch, data.tokenizer.vocab_size)
        plain, ours = [], []
        for _ in range(2):  # interleaved, so drift in the machine's load hits both alike
            plain.append(plain_loop(cfg, data, device, steps, warmup))
            ours.append(engine_loop(cfg, data, device, steps, warmup)[0])
        p, e = statistics.median(plain), statistics.median(ours)
        print(f"  {name} {arch:<11} {param_count(cfg) / 1e6:4.2f} M   plain {p:9,.0f}   engine {e:9,.0f}   "
              f"{e / p:5.2f}× [target ≥ 0.95×: {_verdict(e / p >= 0.95)}]   runs plain "
              + ", ".join(f"{v:,.0f}" for v in plain) + "; engine " + ", ".join(f"{v:,.0f}" for v in ours))


# ----------------------------------------------------------------------------- 2. from scratch


# what worked in trials on 2 CPU cores: the LSTM leaves its unigram plateau soonest at a high constant rate on
# small batches; the transformer needs a warm-up (OneCycle), so its schedule spans the steps the budget holds
RECIPES = {"lstm": (2e-2, "constant", 16), "transformer": (3e-3, "onecycle", 32)}


def steps_in(cfg: LMConfig, data: TextData, batch: int, seconds: float, probe: int = 6) -> int:
    """How many steps of ``cfg`` fit into ``seconds`` (less a tenth for validation), from a few timed steps."""
    model = build_lm(cfg, seed=1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    batches = TokenBatches(data.train_ids, cfg.block_size, batch, LONG, torch.Generator().manual_seed(1))
    times = []
    for _ in range(probe + 2):
        x, y = batches.batch()
        t0 = time.perf_counter()
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        times.append(time.perf_counter() - t0)
    return max(int(0.9 * seconds / statistics.median(times[2:])), 50)


def from_scratch(data: TextData, arch: str, seconds: float) -> None:
    """Train ``arch`` on the CPU for ``seconds``; when validation first beats the bigram, and where it ends."""
    cfg = LMConfig(arch=arch, vocab_size=data.tokenizer.vocab_size, n_layer=2, n_embd=256, n_head=4,
                   block_size=BLOCK, dropout=0.0, tie_weights=True)
    lr, schedule, batch = RECIPES[arch]
    steps = LONG if schedule == "constant" else steps_in(cfg, data, batch, seconds)
    settings = LMSettings(steps=steps, steps_per_epoch=50, batch_size=batch, lr=lr, schedule=schedule, clip=CLIP,
                          seed=0, max_seconds=seconds)
    job = LMTraining(build_lm(cfg, seed=0), data.train_ids, data.val_ids, settings, data.chars_per_token, "cpu")
    validating = {"s": 0.0}
    validate = job.validate

    def timed_validate(model):
        t0 = time.perf_counter()
        try:
            return validate(model)
        finally:
            validating["s"] += time.perf_counter() - t0

    job.validate = timed_validate  # LMTraining.events reads self.validate: count validation time apart
    bigram, trigram = data.baselines["interpolated bigram"], data.baselines["Kneser-Ney trigram"]
    start, first, trail, done = time.perf_counter(), None, [], None
    for event in job.events(event_interval=5.0):
        if isinstance(event, engine.EpochEnd):
            wall = time.perf_counter() - start
            ppl = math.exp(event.val_loss)
            trail.append(f"{wall:.0f} s {ppl:.0f}")
            if first is None and ppl < bigram:
                first = (wall, wall - validating["s"], event.epoch * settings.steps_per_epoch, ppl)
        elif isinstance(event, engine.Done):
            done = event
    final = evaluate_lm(job.model, job.val_windows, data.chars_per_token).perplexity
    plan = "" if schedule == "constant" else f" over {steps} steps (what a probe says fits)"
    print(f"  {arch:<11} {param_count(cfg) / 1e6:4.2f} M params, AdamW lr {lr:g} {schedule}{plan}, "
          f"batch {batch}×{BLOCK}: {done.steps} steps in {done.seconds:.0f} s ({done.samples_per_s:,.0f} tokens/s, "
          f"validation {validating['s']:.0f} s of it)")
    print(f"    validation perplexity by wall time: {', '.join(trail) or 'no validation ran'}")
    if first is None:
        print(f"    never below the bigram ({bigram:.1f}) within {seconds:.0f} s [target: {_verdict(False)}]")
    else:
        print(f"    below the bigram ({bigram:.1f}) after {first[0]:.0f} s ({first[1]:.0f} s of it training, step "
              f"{first[2]}): perplexity {first[3]:.1f} [target within {seconds:.0f} s: {_verdict(True)}]")
    print(f"    final validation perplexity {final:.1f}: {final / bigram:.2f}× the bigram's {bigram:.1f}, "
          f"{final / trigram:.2f}× the KN trigram's {trigram:.1f}")


# ----------------------------------------------------------------------------- 3. next_word


def _prompt(name: str) -> str:
    return PROMPTS[name.split("-")[0]]


def model_work(repeat: int) -> None:
    from playground.text import store
    from playground.views import text as text_views

    for name in store.SHIPPED:
        lm = store.shipped(name)
        prompt = _prompt(name)
        text_views.next_words(lm, prompt, 10)  # warm-up
        times = [timed(lambda: text_views.next_words(lm, prompt, 10)) for _ in range(repeat)]
        verdict = _verdict(statistics.median(times) < 20)
        print(row(f"{name} ({len(text_views.prompt_ids(lm, prompt)[0])} tokens) [p50 < 20 ms: {verdict}]", times))


def add_reference_endpoint(demo: gr.Blocks) -> None:
    """An endpoint with next_word's inputs and output (Textbox, Textbox, Number → JSON) that does no work."""
    import gradio as gr

    answer = [{"word": f"word{i}", "probability": 0.1} for i in range(10)]  # as large as next_word's answer
    with demo:
        with gr.Row(visible=False):
            prompt, model, k = gr.Textbox(), gr.Textbox(), gr.Number(precision=0)
            out = gr.JSON()
            button = gr.Button()
        button.click(lambda p, m, n: answer, [prompt, model, k], [out], api_name="reference_round_trip",
                     concurrency_limit=8)


def round_trips(repeat: int, build_app: Callable[[], gr.Blocks]) -> None:
    from benchmarks.served import served_app
    from playground.text import store

    with served_app(build_app, add_reference_endpoint) as client:
        n = max(repeat // 2, 40)
        names = store.SHIPPED

        def call(endpoint: str):
            return lambda i: client.predict(_prompt(names[i % len(names)]), names[i % len(names)], 10,
                                            api_name=endpoint)

        ours, reference = interleaved(n, call("/next_word"), call("/reference_round_trip"))
    print(row("/next_word (the four shipped models in turn)", ours))
    print(row("reference endpoint (no work)", reference))
    ratio = statistics.median(ours) / statistics.median(reference)
    print(f"  ratio of medians {ratio:.2f}× [target ≤ 1.3×: {_verdict(ratio <= 1.3)}]")


# ----------------------------------------------------------------------------- 4. generation


def generation(runs: int = 3, length: int = 200) -> None:
    from playground.text import store
    from playground.views import text as text_views

    for name in store.SHIPPED:
        lm = store.shipped(name)
        rates, text = [], ""
        for seed in range(runs):
            start = time.perf_counter()
            for text, pieces in text_views.generate_text(lm, _prompt(name), length, 0.8, 40, 0.95, seed):
                pass
            seconds = time.perf_counter() - start
            rates.append((len(text.split()) / seconds, len(pieces) / seconds))
        words, tokens = statistics.median(r[0] for r in rates), statistics.median(r[1] for r in rates)
        print(f"  {name:<15} {words:7.1f} words/s ({tokens:7.1f} tokens/s; median of {runs} runs of {length} tokens) "
              f"[target ≥ 50 words/s: {_verdict(words >= 50)}]")


# ----------------------------------------------------------------------------- 5. live updates


def live_updates(data: TextData, steps: int, runs: int = 3) -> None:
    """Engine alone vs engine + the tab's per-event status and curves (built and serialized as Gradio does)."""
    import gradio as gr

    from playground.views import lm_training as lm_views

    status, plot = gr.HTML(render=False), gr.Plot(render=False)
    settings = LMSettings(steps=300, steps_per_epoch=30, batch_size=BATCH, lr=LR)  # the tab's defaults
    cfg = LMConfig(arch="lstm", vocab_size=data.tokenizer.vocab_size, n_layer=2, n_embd=128, block_size=BLOCK,
                   dropout=0.2, tie_weights=True)

    def redraw(event: engine.Event, job: LMTraining) -> None:  # what the tab's train() yields per event
        if isinstance(event, engine.EpochEnd):
            job.history.epochs[-1]["step"] = event.epoch * settings.steps_per_epoch
        if not isinstance(event, engine.Done):
            status.postprocess(lm_views.lm_status(event, "CPU"))
            plot.postprocess(lm_views.curves_figure({"lstm": job.history}, data.baselines))

    cpu = torch.device("cpu")
    alone, shown, shares = [], [], []
    for _ in range(runs):  # alternating, medians: this machine's speed drifts more than the effect measured
        alone.append(engine_loop(cfg, data, cpu, steps, 3, settings=settings, event_interval=0.5)[0])
        rate, share = engine_loop(cfg, data, cpu, steps, 3, redraw, settings=settings, event_interval=0.5)
        shown.append(rate)
        shares.append(share)
    a, b, share = statistics.median(alone), statistics.median(shown), statistics.median(shares)
    print(f"  the tab's default LSTM ({param_count(cfg) / 1e6:.2f} M), batch {BATCH}×{BLOCK}, {steps} steps "
          f"(validation every 30), {runs} runs each: engine alone {a:,.0f} tokens/s, with the live updates every "
          f"0.5 s {b:,.0f} tokens/s ({1 - b / a:+.1%} slower)")
    print(f"  time inside the live updates (lm_status, curves_figure, Gradio serialization): {share:.1%} of training "
          f"time [target < 5%: {_verdict(share < 0.05)}]")


# ----------------------------------------------------------------------------- all


def bench_lm(data_dir: Path, seconds: float, repeat: int, build_app: Callable[[], gr.Blocks]) -> None:
    import os

    print(f"lm: {machine()}; load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    start = time.perf_counter()
    data = builtin("en", "word", str(data_dir))
    print(f"Tiny Shakespeare, words (min_freq 3): vocabulary {data.tokenizer.vocab_size:,}, "
          f"{len(data.train_ids):,} training and {len(data.val_ids):,} validation tokens; validation perplexity of "
          + ", ".join(f"{k} {v:.1f}" for k, v in data.baselines.items()))
    print(f"1. training throughput, width 256, 2 layers, untied, batch {BATCH}×{BLOCK}, AdamW, clip {CLIP}, cosine "
          "(tokens/s, median of 2 interleaved runs each, 30 timed steps after 3 on the CPU"
          + (", 200 after 10 on CUDA):" if torch.cuda.is_available() else "):"))
    throughput(data, torch.device("cpu"), 30, 3)
    if torch.cuda.is_available():
        throughput(data, torch.device("cuda"), 200, 10)
    print(f"2. from scratch on the CPU, {seconds:.0f} s budget (validation every 50 steps, included in the time):")
    for arch in ("lstm", "transformer"):
        from_scratch(data, arch, seconds)
    print(f"3. next_words(shipped model, 30-word prompt, 10), the model's own work, {repeat} calls:")
    model_work(repeat)
    print("   round trips through gradio_client (same app, same inputs), interleaved:")
    round_trips(repeat, build_app)
    print("4. generate_text, 200 tokens, temperature 0.8, top-k 40, top-p 0.95:")
    generation()
    print("5. live updates at the tab's event interval (0.5 s):")
    live_updates(data, 60)
    print(f"(whole benchmark: {time.perf_counter() - start:.0f} s; load average now "
          f"{', '.join(f'{v:.2f}' for v in os.getloadavg())})")
