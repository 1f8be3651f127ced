"""Basics benchmark: one live frame of the 2-D playground's Play, on the server and in Chromium, side by side.

On the server, one frame is what the Play job does for each frame the page asks for: one
chunk of training (at most ``CHUNK_EPOCHS`` epochs or ``CHUNK_SECONDS``), a snapshot of the
network, ``frame_html`` (status, boundary JPEG, loss SVG, neuron-map JPEG) and the JSON the
page's pull receives; then its parts. In Chromium (the app served in-process): the frames a
second that reach the page while playing, unthrottled and at 6× CPU throttling (a learner's
Chromebook or phone), and how long Pause takes to show "paused", measured in the page from
the pointer going down on the button.
"""

from __future__ import annotations

import json
import statistics
from typing import Callable

from benchmarks.common import machine, repeat_ms, row
from playground.basics.play import CHUNK_EPOCHS, CHUNK_SECONDS, play
from playground.basics.playground2d import Playground, PlaygroundConfig
from playground.views import basics as bv

# the tab's defaults: spiral, 500 points, x₁ x₂ sin x₁ sin x₂, two hidden layers of 8 tanh units, Adam, batch 32
CONFIG = PlaygroundConfig(dataset="spiral", features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8))
FRAME_TARGET_MS = 100  # a frame every 100 ms on the server leaves room for 10 frames a second
FRAMES_TARGET = 10  # frames a second reaching an unthrottled page while playing
PAUSE_TARGET_MS = 1000  # Pause shows "paused" within a second at 6× throttling
SLOW = 6  # Emulation.setCPUThrottlingRate
PLAY_SECONDS = 6.0  # the window over which frames are counted
NEVER = 10 ** 9  # no epoch cap while timing


def frames(run: Playground) -> Callable[[], str]:
    """One frame per call, as Play makes them: chunk, snapshot, ``frame_html``, the JSON of the page's pull."""
    updates = bv.play_frames(play(run, lambda: False, lambda: False, lambda: True, max_epochs=NEVER))
    count = {"n": 0}

    def one() -> str:
        html = next(updates)["live"]  # the page always wants the next frame: no waits, no end
        count["n"] += 1
        return json.dumps({"number": count["n"], "html": html})

    return one


def chunk(run: Playground) -> float:
    """One chunk of Play's training; the epochs it trained (a chunk may end inside an epoch)."""
    before = run.steps
    for _ in run.run_epochs(CHUNK_EPOCHS, max_seconds=CHUNK_SECONDS):
        pass
    return (run.steps - before) / run.batches.steps_per_epoch


def server(repeat: int) -> float:
    """Print the frame's server time and its parts; return its median in ms."""
    run = Playground(CONFIG)
    times = repeat_ms(frames(run), repeat)
    median = statistics.median(times)
    print(row("one live frame (chunk + snapshot + frame_html)", times)
          + f" [target p50 < {FRAME_TARGET_MS} ms: {'met' if median < FRAME_TARGET_MS else 'NOT met'}]")
    epochs: list[float] = []
    chunk_times = repeat_ms(lambda: epochs.append(chunk(run)), repeat)
    print(row(f"  chunk of training ({statistics.mean(epochs):.1f} epochs, ≤ {CHUNK_SECONDS * 1000:.0f} ms)",
              chunk_times))
    print(row("  one epoch (500 points, batches of 32)", repeat_ms(lambda: one_epoch(run), repeat)))
    grid = run.snapshot().boundary.shape[0]
    print(row(f"  snapshot (boundary {grid}×{grid}, neuron maps)", repeat_ms(run.snapshot, repeat)))
    snap, points = run.snapshot(), run.points()
    caption = bv.features_caption(run.config.features, run.config.hidden)
    status = f"Epoch {snap.epoch} — playing (100 epochs/s)"
    whole = bv.frame_html(snap, points, status, caption)
    print(row("  frame_html (status, boundary, curves, neurons)",
              repeat_ms(lambda: bv.frame_html(snap, points, status, caption), repeat)))
    pieces = {"boundary": lambda: bv.boundary_html(snap, points), "curves": lambda: bv.curves_svg(snap.history),
              "neurons": lambda: bv.neurons_html(snap)}
    labels = {"boundary": f"boundary_html (JPEG {bv.BOUNDARY_PX}×{bv.BOUNDARY_PX}, the points)",
              "curves": f"curves_svg (loss, {len(snap.history['epoch'])} epochs)",
              "neurons": "neurons_html (JPEG of every unit's map)"}
    for name, fn in pieces.items():
        print(row("    " + labels[name], repeat_ms(fn, repeat)))
    print(row("  the pull's JSON (json.dumps of the frame)",
              repeat_ms(lambda: json.dumps({"number": 1, "html": whole}), repeat)))
    sizes = {name: len(fn()) / 1000 for name, fn in pieces.items()}
    print(f"  one frame: {len(whole) / 1000:.1f} kB of HTML (" + ", ".join(f"{k} {v:.1f} kB" for k, v in sizes.items())
          + ")")
    print(f"  the server alone could make {1000 / median:.1f} frames a second (1000 ms / p50 of a frame)")
    return median


def one_epoch(run: Playground) -> None:
    for _ in run.run_epochs(1):
        pass


