"""An app served in-process with a gradio_client attached: for benchmarks that time round trips."""

from __future__ import annotations

import contextlib
import io
from typing import Callable, Iterator

import gradio as gr
from gradio_client import Client, handle_file


@contextlib.contextmanager
def served_app(build_app: Callable[[], gr.Blocks],
               extend: Callable[[gr.Blocks], None] | None = None) -> Iterator[Client]:
    """Build the app with ``build_app`` (``extend`` may add endpoints), launch it on a free port, yield a
    client; close after. The caller passes the builder in (``from app import build_app``). The launch is the
    app's own (its scripts, look and translations: without them a page's tabs have no names)."""
    from app import launch_options

    demo = build_app()
    if extend is not None:
        extend(demo)
    demo.queue().launch(prevent_thread_lock=True, quiet=True, **launch_options(demo))
    try:
        yield Client(demo.local_url, verbose=False)
    finally:
        with contextlib.redirect_stdout(io.StringIO()):  # Gradio says "Closing server running on port: …"
            demo.close()


def open_tab(browser, url: str, tab: str):
    """A desktop-size page of the served app (``url``) in Chromium, on ``tab`` once the app has drawn."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name=tab, exact=True).click()
    return page


def upload(path: str) -> dict:
    """A file argument for Client.predict (uploaded with the call)."""
    return handle_file(path)
