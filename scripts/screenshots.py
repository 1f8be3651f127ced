"""Take the README's screenshots from the real app in Chromium: python scripts/screenshots.py

Starts the app on a free port, opens each tab in the system Chromium and writes
assets/screenshot-<tab>.png (desktop, 1400 px wide) and assets/screenshot-<tab>-phone.png
(390×844, touch).

``--builder-layout`` instead writes the whole CNN builder at the two sizes the layout tests
measure (tests/e2e/test_layout_browser.py) to test-artifacts/builder-phone.png and
builder-desktop.png, for people to look at.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.launcher import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop, wait_until_up  # noqa: E402


def open_tab(page, name: str) -> None:
    """Click a tab; on a narrow screen the later tabs sit behind the "More tabs" menu."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if not tab.is_visible():
        page.get_by_role("button", name="More tabs").click()
        page.locator(".overflow-menu").get_by_text(name, exact=True).click()
    else:
        tab.click()


def next_word(page, path: Path) -> None:
    open_tab(page, "Next word")
    page.locator("#lm-bars .js-plotly-plot").wait_for(timeout=60_000)
    page.click("#lm-generate")
    page.locator("#lm-generated .pg-gen").nth(20).wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


def diffusion(page, path: Path) -> None:
    open_tab(page, "Diffusion")
    page.locator("#df-schedule .js-plotly-plot").wait_for(timeout=60_000)
    page.click("#df-generate")
    page.locator("#df-status", has_text="Done").wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


def basics(page, path: Path) -> None:
    open_tab(page, "Basics")
    page.get_by_role("tab", name="2-D playground", exact=True).click()
    page.locator("#pg-status", has_text="Press Play").wait_for(timeout=60_000)
    page.click("#pg-play")
    page.wait_for_function("() => /Epoch ([3-9]\\d\\d|\\d{4,}) — playing/.test("
                           "document.querySelector('#pg-status').innerText)", timeout=60_000)
    page.click("#pg-pause")
    page.locator("#pg-status", has_text="paused").wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


NEW_TABS = {"diffusion": diffusion, "basics": basics}

BUILDER_SCREENS = {  # as in tests/e2e/test_layout_browser.py
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1400, "height": 900}},
}


def builder_layout(browser, url: str, out: Path) -> None:
    """The whole builder with the default network, phone and desktop: <out>/builder-<screen>.png."""
    out.mkdir(parents=True, exist_ok=True)
    for name, screen in BUILDER_SCREENS.items():
        context = browser.new_context(**screen)
        page = context.new_page()
        page.goto(url)
        page.locator("#totals .pg-card-value").first.wait_for()
        height = page.evaluate("document.body.scrollHeight")
        for _ in range(0, height, 600):  # scroll through the page as a person does, so every part is drawn
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(60)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / f"builder-{name}.png"), full_page=True)
        context.close()


def new_tabs(browser, url: str, names: list[str]) -> None:
    """The tabs in ``names`` (diffusion, basics), desktop and phone."""
    for size, suffix in (({"width": 1400, "height": 1000}, ""), ({"width": 390, "height": 844}, "-phone")):
        context = browser.new_context(viewport=size, is_mobile=bool(suffix), has_touch=bool(suffix))
        page = context.new_page()
        page.goto(url)
        page.locator("#totals .pg-card-value").first.wait_for()
        for name in names:
            NEW_TABS[name](page, ROOT / "assets" / f"screenshot-{name}{suffix}.png")
        context.close()


