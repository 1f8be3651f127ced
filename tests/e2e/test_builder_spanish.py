"""The CNN builder in Chromium in Spanish (the browser's language): its controls, an explanation, what the server
writes (totals, the layer's note, a broken network's message and its fix), a warning and an error; and the English
page still in English."""

from playwright.sync_api import expect

from tests.e2e.idle import wait_until_idle

FAST_TOTAL = "50,282"  # the default network's trainable parameters (numbers keep their English separators)


def cell(page, row: int, col: int):
    return page.locator(f"#layer-table [data-testid='cell-{row}-{col}']")


def test_the_builder_reads_in_spanish(page_es, artifacts):
    page = page_es
    page.locator("#totals .pg-card-value", has_text=FAST_TOTAL).first.wait_for()
    assert page.get_by_role("tab", name="Constructor de CNN", exact=True).is_visible()
    # written by the server for this page: the totals, their status line, the selected layer's note
    page.locator("#totals", has_text="✓ Lista: entra 1×28×28, salen 10 puntuaciones de clase.").wait_for()
    assert "parámetros entrenables" in page.inner_text("#totals")
    assert "los números que la red aprende" in page.locator("#totals abbr").first.get_attribute("title")
    page.locator("#layer-help", has_text="Una convolución: desliza pequeños filtros").wait_for()
    assert "Forma de salida" in page.inner_text("#layer-table")
    for label in ("Entrada (C×H×W)", "Red de ejemplo", "Editar capa", "Capa nueva",
                  "número de filtros = canales de salida"):  # labels and an argument's info line
        assert page.get_by_text(label).first.is_visible(), label
    for button in ("Cargar ejemplo", "Borrar", "↶ Deshacer", "Añadir al final"):
        assert page.get_by_role("button", name=button, exact=True).is_visible(), button
    assert "__i18n__" not in page.inner_text("body")  # every text arrived translated, none as its raw key

    page.get_by_text("Cómo leer los números").first.click()  # the explanation opens in place
    page.get_by_text("1 canal de entrada, 32 filtros").first.wait_for()

    cell(page, 9, 1).click()  # flatten1: deleting it breaks the network
    page.locator("#layer-help", has_text="flatten1").wait_for()
    page.get_by_role("button", name="Borrar", exact=True).click()
    page.locator("#totals", has_text="✕ La red todavía no puede ejecutarse").wait_for()
    assert "Linear necesita un vector, pero su entrada es 64×7×7 (C×H×W): inserta Flatten antes" \
        in page.inner_text("#totals")
    assert "hasta aquí" in page.inner_text("#totals")
    expect(page.locator("#fix")).to_have_text("Arreglar: insertar Flatten antes de la capa 10")
    page.screenshot(path=str(artifacts / "builder-es-error.png"), full_page=True)
    page.click("#fix")
    page.locator("#totals", has_text="✓ Lista").wait_for()

    box = page.locator("#in-w input")  # a size over the cap: one warning, in Spanish
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    page.keyboard.type("2000", delay=60)
    toasts = page.locator("[data-testid='toast-text']")
    expect(toasts.first).to_contain_text("W puede ser como mucho 1024, así que se pone en 1024")
    wait_until_idle(page)
    for close in page.locator("[data-testid='toast-close']").all():
        close.click()

    page.get_by_role("tab", name="JSON (guardar / cargar)", exact=True).click()  # an error, in Spanish
    editor = page.locator("#json-view .cm-content")
    editor.click()
    editor.press("Control+a")
    page.keyboard.type("{oops")
    page.click("#json-apply")
    expect(page.locator("[data-testid='toast-text']").last).to_contain_text("Esto no es JSON válido")


def test_the_english_builder_still_reads_in_english(page):
    page.locator("#totals .pg-card-value", has_text=FAST_TOTAL).first.wait_for()
    page.locator("#totals", has_text="✓ Ready: 1×28×28 in, 10 class scores out.").wait_for()
    assert "trainable parameters" in page.inner_text("#totals")
    assert "Parameters: the numbers" in page.locator("#totals abbr").first.get_attribute("title")
    page.locator("#layer-help", has_text="A convolution: slides small learned filters").wait_for()
    for label in ("Input (C×H×W)", "Preset", "Edit layer", "What is a CNN?", "number of filters = output channels"):
        assert page.get_by_text(label).first.is_visible(), label
    body = page.inner_text("body")
    assert "Constructor" not in body and "Capa nueva" not in body and "__i18n__" not in body
