"""What the Diffusion tab's views write, in Spanish: the run's status and steps, the three-step strip, the
definitions of the terms, the figures' labels; and the same views still in English outside a Spanish request."""

import re

import pytest
import torch

from playground import i18n
from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.views import diffusion as dv
from playground.views import diffusion_compare as dc


class EveryFrame:
    def due(self) -> bool:
        return True


@pytest.fixture(scope="module")
def shipped():
    model, base = dm.shipped("cpu")
    return model, base, sample.schedule_curves(base)


def _run(shipped, prompt: str):
    model, base, curves = shipped
    settings = sample.SamplingSettings(prompt, 1, 2, "DDIM", 3.0, 0)
    record = dv.Record(sample.Trace(settings))
    updates = list(dv.run_updates(sample.denoise(model, base, settings, None, lambda: False, record.trace), record,
                                  curves, EveryFrame()))
    return record, [u["live"] for u in updates if "live" in u], updates[-1]


def _current(frame: str) -> str:
    """The name of the highlighted step of the strip."""
    return re.search(r'<li class="df-stage df-now"[^>]*>\d ([^<]+)</li>', frame).group(1)


def test_a_run_in_spanish(shipped):
    with i18n.speaking("es"):
        record, frames, final = _run(shipped, "un dragón siete")
        scrubbed = dv.record_view(record, 1, shipped[2])
    assert "Quitando el ruido… (pide 7; palabras desconocidas ignoradas: dragón)" in frames[0]
    assert "el ruido inicial" in frames[0] and "paso 1 de 2, instante t = " in frames[1]
    assert [_current(f) for f in frames[:2]] == ["Tomar ruido", "Quitar ruido paso a paso"]
    assert "df-now" not in frames[-1] and frames[-1].count("df-done") == 3  # all three steps done
    assert "Hecho: 2 pasos en" in final["view"] and "guía 3, semilla 0" in final["view"]
    assert "Hecho: 2 pasos" in scrubbed and "paso 1 de 2" in scrubbed  # scrubbing keeps the run's words
    assert '<abbr title="x_t: la imagen en el instante t' in frames[1]
    assert "la imagen limpia que el modelo predice a partir de ella" in frames[1]
    assert "ᾱ_t: la parte de la señal que queda en el instante t" in frames[1]  # the live schedule's title


def test_the_same_run_in_english(shipped):
    record, frames, final = _run(shipped, "un dragón siete")
    assert "Denoising… (asks for 7; ignored unknown words: dragón)" in frames[0]
    assert [_current(f) for f in frames[:2]] == ["Sample noise", "Denoise step by step"]
    assert "Done: 2 steps in" in final["view"] and "step 2 of 2, timestep t = " in final["view"]
    assert '<abbr title="x₀: the clean picture with no noise' in final["view"]


def test_reading_the_prompt_is_step_one():
    with i18n.speaking("es"):
        frame = dv.reading_html()
    assert "Leyendo el texto inicial…" in frame and _current(frame) == "Codificar el texto"
    assert _current(dv.reading_html()) == "Encode the text"


def test_figures_and_chips_in_spanish(shipped):
    curves = shipped[2]
    with i18n.speaking("es"):
        fig = dv.schedule_figure(curves, 500)
        terms = dv.schedule_terms_html()
        chips = dv.tokens_html(sample.prompts.encode("un dragón siete"))
        empty = dv.tokens_html(sample.prompts.encode(""))
        captions = [c for _, c in dc.guidance_gallery([(0.0, torch.zeros(1, 1, 32, 32))])]
    assert [d.name for d in fig.data] == ["ᾱ_t (señal que queda)", "β_t (ruido añadido)", "SNR (log)"]
    assert fig.layout.xaxis.title.text == "instante t"
    assert "cuánto ruido nuevo añade el proceso directo" in fig.data[1].hovertemplate
    assert terms.startswith("<small") and terms.count("<abbr") == 4 and "relación señal-ruido" in terms
    assert "tachadas" in chips and "texto vacío" in empty and captions == ["guía 0"]
    assert [d.name for d in dv.schedule_figure(curves).data][0] == "ᾱ_t (signal kept)"
    assert "signal-to-noise ratio" in dv.schedule_terms_html()
