"""The Diffusion tab in Chromium with a Hub pipeline: pick the tiny random pipeline from the app's Hugging Face
cache (tests/diffusion/tiny_hub.py; HF_HUB_OFFLINE=1), see the cost of a step said before Generate, generate and
see the steps stream through the live view, then the VAE's decode; the text embeddings as a heatmap and the
cross-attention maps per CLIP token from the real UNet; the pipeline's own scheduler offered as "default"."""

import re

from tests.diffusion.tiny_hub import REPO
from tests.e2e.test_diffusion_browser import open_tab
from tests.e2e.test_hub_diffusion_api import hub_app  # noqa: F401  (the second app, with the tiny pipeline cached)
from tests.e2e.typing import retype


def pick_hub_pipeline(page, steps: int, repo: str = REPO) -> None:
    """In the open Hub panel: a 64-px image, ``steps`` steps, and the pipeline ``repo`` typed in as any repo is."""
    retype(page, "#df-side input[type=number]", "64", then="Enter")
    retype(page, "#df-steps input[type=number]", str(steps), then="Enter")
    model = page.locator("#df-model input").first
    model.click()
    model.fill(f"hf:{repo}")
    model.press("Enter")


def test_a_hub_pipeline_streams_its_steps(browser, hub_app, artifacts):  # noqa: F811
    from tests.conftest import open_page

    page = open_page(browser, hub_app[0].src)
    try:
        open_tab(page)
        page.get_by_text("Stable Diffusion from the Hugging Face Hub: pick a model").click()
        pick_hub_pipeline(page, 40)
        page.locator("#df-cost", has_text=re.compile(r"One step of this pipeline takes [\d.]+ s here")).wait_for(
            timeout=60_000)
        assert page.locator("#df-scheduler input").input_value() == "default (the pipeline's own)"
        page.evaluate("""() => { window.seenSteps = [];  // every step label the live view shows, however fast
            new MutationObserver(() => { const s = document.querySelector('#df-step');
                if (s) window.seenSteps.push(s.innerText); }).observe(document.body, {childList: true, subtree: true});
        }""")
        page.click("#df-generate")
        page.locator("#df-status", has_text=f"Done with {REPO}").wait_for(timeout=60_000)
        seen = page.evaluate("() => window.seenSteps")
        assert any(re.fullmatch(r"step \d+ of 40, timestep t = \d+", s) for s in seen), seen
        assert "starting noise" in " ".join(seen)
        assert "latent 32×32×4 into the image 64×64×3" in page.locator("#df-status").inner_text()
        assert page.locator("#df-step").inner_text() == "32×32×4 → 64×64×3"  # the VAE decode, its own last step
        assert page.locator("#df-tokens .pg-chip").count() >= 2  # the CLIP tokens, start and end marks at least
        page.wait_for_function("() => document.querySelectorAll('#df-gallery img').length === 1", timeout=20_000)
        chips = page.locator("#df-tokens .pg-chip").all_inner_texts()
        page.locator("#df-encoding .js-plotly-plot").wait_for()
        rows = page.evaluate("() => [...document.querySelectorAll('#df-encoding .ytick text')].map(t => t.textContent)")
        rows = sorted(rows, key=lambda row: int(row.split(":")[0]))  # the axis runs top-down
        assert rows == [f"{i}: {chip}" for i, chip in enumerate(chips)]  # the text embeddings, a row a token
        page.get_by_text("Cross-attention: which pixels look at which word").click()
        page.click("#df-att-btn")
        page.locator("#df-attention .js-plotly-plot").wait_for(timeout=30_000)
        titles = page.evaluate("() => [...document.querySelectorAll('#df-attention .annotation-text')]"
                               ".map(a => a.textContent)")
        assert titles[0] == "x₀ at this step" and titles[1:] == chips  # a map per CLIP token
        assert "Cross-attention at step 20" in page.locator("#df-attention .gtitle").text_content()
        page.screenshot(path=str(artifacts / "diffusion-hub.png"), full_page=True)
    finally:
        page.context.close()
