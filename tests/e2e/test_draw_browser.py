"""Drawing in Chromium: mouse strokes on the pad, the answer appears; a trained model takes over."""

import re

import pytest

from tests.e2e.idle import wait_until_idle
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
    # the drawing on the pad is read again by the new model: after a few steps, possibly only as a guess
    page.locator("#answer .pg-digit, #answer .pg-answer-unsure").first.wait_for()
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


def open_draw_tab(page) -> None:
    page.get_by_role("tab", name="Draw", exact=True).click()
    page.locator("#pad canvas").wait_for()
    page.locator("#pad canvas").scroll_into_view_if_needed()


def times_shown(page, words: str) -> int:
    """How often ``words`` is on screen (the page's rendered text, toasts included)."""
    return page.evaluate("words => document.body.innerText.split(words).length - 1", words)


def test_a_dot_is_answered_as_a_guess(page, artifacts):
    open_draw_tab(page)
    box = page.locator("#pad canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # one tap: a dot of the brush
    page.locator("#answer .pg-answer-unsure").wait_for()
    title = page.inner_text("#answer .pg-unsure-title")
    assert re.fullmatch(r"Not sure this is a digit — best guess \d \(\d+\.\d%\)", title)
    assert page.locator("#answer .pg-digit").count() == 0
    # set apart from a sure answer: its own border and colours
    border = page.locator("#answer .pg-answer-unsure").evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "dashed"
    page.locator("#answer").screenshot(path=str(artifacts / "draw-not-sure.png"))


def test_filling_the_pad_with_ink_says_so_once(page, artifacts):
    open_draw_tab(page)
    for top in (0.03, 0.36, 0.69):  # three strokes, each back and forth over a third of the pad
        points = []
        for i in range(8):
            y = top + 0.04 * i
            points += [(0.03, y), (0.97, y)] if i % 2 == 0 else [(0.97, y), (0.03, y)]
        stroke(page, points)
    page.locator("#answer", has_text="mostly ink").wait_for()
    wait_until_idle(page)  # every stroke's events have run: any second message or toast would be up
    assert times_shown(page, "mostly ink") == 1
    assert page.locator('[data-testid="toast-body"]').count() == 0
    page.screenshot(path=str(artifacts / "draw-full-pad.png"))


def test_a_blank_upload_says_what_was_wrong(page, tmp_path):
    from PIL import Image

    open_draw_tab(page)
    blank, tiny = tmp_path / "blank.png", tmp_path / "tiny.png"
    Image.new("RGBA", (600, 600), (0, 0, 0, 0)).save(blank)
    Image.new("RGB", (1, 1), "white").save(tiny)

    def upload(path) -> None:  # through the button's own file input, as a person picks a file
        with page.expect_file_chooser() as chooser:
            page.click("#digit-upload")
        chooser.value.set_files(str(path))

    upload(blank)
    page.locator("#answer", has_text="The uploaded image is blank (fully transparent)").wait_for()
    assert "Draw a digit on the pad" not in page.inner_text("#answer")
    upload(tiny)
    page.locator("#answer", has_text="is 1×1 pixel, too small to hold a digit").wait_for()
    wait_until_idle(page)
    assert times_shown(page, "too small to hold a digit") == 1
    assert page.locator('[data-testid="toast-body"]').count() == 0


@pytest.mark.parametrize("viewport", [(1400, 900), (390, 844)], ids=["desktop", "phone"])
def test_feature_map_sheets_are_whole_with_their_captions(browser, app_url, artifacts, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    open_draw_tab(page)
    stroke(page, [(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)])
    page.locator("#feature-maps .caption-label").first.wait_for()
    page.locator("#feature-maps").scroll_into_view_if_needed()  # below the fold on a phone: its images load lazily
    page.wait_for_function("() => [...document.querySelectorAll('#feature-maps img')].every(i => i.complete)")
    gallery = page.locator("#feature-maps").bounding_box()
    sheets = page.locator("#feature-maps .thumbnail-item")
    assert sheets.count() == 2
    for i in range(2):
        sheet = sheets.nth(i)
        image, caption = sheet.locator("img").bounding_box(), sheet.locator(".caption-label")
        # the whole sheet is on the page, inside the gallery, at its own shape (nothing cropped or scrolled away)
        assert gallery["y"] <= image["y"] and image["y"] + image["height"] <= gallery["y"] + gallery["height"] + 1
        natural = sheet.locator("img").evaluate("i => i.naturalWidth / i.naturalHeight")
        assert abs(image["width"] / image["height"] - natural) < 0.03
        # its caption is shown under it, in full, without a click
        assert caption.is_visible() and caption.evaluate("e => getComputedStyle(e).opacity") == "1"
        box = caption.bounding_box()
        assert box["y"] >= image["y"] + image["height"] - 1
        assert box["y"] + box["height"] <= gallery["y"] + gallery["height"] + 1
        assert caption.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut short with an ellipsis
        assert re.match(r"conv\d: \d+ maps of \d+×\d+", caption.inner_text())
    name = "desktop" if viewport[0] > 800 else "phone"
    page.locator("#feature-maps").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"draw-feature-maps-{name}.png"), full_page=True)
    context.close()
