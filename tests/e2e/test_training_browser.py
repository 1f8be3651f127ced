"""Training in Chromium: press Train, watch the loss plot grow, press Stop, evaluate."""

import re

import pytest

from tests.conftest import mnist_test_dir
from tests.e2e.typing import retype

pytestmark = pytest.mark.skipif(not (mnist_test_dir() / "t10k-images-idx3-ubyte.gz").exists(),
                                reason="needs the real MNIST test digits")


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
    points = page.evaluate("() => document.querySelector('#loss-plot .js-plotly-plot')._fullData[0]._length")
    assert points >= 2
    page.screenshot(path=str(artifacts / "training-live.png"), full_page=True)

    page.click("#stop-btn")
    page.locator("#train-status", has_text="stopped by request").wait_for(timeout=30_000)
    stopped_at = int(re.search(r"after (\d+) steps", page.inner_text("#train-status")).group(1))
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
    assert page.locator("#train-btn").is_enabled() and page.locator("#continue-btn").is_enabled()

    box = page.locator("#train-lr input")
    box.click()
    box.press("Control+a")
    box.press_sequentially("-1", delay=80)
    page.click("#train-btn")
    page.locator("#train-status .pg-error", has_text="learning rate must be above 0").wait_for()
    assert page.locator("#train-btn").is_enabled()
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
    assert page.locator("#continue-btn").is_enabled()


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
    while job.status().code.name not in ("PROCESSING", "ITERATING", "FINISHED") and time.perf_counter() - closed < 60:
        time.sleep(0.2)
    waited = time.perf_counter() - closed
    job.cancel()
    assert waited < 15, f"the slot was held {waited:.0f} s after the tab closed"
