"""Take the README's screenshots from the real app in Chromium: python scripts/screenshots.py

Starts the app on a free port, opens each tab in the system Chromium and writes
assets/screenshot-<tab>.png.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", help="data directory for the app (needs MNIST for the Training screenshot)")
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
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
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
            browser.close()
    finally:
        stop(server)


if __name__ == "__main__":
    main()
