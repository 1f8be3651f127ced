"""The Diffusion tab's Hub panel in Chromium in Spanish, on the app whose Hugging Face cache holds the tiny random
pipeline (tests/diffusion/tiny_hub.py; HF_HUB_OFFLINE=1): the panel's labels, the cost line, the pipeline's own
scheduler and a run's status lines, all in Spanish."""

import re

from tests.diffusion.tiny_hub import REPO
from tests.e2e.test_diffusion_spanish import open_tab
from tests.e2e.test_hub_diffusion_api import hub_app  # noqa: F401  (the second app, with the tiny pipeline cached)
from tests.e2e.test_hub_diffusion_browser import pick_hub_pipeline


def test_the_hub_panel_in_spanish(browser, hub_app):  # noqa: F811
    from tests.conftest import open_page

    page = open_page(browser, hub_app[0].src, "es-ES")
    try:
        open_tab(page, "Difusión")
        page.get_by_text("Stable Diffusion del Hub de Hugging Face: elige un modelo").click()
        for label in ("Modelo", "Tamaño de la imagen (pipelines del Hub)"):
            page.locator("#df-hub").get_by_text(label, exact=True).first.wait_for(timeout=10_000)  # visible
        assert "se descarga la primera vez" in page.locator("#df-hub").inner_text()
        pick_hub_pipeline(page, 3)
        page.locator("#df-cost", has_text=re.compile(r"Un paso de este pipeline tarda [\d.]+ s aquí \(medido\): "
                                                     r"3 pasos ≈ \d+ s a 64×64\.")).wait_for(timeout=60_000)
        assert page.locator("#df-scheduler input").input_value() == "default (el del propio pipeline)"
        page.click("#df-generate")
        page.locator("#df-status", has_text=f"Hecho con {REPO}").wait_for(timeout=60_000)
        assert "el VAE decodificó el latente 32×32×4 en la imagen 64×64×3" in page.locator("#df-status").inner_text()
        assert page.locator("#df-tokens").inner_text().startswith("El prompt tal como lo divide el tokenizador CLIP")
        assert page.locator("#df-stages li.df-done").count() == 3
    finally:
        page.context.close()
