"""The two pictures the Diffusion tab exists for: while a run streams, x_t and x0 are in view without scrolling
after Generate (at desktop size; on a phone right under the buttons), each digit at least 96 CSS px, crisp."""

import re

import pytest

SCREENS = {
    "desktop": {"viewport": {"width": 1400, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_x_t_and_x0_are_large_and_in_view_while_a_run_streams(browser, app_url, artifacts, screen):
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    page.goto(app_url)
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Diffusion", exact=True).click()
    page.locator("#df-status").wait_for(timeout=60_000)
    if screen == "desktop":
        page.evaluate("window.scrollTo(0, 0)")
    else:
        page.locator("#df-generate").scroll_into_view_if_needed()
    page.locator("#df-generate").tap() if screen == "phone" else page.click("#df-generate")
    page.locator("#df-step", has_text=re.compile(r"step \d+ of 25")).wait_for(timeout=60_000)
    sizes = page.evaluate("""() => ['#df-xt img', '#df-x0 img'].map(sel => {
        const img = document.querySelector(sel), r = img.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, width: r.width, natural: img.naturalWidth,
                rendering: getComputedStyle(img).imageRendering}; })""")
    viewport = page.viewport_size
    button = page.locator("#df-generate").bounding_box()
    for picture in sizes:
        digit_px = picture["width"] * 32 / picture["natural"]  # a digit is 32 of the grid's pixels wide
        assert digit_px >= 96 if screen == "desktop" else digit_px >= 60, picture
        assert picture["rendering"] == "pixelated"
    if screen == "desktop":  # both pictures whole on the first screen, no scrolling after Generate
        assert all(0 <= p["top"] and p["bottom"] <= viewport["height"] for p in sizes), sizes
    else:  # right under the buttons: the first picture starts within a screen of Generate
        assert sizes[0]["top"] - (button["y"] + button["height"]) < 260, (sizes, button)
    page.screenshot(path=str(artifacts / f"diffusion-live-{screen}.png"))
    context.close()
