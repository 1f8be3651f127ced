"""Waiting in the browser until the app has answered everything, instead of sleeping.

``track_events(context)`` makes every page of a browser context count the Gradio events it sends
(``queue/join``, and direct ``run/`` calls) and the ones the server has finished (a
``process_completed`` message on the page's event stream). ``wait_until_idle(page)`` then waits
until every event sent has finished and nothing was sent or finished for a short quiet time (an
event chained with ``.then`` is sent only after the one before it finishes). A test that checks
that something does *not* happen later (a second message, an old answer overwriting a new one)
waits for that, not for a fixed time.
"""

from __future__ import annotations

EVENTS_JS = r"""
(() => {
  if (window.__pgEvents) return;
  const state = window.__pgEvents = {sent: 0, done: 0, changed: performance.now()};
  const count = key => { state[key]++; state.changed = performance.now(); };
  const original = window.fetch.bind(window);

  async function completions(stream) {  // the event stream's messages: count the finished events
    const reader = stream.getReader(), decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const {value, done} = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, {stream: true}).replace(/\r\n/g, '\n');
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          for (const line of message.split('\n')) {
            if (!line.startsWith('data:')) continue;
            try { if (JSON.parse(line.slice(5)).msg === 'process_completed') count('done'); } catch (e) {}
          }
        }
      }
    } catch (e) {}  // the page closed the stream
  }

  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : (input && input.url) || String(input);
    const join = url.includes('/queue/join'), direct = url.includes('/run/');
    if (join || direct) count('sent');
    let response;
    try {
      response = await original(input, init);
    } catch (e) {
      if (join || direct) count('done');  // never reached the server: nothing is pending
      throw e;
    }
    if (direct || (join && !response.ok)) count('done');
    if (url.includes('/queue/data') && response.body) {
      const [mine, theirs] = response.body.tee();
      completions(mine);
      return new Response(theirs, {status: response.status, statusText: response.statusText,
                                   headers: response.headers});
    }
    return response;
  };
})();
"""

IDLE = """quiet => {
  const s = window.__pgEvents;
  return !!s && s.sent === s.done && performance.now() - s.changed >= quiet;
}"""


def track_events(context) -> None:
    """Count the Gradio events of every page this Playwright browser context opens from now on."""
    context.add_init_script(EVENTS_JS)


def wait_until_idle(page, quiet_ms: int = 300, timeout: float = 30_000) -> None:
    """Wait until the page's events have all finished and none was sent or finished for ``quiet_ms``."""
    page.wait_for_function(IDLE, arg=quiet_ms, timeout=timeout)


def events(page) -> dict:
    """{"sent": n, "done": n, "changed": ms}: what the page has counted so far."""
    return page.evaluate("() => window.__pgEvents")
