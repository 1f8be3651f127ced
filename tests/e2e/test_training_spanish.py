"""The Training tab in Chromium in Spanish (the browser's language): its controls, an explanation, the
server's status lines, an error and a short run's live line; and the English page still in English."""

import re

import pytest

from tests.e2e.typing import retype

pytestmark = pytest.mark.usefixtures("needs_mnist")  # the app trains on the real digits


def open_tab(page, name: str) -> None:
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name=name, exact=True).click()


def test_the_training_tab_reads_in_spanish(page_es, artifacts):
    page = page_es
    open_tab(page, "Entrenamiento")
    page.locator("#train-network", has_text="parámetros").wait_for()  # written by the server, in Spanish
    page.locator("#train-status", has_text="Pulsa Entrenar para empezar.").wait_for()
    assert "Dispositivo" in page.inner_text("#train-status")
    page.locator("#train-estimate", has_text="por época de").wait_for(timeout=60_000)
    for label in ("Conjunto de datos", "Épocas", "Tamaño del lote", "Tasa de aprendizaje (normalmente de",
                  "Optimizador", "Calendario de la tasa de aprendizaje"):
        assert page.get_by_text(label).first.is_visible(), label
    assert page.get_by_text("Una época es una pasada por todas las imágenes").first.is_visible()  # an info line
    for button in ("Entrenar", "Continuar", "Detener", "Evaluar"):
        assert page.get_by_role("button", name=button, exact=True).is_visible(), button
    assert "Evaluación con el conjunto de prueba" in page.inner_text("body")
    assert "__i18n__" not in page.inner_text("body")  # every text arrived translated, none as its raw key

    page.get_by_text("¿Qué es entrenar?").first.click()  # the explanation opens where the settings are
    page.get_by_text("La red empieza con pesos al azar").first.wait_for()

    page.click("#continue-btn")  # a mistake the server explains in the page's language
    page.locator("#train-status .pg-error", has_text="no hay un modelo que continuar").wait_for()
    retype(page, "#train-lr input", "-1")
    page.click("#train-btn")
    page.locator("#train-status .pg-error", has_text="La tasa de aprendizaje debe ser mayor que 0").wait_for()
    page.screenshot(path=str(artifacts / "training-es-error.png"), full_page=True)

    retype(page, "#train-lr input", "0.003")
    page.click("#train-btn")  # the live line while it runs, then the engine's verdict, all in Spanish
    live = page.wait_for_function("() => { const t = document.querySelector('#train-status').innerText;"
                                  " return /paso [0-9,]+\\//.test(t) ? t : null; }", timeout=120_000).json_value()
    assert "Época " in live and "pérdida" in live and "imágenes/s" in live and "transcurrido" in live, live
    page.click("#stop-btn")  # a short run may finish first: either verdict is the engine's, in Spanish
    page.locator("#train-status .pg-status", has_text=re.compile("Detenido a petición|Terminadas 3 épocas")).wait_for(
        timeout=60_000)


def test_the_english_page_still_reads_in_english(page):
    open_tab(page, "Training")
    page.locator("#train-network", has_text="parameters").wait_for()
    page.locator("#train-status", has_text="Press Train to start.").wait_for()
    assert "Device" in page.inner_text("#train-status")
    for label in ("Epochs", "Batch size", "Learning rate (usually 0.0001 to 0.1)", "Learning-rate schedule"):
        assert page.get_by_text(label).first.is_visible(), label
    assert page.get_by_role("button", name="Train", exact=True).is_visible()
    assert page.get_by_text("What is training?").first.is_visible()
    body = page.inner_text("body")
    assert "Entrenamiento" not in body and "__i18n__" not in body
