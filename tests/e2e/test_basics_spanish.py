"""The Basics tab on a Spanish page, in Chromium: the tab, its labels, explanations and definitions, the lines the
server writes (the neuron, the backprop stages, the playground's status) and an error message are in Spanish; an
English page still reads in English."""

import re

from tests.e2e.typing import retype


def open_basics(page, tab: str, sub: str) -> None:
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name=tab, exact=True).click()
    page.get_by_role("tab", name=sub, exact=True).click()


def test_the_basics_tab_speaks_spanish(page_es):
    page = page_es
    open_basics(page, "Fundamentos", "Una neurona")
    page.get_by_text("Una neurona es la pieza más pequeña de una red", exact=False).first.wait_for()
    page.get_by_text("peso w₁", exact=True).first.wait_for()
    page.get_by_text("Sesgo: un número que se suma", exact=False).first.wait_for()  # the bias's definition
    page.get_by_text("Temperatura: los logits se dividen", exact=False).first.wait_for()
    # written by the server: the neuron's slope and its activation's note
    page.locator("#bx-neuron", has_text="pendiente").wait_for(timeout=30_000)
    assert "Sigmoid aplasta cualquier entrada" in page.locator("#bx-neuron").inner_text()

    page.get_by_role("tab", name="Retropropagación", exact=True).click()
    page.locator("#bx-stage", has_text="1. Pasada hacia delante (etapa 1 de 4)").wait_for(timeout=20_000)
    page.click("#bx-next")
    page.locator("#bx-stage", has_text="La pérdida es un número que dice cuánto se equivoca").wait_for()
    page.click("#bx-next")
    page.locator("#bx-check", has_text="autograd coincide").first.wait_for()
    assert page.locator("#bx-check abbr[title^='Cuánto cambia la pérdida']").count() == 1  # "gradiente", defined
    weight = page.locator("#bx-w0 input")
    weight.click()
    weight.press("Control+a")
    weight.press("Backspace")  # an empty weight: the server refuses it, in Spanish
    weight.press("Tab")
    page.locator(".toast-body", has_text="Cada peso necesita un número").first.wait_for(timeout=20_000)

    page.get_by_role("tab", name="Laboratorio 2D", exact=True).click()
    page.locator("#pg-status", has_text="Época 0. Pulsa Reproducir.").wait_for(timeout=30_000)
    view = page.locator("#pg-view")
    assert "cada capa oculta (8 → 8)" in view.inner_text()
    assert view.locator("abbr", has_text="frontera de decisión").count() == 1
    page.get_by_text("¿Qué es esto?", exact=True).click()
    page.get_by_text("sobreajuste", exact=False).first.wait_for()
    retype(page, "#pg-width input[type=number]", "3", delay=80, then="Enter")
    page.locator("#pg-status", has_text="Época 0. Una red nueva.").wait_for(timeout=20_000)


def test_an_english_page_still_reads_in_english(page):
    open_basics(page, "Basics", "Backpropagation")
    page.locator("#bx-stage", has_text="1. Forward pass (stage 1 of 4)").wait_for(timeout=30_000)
    page.locator("#bx-stage", has_text="Each hidden neuron multiplies the inputs by its weights").wait_for()
    page.get_by_text("Learning rate: how big a step each update takes", exact=False).first.wait_for()
    page.get_by_role("tab", name="2-D playground", exact=True).click()
    page.locator("#pg-status", has_text="Epoch 0. Press Play.").wait_for(timeout=30_000)
    assert re.search(r"epoch 0: test loss \d", page.locator("#pg-view .pg-boundary figcaption").inner_text())
