"""Take the README's screenshots from the real app in Chromium: python scripts/screenshots.py

Starts the app on a free port, opens each tab in the system Chromium and writes
assets/screenshot-<tab>.png (desktop, 1400 px wide) and assets/screenshot-<tab>-phone.png
(390×844, touch); with ``--lang es`` the browser speaks Spanish and the files are
assets/screenshot-<tab>-es.png and -es-phone.png (README.es.md shows them).

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

from playground import i18n  # noqa: E402
from playground.launcher import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop, wait_until_up  # noqa: E402

LANG = "en"  # the page's language (--lang)
LOCALES = {"en": "en-US", "es": "es-ES"}


def t(key: str, **args) -> str:
    return i18n.t(key, LANG, **args)


def shot(name: str, phone: bool = False) -> Path:
    """Where a screenshot of tab ``name`` goes."""
    return ROOT / "assets" / f"screenshot-{name}{'' if LANG == 'en' else '-' + LANG}{'-phone' if phone else ''}.png"


def context(browser, **screen):
    return browser.new_context(locale=LOCALES[LANG], **screen)


def open_tab(page, key: str) -> None:
    """Click the tab named by ``key`` (every tab stays in sight on a phone: the tabs wrap)."""
    page.get_by_role("tab", name=t(key), exact=True).click()


def next_word(page, path: Path) -> None:
    open_tab(page, "common.tab_next_word")
    page.locator("#lm-bars .js-plotly-plot").wait_for(timeout=60_000)
    page.click("#lm-generate")
    page.locator("#lm-generated .pg-gen").nth(20).wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


def diffusion(page, path: Path) -> None:
    open_tab(page, "common.tab_diffusion")
    page.locator("#df-schedule .js-plotly-plot").wait_for(timeout=60_000)
    page.click("#df-generate")
    done = t("diffusion.done", steps=0, seconds=0, scheduler="", guidance=0, seed=0, note="").split(":")[0]  # "Done"
    page.locator("#df-status", has_text=done).wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


def basics(page, path: Path) -> None:
    open_tab(page, "common.tab_basics")
    open_tab(page, "basics.tab_playground")
    page.locator("#pg-status", has_text=t("basics.status_first")).wait_for(timeout=60_000)
    page.click("#pg-play")
    page.wait_for_function("() => / ([3-9]\\d\\d|\\d{4,}) — /.test(document.querySelector('#pg-status').innerText)",
                           timeout=60_000)
    page.click("#pg-pause")
    paused = t("basics.status_paused", epoch=0).split("—")[1].split(";")[0].strip()
    page.locator("#pg-status", has_text=paused).wait_for(timeout=30_000)
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
        ctx = context(browser, **screen)
        page = ctx.new_page()
        page.goto(url)
        page.locator("#totals .pg-card-value").first.wait_for()
        height = page.evaluate("document.body.scrollHeight")
        for _ in range(0, height, 600):  # scroll through the page as a person does, so every part is drawn
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(60)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / f"builder-{name}.png"), full_page=True)
        ctx.close()


def new_tabs(browser, url: str, names: list[str]) -> None:
    """The tabs in ``names`` (diffusion, basics), desktop and phone."""
    for size, suffix in (({"width": 1400, "height": 1000}, ""), ({"width": 390, "height": 844}, "-phone")):
        ctx = context(browser, viewport=size, is_mobile=bool(suffix), has_touch=bool(suffix))
        page = ctx.new_page()
        page.goto(url)
        page.locator("#totals .pg-card-value").first.wait_for()
        for name in names:
            NEW_TABS[name](page, shot(name, phone=bool(suffix)))
        ctx.close()


def phone(browser, url: str) -> None:
    """Every tab at phone size, after the desktop run (so the Training tab shows a finished run's layout)."""
    ctx = context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(url)
    page.locator("#totals .pg-card-value").first.wait_for()
    page.wait_for_timeout(800)
    page.screenshot(path=str(shot("builder", phone=True)), full_page=True)
    open_tab(page, "common.tab_training")
    page.click("#train-btn")
    page.locator("#eval-summary .pg-card-value").first.wait_for(timeout=600_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shot("training", phone=True)), full_page=True)
    open_tab(page, "common.tab_draw")
    box = page.locator("#pad canvas").bounding_box()
    for (x0, y0), (x1, y1) in (((0.3, 0.22), (0.7, 0.22)), ((0.7, 0.22), (0.45, 0.82))):  # a 7, by finger
        page.mouse.move(box["x"] + x0 * box["width"], box["y"] + y0 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + x1 * box["width"], box["y"] + y1 * box["height"], steps=12)
        page.mouse.up()
    page.locator("#feature-maps").scroll_into_view_if_needed()  # its pictures load once in sight
    page.locator("#feature-maps img").first.wait_for()
    page.wait_for_timeout(1500)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot("draw", phone=True)), full_page=True)
    next_word(page, shot("next-word", phone=True))
    ctx.close()


def first_tabs(page, url: str) -> None:
    """The builder, Training (trained and evaluated) and Draw screenshots, desktop size."""
    page.goto(url)
    page.locator("#totals .pg-card-value").first.wait_for()
    page.locator("#layer-table [data-testid='cell-11-1']").click()  # select fc1 to show the editor
    page.locator("#layer-help", has_text="fc1").wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(800)
    page.screenshot(path=str(shot("builder")), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1400, "height": 1500})

    open_tab(page, "common.tab_training")
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
    page.screenshot(path=str(shot("training")), full_page=True)

    open_tab(page, "common.tab_draw")
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
    page.screenshot(path=str(shot("draw")), full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", help="data directory for the app (needs MNIST for the Training screenshot "
                                           "and the corpora under text/ for the Next-word tab's training)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="en", help="the browser's language (default en)")
    parser.add_argument("--only", help="comma-separated: retake only these of diffusion, basics")
    parser.add_argument("--builder-layout", nargs="?", const=ROOT / "test-artifacts", type=Path, metavar="DIR",
                        help="only the whole builder at phone and desktop size, into DIR (default test-artifacts/)")
    args = parser.parse_args()
    global LANG
    LANG = args.lang
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
            page = context(browser, viewport={"width": 1400, "height": 1000}).new_page()
            first_tabs(page, url)
            next_word(page, shot("next-word"))
            phone(browser, url)
            new_tabs(browser, url, list(NEW_TABS))
            browser.close()
    finally:
        stop(server)


if __name__ == "__main__":
    main()
