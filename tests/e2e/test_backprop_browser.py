"""The Basics tab's backpropagation walk in Chromium, as a newcomer meets it: the last stage points at
"Take the update" (Next has nowhere to go), the weight boxes show rounded numbers, "Train 100 steps"
leaves the trained weights in the boxes, and on a phone the graph and the autograd table scroll sideways
instead of squeezing. Screenshots at 1400×900 and 390×844 go to test-artifacts/."""

import re

from playwright.sync_api import expect

from tests.e2e.idle import wait_until_idle

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def open_backprop(page):
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Basics", exact=True).click()
    page.get_by_role("tab", name="Backpropagation", exact=True).click()
    page.locator("#bx-stage", has_text="1. Forward pass").wait_for()


def weights(page) -> list[str]:
    return [page.locator(f"#bx-w{i} input").input_value() for i in range(9)]


def significant(text: str) -> int:
    return len(re.sub(r"^0+", "", text.lstrip("-").replace(".", "")).rstrip("0") or "0")


def to_last_stage(page):
    for title in ("2. Loss", "3. Backward pass", "4. Update"):
        page.click("#bx-next")
        page.locator("#bx-stage", has_text=title).wait_for()


def test_the_last_stage_points_at_the_update_and_training_moves_the_weights(page, artifacts):
    page.set_viewport_size({"width": 1400, "height": 900})
    open_backprop(page)
    to_last_stage(page)
    page.locator("#bx-stage", has_text="press Take the update").wait_for()
    expect(page.locator("#bx-next")).to_be_disabled()
    expect(page.locator("#bx-apply")).to_have_class(re.compile(r"\bprimary\b"))
    page.locator("#bx-graph .js-plotly-plot").screenshot(path=str(artifacts / "backprop-graph-desktop.png"))
    before = weights(page)
    page.click("#bx-apply")
    page.locator("#bx-stage", has_text="1. Forward pass").wait_for()
    expect(page.locator("#bx-next")).to_be_enabled()
    after = weights(page)
    assert after != before and all(significant(w) <= 4 for w in after), after  # 0.135, not 0.135002
    page.click("#bx-train100")
    page.locator("#bx-train-plot .js-plotly-plot").wait_for()
    page.wait_for_function("(old) => [...Array(9).keys()].some(i => document.querySelector(`#bx-w${i} input`).value"
                           " !== old[i])", arg=after)
    trained = weights(page)
    assert all(significant(w) <= 4 for w in trained), trained
    assert "the weights above are now the trained ones" in page.locator("#bx-train-plot").inner_text()
    wait_until_idle(page)
    page.click("#bx-next")  # the walk starts again from the trained weights: their loss is small
    page.locator("#bx-stage", has_text="2. Loss").wait_for()
    shown = float(page.locator("#bx-stage code").first.inner_text().split("=")[-1].strip().replace("−", "-"))
    assert shown < 0.01


def test_on_a_phone_the_graph_and_the_table_scroll_sideways(browser, app_url, artifacts):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    try:
        open_backprop(page)
        to_last_stage(page)
        page.locator("#bx-check", has_text="autograd agrees").first.wait_for()
        graph = page.locator("#bx-graph")
        graph.scroll_into_view_if_needed()
        drawn = graph.evaluate("e => ({scrolls: e.scrollWidth > e.clientWidth + 1, cue: getComputedStyle(e, '::after')"
                               ".content, width: e.querySelector('.main-svg').getBoundingClientRect().width})")
        assert drawn["scrolls"] and drawn["width"] >= 720 and "scroll the graph sideways" in drawn["cue"]
        graph.screenshot(path=str(artifacts / "backprop-graph-phone.png"))
        table = page.locator("#bx-check")
        table.scroll_into_view_if_needed()
        fits = table.evaluate("e => ({overflow: getComputedStyle(e).overflowX, inner: e.scrollWidth, outer: e.clientWidth,"
                              " page: document.documentElement.scrollWidth, cue: getComputedStyle(e, '::before').content})")
        assert fits["overflow"] == "auto" and fits["page"] <= 390 and "scroll the table sideways" in fits["cue"]
        table.evaluate("e => e.scrollLeft = e.scrollWidth")  # a swipe shows the last column whole
        last = page.locator("#bx-check tbody tr td:last-child").first.bounding_box()
        box = table.bounding_box()
        assert last["x"] + last["width"] <= box["x"] + box["width"] + 1
        table.screenshot(path=str(artifacts / "backprop-table-phone.png"))
    finally:
        context.close()
