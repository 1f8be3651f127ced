"""The language-model core and its training views speak the page's language: a tiny run's status, curves and
result in Spanish, the notes of a text prepared once (and cached) read in whichever language shows them, the
core's errors in Spanish on the page and English in the log, and the terms explained where they appear."""

import html
import re

import pytest

from playground import i18n
from playground.text.corpus import CorpusError, user_corpus
from playground.text.data import own_text
from playground.text.inside import GATE_HELP, GATE_NAMES
from playground.text.job import Budget, train_models
from playground.text.models import LMConfig, ModelConfigError, check_size
from playground.views import lm_training as lm_views
from playground.views.live import EveryFrame
from tests.text import corpus


def paragraph(words: int) -> str:
    return " ".join(corpus("en").text.split(" ")[2000:2000 + words])


def read(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


def test_a_tiny_run_reads_in_spanish_from_status_to_result():
    data = own_text(paragraph(75), "word")  # prepared (and cached) outside any page
    cfg = LMConfig(arch="lstm", vocab_size=data.tokenizer.vocab_size, n_layer=1, n_embd=32, block_size=64)
    items = list(train_models(data, [cfg], Budget(steps=10, lr=1e-2), "cpu", lambda: False, 10**7, 60,
                              event_interval=0.0))  # the job itself writes no sentence: the views do, per page
    with i18n.speaking("es"):
        updates = list(lm_views.training_updates(iter(items), "CPU", data, "word", None, EveryFrame()))
    live = "".join(u.get("live", "") for u in updates)
    assert "Dispositivo: <b>CPU</b>" in live and "paso 10/10 · pérdida " in live and "tokens/s" in live
    assert "Puntuándolo con el texto de validación" in read(live)
    final = updates[-1]
    said = read(final["status"])
    perplexity = final["model"].info["perplexity"]
    assert f"perplejidad {perplexity:.1f}" in said and "bits por carácter" in said
    assert f"duda tanto como si eligiera entre {perplexity:.0f} palabras igual de probables" in said
    assert ("Supera al bigrama" in said) == (perplexity < data.baselines["interpolated bigram"])
    assert "El contexto se acortó de 64 a" in said  # a note the job made, in the page's language
    assert "se aprende toda palabra vista al menos una vez" in said  # a note made when the text was prepared
    assert "validación: los últimos" in said
    assert "demasiado raras para aprenderlas" in said and "«Tu modelo (esta sesión)»" in said
    assert "perplexity" not in said and "validation" not in said  # no English left
    assert '<abbr title="Cuánto duda el modelo' in final["status"]
    figure = final["curves"]
    names = [trace.name for trace in figure.data]
    assert "lstm validación" in names and "lstm entrenamiento (suavizado)" in names
    assert any(name.startswith("bigrama interpolado (ppl ") for name in names)
    assert (figure.layout.xaxis.title.text, figure.layout.yaxis.title.text) == ("paso", "pérdida")
    # the same result, shown on an English page, reads in English
    english = lm_views.result_note(items[-1], data, "word")
    assert f"perplexity {perplexity:.1f}" in english and "seen at least once" in english
    assert "validation: the last" in english and "perplejidad" not in english


def test_the_core_errors_speak_spanish_on_the_page_and_english_in_the_log():
    with pytest.raises(CorpusError) as short:
        user_corpus("corto")
    assert short.value.message("es").startswith("Este texto tiene 1 palabra (5 caracteres)")
    assert str(short.value).startswith("This text has 1 word (5 characters)")
    with pytest.raises(CorpusError) as picture:
        user_corpus(b"\x89PNG\r\n\x1a\n" + bytes(300))
    assert picture.value.message("es").startswith("Este archivo parece una imagen PNG, no texto plano")
    with pytest.raises(ModelConfigError) as layers:
        LMConfig(arch="gru", n_layer=0).check()
    with i18n.speaking("es"):  # a phrase inside the sentence follows the sentence's language
        assert layers.value.message() == "el número de capas debe ser al menos 1, no 0"
        assert str(layers.value) == "the number of layers must be at least 1, not 0"
    with pytest.raises(ModelConfigError) as big:
        check_size(LMConfig(arch="lstm", vocab_size=5000, n_layer=2, n_embd=256), 50_000)
    assert "este servidor entrena como mucho 50,000" in big.value.message("es")


def test_gate_names_and_how_to_read_them_follow_the_page():
    assert GATE_NAMES["f"] == "forget gate" and GATE_HELP.get("f").startswith("0 = forget")
    with i18n.speaking("es"):
        assert GATE_NAMES["f"] == "puerta de olvido" and GATE_HELP.get("f").startswith("0 = olvidar")
        assert GATE_HELP.get("x", "") == "" and list(GATE_NAMES) == list("ifgochrzn")


def test_terms_are_explained_once_where_they_first_appear():
    text = "Validation: perplexity 12.0 <b>; the bigram's perplexity is 30.0."
    out = lm_views.glossed(text)
    assert html.unescape(read(out)) == text and "<b>" not in out  # the words read as before, the text escaped
    assert out.count("<abbr") == 3 and out.count(">perplexity</abbr>") == 1
    assert f'<abbr title="{i18n.t("lm.def_validation")}">Validation</abbr>' in out
    with i18n.speaking("es"):
        spanish = lm_views.glossed("La perplejidad del bigrama interpolado, en validación.")
    assert '>perplejidad</abbr>' in spanish and '>bigrama</abbr>' in spanish and ">validación</abbr>" in spanish
    assert lm_views.glossed("no terms here") == "no terms here"


def test_the_parameter_line_and_the_first_status_in_spanish():
    with i18n.speaking("es"):
        line = lm_views.params_markdown(12_345, 10_000, 2000, False, [], CorpusError("lm.text_nul"))
        ready = lm_views.lm_status(None, "CPU", lm_views.ready_note())
    assert line.startswith("**12,345 parámetros**: más del límite de este servidor, 10,000")
    assert "(<abbr" in line and "vocabulario</abbr> de unos 2,000 hasta leer el texto)" in line
    assert "⚠ Este texto contiene caracteres NUL" in line
    assert "CPU de 2 núcleos" in read(ready) and "supera al bigrama" in read(ready)
    english = lm_views.params_markdown(12_345, 100_000, 2000, True, [], "")
    assert read(english) == "**12,345 parameters** (vocabulary 2,000)"
