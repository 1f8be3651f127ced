"""The CNN builder as a page first arrives: the preset is in the components themselves (C/H/W, table,
totals, editor), not filled in by a load event a few seconds later; and the layer editor's ceil_mode
checkbox keeps its label on one line. Checked in Chromium at a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

SCREENS = {
    "desktop": {"viewport": {"width": 1400, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=list(SCREENS))
def context(request, browser):
    context = browser.new_context(**SCREENS[request.param])
    context.set_default_timeout(20_000)
    yield context
    context.close()


def test_the_preset_shows_before_any_event_runs(context, app_url):
    page = context.new_page()
    page.route("**/queue/join*", lambda route: route.abort())  # no event reaches the server: only the page as built
    page.goto(app_url)
    page.locator("#layer-table .body-cell").first.wait_for()
    assert [page.locator(f"#in-{d} input").input_value() for d in "chw"] == ["1", "28", "28"]
    assert "50,282" in page.locator("#totals").inner_text()
    assert page.locator("#layer-table", has_text="conv1").count() == 1
    expect(page.locator("#layer-pick input")).to_have_value("1 · conv1 · Conv2d")
    expect(page.locator("#layer-type input")).to_have_value("Conv2d")


def test_ceil_mode_keeps_its_label_on_one_line(context, app_url, artifacts):
    page = context.new_page()
    page.goto(app_url)
    page.locator("#totals .pg-card-value").first.wait_for()
    page.locator("[data-testid='cell-4-1']").click()  # pool1 · MaxPool2d
    expect(page.locator("#layer-type input")).to_have_value("MaxPool2d")
    label = page.locator(".pg-arg .label-text", has_text="ceil_mode")
    label.wait_for()
    block = page.locator(".pg-arg").filter(has=page.locator(".label-text", has_text="ceil_mode"))
    block.scroll_into_view_if_needed()
    lines = label.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e);"
                           " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }")
    assert lines == 1, "the ceil_mode label breaks over lines"
    assert block.bounding_box()["width"] >= 140
    block.screenshot(path=str(artifacts / f"builder-ceil-mode-{context.pages[0].viewport_size['width']}.png"))
