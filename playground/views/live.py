"""Frames at the page's pace: when a live view may send its next frame, and how the page gets it.

A long job (a training, the playground's Play, a diffusion run) produces news far
faster than a slow browser draws it. Pushing every frame piles them up in the
browser: it draws the backlog for seconds while a Pause or Stop waits behind it.
So a live view asks its pace ``due()`` before it builds a frame, ``sent()`` when
one goes out, and keeps working (training, denoising) while no frame is due; the
next frame then carries everything that happened meanwhile.

- ``PagePace``: the page acknowledges each frame once it has drawn it (the tab
  wires a hidden frame counter whose change calls ``drawn``). The next frame is
  due when the last one was drawn, or after ``timeout`` seconds if an
  acknowledgement was lost. A fast browser gets many frames, a slow one few, and
  neither ever holds more than one frame it has not drawn.
- ``LiveChannel``: the page *pulls* each frame (a small script in the live view asks
  for the frame after the one it has drawn, once the browser has painted it) outside
  Gradio's event messages, whose handling on the page costs time for every component
  of the app; the next frame is due when the page has asked for it.
- ``IntervalPace``: for callers with no page (the public API, tests, benchmarks):
  a frame at most every ``interval`` seconds.

Gradio-free and thread-safe enough for its use: ``drawn`` runs on another server
thread than the job, and only ever raises ``acknowledged``.
"""

from __future__ import annotations

import secrets
import threading
import time
import weakref
from typing import Any, Callable, Protocol


class Pace(Protocol):
    def due(self) -> bool:
        """May the next frame be built and sent now?"""
        ...

    def sent(self) -> int:
        """A frame goes out now: its number (1, 2, 3, … over the pace's life)."""
        ...


class PagePace:
    """The next frame once the page has drawn the last one (see the module docstring)."""

    def __init__(self, timeout: float = 3.0) -> None:
        self.timeout = timeout  # seconds after which an unacknowledged frame no longer holds the next one back
        self.number = 0  # frames sent so far; the page acknowledges frame numbers
        self.acknowledged = 0  # the highest frame number the page said it drew
        self.sent_at = -float("inf")

    def due(self) -> bool:
        return self.acknowledged >= self.number or time.perf_counter() - self.sent_at > self.timeout

    def sent(self) -> int:
        self.number += 1
        self.sent_at = time.perf_counter()
        return self.number

    def drawn(self, number: object) -> None:
        """The page drew frame ``number`` (anything not a whole number is ignored: it comes from the page)."""
        try:
            value = int(number)  # type: ignore[call-overload]
        except (TypeError, ValueError, OverflowError):
            return
        if 0 < value <= self.number:
            self.acknowledged = max(self.acknowledged, value)


class IntervalPace:
    """A frame at most every ``interval`` seconds (the first one at once)."""

    def __init__(self, interval: float = 0.4) -> None:
        self.interval = interval
        self.number = 0
        self.sent_at = -float("inf")

    def due(self) -> bool:
        return time.perf_counter() - self.sent_at >= self.interval

    def sent(self) -> int:
        self.number += 1
        self.sent_at = time.perf_counter()
        return self.number


class EveryFrame:
    """Every frame is due (tests that want to see them all)."""

    def __init__(self) -> None:
        self.number = 0

    def due(self) -> bool:
        return True

    def sent(self) -> int:
        self.number += 1
        return self.number


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
        """The page drew the last frame and asks for the next one."""
        return self.drawn >= self.number

    def sent(self) -> int:  # the Pace protocol: ``publish`` counts the frames
        return self.number

    def publish(self, html: str) -> int:
        with self._changed:
            self.number += 1
            self.html = html
            self._changed.notify_all()
            return self.number

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
