"""The Diffusion tab in Chromium: steps stream in, the scrub slider shows earlier steps, Stop stops,
the attention maps and the forward process work."""

import re

from tests.e2e.live import WITHIN_MS, click, throttle, took_ms, watch_for
from tests.e2e.typing import retype


def open_tab(page):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Diffusion", exact=True).click()
    page.locator("#df-schedule .js-plotly-plot").wait_for(timeout=60_000)


def image_src(page, elem):
    return page.evaluate(f"() => {{ const i = document.querySelector('{elem} img'); return i ? i.src : null; }}")


def test_steps_stream_and_the_scrub_slider_goes_back(page, artifacts):
    open_tab(page)
    box = page.locator("#df-prompt textarea, #df-prompt input").first
    box.click()
    box.press("Control+a")
    box.press_sequentially("un dragón siete", delay=80)  # at a person's speed; "dragón" is unknown
    retype(page, "#df-steps input[type=number]", "40")
    page.click("#df-generate")
    page.locator("#df-step", has_text=re.compile(r"step \d+ of 40")).wait_for(timeout=30_000)
    seen = set()
    for _ in range(3):  # the x₀ picture changes while the run goes on
        page.wait_for_function("(seen) => { const i = document.querySelector('#df-x0 img');"
                               " return (i && !seen.includes(i.src)) || /Done/.test(document.querySelector("
                               "'#df-status').innerText); }", arg=list(seen), timeout=30_000)
        seen.add(image_src(page, "#df-x0"))
    page.locator("#df-status", has_text="Done").wait_for(timeout=60_000)
    assert len(seen - {None}) >= 3
    assert page.locator("#df-tokens .pg-unknown", has_text="dragón").count() == 1
    assert "ignored unknown words: dragón" in page.locator("#df-status").inner_text()  # still said once done
    assert page.locator("#df-tokens .pg-digit", has_text="siete").count() == 1
    page.wait_for_function("() => document.querySelectorAll('#df-gallery img').length === 8")  # just after Done
    final = image_src(page, "#df-x0")
    retype(page, "#df-scrub input[type=number]", "5", then="Enter")
    page.locator("#df-step", has_text="step 5 of 40").wait_for(timeout=20_000)
    page.wait_for_function(f"() => document.querySelector('#df-x0 img').src !== {final!r}".replace("'", '"'),
                           timeout=20_000)
    # cross-attention for a step of that run: one map per token the model read
    page.get_by_text("Cross-attention: which pixels look at which word").click()
    page.click("#df-att-btn")
    page.locator("#df-attention .js-plotly-plot").wait_for(timeout=30_000)
    titles = page.evaluate("() => [...document.querySelectorAll('#df-attention .annotation-text')].map(a => a.textContent)")
    assert {"<s>", "un", "siete"} <= set(titles)
    page.screenshot(path=str(artifacts / "diffusion.png"), full_page=True)


def test_on_a_slow_machine_stop_ends_a_long_run_within_a_second(page, artifacts):
    open_tab(page)
    retype(page, "#df-steps input[type=number]", "200")
    throttle(page)
    page.click("#df-generate")
    page.locator("#df-step", has_text=re.compile(r"step [1-9]\d* of 200")).wait_for(timeout=60_000)
    watch_for(page, "#df-status", "Stopped")
    click(page, "#df-stop")
    assert took_ms(page, "#df-status", "Stopped") < WITHIN_MS
    page.screenshot(path=str(artifacts / "diffusion-slow-stop.png"))
    done = int(re.search(r"Stopped: (\d+) steps", page.locator("#df-status").inner_text()).group(1))
    assert done < 200


def test_forward_process_on_a_drawn_digit(page):
    open_tab(page)
    page.get_by_text("The forward process: add noise to a digit").click()
    canvas = page.locator("#df-pad canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, h = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2, box["height"]
    page.mouse.move(x - 0.15 * h, y)
    page.mouse.down()
    for i in range(1, 11):  # a seven: the top bar, then the stroke down
        page.mouse.move(x - 0.15 * h + 0.03 * h * i, y, steps=2)
    for i in range(1, 13):
        page.mouse.move(x + 0.15 * h - 0.02 * h * i, y + 0.05 * h * i, steps=2)
    page.mouse.up()
    page.locator("#df-noisy img").wait_for(timeout=30_000)
    before = image_src(page, "#df-noisy")
    page.click("#df-from-here")
    page.locator("#df-status", has_text="Done").wait_for(timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('#df-gallery img').length === 8")  # just after Done
    assert image_src(page, "#df-noisy") == before


def test_the_guidance_comparison_streams_and_stops_within_a_second_on_a_slow_machine(page, artifacts):
    open_tab(page)
    retype(page, "#df-steps input[type=number]", "4")
    page.get_by_text("Guidance: the same seed at guidance").click()
    page.click("#df-compare-btn")
    page.locator("#df-status", has_text="Done: the same seed at guidance 0 · 1 · 3 · 7").wait_for(timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('#df-compare img').length === 4", timeout=20_000)
    captions = page.locator("#df-compare .caption-label").all_inner_texts()
    assert captions == ["guidance 0", "guidance 1", "guidance 3", "guidance 7"], captions
    retype(page, "#df-steps input[type=number]", "200")
    throttle(page)
    page.click("#df-compare-btn")
    page.locator("#df-step", has_text=re.compile(r"step [1-9]\d* of 200")).wait_for(timeout=60_000)
    assert "Comparing guidance: the same seed at guidance 0 (1 of 4)" in page.locator("#df-status").inner_text()
    page.locator("#df-stop").scroll_into_view_if_needed()
    watch_for(page, "#df-status", "Stopped")
    click(page, "#df-stop")
    assert took_ms(page, "#df-status", "Stopped") < WITHIN_MS
    assert page.locator("#df-status").inner_text().startswith("Stopped at guidance 0 (1 of 4)")
    page.screenshot(path=str(artifacts / "diffusion-compare-stop.png"))


def test_generate_rests_while_its_run_ends_then_runs_again(page):
    """After "Done" the run's gallery and GIF are still being built: Generate, From here and Compare rest until
    then (a click would be dropped by the page without a word), and the next Generate runs a new image."""
    open_tab(page)
    # the buttons on the page (From here and Compare sit in closed panels, drawn once opened)
    buttons = "['#df-generate', '#df-from-here', '#df-compare-btn'].map(s => document.querySelector(s)).filter(Boolean)"
    for seed in ("11", "12"):
        retype(page, "#df-seed input", seed)
        page.locator("#df-generate").click()  # waits until the button takes clicks again
        page.wait_for_function(f"() => {buttons}.every(b => b.disabled)")  # resting while the run goes
        page.locator("#df-status", has_text=f"seed {seed})").wait_for(timeout=60_000)
        page.wait_for_function(f"() => {buttons}.every(b => !b.disabled)", timeout=30_000)