def phone(browser, url: str) -> None:
    """Every tab at phone size, after the desktop run (so the Training tab shows a finished run's layout)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url)
    page.locator("#totals .pg-card-value").first.wait_for()
    page.wait_for_timeout(800)
    page.screenshot(path=str(ROOT / "assets" / "screenshot-builder-phone.png"), full_page=True)
    open_tab(page, "Training")
    page.click("#train-btn")
    page.locator("#eval-summary .pg-card-value").first.wait_for(timeout=600_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ROOT / "assets" / "screenshot-training-phone.png"), full_page=True)
    open_tab(page, "Draw")
    box = page.locator("#pad canvas").bounding_box()
    for (x0, y0), (x1, y1) in (((0.3, 0.22), (0.7, 0.22)), ((0.7, 0.22), (0.45, 0.82))):  # a 7, by finger
        page.mouse.move(box["x"] + x0 * box["width"], box["y"] + y0 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + x1 * box["width"], box["y"] + y1 * box["height"], steps=12)
        page.mouse.up()
    page.locator("#feature-maps img").first.wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ROOT / "assets" / "screenshot-draw-phone.png"), full_page=True)
    next_word(page, ROOT / "assets" / "screenshot-next-word-phone.png")
    context.close()


def first_tabs(page, url: str) -> None:
    """The builder, Training (trained and evaluated) and Draw screenshots, desktop size."""
    page.goto(url)
    page.locator("#totals .pg-card-value").first.wait_for()
    page.locator("#layer-table [data-testid='cell-11-1']").click()  # select fc1 to show the editor
    page.locator("#layer-help", has_text="fc1").wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(800)
    page.screenshot(path=str(ROOT / "assets" / "screenshot-builder.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1400, "height": 1500})

    page.get_by_role("tab", name="Training", exact=True).click()
    page.click("#train-btn")
    page.locator("#eval-summary .pg-card-value").first.wait_for(timeout=600_000)
    # show the confusion-matrix cell with the most mistakes
    counts = page.evaluate("""() => [...document.querySelectorAll('#confusion [data-testid^="cell-"]')]
        .map(c => [c.dataset.testid, parseInt(c.innerText)])""")
    off = [(n, t) for t, n in counts if n == n and t.split("-")[2] != "0"
           and int(t.split("-")[1]) + 1 != int(t.split("-")[2])]
    page.locator(f"#confusion [data-testid='{max(off)[1]}']").click()
    page.locator("#cell-gallery").wait_for()
    page.wait_for_timeout(1500)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ROOT / "assets" / "screenshot-training.png"), full_page=True)

    page.get_by_role("tab", name="Draw", exact=True).click()
    box = page.locator("#pad canvas").bounding_box()
    points = [(0.3, 0.22), (0.7, 0.22), (0.45, 0.82)]  # a 7
    page.mouse.move(box["x"] + points[0][0] * box["width"], box["y"] + points[0][1] * box["height"])
    page.mouse.down()
    for fx, fy in points[1:]:
        page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"], steps=12)
    page.mouse.up()
    page.locator("#feature-maps img").first.wait_for()
    page.wait_for_timeout(1500)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ROOT / "assets" / "screenshot-draw.png"), full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", help="data directory for the app (needs MNIST for the Training screenshot "
                                           "and the corpora under text/ for the Next-word tab's training)")
    parser.add_argument("--only", help="comma-separated: retake only these of diffusion, basics")
    parser.add_argument("--builder-layout", nargs="?", const=ROOT / "test-artifacts", type=Path, metavar="DIR",
                        help="only the whole builder at phone and desktop size, into DIR (default test-artifacts/)")
    args = parser.parse_args()
    port = free_port()
    log = Path(tempfile.mkdtemp()) / "app.log"
    server = start_app(port, log, ["--data-dir", args.data_dir] if args.data_dir else [])
    url = f"http://127.0.0.1:{port}/"
    try:
        if not wait_until_up(url, server):
            raise SystemExit(f"the app did not start; see {log}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if args.builder_layout:
                builder_layout(browser, url, args.builder_layout)
                return
            if args.only:
                new_tabs(browser, url, [n.strip() for n in args.only.split(",")])
                return
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            first_tabs(page, url)
            next_word(page, ROOT / "assets" / "screenshot-next-word.png")
            phone(browser, url)
            new_tabs(browser, url, list(NEW_TABS))
            browser.close()
    finally:
        stop(server)


if __name__ == "__main__":
    main()
