"""What every tab's Gradio layer shares: event options, the Stop/Pause switch, live frames at the
page's pace, the GPU decorator, and one way to turn failures into messages.

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
import threading
import time
import typing
from http.cookies import CookieError, SimpleCookie
from typing import Any, Callable, Iterable, Iterator

import gradio as gr

from playground import i18n
from playground.config import LIVE_POLICY, TrainLimits
from playground.errors import UserError
from playground.views.common import sentence
from playground.views import live

log = logging.getLogger("playground.ui")

# internal events: not part of the public API, no progress overlay
QUIET: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}


class Switch(live.JobSwitch):
    """One session's switch for a tab's long jobs (``views.live.JobSwitch``) and the channel the page pulls the
    job's frames from; the page's Stop and Pause press the switch."""

    def __init__(self) -> None:
        super().__init__()
        self.channel = live.LiveChannel()  # the live view's frames, pulled by the page; its Stop and Pause
        self.channel.press = self.press

    def __deepcopy__(self, memo: dict) -> "Switch":  # gr.State copies its initial value per session
        return Switch()


# The live view's script: pull the frame after the one drawn, once the browser has painted it (a slow
# page asks less often, so frames never pile up); Stop and Pause go straight to the server on click.
LIVE_JS = (  # i18n: not text
    """
let running = false, ended = null;
const key = box => box.dataset.live + ':' + box.dataset.after;
const current = () => element.querySelector('[data-live]');
const painted = () => new Promise(r => document.hidden ? setTimeout(r, 500)
                                                     : requestAnimationFrame(() => setTimeout(r, 0)));
async function follow(box) {  // the job's box may be replaced meanwhile (a setting changed): follow its token
  running = true;
  const token = box.dataset.live;
  let after = Number(box.dataset.after || 0);
  const mine = () => { const b = current(); return b && b.dataset.live === token ? b : null; };
  while (mine()) {
    let frame;
    try { frame = await server.pull_frame(token, after); }
    catch (e) { await new Promise(r => setTimeout(r, 500)); continue; }
    if (!frame || frame.done) { const b = mine(); if (b) ended = key(b); break; }
    const b = mine();
    if (frame.html === undefined || !b) continue;
    b.innerHTML = frame.html;
    after = frame.number;
    await painted();
  }
  running = false;
  look();
}
function look() {
  const box = current();
  if (box && !running && key(box) !== ended) follow(box);
}
new MutationObserver(look).observe(element, {childList: true, subtree: true});
look();
document.addEventListener('click', e => {
  const box = element.querySelector('[data-live]');
  if (!box || !box.dataset.stop || !e.target.closest) return;
  const button = e.target.closest(box.dataset.stop);
  if (!button) return;
  server.press(box.dataset.live, box.dataset.pause ? button.matches(box.dataset.pause) : false);
}, true);
""")


def _arguments(data: Any, count: int) -> list:
    """The page's call arrives as one list of arguments (anything else counts as none)."""
    values = list(data) if isinstance(data, (list, tuple)) else []
    return (values + [None] * count)[:count]


def _pull_frame(data: Any) -> dict:
    return live.pull_frame(*_arguments(data, 2))


def _press(data: Any) -> bool:
    return live.press(*_arguments(data, 2))


_pull_frame.__name__, _press.__name__ = "pull_frame", "press"


def live_view(**kwargs: Any) -> gr.HTML:
    """An HTML component that shows a job's frames live: its value is a frame, and while a job runs
    (``live_box``) its script pulls each next frame from the session's ``LiveChannel``."""
    return gr.HTML(js_on_load=LIVE_JS, server_functions=[_pull_frame, _press], **kwargs)


def live_box(channel: live.LiveChannel, html_text: str, stop: str = "", pause: str = "") -> str:
    """A frame that starts the page pulling: ``stop`` and ``pause`` are CSS selectors of the buttons whose
    click reaches the server at once (Stop, Pause). The channel opens now: the page may ask before the job
    has started."""
    channel.start()
    attributes = f'data-live="{channel.token}" data-after="{channel.number}" data-stop="{html.escape(stop)}"'
    return f'<div {attributes} data-pause="{html.escape(pause)}">{html_text}</div>'  # i18n: not text


def stream_live(updates: Iterable[dict[str, Any]], targets: dict[str, Any], view: gr.HTML,
                channel: live.LiveChannel) -> Iterator[dict]:
    """A job's updates by name as component updates, its "live" frames (HTML) published to ``channel``: the one
    way every tab runs and shows a long job (a training, Play, a diffusion run).

    The caller has already shown a ``live_box`` in ``view`` (so Stop works while the job is set
    up); the page pulls each frame when it is ready. Other updates (results) go out as usual, and
    an empty one every ``LIVE_POLICY.heartbeat_seconds`` (the job yields ``{}`` when it has nothing to show, also
    while it waits for the page), so that Gradio notices a closed tab and ends the job. An update with
    ``"settle": True`` waits (up to a second) until the page has taken its frame before the job goes on.
    """
    said = time.perf_counter()
    channel.start()
    try:
        for values in updates:
            values = dict(values)
            frame, settle = values.pop("live", None), values.pop("settle", False)
            if frame is not None:
                channel.publish(frame)
                if settle:  # the job's last frame: the page takes it before the heavy results are built
                    channel.wait_taken()
            out = {targets[name]: value for name, value in values.items()}
            if out or time.perf_counter() - said > LIVE_POLICY.heartbeat_seconds:
                said = time.perf_counter()
                yield out or {view: gr.skip()}  # Gradio reads an empty dict as a missing value
    finally:
        channel.close()


