"""The Basics tab's presenters and core texts in Spanish: what the server writes follows the page's language
(stages, statuses, captions, the check table's definitions, messages), and English stays as it was."""

import dataclasses

import numpy as np
import pytest

from playground import i18n
from playground.basics import activations as act
from playground.basics import backprop as bp
from playground.basics.backprop_explain import stages
from playground.basics.playground2d import Playground, PlaygroundConfig
from playground.errors import UserError
from playground.views import basics as bv

NET = bp.parse_network({"x": [1.0, 0.5], "y": 1.0, "w1": [[0.15, 0.2], [0.25, 0.3]], "b1": [0.35, 0.35],
                        "w2": [0.4, 0.45], "b2": 0.6, "activation": "sigmoid", "loss": "mse", "lr": 0.5})


def test_the_backprop_walk_explains_each_stage_in_the_language_spoken():
    with i18n.speaking("es"):
        walk = stages(NET, momentum=0.9)
        text = bv.stage_markdown(bv.stage_title(walk[2].title, 2), walk[2].lines, intro=walk[2].intro)
        update = walk[3].lines
    assert [s.title for s in walk] == ["1. Pasada hacia delante", "2. Pérdida",
                                       "3. Pasada hacia atrás (regla de la cadena)", "4. Actualización"]
    assert text.startswith("**3. Pasada hacia atrás (regla de la cadena) (etapa 3 de 4)**\n\nEl gradiente de un peso")
    assert text.index("regla de la cadena lo obtiene") < text.index("∂L/∂w₁₁")  # the idea before the numbers
    assert update[0].startswith("SGD con η = 0.5: v ← 0.9·v + ∂L/∂w, luego") and update[-1].startswith("pérdida: ")
    english = stages(NET)
    assert english[1].intro.startswith("The loss is one number that says how wrong the prediction is")
    assert english[3].lines[-1].startswith("loss: ")


def test_the_loss_explanation_follows_the_loss_chosen():
    bce = dataclasses.replace(NET, loss="bce")
    assert "cross-entropy" in stages(bce)[1].intro and "MSE" in stages(NET)[1].intro


def test_the_check_table_defines_its_terms_in_the_language_spoken():
    rows = bp.check(NET)
    with i18n.speaking("es"):
        spanish = bv.check_html(rows)
    english = bv.check_html(rows)
    assert spanish.count("✅ autograd coincide") == 9 and "autograd agrees" not in spanish
    assert '<abbr title="Cuánto cambia la pérdida si mueves este peso un poquito' in spanish
    assert ">regla de la cadena (a mano)</abbr>" in spanish
    assert english.count("✅ autograd agrees") == 9 and ">chain rule (by hand)</abbr>" in english


def test_statuses_and_captions_in_spanish_and_in_english():
    with i18n.speaking("es"):
        assert bv.first_status() == "Época 0. Pulsa Reproducir."
        assert bv.resting_status(3, fresh=True) == "Época 3. Una red nueva."
        assert bv.playing_status(7, 1234.4) == "Época 7 — reproduciendo (1,234 épocas/s)"
        assert bv.paused_status(7) == "Época 7 — en pausa; Reproducir continúa con estos pesos."
        assert "cada capa oculta (8 → 8)" in bv.features_caption(("x1", "x2"), (8, 8))
        assert "ninguna (un modelo lineal)" in bv.features_caption(("x1",), ())
    assert bv.first_status() == "Epoch 0. Press Play."
    assert bv.playing_status(7, 1234.4) == "Epoch 7 — playing (1,234 epochs/s)"
    assert "then each hidden layer (8 → 8)." in bv.features_caption(("x1", "x2"), (8, 8))


