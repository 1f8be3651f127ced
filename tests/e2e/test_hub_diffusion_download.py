"""A Hub pipeline's first use in Chromium: the app starts with an empty Hugging Face cache, online, its Hub a
stand-in on loopback (tests/hub/serving.py) serving the tiny random pipeline (tests/diffusion/tiny_hub.py) slowly
enough to watch. Picking it shows the download going in the cost line, with its bar, and Generate pressed meanwhile
shows it in the status; then the cost, and the run."""

import re

import pytest

from tests.conftest import open_page, served_app
from tests.diffusion.tiny_hub import REPO, write_cache
from tests.e2e.test_diffusion_browser import open_tab
from tests.e2e.test_hub_diffusion_browser import pick_hub_pipeline


@pytest.fixture(scope="module")
def downloading_app_url(tmp_path_factory):
    """The app with an empty cache, online, the tiny pipeline (about 0.6 MB) served at 100 kB/s."""
    from tests.hub.serving import StandInHub

    snapshot = write_cache(tmp_path_factory.mktemp("hf-home-full"))
    home = tmp_path_factory.mktemp("hf-home-empty")
    log = tmp_path_factory.mktemp("hub-diffusion-download") / "app.log"
    with StandInHub({REPO: snapshot}, bytes_per_second=100_000) as hub:
        env = {"HF_HOME": str(home), "HF_HUB_OFFLINE": "0", "HF_ENDPOINT": hub.endpoint,
               "PLAYGROUND_HUB_DEVICE": "cpu", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        with served_app(log, env) as url:
            yield url


def test_a_first_use_shows_the_download_in_the_cost_line_and_the_status(browser, downloading_app_url):
    page = open_page(browser, downloading_app_url)
    try:
        open_tab(page)
        page.get_by_text("Stable Diffusion from the Hugging Face Hub: pick a model").click()
        page.evaluate("""() => {  // every value the cost line's bar takes, from before the model is picked
          window.__bar = [];
          new MutationObserver(() => {
            const p = document.querySelector('#df-cost progress');
            if (p && !window.__bar.includes(p.value)) window.__bar.push(p.value);
          }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
        }""")
        pick_hub_pipeline(page, 3)
        page.click("#df-generate")  # while it downloads: the status says so too
        cost = page.locator("#df-cost")
        cost.filter(has_text="Downloading").wait_for(timeout=30_000)
        assert re.search(rf"Downloading {REPO} \(its first use here\): [\d.]+ MB of 0\.6 MB", cost.inner_text())
        page.locator("#df-status", has_text=f"Downloading {REPO}").wait_for(timeout=30_000)
        cost.filter(has_text="One step of this pipeline takes").wait_for(timeout=60_000)
        # the bar moved while the bytes came: its weights files (three sizes) end at different times
        bar = page.evaluate("() => window.__bar")
        assert len([v for v in bar if v < 100]) >= 2 and bar == sorted(bar), bar
        page.locator("#df-status", has_text=f"Done with {REPO}").wait_for(timeout=60_000)
    finally:
        page.context.close()
