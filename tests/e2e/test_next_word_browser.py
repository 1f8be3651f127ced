"""The Next-word tab in Chromium: type a prompt and see the bars change; generate; look at attention;
train a model for a few seconds and see its curve grow; Stop at once, even on a slow machine."""

import re

from tests.e2e.live import WITHIN_MS, click, throttle, took_ms, watch_for

LIVE_POINTS = ("() => { const l = document.querySelector('#lm-status polyline');"
               " return l ? l.getAttribute('points').trim().split(/\\s+/).length : 0; }")


def open_tab(page):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Next word", exact=True).click()
    page.locator("#lm-bars .js-plotly-plot").wait_for(timeout=60_000)


def bar_labels(page, plot="#lm-bars"):
    return page.evaluate(f"() => document.querySelector('{plot} .js-plotly-plot')._fullData[0].y.slice().reverse()")


def test_typing_changes_the_guesses_and_a_click_appends(page):
    open_tab(page)
    first = bar_labels(page)
    assert "suelo" in first  # "El gato se sentó en el" → the floor, in Don Quijote's Spanish
    box = page.locator("#lm-prompt textarea")
    box.click()
    box.press("End")
    box.press_sequentially(" suelo y", delay=90)  # at a person's speed
    page.locator("#lm-tokens .pg-token").filter(has_text=re.compile("^y$")).wait_for(timeout=30_000)
    page.wait_for_function(f"() => JSON.stringify(document.querySelector('#lm-bars .js-plotly-plot')._fullData[0].y"
                           f".slice().reverse()) !== {first!r}".replace("'", '"'), timeout=30_000)
    assert bar_labels(page) != first  # "…en el suelo y" is followed by other words than "…en el"
    word = bar_labels(page)[0]
    page.locator("#lm-append").get_by_text(word, exact=True).first.click()
    page.wait_for_function(f"() => document.querySelector('#lm-prompt textarea').value.endsWith({word!r})"
                           .replace("'", '"'), timeout=20_000)
    page.click("#lm-generate")
    page.locator("#lm-generated .pg-gen").nth(5).wait_for(timeout=30_000)


def test_attention_view_shows_a_causal_map(page):
    open_tab(page)
    page.locator("#lm-inside").click()
    page.click("#lm-attention-btn")
    page.locator("#lm-attention .js-plotly-plot").wait_for(timeout=30_000)
    z = page.evaluate("() => document.querySelector('#lm-attention .js-plotly-plot')._fullData[0].z")
    assert len(z) == 6 and all(abs(sum(row) - 1) < 1e-4 for row in z)  # six tokens; each row is a distribution
    assert all(z[i][j] == 0 for i in range(6) for j in range(i + 1, 6))  # nothing reads the future


def test_train_a_small_model_and_watch_its_curve(page):
    open_tab(page)
    page.locator("#lm-train").click()
    page.locator("#lm-params", has_text="parameters").wait_for(timeout=30_000)
    page.click("#lm-train-btn")
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#lm-status').innerText)",
                           timeout=120_000)
    page.wait_for_function(f"() => ({LIVE_POINTS})() > 20", timeout=120_000)  # the live curve grows
    page.click("#lm-stop-btn")
    page.locator("#lm-status", has_text="answers as").wait_for(timeout=60_000)
    # the hoverable figure once the run rests: one point per step of the stopped run
    stopped_at = int(re.search(r"after (\d+) steps", page.inner_text("#lm-status")).group(1))
    page.wait_for_function(f"() => {{ const p = document.querySelector('#lm-curves .js-plotly-plot');"
                           f" return p && p._fullData[0] && p._fullData[0]._length === {stopped_at}; }}",
                           timeout=30_000)
    # the session's model now answers the prompt above, and can be downloaded
    page.wait_for_function("() => document.querySelector('#lm-model input').value.startsWith('Your model')",
                           timeout=30_000)
    page.locator("#lm-bars", has_text="session").wait_for(timeout=30_000)
    assert page.locator("#lm-save").is_enabled()


def test_on_a_slow_machine_stop_lands_within_a_second(page, artifacts):
    open_tab(page)
    page.locator("#lm-train").click()
    page.locator("#lm-params", has_text="parameters").wait_for(timeout=30_000)
    throttle(page)
    page.click("#lm-train-btn")
    page.wait_for_function(f"() => ({LIVE_POINTS})() > 10", timeout=120_000)
    watch_for(page, "#lm-status", "topped by request")
    click(page, "#lm-stop-btn")
    assert took_ms(page, "#lm-status", "topped by request") < WITHIN_MS
    page.locator("#lm-status", has_text="answers as").wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / "next-word-slow-stop.png"), full_page=True)