# In the page: every distinct status text the live view shows (read afresh each time: the frame replaces
# the element), the time of each "playing" one, and the first "paused" after an armed pointerdown.
WATCH_JS = """() => {
  const w = window.__bench = {last: '', frames: [], armed: false, down: null, event: null, paused: null};
  const view = document.querySelector('#pg-view');
  new MutationObserver(() => {
    const s = document.querySelector('#pg-status');
    if (!s) return;
    const text = s.innerText;
    if (text === w.last) return;
    w.last = text;
    const now = performance.now();
    if (text.includes('playing')) w.frames.push(now);
    if (w.down !== null && w.paused === null && text.includes('paused')) w.paused = now;
  }).observe(view, {subtree: true, childList: true, characterData: true});
  document.addEventListener('pointerdown', e => {
    if (w.armed && w.down === null) { w.down = performance.now(); w.event = e.timeStamp; }
  }, true);
}"""


def _click(page, selector: str) -> None:
    """A person's click: the pointer goes down and up on the button's centre, whatever the page is doing."""
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _play(page, seconds: float) -> tuple[float, float]:
    """Press Play, let it settle, count the frames over ``seconds``: (frames a second, epochs a second)."""
    _click(page, "#pg-play")
    page.wait_for_function("() => window.__bench.last.includes('playing')", timeout=60_000)
    page.wait_for_timeout(1000)  # past Play's first frames
    start = page.evaluate("() => performance.now()")
    page.wait_for_timeout(seconds * 1000)
    end, count, text = page.evaluate("(t0) => { const w = window.__bench, now = performance.now();"
                                     " return [now, w.frames.filter(t => t >= t0 && t <= now).length, w.last]; }",
                                     start)
    rate = count / ((end - start) / 1000)
    epochs = float(text.split("(")[-1].split(" epochs/s")[0].replace(",", "")) if "epochs/s" in text else 0.0
    return rate, epochs


def _pause(page) -> tuple[float, float]:
    """Press Pause: (ms from the pointerdown to "paused" on the page, ms the press waited before the page saw it)."""
    page.evaluate("() => { const w = window.__bench; w.down = null; w.paused = null; w.armed = true; }")
    _click(page, "#pg-pause")
    page.wait_for_function("() => window.__bench.paused !== null", timeout=60_000)
    took, waited = page.evaluate("() => { const w = window.__bench; w.armed = false;"
                                 " return [w.paused - w.down, w.down - w.event]; }")
    return took, max(waited, 0.0)


def browser(build_app: Callable, seconds: float = PLAY_SECONDS, pauses: int = 3) -> dict[str, tuple]:
    """Play in Chromium unthrottled, then at ``SLOW``× CPU throttling: {label: (frames/s, epochs/s, Pause ms
    (median), the press's wait in ms, every Pause ms)}."""
    from playwright.sync_api import sync_playwright

    from benchmarks.served import open_tab, served_app
    from playground.launcher import CHROMIUM, CHROMIUM_ARGS

    results = {}
    with served_app(build_app) as client, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = open_tab(b, client.src, "Basics")
            page.get_by_role("tab", name="2-D playground", exact=True).click()
            page.locator("#pg-status", has_text="Press Play").wait_for(timeout=60_000)
            page.evaluate(WATCH_JS)
            cdp = page.context.new_cdp_session(page)
            for rate, label, count in ((1, "unthrottled", 1), (SLOW, f"{SLOW}× CPU throttling", pauses)):
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                frames_s, epochs_s = _play(page, seconds)
                took = [_pause(page)]
                for _ in range(count - 1):  # more Pauses: one alone says little
                    _play(page, 1.0)
                    took.append(_pause(page))
                pause_ms = statistics.median(t for t, _ in took)
                waited = statistics.median(w for _, w in took)
                results[label] = (frames_s, epochs_s, pause_ms, waited, [t for t, _ in took])
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        finally:
            b.close()
    return results


def report(frame_ms: float, results: dict[str, tuple], seconds: float = PLAY_SECONDS) -> None:
    print(f"  in Chromium, Play for {seconds:g} s each (frames: distinct status lines the page showed while "
          "playing; Pause: from the pointer going down to \"paused\" on the page):")
    print(f"    {'':<22} {'frames/s':>9} {'epochs/s':>9} {'Pause':>9}")
    print(f"    {'server alone':<22} {1000 / frame_ms:9.1f}")
    for label, (frames_s, epochs_s, pause_ms, waited, every) in results.items():
        runs = "" if len(every) < 2 else f"   (median of {len(every)}: " + ", ".join(f"{t:.0f}" for t in every) + ")"
        wait = f"   (+{waited:.0f} ms before the page saw the press)" if waited >= 20 else ""
        print(f"    {label:<22} {frames_s:9.1f} {epochs_s:9.0f} {pause_ms:6.0f} ms{runs}{wait}")
    fast = results["unthrottled"][0]
    slow = results[f"{SLOW}× CPU throttling"][2]
    print(f"  targets: ≥ {FRAMES_TARGET} frames/s unthrottled: {'met' if fast >= FRAMES_TARGET else 'NOT met'}; "
          f"Pause ≤ {PAUSE_TARGET_MS / 1000:g} s at {SLOW}×: {'met' if slow <= PAUSE_TARGET_MS else 'NOT met'}")


def bench_basics(build_app: Callable, repeat: int = 100, with_browser: bool = True) -> None:
    print(f"basics: {machine()}")
    frame_ms = server(repeat)
    if with_browser:
        report(frame_ms, browser(build_app))
    else:
        print("  in Chromium: skipped (--no-browser)")