def stream(updates: Iterable[dict[str, Any]], targets: dict[str, Any]) -> Iterator[dict]:
    """A job's updates by name as component updates (for API clients: "live" frames go to ``targets["live"]``)."""
    for values in updates:
        if values:  # an empty update says only that the job is alive
            yield {targets[name]: value for name, value in values.items() if name != "settle"}


def held(event: Callable, buttons: list, handler: Callable, inputs: list, outputs: list, **options: Any) -> Any:
    """``event(handler, inputs, outputs, **options)`` with ``buttons`` resting (not clickable) until that event ends,
    however it ends: Gradio takes one run of an event at a time and drops a click on a pending one without a word
    (a run's last results may still be on their way after its live view says it is done)."""
    def rest() -> list:
        return [gr.Button(interactive=False) for _ in buttons]

    def wake() -> list:
        return [gr.Button(interactive=True) for _ in buttons]

    return (event(rest, None, buttons, queue=False, **QUIET).then(handler, inputs, outputs, **options)
            .then(wake, None, buttons, queue=False, **QUIET))


def failure_note(exc: BaseException, what: str) -> str:
    """Log a failure of ``what`` (a person's mistake in one line, a bug with its traceback) and return
    the sentence the page shows in its status."""
    if isinstance(exc, UserError):
        log.info("%s refused: %s", what, exc)
    else:
        log.error("%s failed", what, exc_info=exc)
    return user_message(exc)


def on_gpu(fn: Callable, limits: TrainLimits | None = None) -> Callable:
    """On Hugging Face ZeroGPU (the `spaces` package), GPU work must run inside spaces.GPU."""
    try:
        import spaces  # type: ignore[import-not-found]
    except ImportError:
        return fn
    return spaces.GPU(duration=(limits or TrainLimits()).gpu_seconds)(fn)


def error(message: str, *, sticky: bool = False) -> gr.Error:
    """A gr.Error showing ``message`` (a table key, or a sentence already in the page's language) as one plain,
    escaped sentence (sticky: stays until closed)."""
    text = i18n.t(message) if i18n.has(message) else message
    return gr.Error(html.escape(sentence(text), quote=False), duration=None if sticky else 10, print_exception=False)


def user_message(exc: BaseException) -> str:
    """The sentence a person sees for a failure, in the page's language: a UserError's own words, else the bug
    apology."""
    return sentence(exc.message()) if isinstance(exc, UserError) else i18n.t("common.bug")


def _translate(name: str, exc: Exception) -> gr.Error:
    if isinstance(exc, UserError):
        log.info("%s: %s", name, exc)  # a person's mistake: one line, no traceback (in English)
        return error(exc.message(), sticky=True)
    log.error("%s failed", name, exc_info=exc)
    return error("common.bug", sticky=True)


def page_language(request: gr.Request | None) -> str:
    """The language a request is answered in: the page's ES | EN choice (its cookie), else the client's
    Accept-Language, else English (API clients that send neither)."""
    if request is None:
        return i18n.DEFAULT
    headers = getattr(request, "headers", None) or {}
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get("cookie", "") or "")
    except CookieError:
        pass
    chosen = cookies.get(i18n.COOKIE)
    return i18n.pick(chosen.value if chosen else None, headers.get("accept-language"))


def _with_request(fn: Callable, wrapper: Callable) -> Callable:
    """Give ``wrapper`` fn's signature with a first ``request: gr.Request``, so Gradio passes the request (the
    public API keeps fn's parameter names: Gradio leaves a request parameter out of it)."""
    functools.update_wrapper(wrapper, fn)
    del wrapper.__wrapped__
    try:  # fn's hints resolved in fn's own module (gr.api reads the parameters' and the return's)
        hints = typing.get_type_hints(fn)
    except (NameError, TypeError):
        hints = {}
    signature = inspect.signature(fn)
    params = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()]
    request = inspect.Parameter("page_request", inspect.Parameter.POSITIONAL_ONLY, annotation=gr.Request)
    returns = hints.get("return", signature.return_annotation)
    wrapper.__signature__ = inspect.Signature([request, *params], return_annotation=returns)
    wrapper.__annotations__ = {**hints, "page_request": gr.Request}
    return wrapper


def guard(fn: Callable) -> Callable:
    """Wrap a handler (plain or generator) so it answers in the page's language and failures become messages;
    see the module docstring."""
    name = getattr(fn, "__qualname__", repr(fn))

    if inspect.isgeneratorfunction(fn):

        def generator(request: gr.Request | None, *args: Any, **kwargs: Any):
            lang = page_language(request)
            with i18n.speaking(lang):
                steps = fn(*args, **kwargs)
            while True:  # each step may run on another thread: speak the page's language in every one
                with i18n.speaking(lang):
                    try:
                        item = next(steps)
                    except StopIteration:
                        return
                    except gr.Error:
                        raise
                    except Exception as exc:
                        raise _translate(name, exc) from None
                yield item

        return _with_request(fn, generator)

    def wrapper(request: gr.Request | None, *args: Any, **kwargs: Any) -> Any:
        with i18n.speaking(page_language(request)):
            try:
                return fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:
                raise _translate(name, exc) from None

    return _with_request(fn, wrapper)
