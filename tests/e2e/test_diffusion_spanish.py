"""The Diffusion tab in Chromium in both languages: a Spanish browser gets the tab in Spanish (labels, the
explanation, the default prompt "un siete escrito a mano" that the server receives and the model reads, the status
and the three-step strip written by the server, the terms' definitions) and Spanish error messages; an English
browser gets it all in English."""

from tests.e2e.typing import retype

TOAST = "[data-testid='toast-text']"


def open_tab(page, name: str):
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name=name, exact=True).click()
    page.locator("#df-schedule .js-plotly-plot").wait_for(timeout=60_000)


def prompt(page) -> str:
    return page.evaluate("() => document.querySelector('#df-prompt textarea, #df-prompt input').value")


def run(page, steps: str = "6") -> str:
    retype(page, "#df-steps input[type=number]", steps)
    page.click("#df-generate")
    page.locator("#df-stages").wait_for(timeout=30_000)
    return page.locator("#df-stages").inner_text()


def test_a_spanish_browser_gets_the_tab_in_spanish(page_es):
    page = page_es
    open_tab(page, "Difusión")
    assert prompt(page) == "un siete escrito a mano"
    assert page.locator("#df-status").inner_text() == "Pulsa Generar para ver cómo el ruido se convierte en dígitos."
    for text in ("Pasos", "Escala de guía", "Semilla", "Planificador", "…o elige un dígito"):
        assert page.get_by_text(text, exact=True).first.is_visible(), text
    assert page.get_by_text("Guía sin clasificador: cuánto manda el texto").first.is_visible()
    assert page.locator("#df-generate").inner_text().strip() == "Generar"
    assert page.locator("#df-stop").inner_text().strip() == "Detener"
    page.locator("#df-what").get_by_text("¿Qué es la difusión?").click()
    page.locator("#df-what").get_by_text("proceso inverso", exact=False).first.wait_for()
    assert "**" not in page.locator("#df-what").inner_text()  # rendered as Markdown, not raw
    assert page.locator("#df-what strong", has_text="proceso directo").count() == 1
    assert "Términos: β_t · ᾱ_t · SNR · instante" in page.locator("#df-terms").inner_text()
    assert "relación señal-ruido" in page.locator("#df-terms abbr", has_text="SNR").get_attribute("title")
    run(page)
    page.locator("#df-status", has_text="Hecho").wait_for(timeout=60_000)
    status = page.locator("#df-status").inner_text()
    assert status.startswith("Hecho: 6 pasos en") and "pide 7" in status  # the server got the Spanish default
    assert "palabras desconocidas" not in status  # and the model knows all its words
    chips = page.locator("#df-tokens .pg-chip").all_inner_texts()
    assert chips == ["un", "siete", "escrito", "a", "mano"]  # what the server read: the Spanish text
    assert page.locator("#df-stages li.df-done").count() == 3
    assert page.locator("#df-stages").inner_text().split("\n")[-1].endswith("Quitar ruido paso a paso")
    assert page.locator("#df-step").inner_text().startswith("paso 6 de 6, instante t = ")
    assert page.locator("#df-xt abbr").get_attribute("title").startswith("x_t: la imagen en el instante t")


def test_a_spanish_pages_error_is_in_spanish(page_es):
    page = page_es
    open_tab(page, "Difusión")
    page.get_by_text("Atención cruzada: qué píxeles miran a qué palabra").click()
    page.click("#df-att-btn")
    toast = page.locator(TOAST).first
    toast.wait_for(timeout=20_000)
    assert "Genera primero: los mapas son de un paso de la última ejecución" in toast.inner_text()


def test_an_english_browser_gets_the_tab_in_english(page):
    open_tab(page, "Diffusion")
    assert prompt(page) == "a handwritten seven"
    assert page.locator("#df-status").inner_text() == "Press Generate to watch the noise turn into digits."
    assert page.get_by_text("Guidance scale", exact=True).first.is_visible()
    assert "Words: β_t · ᾱ_t · SNR · timestep" in page.locator("#df-terms").inner_text()
    strip = run(page)
    assert "Encode the text" in strip and "Denoise step by step" in strip
    page.locator("#df-status", has_text="Done").wait_for(timeout=60_000)
    status = page.locator("#df-status").inner_text()
    assert status.startswith("Done: 6 steps in") and "asks for 7" in status