def test_the_playground_picture_names_its_terms_with_definitions():
    run = Playground(PlaygroundConfig(hidden=(2,), points=100))
    snap, points = run.snapshot(), run.points()
    with i18n.speaking("es"):
        html = bv.frame_html(snap, points, bv.first_status(), "")
    assert 'alt="época 0: pérdida de prueba ' in html and "exactitud de prueba" in html
    assert '<abbr title="Una pasada por todos los puntos de entrenamiento.">época</abbr> 0:' in html
    assert ">frontera de decisión</abbr>" in html and "<figcaption>pérdida por época</figcaption>" in html
    english = bv.frame_html(snap, points, bv.first_status(), "")
    assert "<figcaption><abbr title=\"One pass over all the training points.\">epoch</abbr> 0: <abbr" in english
    assert "(filled: training points, rings: test points)</figcaption>" in english


def test_figures_label_their_axes_in_the_language_spoken():
    with i18n.speaking("es"):
        fig = bv.activation_figure("ReLU", 0.5)
        soft = bv.softmax_figure([1.0, 0.0], [0.73, 0.27], 1.0)
        curve = bv.loss_curve([1.0, 0.5])
    assert [t.name for t in fig.data][1:] == ["derivada (autograd)", "esta neurona"]
    assert fig.layout.title.text.startswith("a = 0.5, pendiente 1 en z = 0.5")
    assert soft.layout.yaxis.title.text == "probabilidad"
    assert curve.layout.title.text == "Pérdida al entrenar 100 pasos" and curve.layout.xaxis.title.text == "paso"
    assert bv.loss_curve([1.0]).layout.title.text == "Loss while training 100 steps"


def test_the_neuron_note_follows_the_language_and_english_notes_stay():
    with i18n.speaking("es"):
        text = bv.neuron_markdown(1.0, -0.5, 0.8, 1.2, 0.1, "ReLU", act.neuron(1.0, -0.5, 0.8, 1.2, 0.1, "ReLU"))
    assert "pendiente 1" in text and "ReLU deja igual las entradas positivas" in text
    assert act.note("relu") == act.NOTES["ReLU"] and act.NOTES["ReLU"].startswith("ReLU keeps positive inputs")


@pytest.mark.parametrize("changes, english, spanish", [
    (dict(noise=5.0), "the noise must lie between 0 and 1, not 5", "el ruido: tiene que estar entre 0 y 1, no 5"),
    (dict(hidden=(4, 9)), "hidden layer 2's number of neurons must be a whole number from 1 to 8",
     "el número de neuronas de la capa oculta 2: tiene que ser un número entero de 1 a 8"),
    (dict(optimizer="rmsprop"), "the optimizer must be one of sgd, adam", "el optimizador: tiene que ser una de"),
])
def test_a_bad_setting_is_refused_in_both_languages(changes, english, spanish):
    with pytest.raises(UserError) as exc:
        PlaygroundConfig(**changes).check()
    assert english in str(exc.value)
    assert spanish in exc.value.message("es")


def test_a_bad_backprop_request_is_refused_in_spanish_with_its_code_names_kept():
    with pytest.raises(UserError) as exc:
        bp.backprop_step_json('{"x": [true, 1]}')
    assert exc.value.message("es").startswith("a la petición le falta y, w1")
    with pytest.raises(UserError) as exc:
        bp.parse_network({"x": ["a", 1], "y": 1, "w1": [[1, 2], [3, 4]], "b1": [0, 0], "w2": [1, 1], "b2": 0,
                          "activation": "relu", "loss": "mse", "lr": 0.1})
    assert str(exc.value) == 'x[0] must be a number, not "a"'
    assert exc.value.message("es") == 'x[0]: tiene que ser un número, no "a"'


def test_a_learning_rate_that_blows_up_is_explained_in_spanish():
    config = PlaygroundConfig(activation="linear", features=("x1^2", "x2^2", "x1*x2"), optimizer="sgd", lr=10.0)
    run = Playground(config)
    with i18n.speaking("es"):
        done = list(run.run_epochs(20))[-1]
        status = bv.step_status(run.epoch, done)
    assert done.reason in ("non_finite", "diverged")
    assert "El entrenamiento se detuvo porque la pérdida" in done.message and "prueba 1." in done.message
    assert status.startswith(f"Época {run.epoch}. El entrenamiento se detuvo")
    assert np.isfinite(run.snapshot().test_loss)
