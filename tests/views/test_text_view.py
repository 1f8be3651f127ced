"""The Next-word tab's views in Spanish: notes, figure titles, gate names, specials and messages follow the page's
language, the English stays as it was, and each page language opens on a model that speaks it."""

import pytest

from playground import i18n
from playground.text import store
from playground.text.models import LMInputError
from playground.views import text as text_views

PROMPT = "El gato se sentó en el"


@pytest.mark.parametrize("lang, model, guess", [("es", "es-transformer", "suelo"), ("en", "en-transformer", "king")])
def test_each_page_language_opens_on_a_model_and_prompt_that_speak_it(lang, model, guess):
    assert text_views.default_model(lang) == model
    lm = store.shipped(model)
    words, note = text_views.next_words(lm, text_views.PLACEHOLDERS[lang], 8)
    assert guess in [w["word"] for w in words] and note == ""  # every word of the prompt is known
    assert lm.tokenizer.is_known(text_views.NEAREST_WORD[lang])


def test_the_notes_and_the_specials_speak_spanish():
    lm = store.shipped("es-lstm")
    with i18n.speaking("es"):
        assert text_views.empty_prompt().startswith("Escribe unas palabras")
        assert text_views.inside_fit(lm)["note"].startswith("Este modelo es una LSTM")
        assert ("f: puerta de olvido", "f") in text_views.inside_fit(lm)["gates"]
        assert text_views.display_token("<unk>") == "(palabra rara)"
        assert ("¶ nuevo párrafo", "<p>") in text_views.append_choices([{"word": "<p>"}])
        assert "no está en el vocabulario" in text_views.tokens_html(lm, "el zzyzx")
        assert "Desconocidas para este modelo: zzyzx" in text_views.tokens_html(lm, "el zzyzx")
        _, note = text_views.prompt_ids(lm, "qwxz vbnm")
        assert note.startswith("Este modelo no conoce ninguna palabra")
        assert "más seguro" in text_views.generation_html([("suelo", 0.5)], PROMPT)
    assert text_views.display_token("<unk>") == "(rare word)"  # outside the block: English again
    assert text_views.inside_fit(lm)["note"].startswith("This model is an LSTM")


def test_figures_speak_spanish():
    lm = store.shipped("es-lstm")
    with i18n.speaking("es"):
        bars = text_views.bars_figure(text_views.next_words(lm, PROMPT, 3)[0], text_views.bars_title("es-lstm"))
        gates = text_views.gates_figure(lm, PROMPT, "f", 0)
        positions = text_views.positions_figure(store.shipped("es-transformer"))
        attention = text_views.attention_figure(store.shipped("es-transformer"), PROMPT, 0, 1)
    assert bars.layout.title.text == "es-lstm: el siguiente token"
    assert bars.layout.xaxis.title.text == "% de probabilidad"
    assert gates.layout.title.text.startswith("puerta de olvido de la capa 1: la media de todas las unidades")
    assert "0 = olvidar la memoria de la celda" in gates.layout.title.text
    assert gates.data[0].y[0].startswith("media de las") and gates.data[0].y[1].startswith("unidad ")
    assert positions.layout.title.text.startswith("Codificación posicional (aprendida)")
    assert attention.layout.title.text.startswith("Atención, capa 1, cabeza 2")


def test_messages_carry_keys_spanish_on_the_page_english_in_the_log():
    with pytest.raises(LMInputError) as caught:
        text_views.resolve("session", None)
    assert caught.value.message("es").startswith("esta sesión aún no tiene un modelo propio")
    assert str(caught.value).startswith("this session has no model of its own yet")
    with pytest.raises(LMInputError) as caught:
        text_views.gates_figure(store.shipped("es-lstm"), PROMPT, "z", 0)  # an LSTM has no update gate
    assert caught.value.message("es").startswith("una LSTM no tiene puerta de actualización; elige entre i, f")
    assert str(caught.value).startswith("a LSTM has no update gate")


def test_the_nearest_words_table_defines_cosine_in_the_pages_language():
    lm = store.shipped("es-transformer")
    with i18n.speaking("es"):
        table = text_views.nearest_html(lm, "rey")
    assert "más cercanas a «rey»" in table and '<abbr title="cuánto se parecen dos embeddings' in table
    assert "nearest to “rey”" in text_views.nearest_html(lm, "rey")


def test_a_long_prompts_note_keeps_its_numbers_plain_in_spanish():
    lm = store.shipped("es-lstm")
    with i18n.speaking("es"):
        _, note = text_views.prompt_ids(lm, "palabra " * 400)
    assert note.startswith("Solo se leen los últimos 2000 caracteres")
    assert text_views.prompt_ids(lm, "palabra " * 400)[1].startswith("Only the last 2,000 characters")
