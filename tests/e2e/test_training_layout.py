"""The Training tab's looks at desktop and phone size: no placeholder tables, legends off the data,
no toolbar over the titles on a phone, a visible cue that the evaluation tables scroll."""

import pytest

pytestmark = pytest.mark.usefixtures("needs_mnist")  # the app trains on the real digits


def open_training(browser, app_url, width, height, phone=False):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app_url)
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Training", exact=True).click()
    return context, page


def test_before_evaluation_there_are_no_placeholder_tables(browser, app_url):
    context, page = open_training(browser, app_url, 1400, 900)
    page.locator("#train-status").wait_for()
    assert not page.locator("#report").is_visible() and not page.locator("#confusion").is_visible()
    context.close()


def test_phone_layout_after_a_run(browser, app_url, artifacts):
    context, page = open_training(browser, app_url, 390, 844, phone=True)
    page.click("#train-btn")
    page.locator("#eval-summary .pg-card-value").first.wait_for(timeout=300_000)
    assert page.locator(".pg-scroll-hint").is_visible()  # the tables say they scroll
    assert page.locator("#report").is_visible() and page.locator("#confusion").is_visible()
    for plot in ("#loss-plot", "#acc-plot"):
        toolbar = page.locator(f"{plot} .modebar-container")
        assert toolbar.count() == 0 or not toolbar.first.is_visible()
        # the legend sits below the plotting area, not on the data
        legend = page.locator(f"{plot} .legend").bounding_box()
        area = page.locator(f"{plot} .nsewdrag").first.bounding_box()
        assert legend["y"] >= area["y"] + area["height"]
    columns = page.evaluate("() => getComputedStyle(document.querySelector('#mistakes .grid-container'))"
                            ".getPropertyValue('--grid-cols').trim()")
    assert columns == "3"
    page.screenshot(path=str(artifacts / "training-phone.png"), full_page=True)
    context.close()
