"""Frames at the page's pace: when a live view may build its next frame, and how the page gets it.

A long job (a training, the playground's Play, a diffusion run) produces news far
faster than a slow browser draws it. Pushing every frame piles them up in the
browser: it draws the backlog for seconds while a Pause or Stop waits behind it.
So a live view asks its pace ``due()`` before it builds a frame (a True answer
counts as the frame going out), and keeps working (training, denoising) while no
frame is due; the next frame then carries everything that happened meanwhile.

- ``LiveChannel``: the page *pulls* each frame (a small script in the live view asks
  for the frame after the one it has drawn, once the browser has painted it) outside
  Gradio's event messages, whose handling on the page costs time for every component
  of the app; the next frame is due when the page has asked for it.
- ``IntervalPace``: for callers with no page (the public API, benchmarks): a frame at
  most every ``interval`` seconds. ``EveryFrame``: every frame (tests).

Gradio-free. ``pull`` runs on another server thread than the job; the channel's
condition guards what they share.
"""

from __future__ import annotations

import secrets
import threading
import time
import weakref
from typing import Any, Callable, Protocol


class Pace(Protocol):
    def due(self) -> bool:
        """May the next frame be built now? True counts as that frame going out."""
        ...


class IntervalPace:
    """A frame at most every ``interval`` seconds (the first one at once)."""

    def __init__(self, interval: float = 0.4) -> None:
        self.interval = interval
        self.sent_at = -float("inf")

    def due(self) -> bool:
        now = time.perf_counter()
        if now - self.sent_at < self.interval:
            return False
        self.sent_at = now
        return True


class EveryFrame:
    """Every frame is due (tests that want to see them all)."""

    def due(self) -> bool:
        return True


class JobSwitch:
    """One session's switch for a tab's long jobs, without the page: Stop (or Pause) read after every step, and a
    lock so that the controls that change a job's model take turns (``ui.common.Switch`` adds the live channel)."""

    def __init__(self) -> None:
        self.stop = False
        self.paused = False  # stopped by Pause (the job says "paused"), not by another control taking over
        self.lock = threading.Lock()

    def start(self) -> None:
        self.stop = self.paused = False

    def should_stop(self) -> bool:
        return self.stop

    def press(self, pause: bool = False) -> None:
        """Stop (or Pause) the running job at its next step."""
        self.paused, self.stop = pause, True

    def take_over(self) -> threading.Lock:
        """Stop a running job without a last frame of its own; return the lock to hold while editing."""
        self.press(pause=False)
        return self.lock


class LiveChannel:
    """One session's live frames (HTML) for one view, pulled by the page (see the module docstring).

    ``publish`` hands a frame over; ``pull`` (called for the page, on another server thread)
    waits briefly for a frame newer than the one the page last drew. The token is a random
    secret: a page can only pull, stop or pause its own session's job.
    """

    def __init__(self) -> None:
        self.token = secrets.token_urlsafe(16)
        self.number = 0  # frames published so far
        self.html = ""
        self.drawn = 0  # the newest frame the page has said it drew (by asking for the next)
        self.taken = 0  # the newest frame a pull has handed to the page
        self.asked_at = time.perf_counter()  # when the page last asked
        self.open = False  # a job is publishing
        self.press: Callable[[bool], None] | None = None  # Stop (False) or Pause (True), set by the owner
        self._changed = threading.Condition()
        CHANNELS[self.token] = self

    def start(self) -> None:
        with self._changed:
            self.open, self.drawn, self.asked_at = True, self.number, time.perf_counter()

    def close(self) -> None:
        with self._changed:
            self.open = False
            self._changed.notify_all()

    def due(self) -> bool:
        """The page drew the last frame and asks for the next one (``publish`` counts the frame)."""
        return self.drawn >= self.number

    def publish(self, html: str) -> int:
        with self._changed:
            self.number += 1
            self.html = html
            self._changed.notify_all()
            return self.number

    def wait_taken(self, timeout: float = 1.0) -> bool:
        """Wait (at most ``timeout`` seconds) until the page has taken the newest frame: a job's last frame goes
        out before the work that follows it competes with the page's pull for the server."""
        with self._changed:
            return self._changed.wait_for(lambda: self.taken >= self.number or not self.open, timeout=timeout)

    def idle(self) -> float:
        """Seconds since the page last asked for a frame."""
        return time.perf_counter() - self.asked_at

    def pull(self, after: int, wait: float = 1.0) -> dict[str, Any]:
        """The frame after ``after`` (the page drew that one): {"number", "html"}; {} if none came within
        ``wait`` seconds; {"done": True} once the job is over and its frames were all taken."""
        with self._changed:
            self.drawn = max(self.drawn, min(after, self.number))
            self.asked_at = time.perf_counter()
            self._changed.notify_all()
            self._changed.wait_for(lambda: self.number > after or not self.open, timeout=wait)
            if self.number > after:
                self.taken = self.number
                self._changed.notify_all()
                return {"number": self.number, "html": self.html}
            return {"done": True} if not self.open else {}


# token -> channel, so that the page's pull (a call without the session's state) finds its own channel. Not
# user data held by the module: weak references only (a channel lives as long as its session's Switch), keyed
# by unguessable tokens (one page cannot reach another's frames, Stop or Pause).
CHANNELS: "weakref.WeakValueDictionary[str, LiveChannel]" = weakref.WeakValueDictionary()


def pull_frame(token: object, after: object) -> dict[str, Any]:
    """For the page: the frame after ``after`` of the channel ``token`` (see ``LiveChannel.pull``)."""
    channel = CHANNELS.get(str(token))
    try:
        number = int(after)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        number = 0
    return {"done": True} if channel is None else channel.pull(number)


def press(token: object, pause: object = False) -> bool:
    """For the page: Stop (or Pause) the job of the channel ``token`` at once, whatever the page is busy with."""
    channel = CHANNELS.get(str(token))
    if channel is None or channel.press is None:
        return False
    channel.press(bool(pause))
    return True
