"""Training in Chromium: press Train, watch the live curves grow, press Stop (at once, even on a slow machine),
evaluate."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_until
from tests.e2e.live import WITHIN_MS, click, throttle, took_ms, watch_for
from tests.e2e.typing import retype

pytestmark = pytest.mark.usefixtures("needs_mnist")  # the app trains on the real digits


def live_points(page) -> int:
    """Points of the live loss curve (an SVG polyline in the status panel while a run goes)."""
    return page.evaluate("() => { const l = document.querySelector('#train-status polyline');"
                         " return l ? l.getAttribute('points').trim().split(/\\s+/).length : 0; }")


def current_step(page) -> int:
    match = re.search(r"step ([\d,]+)/", page.inner_text("#train-status"))
    return int(match.group(1).replace(",", "")) if match else 0


def test_train_watch_stop_evaluate(page, artifacts):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Training", exact=True).click()
    page.locator("#train-network", has_text="50,282 parameters").wait_for()
    page.click("#train-btn")
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    first = current_step(page)
    page.wait_for_function(
        f"() => {{ const m = document.querySelector('#train-status').innerText.match(/step ([0-9,]+)\\//);"
        f" return m && parseInt(m[1].replace(/,/g, '')) > {first}; }}", timeout=60_000)
    assert current_step(page) > first  # the run moves and the page follows
    points = live_points(page)
    assert points >= 2  # the live loss curve grows
    page.screenshot(path=str(artifacts / "training-live.png"), full_page=True)

    page.click("#stop-btn")
    page.locator("#train-status", has_text="stopped by request").wait_for(timeout=30_000)
    stopped_at = int(re.search(r"after (\d+) steps", page.inner_text("#train-status")).group(1))
    page.locator("#loss-plot .js-plotly-plot").wait_for(timeout=30_000)  # the hoverable figure, once it rests
    grown = page.evaluate("() => document.querySelector('#loss-plot .js-plotly-plot')._fullData[0]._length")
    assert grown == stopped_at >= points  # one point per step, up to the stop

    page.click("#eval-btn")
    page.locator("#eval-summary", has_text="test accuracy").wait_for(timeout=60_000)
    summary = page.inner_text("#eval-summary")
    accuracy = float(re.search(r"([\d.]+)%", summary).group(1))
    wrong, total = (int(n.replace(",", "")) for n in re.search(r"([\d,]+) / ([\d,]+)", summary).groups())
    assert total == 2000  # the held-out digits
    assert accuracy == pytest.approx(100 * (1 - wrong / total), abs=0.006)  # the cards agree with each other
    diagonal = page.evaluate("""() => [...Array(10).keys()].reduce((sum, i) => sum + parseInt(
        document.querySelector(`#confusion [data-testid='cell-${i}-${i + 1}']`).innerText.replace(/,/g, '')), 0)""")
    assert diagonal == total - wrong  # and with the confusion matrix
    page.locator("#confusion [data-testid='cell-0-1']").click()  # true 0, predicted 0
    page.locator("#cell-gallery", has_text="True 0, predicted 0").wait_for()
    page.screenshot(path=str(artifacts / "training-evaluated.png"), full_page=True)


def test_errors_stay_on_the_page_and_leave_the_buttons_usable(page, artifacts):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Training", exact=True).click()
    page.locator("#train-estimate", has_text="per epoch").wait_for(timeout=60_000)  # the cost, before training
    page.click("#continue-btn")
    page.locator("#train-status .pg-error", has_text="no model to continue yet").wait_for()
    expect(page.locator("#train-btn")).to_be_enabled()  # back once the refused run's event ends
    expect(page.locator("#continue-btn")).to_be_enabled()

    box = page.locator("#train-lr input")
    box.click()
    box.press("Control+a")
    box.press_sequentially("-1", delay=80)
    page.click("#train-btn")
    page.locator("#train-status .pg-error", has_text="learning rate must be above 0").wait_for()
    expect(page.locator("#train-btn")).to_be_enabled()
    assert "Error" not in page.inner_text("#train-status")  # no error badge over the panel, just the message
    page.screenshot(path=str(artifacts / "training-error.png"), full_page=True)

    box.click()
    box.press("Control+a")
    box.press_sequentially("0.003", delay=80)
    page.click("#train-btn")  # the same page trains once the value is fixed, no reload needed
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    page.click("#stop-btn")
    page.locator("#train-status", has_text="stopped by request").wait_for(timeout=60_000)
    expect(page.locator("#continue-btn")).to_be_enabled()


RUN_BUTTONS = ("#train-btn", "#continue-btn", "#more-btn")
# each time the status or Train changes while the status says the test set is being evaluated, whether Train can
# be clicked then
WATCH_EVALUATION = """() => { window.trainWhileEvaluating = [];
  const watch = new MutationObserver(() => {
    if (document.querySelector('#train-status').innerText.includes('Evaluating on the test set'))
      window.trainWhileEvaluating.push(document.querySelector('#train-btn').disabled);
  });
  watch.observe(document.querySelector('#train-status'), {childList: true, subtree: true, characterData: true});
  watch.observe(document.querySelector('#train-btn'), {attributes: true}); }"""


def test_run_buttons_rest_until_the_run_and_its_verdict_are_over(page):
    """The test set is evaluated after the run's model is shown, in the same event: a Train click then would be
    dropped by the page without a word, so the run buttons rest until the whole event ends, then a new run starts."""
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Training", exact=True).click()
    page.locator("#train-network", has_text="parameters").wait_for()
    retype(page, "#train-epochs input[type=number]", "1")
    page.evaluate(WATCH_EVALUATION)
    page.click("#train-btn")
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    for button in RUN_BUTTONS:  # during the run
        expect(page.locator(button)).to_be_disabled()
    page.locator("#train-status", has_text="Test accuracy").wait_for(timeout=120_000)
    for button in RUN_BUTTONS:  # the run's results are on the page: the buttons are back
        expect(page.locator(button)).to_be_enabled()
    evaluating = page.evaluate("() => window.trainWhileEvaluating")
    assert evaluating and all(evaluating)  # never clickable while the test set was being evaluated

    page.click("#train-btn")  # a second run starts (not dropped)
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    expect(page.locator("#train-btn")).to_be_disabled()
    page.locator("#train-status", has_text="Test accuracy").wait_for(timeout=120_000)
    expect(page.locator("#train-btn")).to_be_enabled()


def test_a_class_count_mismatch_is_fixed_in_one_click(page):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Training", exact=True).click()
    page.locator("#train-dataset input").click()
    page.get_by_role("option", name="GTSRB (German traffic signs)").click()
    page.locator("#train-network", has_text="has 43 classes but the network ends in 10 outputs").wait_for()
    page.click("#fix-classes")
    page.locator("#train-network", has_text="43 classes.").wait_for()
    assert not page.locator("#fix-classes").is_visible()
    page.get_by_role("tab", name="CNN builder", exact=True).click()  # the builder shows the fixed network
    page.locator("#layer-table", has_text="Linear(3136, 43)").wait_for()
    assert "43 class scores" in page.inner_text("#totals")


def test_closing_the_tab_mid_training_frees_the_training_slot(browser, app_url, client, app_log):
    """Trainings share one slot (PLAYGROUND_MAX_CONCURRENT_TRAININGS=1): a tab closed mid-run must give it back
    within seconds, or the next person waits for a training nobody watches."""
    import time

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_url)
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Training", exact=True).click()
    retype(page, "#train-epochs input[type=number]", "30")
    page.click("#train-btn")
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    context.close()  # the person closes the tab, 30 epochs to go
    closed = time.perf_counter()
    job = client.submit(dataset="mnist", epochs=1, api_name="/train")  # another person, waiting for the slot
    wait_until(lambda: job.status().code.name in ("PROCESSING", "ITERATING", "FINISHED"), timeout=60)
    waited = time.perf_counter() - closed
    job.cancel()
    assert waited < 15, f"the slot was held {waited:.0f} s after the tab closed"


def test_on_a_slow_machine_stop_lands_within_a_second(page, artifacts):
    """At 6× CPU throttling (a learner's Chromebook or phone) the page keeps up with the run and Stop shows at once."""
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Training", exact=True).click()
    page.locator("#train-network", has_text="parameters").wait_for()
    retype(page, "#train-epochs input[type=number]", "20")
    throttle(page)
    page.click("#train-btn")
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    wait_until(lambda: live_points(page) >= 20, timeout=60)  # the page follows the run for a while
    watch_for(page, "#train-status", "topped by request")
    click(page, "#stop-btn")
    assert took_ms(page, "#train-status", "topped by request") < WITHIN_MS
    page.screenshot(path=str(artifacts / "training-slow-stop.png"), full_page=True)
