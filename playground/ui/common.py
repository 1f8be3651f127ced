"""What every tab's Gradio layer shares: event options, the Stop switch, the GPU decorator,
and one way to turn failures into messages.

``guard`` wraps every handler: a ``UserError`` (a bad layer, an offline dataset, a
bad file) becomes a plain message on the page and one line in the log; anything
else is a bug, logged with its traceback, and the page gets a short apology
without exception class names. Messages are escaped, since Gradio renders a
``gr.Error``'s text as HTML.
"""

from __future__ import annotations

import functools
import html
import inspect
import logging
from typing import Any, Callable

import gradio as gr

from playground.config import TrainLimits
from playground.errors import UserError
from playground.views.common import sentence

log = logging.getLogger("playground.ui")

# internal events: not part of the public API, no progress overlay
QUIET: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
BUG_MESSAGE = "Something went wrong on the server (it is logged there). Your work on this page is kept; please try again."


class RunControl:
    """The per-session switch that Stop flips; a running training reads it after every step."""

    def __init__(self) -> None:
        self.stop = False

    def __deepcopy__(self, memo: dict) -> "RunControl":  # gr.State copies its initial value per session
        return RunControl()


def on_gpu(fn: Callable, limits: TrainLimits | None = None) -> Callable:
    """On Hugging Face ZeroGPU (the `spaces` package), GPU work must run inside spaces.GPU."""
    try:
        import spaces  # type: ignore[import-not-found]
    except ImportError:
        return fn
    return spaces.GPU(duration=(limits or TrainLimits()).gpu_seconds)(fn)


def error(message: str, *, sticky: bool = False) -> gr.Error:
    """A gr.Error showing ``message`` as one plain, escaped sentence (sticky: stays until closed)."""
    return gr.Error(html.escape(sentence(message), quote=False), duration=None if sticky else 10, print_exception=False)


def user_message(exc: BaseException) -> str:
    """The sentence a person sees for a failure: a UserError's own words, else the bug apology."""
    return sentence(str(exc)) if isinstance(exc, UserError) else BUG_MESSAGE


def _translate(name: str, exc: Exception) -> gr.Error:
    if isinstance(exc, UserError):
        log.info("%s: %s", name, exc)  # a person's mistake: one line, no traceback
        return error(str(exc), sticky=True)
    log.error("%s failed", name, exc_info=exc)
    return error(BUG_MESSAGE, sticky=True)


def guard(fn: Callable) -> Callable:
    """Wrap a handler (plain or generator) so failures become messages; see the module docstring."""
    name = getattr(fn, "__qualname__", repr(fn))

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any):
            try:
                yield from fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:
                raise _translate(name, exc) from None

        return generator

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            raise _translate(name, exc) from None

    return wrapper
