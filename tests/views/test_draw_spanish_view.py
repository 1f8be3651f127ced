"""What the Draw tab writes, in Spanish: the answer box, its doubts, the problems with an input, which model answers
and the feature maps' captions; the same inputs in English are unchanged."""

import io

import numpy as np
import pytest
from PIL import Image

from playground import i18n
from playground.digits import predict
from playground.digits.preprocess import DrawingError
from playground.train import engine
from playground.train.history import History
from playground.views import draw as dv
from tests.digits.pictures import non_digit
from tests.views.test_draw_view import png_bytes, real_digit_png


def test_an_empty_pad_and_a_sure_answer_in_spanish():
    blank = png_bytes(Image.new("L", (50, 50), 255))
    with i18n.speaking("es"):
        assert dv.read(blank, None).answer.count("Dibuja un dígito en el tablero.") == 1
        png, label = real_digit_png(8003)
        reading = dv.read(png, None)
    assert f">{label}<" in reading.answer
    # "97.3% de confianza", the word defined on hover
    assert '% de <abbr title="Confianza: la probabilidad que el modelo da a su propia respuesta.' in reading.answer
    english = dv.read(png, None).answer
    assert '% <abbr title="Confidence: the probability the model gives its own answer.' in english
    assert ">sure</abbr>" in english and "confianza" not in english


def test_a_guess_says_why_in_spanish():
    with i18n.speaking("es"):
        reading = dv.read(png_bytes(non_digit("dot")), None)
    best = max(reading.label, key=reading.label.get)
    assert f'No sé si es un dígito — lo más probable: <span class="pg-guess">{best}</span> (' in reading.answer
    assert "Es una mancha maciza de tinta, no trazos." in reading.answer
    assert "Not sure" not in reading.answer


@pytest.mark.parametrize("image, spanish", [
    (Image.new("L", (50, 50), 255),
     "La imagen cargada está en blanco: no hay ningún dígito en ella. Carga una imagen de un dígito."),
    (Image.new("RGBA", (800, 800), (0, 0, 0, 0)),
     "La imagen cargada está en blanco (totalmente transparente): no hay ningún dígito en ella."),
    (Image.new("RGB", (1, 1), "black"),
     "Esa imagen mide 1×1 píxel, demasiado poco para contener un dígito: la imagen de un dígito necesita al menos "
     "8×8 píxeles."),
    (Image.new("RGB", (3, 40), "black"), "Esa imagen mide 3×40 píxeles, demasiado poco"),
])
def test_a_bad_upload_is_explained_in_spanish(image, spanish):
    with i18n.speaking("es"):
        reading = dv.read(png_bytes(image), None, upload=True)
    assert spanish in reading.problem and spanish in reading.answer and reading.label is None


def test_a_broken_drawing_and_the_api_speak_the_pages_language_and_log_in_english():
    with i18n.speaking("es"), pytest.raises(DrawingError) as refused:
        dv.decode_data_url("data:image/png;base64,@@@")
    assert refused.value.message("es") == "el dibujo no llegó entero" and str(refused.value) == (
        "the drawing did not arrive intact")
    assert dv.problem(refused.value).problem == "The drawing did not arrive intact."
    with i18n.speaking("es"):
        assert dv.problem(refused.value).problem == "El dibujo no llegó entero."
        with pytest.raises(DrawingError) as empty:
            dv.classify(png_bytes(Image.new("L", (50, 50), 255)), None)
    assert empty.value.message("es") == "la imagen está en blanco: no hay ningún dígito en ella"
    assert str(empty.value) == "the image is blank: there is no digit in it"


def test_which_model_answers_in_spanish():
    model, _ = dv.answering(None)
    history = History()
    history.add(engine.EpochEnd(1, 1, 0.1, 0.97, 0.1, 0.981, 1.0))
    own = type(model)(model.spec, "mnist", model.classes, model.mean, model.std, model.state_dict, history=history,
                      steps=1056)
    with i18n.speaking("es"):
        assert dv.answering_note(None).startswith("**Responde:** el modelo de dígitos por defecto")
        assert dv.answering_note(own) == ("**Responde:** tu modelo de la pestaña Entrenamiento (entrenado con mnist, "
                                          "1,056 pasos, 98.1% en su parte de validación).")


def test_feature_map_captions_in_spanish():
    model = predict.default_model()
    digit = np.zeros((28, 28), np.uint8)
    digit[6:22, 12:16] = 255  # a 1
    with i18n.speaking("es"):
        captions = [caption for _, caption in predict.explain(model, digit).feature_maps]
    assert captions[0] == "conv1: 32 mapas de 28×28", captions


def test_the_notes_define_their_terms_in_both_languages():
    for lang, terms in (("en", ("28×28", "centre of mass")), ("es", ("28×28", "centro de masa"))):
        note = i18n.t("draw.seen_note", lang)
        for term in terms:
            assert f">{term}</abbr>" in note, (lang, term)
    assert '<abbr title="Softmax: el último paso del modelo' in i18n.t("draw.probs_note", "es")
    assert ">mapa de saliencia</abbr>" in i18n.t("draw.saliency_note", "es")
    assert ">gradiente</abbr>" in i18n.t("draw.saliency_note", "es")
    assert ">feature map</abbr>" in i18n.t("draw.maps_note", "en")
