"""Drawing in Chromium: mouse strokes on the pad, the answer appears; a trained model takes over."""

import re

from tests.e2e.test_training_browser import current_step


def stroke(page, points: list[tuple[float, float]]) -> None:
    """One mouse stroke through points given as fractions of the pad."""
    box = page.locator("#pad canvas").bounding_box()
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for x, y in xy[1:]:
        page.mouse.move(x, y, steps=12)
    page.mouse.up()


def test_draw_a_seven_then_a_session_model_answers(page, artifacts):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Draw", exact=True).click()
    page.locator("#pad canvas").wait_for()
    assert "default digit model" in page.inner_text("#answering")
    stroke(page, [(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)])  # a 7 in one stroke
    page.locator("#answer .pg-digit").wait_for()
    assert page.inner_text("#answer .pg-digit") == "7"
    assert re.search(r"\d+\.\d% sure", page.inner_text("#answer"))
    page.locator("#feature-maps img").first.wait_for()  # the explanations follow
    page.locator("#saliency img").wait_for()
    page.screenshot(path=str(artifacts / "draw-seven.png"), full_page=True)

    page.locator("#pad .pg-pad-clear").click()
    page.locator("#answer", has_text="Draw a digit on the pad").wait_for()
    stroke(page, [(0.5, 0.15), (0.5, 0.85)])  # a 1
    page.locator("#answer .pg-digit", has_text="1").wait_for()

    # train a tiny model in the Training tab, then the Draw tab answers with it
    page.get_by_role("tab", name="Training", exact=True).click()
    page.click("#train-btn")
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    assert current_step(page) >= 1
    page.click("#stop-btn")
    page.locator("#model-info", has_text="This session's model").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Draw", exact=True).click()
    page.locator("#answering", has_text="your model from the Training tab").wait_for()
    page.locator("#answer .pg-digit").wait_for()  # the drawing on the pad is read again by the new model
    page.screenshot(path=str(artifacts / "draw-session-model.png"), full_page=True)


def test_a_finger_draws_on_a_phone(browser, app_url, artifacts):
    """A phone-sized touch screen: touch events (through the browser's own touch input) draw on the pad."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    page.get_by_role("tab", name="Draw", exact=True).click()
    canvas = page.locator("#pad canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    cdp = context.new_cdp_session(page)

    def touch(kind: str, fx: float | None = None, fy: float | None = None) -> None:
        points = [] if fx is None else [{"x": box["x"] + fx * box["width"], "y": box["y"] + fy * box["height"]}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 0.5, 0.12)
    for i in range(1, 21):
        touch("touchMove", 0.5, 0.12 + 0.76 * i / 20)  # one vertical stroke: a 1
    touch("touchEnd")
    page.locator("#answer .pg-digit").wait_for()
    assert page.inner_text("#answer .pg-digit") == "1"
    page.screenshot(path=str(artifacts / "draw-phone.png"), full_page=True)
    context.close()
