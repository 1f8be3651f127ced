"""The 2-D playground's Play as a job: train epoch after epoch until stopped, a frame when one is wanted.

Gradio-free. ``play`` trains the session's ``Playground`` on the one engine, one short
chunk per frame, under the session's lock (Step, Reset and settings changes take turns
with it on other server threads), and yields a ``PlayFrame`` (a snapshot of the network
and its histories) once the caller's ``want_frame()`` says the page is ready for one:
the next chunk trains while the page draws the last frame. It ends with ``PlayEnd``: paused, stopped by
another control, at its epoch cap, or failed (a diverging loss, with advice).
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from playground.basics.playground2d import Playground, Snapshot
from playground.train import engine

MAX_EPOCHS = 5000  # a Play run stops itself after this many epochs
CHUNK_SECONDS = 0.06  # training per frame (and between two looks at the switch): Pause lands within this
CHUNK_EPOCHS = 50  # most epochs in one chunk
WAIT_SECONDS = 0.005  # how often a job waiting for the page looks again


@dataclass(frozen=True)
class PlayFrame:
    """What the page shows while playing."""

    snapshot: Snapshot  # boundary, per-neuron maps, histories: copies, safe to draw on another thread
    points: dict  # the data's points (train and test), for the boundary picture
    epoch: int
    epochs_per_s: float  # since Play was pressed


@dataclass(frozen=True)
class PlayEnd:
    """How Play ended: "paused" (Pause), "taken_over" (Step, Reset or a setting), "cap" or "failed"."""

    reason: str
    frame: PlayFrame | None  # the last picture (None when another control took over: it shows its own)
    message: str = ""  # for "failed": the engine's advice


PlayEvent = PlayFrame | PlayEnd


def _frame(run: Playground, began: float, first_epoch: int) -> PlayFrame:
    rate = (run.epoch - first_epoch) / max(time.perf_counter() - began, 1e-9)
    return PlayFrame(run.snapshot(), run.points(), run.epoch, rate)


def play(run: Playground, should_stop: Callable[[], bool], paused: Callable[[], bool],
         want_frame: Callable[[], bool], lock: threading.Lock | None = None, max_epochs: int = MAX_EPOCHS,
         chunk_seconds: float = CHUNK_SECONDS) -> Iterator[PlayEvent]:
    """Train ``run`` until ``should_stop()``, a failure or ``max_epochs`` more epochs; see the module docstring.

    ``paused()`` tells a Pause (a last frame, reason "paused") from another control taking
    over (no frame: that control shows its own).
    """
    lock = lock or contextlib.nullcontext()
    began, first_epoch = time.perf_counter(), run.epoch
    while True:
        with lock:
            if should_stop():
                yield PlayEnd("paused", _frame(run, began, first_epoch)) if paused() else PlayEnd("taken_over", None)
                return
            done = None
            for event in run.run_epochs(CHUNK_EPOCHS, should_stop=should_stop, max_seconds=chunk_seconds):
                if isinstance(event, engine.Done):
                    done = event
            if done is not None and done.reason in engine.FAILED:
                yield PlayEnd("failed", _frame(run, began, first_epoch), done.message)
                return
            if run.epoch - first_epoch >= max_epochs:
                yield PlayEnd("cap", _frame(run, began, first_epoch))
                return
        # one chunk of training per frame: while the page draws, the job waits (a slow page gets fewer
        # epochs a second, and the server's CPU is left to others: on a laptop, to the browser itself)
        while not (want_frame() or should_stop()):
            time.sleep(WAIT_SECONDS)
        if should_stop():
            continue  # the top of the loop ends the job
        with lock:
            frame = _frame(run, began, first_epoch)
        yield frame
