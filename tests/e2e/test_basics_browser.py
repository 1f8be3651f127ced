"""The Basics tab in Chromium: the neuron responds, Next walks backprop's stages, Play/Pause/Step drive the
2-D playground (the boundary changes while playing and stops changing after Pause)."""

import re

from playwright.sync_api import expect

from tests.e2e.idle import wait_until_idle
from tests.e2e.live import WITHIN_MS, click, throttle, took_ms, watch_for


def open_tab(page, sub):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Basics", exact=True).click()
    page.get_by_role("tab", name=sub, exact=True).click()


def boundary(page):
    """The decision boundary's picture (an inline JPEG: it changes with the weights)."""
    return page.evaluate("() => { const i = document.querySelector('#pg-view .pg-boundary-img'); return i && i.src; }")


def epoch(page) -> int:
    return int(re.search(r"Epoch (\d+)", page.locator("#pg-status").inner_text()).group(1))


def played(page, epochs: int) -> None:
    """Wait until Play has reached ``epochs`` (and still plays)."""
    page.wait_for_function("(n) => { const s = document.querySelector('#pg-status'); const m = s &&"
                           " s.innerText.match(/Epoch (\\d+) — playing/); return m && parseInt(m[1]) >= n; }",
                           arg=epochs, timeout=60_000)


def test_neuron_and_backprop_stages(page):
    open_tab(page, "A neuron")
    page.locator("#bx-neuron", has_text="z = w₁·x₁").wait_for(timeout=30_000)
    page.locator("#bx-act").get_by_text("ReLU", exact=True).click()
    page.locator("#bx-neuron", has_text="ReLU(z)").wait_for(timeout=20_000)
    page.get_by_role("tab", name="Backpropagation", exact=True).click()
    page.locator("#bx-stage", has_text="1. Forward pass").wait_for(timeout=20_000)
    page.click("#bx-next")
    page.locator("#bx-stage", has_text="2. Loss").wait_for(timeout=20_000)
    page.click("#bx-next")
    page.locator("#bx-stage", has_text="3. Backward pass").wait_for(timeout=20_000)
    page.locator("#bx-check", has_text="autograd agrees").first.wait_for(timeout=20_000)
    assert page.locator("#bx-check tbody tr", has_text="autograd agrees").count() == 9
    weight = page.locator("#bx-w0 input")
    weight.click()
    weight.press("Control+a")
    weight.press("Backspace")  # an empty weight: a number input cannot hold anything but numbers
    weight.press("Tab")
    page.locator(".toast-body", has_text=re.compile("number", re.I)).first.wait_for(timeout=20_000)
    weight.click()
    weight.press_sequentially("0.15", delay=100)
    weight.press("Tab")
    page.click("#bx-train100")
    page.locator("#bx-train-plot .js-plotly-plot").wait_for(timeout=20_000)


def test_play_pause_step(page, artifacts):
    open_tab(page, "2-D playground")
    page.locator("#pg-status", has_text="Press Play").wait_for(timeout=30_000)
    start = boundary(page)
    page.click("#pg-play")
    seen = {start}
    for _ in range(4):  # the boundary keeps changing while playing: each frame a new picture
        page.wait_for_function("(before) => { const i = document.querySelector('#pg-view .pg-boundary-img');"
                               " return i && !before.includes(i.src); }", arg=list(seen), timeout=20_000)
        seen.add(boundary(page))
    page.locator("#pg-status", has_text="playing").wait_for()
    page.click("#pg-pause")
    page.locator("#pg-status", has_text="paused").wait_for(timeout=20_000)
    paused_at, frozen = epoch(page), boundary(page)
    wait_until_idle(page)  # Play's event has ended: nothing trains any more
    assert (epoch(page), boundary(page)) == (paused_at, frozen)
    page.click("#pg-step")
    page.locator("#pg-status", has_text=f"Epoch {paused_at + 1}.").wait_for(timeout=20_000)
    assert boundary(page) != frozen  # Step trains one more epoch from the paused weights
    page.screenshot(path=str(artifacts / "basics-playground.png"), full_page=True)


PLAY_MS = 6000  # a learner watches Play this long (by the page's clock) before Pause


def test_on_a_slow_machine_pause_and_a_setting_take_effect_within_a_second(page, artifacts):
    """At 6× CPU throttling (a learner's Chromebook or phone): Play, change the hidden layers while it plays,
    Play on until 6 s have passed on the page's clock since the click, then Pause; the setting and Pause each land
    on the page within a second of the person's action, and the epoch stops."""
    open_tab(page, "2-D playground")
    page.locator("#pg-status", has_text="Press Play").wait_for(timeout=30_000)
    throttle(page)
    pressed = page.evaluate("() => performance.now()")
    click(page, "#pg-play")
    page.locator("#pg-status", has_text="playing").wait_for(timeout=30_000)
    played(page, 10)  # a learner watches it play
    layers = page.locator("#pg-layers input[type=number]")
    layers.click()
    layers.press("Control+a")
    layers.press_sequentially("3", delay=100)
    watch_for(page, "#pg-view", "(8 → 8 → 8)")
    layers.press("Tab")  # the new value counts from here
    assert took_ms(page, "#pg-view", "(8 → 8 → 8)") < WITHIN_MS
    played(page, epoch(page) + 10)  # Play went on, with the new network
    page.wait_for_function("([t0, ms]) => performance.now() - t0 >= ms", arg=[pressed, PLAY_MS], timeout=60_000)
    assert "playing" in page.locator("#pg-status").inner_text()  # still playing after 6 s: the backlog is the test
    watch_for(page, "#pg-status", "paused")
    click(page, "#pg-pause")
    assert took_ms(page, "#pg-status", "paused") < WITHIN_MS
    paused_at, frozen = epoch(page), boundary(page)
    assert page.evaluate("() => performance.now()") - pressed >= PLAY_MS
    wait_until_idle(page)  # Play's event has ended: nothing trains any more
    assert (epoch(page), boundary(page)) == (paused_at, frozen)  # the epoch stops
    page.screenshot(path=str(artifacts / "basics-playground-slow.png"), full_page=True)


def test_play_again_right_after_pause_keeps_training(page):
    """Pause, then Play at once: Play's previous event may still be sending its last picture, and a click on a
    still-pending event is dropped by the page without a word; Play is one event that rests Play, Step and Reset
    (not Pause) until it ends, so the second Play trains on."""
    open_tab(page, "2-D playground")
    page.locator("#pg-status", has_text="Press Play").wait_for(timeout=30_000)
    page.click("#pg-play")
    played(page, 3)
    for resting in ("#pg-play", "#pg-step", "#pg-reset"):
        expect(page.locator(resting)).to_be_disabled()
    expect(page.locator("#pg-pause")).to_be_enabled()
    page.click("#pg-pause")
    page.locator("#pg-status", has_text="paused").wait_for(timeout=20_000)
    paused_at = epoch(page)
    page.click("#pg-play")  # right away: the click lands as soon as Play can take it
    played(page, paused_at + 5)  # the epochs keep going up
    page.click("#pg-pause")
    page.locator("#pg-status", has_text="paused").wait_for(timeout=20_000)
    assert epoch(page) >= paused_at + 5
    wait_until_idle(page)
    for button in ("#pg-play", "#pg-step", "#pg-reset"):
        expect(page.locator(button)).to_be_enabled()
