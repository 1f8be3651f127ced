"""The 2-D playground's Play as a job, and the controls that take turns with it (Step, Reset, a setting).

Gradio-free. ``play`` trains the session's ``Playground`` on the one engine, one short
chunk per frame, under the session's lock (Step, Reset and settings changes take turns
with it on other server threads), and yields a ``PlayFrame`` (a snapshot of the network
and its histories) once the caller's ``want_frame()`` says the page is ready for one:
the next chunk trains while the page draws the last frame. While it waits for the page it
yields ``PlayWait`` (it is alive; the caller may check on its page). It ends with ``PlayEnd``:
paused, stopped by another control, at its epoch cap, or failed (a diverging loss, with advice).

The controls (``first_look``, ``change_settings``, ``reset``, ``step``, ``start_play``) each
return a ``Rest``: the session's playground and its picture, taken under the lock. A setting
changed during Play reconfigures the very network Play trains (it plays on with the new one);
Step and Reset take over (Play ends without a frame of its own). ``Control`` is what they need
of the session's switch (the page's is ``playground.ui.common.Switch``).
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterator, Protocol

from playground.basics.playground2d import Playground, PlaygroundConfig, Snapshot
from playground.train import engine

MAX_EPOCHS = 5000  # a Play run stops itself after this many epochs
CHUNK_SECONDS = 0.06  # training per frame (and between two looks at the switch): Pause lands within this
CHUNK_EPOCHS = 50  # most epochs in one chunk
WAIT_SECONDS = 0.005  # how often a job waiting for the page looks again


class Control(Protocol):
    """The session's switch, as the playground's controls use it."""

    lock: threading.Lock  # held while a control (or a chunk of Play) changes the network
    paused: bool  # the last stop was a Pause (Play ends with its picture), not another control taking over

    def start(self) -> None:
        """A job starts: no stop pending."""

    def should_stop(self) -> bool:
        """Has Stop, Pause or another control asked the running job to end?"""

    def take_over(self) -> threading.Lock:
        """Stop a running job without a picture of its own; the lock to hold while editing."""


@dataclass(frozen=True)
class PlayFrame:
    """What the page shows of the playground: while playing, and at rest."""

    snapshot: Snapshot  # boundary, per-neuron maps, histories: copies, safe to draw on another thread
    points: dict  # the data's points (train and test), for the boundary picture
    epoch: int
    epochs_per_s: float | None  # since Play was pressed (None at rest)
    config: PlaygroundConfig  # the settings it was taken with (its caption, its code)


@dataclass(frozen=True)
class PlayWait:
    """Play is waiting for the page to ask for the next frame (training is on hold meanwhile)."""

    epoch: int


@dataclass(frozen=True)
class PlayEnd:
    """How Play ended: "paused" (Pause), "taken_over" (Step, Reset or a setting), "cap" or "failed"."""

    reason: str
    frame: PlayFrame | None  # the last picture (None when another control took over: it shows its own)
    message: str = ""  # for "failed": the engine's advice


PlayEvent = PlayFrame | PlayWait | PlayEnd


def picture(run: Playground, epochs_per_s: float | None = None) -> PlayFrame:
    """The playground as the page shows it now (call it under the lock: Play may be training it)."""
    return PlayFrame(run.snapshot(), run.points(), run.epoch, epochs_per_s, run.config)


def _frame(run: Playground, began: float, first_epoch: int) -> PlayFrame:
    return picture(run, (run.epoch - first_epoch) / max(time.perf_counter() - began, 1e-9))


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
        with lock:  # every yield is outside the lock: a job suspended at one never blocks another control
            end = _chunk(run, should_stop, paused, began, first_epoch, max_epochs, chunk_seconds)
        if end is not None:
            yield end
            return
        # one chunk of training per frame: while the page draws, the job waits (a slow page gets fewer
        # epochs a second, and the server's CPU is left to others: on a laptop, to the browser itself)
        while not (want_frame() or should_stop()):
            yield PlayWait(run.epoch)
            time.sleep(WAIT_SECONDS)
        if should_stop():
            continue  # the top of the loop ends the job
        with lock:
            frame = _frame(run, began, first_epoch)
        yield frame


def _chunk(run: Playground, should_stop: Callable[[], bool], paused: Callable[[], bool], began: float,
           first_epoch: int, max_epochs: int, chunk_seconds: float) -> PlayEnd | None:
    """One chunk of Play's training (under the lock); how Play ends, where it ends here."""
    if should_stop():
        return PlayEnd("paused", _frame(run, began, first_epoch)) if paused() else PlayEnd("taken_over", None)
    done = None
    for event in run.run_epochs(CHUNK_EPOCHS, should_stop=should_stop, max_seconds=chunk_seconds):
        if isinstance(event, engine.Done):
            done = event
    if done is not None and done.reason in engine.FAILED:
        return PlayEnd("failed", _frame(run, began, first_epoch), done.message)
    if run.epoch - first_epoch >= max_epochs:
        return PlayEnd("cap", _frame(run, began, first_epoch))
    return None


@dataclass(frozen=True)
class Rest:
    """The playground after a control, as the page shows it (taken under the lock)."""

    run: Playground  # the session's playground from now on
    frame: PlayFrame  # its picture
    why: str  # "first" (the tab opened), "setting", "reset", "step" or "play" (Play is about to start)
    fresh: bool = False  # the settings made a new network
    done: engine.Done | None = None  # how Step's epoch ended


def current(run: Playground | None, config: PlaygroundConfig) -> tuple[Playground, bool]:
    """The session's playground with these settings, and whether that made a new network."""
    if run is None:
        return Playground(config), True
    return run, run.reconfigure(config)


def first_look(control: Control, config: PlaygroundConfig) -> Rest:
    """The tab opened: a playground for a session that has none yet."""
    with control.lock:
        run = Playground(config)
        return Rest(run, picture(run), "first")


def change_settings(control: Control, run: Playground | None, config: PlaygroundConfig) -> Rest:
    """A setting changed; a running Play goes on, with the new network (it waits for the lock meanwhile)."""
    with control.lock:
        run, fresh = current(run, config)
        return Rest(run, picture(run), "setting", fresh=fresh)


def reset(control: Control, config: PlaygroundConfig) -> Rest:
    """Reset: a new network with these settings; a running Play ends."""
    with control.take_over():
        run = Playground(config)
        return Rest(run, picture(run), "reset")


def step(control: Control, run: Playground | None, config: PlaygroundConfig) -> Rest:
    """Step: one epoch more with these settings; a running Play ends first."""
    with control.take_over():
        run, _ = current(run, config)
        done = run.step()
        return Rest(run, picture(run), "step", done=done)


def start_play(control: Control, run: Playground | None, config: PlaygroundConfig) -> Rest:
    """Play was pressed: the switch is cleared and the session's playground takes these settings; ``play_job``
    then trains it."""
    with control.lock:
        control.start()
        run, _ = current(run, config)
        return Rest(run, picture(run), "play")


def play_job(control: Control, run: Playground, want_frame: Callable[[], bool],
             max_epochs: int = MAX_EPOCHS) -> Iterator[PlayEvent]:
    """``play`` driven by the session's switch: Pause ends it with a picture, another control without one."""
    return play(run, control.should_stop, lambda: control.paused, want_frame, control.lock, max_epochs)
