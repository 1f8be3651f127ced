"""Training one language model, or comparing two on the same budget, as a job: the Next-word tab's Train
and Compare.

Gradio-free. ``train_models`` builds each architecture for the text, trains it on the one
engine with the same budget (steps, or seconds each), yields each run's engine events
tagged with its architecture, and ends with ``LMJobResult``: the last trained model
packaged for the session (a ``store.LanguageModel`` on the CPU), its validation
scores, and every run's history (the comparison plot). The budget arithmetic (how the
steps split into epochs, the batch) lives here, not in the tab.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import torch

from playground.text import store
from playground.text.data import TextData
from playground.text.models import LMConfig, build_lm, check_size
from playground.text.train import LMScores, LMSettings, LMTraining, evaluate_lm
from playground.text.wording import Note
from playground.train import engine
from playground.train.history import History

BATCH_SIZE = 16  # windows per step: small batches leave the unigram plateau soonest on a CPU
# The tab's defaults (an LSTM, 2 layers of 256, context 64, dropout 0, words of Tiny Shakespeare, this budget)
# passed the interpolated bigram's validation perplexity (126.0) at step 180 of 300 (119.8; 111.2 at the end),
# 55 s into the run on a 2-core CPU shared with other work (4,000 tokens/s; the same step, at 380 s, when the
# cores were far busier). What the page says before a run; during one it estimates from the measured speed:
DEFAULTS_BEAT_BIGRAM = {"steps": 180, "seconds": 55, "cores": 2}
# those defaults, as the tab's controls start (a run with exactly these gets a live estimate for this machine)
DEFAULT_RUN = {"corpus": "en", "kind": "word", "arch": "lstm", "n_layer": 2, "n_embd": 256, "block_size": 64,
               "dropout": 0.0, "steps": 300, "lr": 2e-2}
EPOCHS_PER_BUDGET = 10  # validation points per run: the budget's steps split into this many epochs
MIN_STEPS_PER_EPOCH = 10


@dataclass(frozen=True)
class Budget:
    """What each model of a job may spend; the same for both in a comparison."""

    steps: int = 300  # optimizer steps
    seconds: float = 0.0  # 0: no time budget; else each run stops itself after this long
    lr: float = 2e-2  # high for Adam, and what lets a recurrent net pass the bigram within a minute on a CPU

    def settings(self, max_seconds: float) -> LMSettings:
        steps = int(self.steps)
        seconds = float(self.seconds) if self.seconds and self.seconds > 0 else max_seconds
        return LMSettings(steps=steps, steps_per_epoch=max(steps // EPOCHS_PER_BUDGET, MIN_STEPS_PER_EPOCH),
                          batch_size=BATCH_SIZE, lr=float(self.lr), max_seconds=min(seconds, max_seconds))


@dataclass(frozen=True)
class RunEvent:
    """One engine event of the run of ``arch``."""

    arch: str
    event: engine.Event
    history: History  # the run's curves so far (the live object: read it before the job goes on)


@dataclass(frozen=True)
class LMJobResult:
    model: store.LanguageModel  # the last run's model, ready for the session (CPU, eval mode)
    config: LMConfig
    done: engine.Done  # how the last run ended
    scores: LMScores  # its validation scores, on the weights as they are now
    runs: dict[str, History] = field(default_factory=dict)  # every run's curves, by architecture
    notes: tuple[Note, ...] = ()  # how the job adapted to the text (vocabulary, validation, context), for the page


def train_models(data: TextData, configs: list[LMConfig], budget: Budget, device: torch.device | str,
                 should_stop: Callable[[], bool], max_params: int, max_seconds: float,
                 event_interval: float = 0.25) -> Iterator[RunEvent | LMJobResult]:
    """Train each config in turn (a Stop ends the job after the run it stops); see the module docstring."""
    notes = list(data.notes)
    fitted = []
    for cfg in configs:  # the context a small text allows; every size is checked before any training starts
        block, note = data.fit_context(cfg.block_size)
        if note and note not in notes:
            notes.append(note)
        fitted.append(replace(cfg, block_size=block))
        check_size(fitted[-1], max_params)
    configs = fitted
    runs: dict[str, History] = {}
    last = None
    for cfg in configs:
        run = LMTraining(build_lm(cfg, seed=0), data.train_ids, data.val_ids, budget.settings(max_seconds),
                         data.chars_per_token, device)
        runs[cfg.arch] = run.history
        for event in run.events(should_stop=should_stop, event_interval=event_interval):
            if isinstance(event, engine.Done):
                last = (run, cfg, event)
            yield RunEvent(cfg.arch, event, run.history)
        if should_stop():
            break
    run, cfg, done = last
    scores = evaluate_lm(run.model, run.val_windows, data.chars_per_token, unk_id=data.tokenizer.unk_id)
    info = {"corpus": data.title, "baselines": data.baselines, "perplexity": scores.perplexity,
            "bits_per_char": scores.bits_per_char}
    yield LMJobResult(store.LanguageModel(run.model.cpu().eval(), data.tokenizer, cfg, info), cfg, done, scores,
                      runs, tuple(notes))
