"""The Basics tab in Chromium: the neuron responds, Next walks backprop's stages, Play/Pause/Step drive the
2-D playground (the boundary changes while playing and stops changing after Pause)."""

import re


def open_tab(page, sub):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Basics", exact=True).click()
    page.get_by_role("tab", name=sub, exact=True).click()


def boundary(page):
    return page.evaluate("() => { const p = document.querySelector('#pg-boundary .js-plotly-plot');"
                         " return p && p._fullData[0] ? JSON.stringify(p._fullData[0].z.slice(40, 42)) : null; }")


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
    page.locator("#pg-boundary .js-plotly-plot").wait_for(timeout=30_000)
    start = boundary(page)
    page.click("#pg-play")
    seen = {start}
    for _ in range(8):
        page.wait_for_timeout(400)
        seen.add(boundary(page))
    assert len(seen) >= 4  # the boundary keeps changing while playing
    # a person's click lands at once; Playwright's own click would first wait for the page to stop redrawing
    page.locator("#pg-pause").dispatch_event("click")
    page.locator("#pg-status", has_text="paused").wait_for(timeout=30_000)
    epoch = int(re.search(r"Epoch (\d+)", page.locator("#pg-status").inner_text()).group(1))
    frozen = boundary(page)
    page.wait_for_timeout(1500)
    assert boundary(page) == frozen  # nothing trains after Pause
    page.click("#pg-step")
    page.locator("#pg-status", has_text=f"Epoch {epoch + 1}.").wait_for(timeout=20_000)
    assert boundary(page) != frozen  # Step trains one more epoch from the paused weights
    page.screenshot(path=str(artifacts / "basics-playground.png"), full_page=True)
