"""The Diffusion tab's final images at a desktop (1400×900) and on a phone (390×844, touch), measured in
Chromium's DOM: the label sits above the pictures (not over them), the grid wraps instead of scrolling
sideways, and the download button covers no digit. Screenshots go to test-artifacts/ for people to look at."""

import pytest

SCREENS = {
    "desktop": {"viewport": {"width": 1400, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}

GEOMETRY = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const g = document.querySelector('#df-gallery');
  const grid = g.querySelector('.grid-container');
  return {label: box(g.querySelector('label')), gallery: box(g),
          buttons: [...g.querySelectorAll('.top-panel button')].map(box),
          images: [...g.querySelectorAll('.thumbnail-item')].map(box),
          sideways: grid.scrollWidth > grid.clientWidth + 1};
}"""


def overlaps(a, b):
    return a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1


def open_diffusion(page):
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    tab = page.get_by_role("tab", name="Diffusion", exact=True)
    if not tab.is_visible():  # a narrow page folds the later tabs into a menu
        page.locator(".overflow-menu button, button.overflow-menu").first.click()
    tab.click()
    page.locator("#df-generate").wait_for()


@pytest.mark.parametrize("name", list(SCREENS))
def test_final_images_wrap_below_their_label(browser, app_url, artifacts, name):
    context = browser.new_context(**SCREENS[name])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    try:
        open_diffusion(page)
        page.click("#df-generate")
        page.locator("#df-status", has_text="Done").wait_for(timeout=90_000)
        page.wait_for_function("() => document.querySelectorAll('#df-gallery img').length === 8 && "
                               "[...document.querySelectorAll('#df-gallery img')].every(i => i.complete)")
        page.locator("#df-gallery").scroll_into_view_if_needed()
        geo = page.evaluate(GEOMETRY)
        page.locator("#df-gallery").screenshot(path=str(artifacts / f"diffusion-gallery-{name}.png"))
    finally:
        context.close()
    images = geo["images"]
    assert len(images) == 8
    assert not geo["sideways"], "the final images scroll sideways"
    for img in images:  # every picture whole inside the gallery, below its label, clear of the buttons
        assert geo["gallery"]["l"] - 1 <= img["l"] and img["r"] <= geo["gallery"]["r"] + 1
        assert img["t"] >= geo["label"]["b"] - 1, "the label covers a picture"
        assert not any(overlaps(img, b) for b in geo["buttons"]), "a button covers a picture"
    rows = sorted({round(i["t"]) for i in images})
    side = images[0]["r"] - images[0]["l"]
    if name == "desktop":
        assert len(rows) == 1 and side >= 100  # eight large digits in one row
    else:
        assert len(rows) == 2 and side >= 60  # two rows of four, each still a readable size
