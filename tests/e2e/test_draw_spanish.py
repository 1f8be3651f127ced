"""The Draw tab in Chromium in both languages: a Spanish browser gets the tab in Spanish (labels, the pad's own
words, the explanations with their terms defined, the answer and the feature maps' captions written by the server,
a bad upload's message); the ES | EN switch flips the pad's words too; an English browser gets it all in English."""

import re

from PIL import Image

from tests.e2e.test_draw_browser import stroke


def open_tab(page, name: str) -> None:
    page.locator("#totals .pg-card-value").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name=name, exact=True).click()
    page.locator("#pad canvas").wait_for()
    page.locator("#pad canvas").scroll_into_view_if_needed()


def upload(page, path) -> None:
    """Through the button's own file input, as a person picks a file."""
    with page.expect_file_chooser() as chooser:
        page.click("#digit-upload")
    chooser.value.set_files(str(path))


def pad_words(page) -> tuple[str, str, str]:
    return (page.inner_text("#pad .pg-pad-bar span"), page.inner_text("#pad .pg-pad-clear"),
            page.get_attribute("#pad canvas", "aria-label"))


def test_a_spanish_browser_gets_the_tab_in_spanish(page_es, tmp_path):
    page = page_es
    open_tab(page, "Dibujar")
    assert pad_words(page) == ("Dibuja un dígito, del tamaño que quieras. Se lee cada vez que levantas el lápiz.",
                               "Borrar", "Tablero de dibujo: dibuja un dígito")
    for text in ("Probabilidades", "Lo que ve el modelo (28×28, centrado como MNIST)",
                 "O carga una foto o un escaneo de un dígito"):
        assert page.get_by_text(text, exact=True).first.is_visible(), text
    assert "Dibuja un dígito en el tablero." in page.inner_text("#answer")
    assert "Responde:" in page.inner_text("#answering")
    # the terms under the pictures carry their definitions
    centre = page.locator("#draw-seen-note abbr", has_text="centro de masa")
    assert centre.get_attribute("title").startswith("Centro de masa: el punto donde la tinta queda en equilibrio")
    assert page.locator("#draw-probs-note abbr", has_text="softmax").get_attribute("title").startswith("Softmax:")
    page.locator("#draw-doubt").get_by_text("¿Por qué puede dudar el modelo?").click()
    page.get_by_text("no tiene respuesta para «no es un dígito»", exact=False).first.wait_for()

    stroke(page, [(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)])  # a 7, answered by the server in Spanish
    page.locator("#answer .pg-digit").wait_for()
    assert re.search(r"\d+\.\d% de confianza", page.inner_text("#answer"))
    page.locator("#feature-maps .caption-label", has_text="conv1: 32 mapas de 28×28").wait_for(timeout=30_000)
    page.locator("#pad .pg-pad-clear").click()
    page.locator("#answer", has_text="Dibuja un dígito en el tablero.").wait_for()

    tiny = tmp_path / "tiny.png"
    Image.new("RGB", (1, 1), "white").save(tiny)
    upload(page, tiny)
    page.locator("#answer", has_text="Esa imagen mide 1×1 píxel, demasiado poco para contener un dígito").wait_for()


def test_the_switch_flips_the_pads_own_words(page_es):
    page = page_es
    open_tab(page, "Dibujar")
    page.click("#pg-lang button[data-lang='en']")
    page.get_by_role("tab", name="Draw", exact=True).wait_for(timeout=20_000)
    page.wait_for_function("() => document.querySelector('#pad .pg-pad-clear').innerText === 'Clear'")
    assert pad_words(page)[0] == "Draw one digit, as large as you like. It is read each time you lift the pen."
    assert "Draw a digit on the pad." in page.inner_text("#answer")  # the first answer box follows the page


def test_an_english_browser_gets_the_tab_in_english(page, tmp_path):
    open_tab(page, "Draw")
    assert pad_words(page) == ("Draw one digit, as large as you like. It is read each time you lift the pen.",
                               "Clear", "Drawing pad: draw one digit")
    assert page.get_by_text("What the model sees (28×28, MNIST-centred)", exact=True).first.is_visible()
    assert page.locator("#draw-what").get_by_text("What is this?").is_visible()
    centre = page.locator("#draw-seen-note abbr", has_text="centre of mass")
    assert centre.get_attribute("title").startswith("Centre of mass: the point where the ink balances")
    stroke(page, [(0.5, 0.15), (0.5, 0.85)])  # a 1
    page.locator("#answer .pg-digit").wait_for()
    assert re.search(r"\d+\.\d% sure", page.inner_text("#answer"))
    page.locator("#feature-maps .caption-label", has_text="conv1: 32 maps of 28×28").wait_for(timeout=30_000)
    tiny = tmp_path / "tiny.png"
    Image.new("RGB", (1, 1), "white").save(tiny)
    upload(page, tiny)
    page.locator("#answer", has_text="That image is 1×1 pixel, too small to hold a digit").wait_for()
