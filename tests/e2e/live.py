"""Live views in the browser as a learner's slow machine meets them: the CPU throttled through the DevTools
protocol, clicks as a person's (a real pointer event at the button, no waiting for the page to be "stable"),
and how long the page took, measured in the page, from the pointer going down to a text appearing."""

from __future__ import annotations

SLOW = 6  # Emulation.setCPUThrottlingRate: a low-end laptop or a phone
WITHIN_MS = 1000  # Pause, Stop and a setting take effect on the page within a second


def throttle(page, rate: float = SLOW) -> None:
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})


def watch_for(page, selector: str, text: str) -> None:
    """Start timing: the moment of the next pointerdown, and the first moment ``selector`` shows ``text``."""
    page.evaluate("""([selector, text]) => {
      window.__pgDown = null; window.__pgSeen = null;
      document.addEventListener('pointerdown', () => { window.__pgDown = window.__pgDown || performance.now(); }, true);
      document.addEventListener('keydown', () => { window.__pgDown = window.__pgDown || performance.now(); }, true);
      const look = () => { const el = document.querySelector(selector);
        if (window.__pgDown !== null && window.__pgSeen === null && el && el.innerText.includes(text))
          window.__pgSeen = performance.now(); };
      new MutationObserver(look).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""", [selector, text])


def click(page, selector: str) -> None:
    """A person's click: the pointer goes down and up on the button's centre, whatever the page is doing."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def took_ms(page, selector: str, text: str, timeout: float = 60_000) -> float:
    """Wait until ``selector`` shows ``text``; milliseconds from the pointer going down (or a key) to then."""
    page.wait_for_function("() => window.__pgSeen !== null", timeout=timeout)
    return page.evaluate("() => window.__pgSeen - window.__pgDown")
