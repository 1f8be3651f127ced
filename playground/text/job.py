"""Training one language model, or comparing two on the same budget, as a job: the Next-word tab's Train
and Compare.

Gradio-free. ``train_models`` builds each architecture for the text, trains it on the one
engine with the same budget (steps, or seconds each), yields each run's engine events
tagged with its architecture, and ends with ``LMJobResult``: the last trained model
packaged for the session (a ``store.LanguageModel`` on the CPU), its validation
scores, and every run's history (the comparison plot). The budget arithmetic (how the
steps split into epochs, the batch) lives here, not in the tab.

What the tab's controls ask for is a ``TextChoice`` (which text, which tokens) and a
``ModelChoice`` (the network's shape); ``size_plan`` is the parameter count before a run
(with the text's real vocabulary once it can be read, else ``vocab_guess``), and
``is_default_run`` says whether a run is the one ``DEFAULTS_BEAT_BIGRAM`` measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import torch

from playground.text import store
from playground.errors import UserError
from playground.text.data import TOKENIZER_OPTIONS, TextData, builtin, own_text
from playground.text.models import LMConfig, build_lm, check_size, param_count
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

    @classmethod
    def from_controls(cls, steps: float, seconds: float | None, lr: float) -> "Budget":
        """The budget the controls ask for (an empty seconds box: no time budget)."""
        return cls(steps=int(steps), seconds=float(seconds or 0), lr=float(lr))

    def settings(self, max_seconds: float) -> LMSettings:
        steps = int(self.steps)
        seconds = float(self.seconds) if self.seconds and self.seconds > 0 else max_seconds
        return LMSettings(steps=steps, steps_per_epoch=max(steps // EPOCHS_PER_BUDGET, MIN_STEPS_PER_EPOCH),
                          batch_size=BATCH_SIZE, lr=float(self.lr), max_seconds=min(seconds, max_seconds))


# the vocabulary a tokenizer kind gives before a text is read (about what a book gives; BPE: its set size)
VOCAB_GUESS = {"word": 5000, "char": 100}


def vocab_guess(kind: str) -> int:
    """The vocabulary size the parameter count assumes before the text is read."""
    return TOKENIZER_OPTIONS.get(kind, {}).get("vocab_size") or VOCAB_GUESS.get(kind, VOCAB_GUESS["word"])


@dataclass(frozen=True)
class TextChoice:
    """The text a job trains on, as the controls give it."""

    corpus: str  # a built-in book's key ("en", "es"), or "own"
    kind: str  # the tokenizer kind (tokenize.KINDS)
    text: str = ""  # the pasted text ("own")
    path: str | None = None  # an uploaded .txt file ("own"; read before the pasted text)

    @property
    def key(self) -> tuple:
        """What the session's earlier runs are kept by: runs on the same key share the comparison plot."""
        return (self.corpus, self.kind, self.text, self.path)

    def given(self) -> bool:
        """Whether there is a text to read (a book, or one pasted or uploaded)."""
        return self.corpus != "own" or bool(self.text) or bool(self.path)

    def read(self, data_dir: str | Path) -> TextData:
        """The text prepared for training (a book from ``data_dir``, downloaded there once where it can be)."""
        if self.corpus != "own":
            return builtin(self.corpus, self.kind, str(data_dir))
        if self.path:
            return own_text(Path(self.path).read_bytes(), self.kind)
        return own_text(self.text or "", self.kind)


@dataclass(frozen=True)
class ModelChoice:
    """The network's shape, as the controls give it (numbers may come as floats from sliders)."""

    arch: str
    n_layer: int
    n_embd: int
    n_head: int  # read by a transformer only (a recurrent net has one "head")
    block_size: int
    dropout: float
    tied: bool
    positions: str = "learned"

    def config(self, vocab_size: int, arch: str | None = None, block_size: int | None = None) -> LMConfig:
        """The checked LMConfig for ``arch`` (default: this one's) with ``vocab_size`` tokens."""
        arch = arch or self.arch
        cfg = LMConfig(arch=arch, vocab_size=int(vocab_size), n_layer=int(self.n_layer), n_embd=int(self.n_embd),
                       n_head=int(self.n_head) if arch == "transformer" else 1,
                       block_size=int(block_size or self.block_size), dropout=float(self.dropout),
                       tie_weights=bool(self.tied), positions=self.positions)
        cfg.check()
        return cfg


@dataclass(frozen=True)
class SizePlan:
    """The size of the network to train, before a run."""

    params: int
    vocab: int
    real: bool  # the text's own vocabulary (else vocab_guess)
    notes: tuple = ()  # how training will adapt to the text (Notes)
    problem: UserError | None = None  # why the text could not be read (the count then uses the guess)


def size_plan(text: TextChoice, model: ModelChoice, data_dir: str | Path) -> SizePlan:
    """The parameter count with the text's real vocabulary and context where the text can be read (a book not on
    disk and offline, or a text too short, is the plan's ``problem``, the guess then stands). A shape that
    cannot be built raises its UserError."""
    data, problem = None, None
    if text.given():
        try:
            data = text.read(data_dir)
        except UserError as exc:
            problem = exc
    if data is None:
        cfg = model.config(vocab_guess(text.kind))
        return SizePlan(param_count(cfg), cfg.vocab_size, False, (), problem)
    block, context_note = data.fit_context(int(model.block_size))
    cfg = model.config(data.tokenizer.vocab_size, block_size=block)
    return SizePlan(param_count(cfg), cfg.vocab_size, True, tuple(data.notes) + ((context_note,) if context_note else ()))


def job_archs(arch: str, other: str, compare: bool) -> list[str]:
    """The architectures a Train (one) or Compare (two, the same budget each; one where both are the same) runs."""
    return [arch, other] if compare and other != arch else [arch]


def is_default_run(text: TextChoice, model: ModelChoice, archs: list[str], budget: Budget) -> bool:
    """Whether this is the run DEFAULTS_BEAT_BIGRAM measured (then the page can say when it passes the bigram)."""
    chosen = {"corpus": text.corpus, "kind": text.kind, "arch": archs[0] if len(archs) == 1 else None,
              "n_layer": model.n_layer, "n_embd": model.n_embd, "block_size": model.block_size,
              "dropout": model.dropout, "steps": budget.steps, "lr": budget.lr}
    return chosen == DEFAULT_RUN and bool(model.tied) and not budget.seconds


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
