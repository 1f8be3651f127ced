"""The Spanish page's default prompt is one the shipped model reads and draws; the core speaks the page's language."""

import pytest

from playground import i18n
from playground.diffusion import model as dm
from playground.diffusion import prompts, sample

SPANISH_DEFAULT = i18n.t("diffusion.default_prompt", "es")


def test_the_spanish_default_prompt_is_every_word_known_and_names_seven():
    assert SPANISH_DEFAULT == "un siete escrito a mano"
    enc = prompts.encode(SPANISH_DEFAULT)
    assert enc.unknown == [] and enc.dropped == [] and enc.digits == [7]
    assert enc.tokens == ["<s>", "un", "siete", "escrito", "a", "mano"]
    assert prompts.encode(i18n.t("diffusion.default_prompt", "en")).digits == [7]


def test_the_shipped_model_draws_sevens_for_the_spanish_default():
    from playground.diffusion.evaluate import Judge, crop

    model, base = dm.shipped("cpu")
    images = sample.generate(model, base, sample.SamplingSettings(SPANISH_DEFAULT, 4, 10, "DDIM", 3.0, 0))
    labels, _ = Judge()(crop(images))
    assert (labels == 7).sum() >= 3, labels.tolist()  # judged by the digit classifier, not by the model itself


def test_what_the_model_read_is_said_in_the_page_language():
    enc = prompts.encode("un dragón siete siete")
    with i18n.speaking("es"):
        spanish = sample.describe(enc)
    english = sample.describe(enc)
    assert spanish == ("pide 7, 7 (el modelo se entrenó con un dígito por texto); palabras desconocidas ignoradas: "
                       "dragón")
    assert english == "asks for 7, 7 (the model was trained on one digit per prompt); ignored unknown words: dragón"
    with i18n.speaking("es"):
        assert sample.describe(prompts.encode("dragón")).startswith("ninguna palabra que el modelo conozca")


@pytest.mark.parametrize("field, value, english, spanish", [
    ("steps", 10_000, "steps must be 1–1000", "los pasos deben ser de 1 a 1000"),
    ("guidance", -5, "guidance must be 0–20", "la guía debe ser de 0 a 20"),
    ("scheduler", "PLMS", "unknown scheduler 'PLMS'", "planificador desconocido 'PLMS'"),
])
def test_refused_settings_speak_both_languages(field, value, english, spanish):
    with pytest.raises(sample.SampleError) as caught:
        sample.SamplingSettings(**{field: value}).check()
    assert str(caught.value).startswith(english) and caught.value.message("es").startswith(spanish)


def test_a_too_long_prompt_is_refused_in_spanish_with_a_spanish_example():
    with pytest.raises(prompts.PromptError) as caught:
        prompts.encode("siete " * 100)
    assert "600 characters" in str(caught.value)
    assert caught.value.message("es").startswith("el texto inicial tiene 600 caracteres")
    assert "un siete escrito a mano" in caught.value.message("es")
