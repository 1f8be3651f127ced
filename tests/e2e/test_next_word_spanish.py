"""The Next-word tab in Chromium in both languages: a Spanish browser gets the tab in Spanish, opening on a Spanish
model and prompt whose bars match it, with Spanish explanations, notes written by the server and error messages;
flipping the page to English later translates the text but keeps the model; an English browser gets it all in
English."""

import re

from tests.e2e.idle import wait_until_idle
from tests.e2e.typing import retype

TOAST = "[data-testid='toast-text']"


def open_tab(page, name: str):
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name=name, exact=True).click()
    page.locator("#lm-bars .js-plotly-plot").wait_for(timeout=60_000)


def bars(page) -> dict:
    return page.evaluate("() => { const p = document.querySelector('#lm-bars .js-plotly-plot');"
                         " return {title: p._fullLayout.title.text, words: p._fullData[0].y.slice().reverse()}; }")


def shown(page, elem_id: str) -> str:
    return page.evaluate(f"() => document.querySelector('#{elem_id} input, #{elem_id} textarea').value")


def nearest_error(page, word: str) -> str:
    wait_until_idle(page)  # the opening's model and the word it sets for that model's language are in place
    page.locator("#lm-inside").click()
    page.locator("#lm-inside-tabs [role='tab']").nth(2).click()
    retype(page, "#lm-word textarea, #lm-word input", word, delay=80)
    wait_until_idle(page)
    page.click("#lm-near-btn")
    toast = page.locator(TOAST).first
    toast.wait_for(timeout=45_000)
    return toast.inner_text()


def test_a_spanish_browser_gets_the_tab_in_spanish_on_a_spanish_model(page_es):
    page = page_es
    open_tab(page, "Siguiente palabra")
    assert shown(page, "lm-model") == "Español · transformer"
    assert shown(page, "lm-prompt") == "El gato se sentó en el"
    first = bars(page)
    assert first["title"] == "es-transformer: el siguiente token"  # the bars are the model shown
    assert "suelo" in first["words"]
    for text in ("Texto inicial (prompt)", "Cuántas palabras siguientes (k)", "Temperatura (0: siempre la más "
                 "probable)", "Haz clic en una palabra para añadirla al texto"):
        assert page.get_by_text(text, exact=True).first.is_visible(), text
    assert page.locator("#lm-generate").inner_text().strip() == "Generar"
    assert "(palabra rara)" in page.inner_text("#lm-specials")
    page.locator("#lm-what").get_by_text("¿Qué es un modelo de lenguaje?").click()
    page.get_by_text("da a cada token posible una probabilidad", exact=False).first.wait_for()
    page.locator("#lm-inside").click()
    page.locator("#lm-inside-note", has_text="Este modelo es un transformer").wait_for(timeout=20_000)
    box = page.locator("#lm-prompt textarea")
    box.click()
    box.press("Control+a")
    box.press("Delete")
    page.locator("#lm-note", has_text="Escribe unas palabras en el texto inicial").wait_for(timeout=20_000)


def test_a_spanish_pages_error_is_in_spanish(page_es):
    open_tab(page_es, "Siguiente palabra")
    assert "Escribe una palabra que el modelo conozca" in nearest_error(page_es, "qwxz")


def test_flipping_the_language_later_keeps_the_model(page_es):
    page = page_es
    open_tab(page, "Siguiente palabra")
    page.click("#pg-lang button[data-lang='en']")
    page.get_by_role("tab", name="Next word", exact=True).wait_for(timeout=20_000)
    page.get_by_text("How many next words (k)", exact=True).first.wait_for(timeout=20_000)
    wait_until_idle(page)  # every event the flip might have sent has been answered
    assert shown(page, "lm-model") == "Español · transformer"
    assert shown(page, "lm-prompt") == "El gato se sentó en el"


def test_an_english_browser_gets_the_tab_in_english_on_an_english_model(page):
    open_tab(page, "Next word")
    assert shown(page, "lm-model") == "English · transformer"
    assert shown(page, "lm-prompt") == "To be, or not to be, that is the"
    first = bars(page)
    assert first["title"] == "en-transformer: the next token" and "king" in first["words"]
    assert page.get_by_text("How many next words (k)", exact=True).first.is_visible()
    assert page.locator("#lm-what").get_by_text("What is a language model?").is_visible()
    assert "Type one word the model knows" in nearest_error(page, "qwxz")


def test_a_spanish_pages_training_speaks_spanish_while_it_runs(page_es):
    """The live status of a language-model training is written by the server step by step: in the page's
    language in every step, not only in the first."""
    page = page_es
    open_tab(page, "Siguiente palabra")
    page.locator("#lm-train").click()
    page.locator("#lm-params", has_text="parámetros").wait_for(timeout=30_000)
    page.click("#lm-train-btn")
    # the first progress line, whichever language it is in (an English one must fail the test, not time out)
    page.wait_for_function("() => /(step|paso) [0-9,]+\\//.test(document.querySelector('#lm-status').innerText)",
                           timeout=120_000)
    live = page.inner_text("#lm-status")
    assert re.search(r"paso [0-9.,]+/", live) and "pérdida" in live, live
    assert not re.search(r"step [0-9,]+/", live), live
    page.click("#lm-stop-btn")
    page.locator("#lm-status", has_text="responde ahora como").wait_for(timeout=60_000)
    assert "answers as" not in page.inner_text("#lm-status")
