"""The Training tab's server-written texts in Spanish (inside ``speaking("es")``, as a Spanish page's request
is served), the same calls still in English outside it, and the terms' definitions next to the terms."""

import re
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from playground import i18n
from playground.data import images
from playground.errors import UserError
from playground.train import engine, weights
from playground.train.evaluation import Evaluation
from playground.train.history import History
from playground.train.settings import TrainingError, TrainSettings, check_settings
from playground.config import TrainLimits
from playground.views import training as training_views
from playground.views.plots import accuracy_figure, loss_figure


def step(n, total=100, losses=(1.0,), unit="images"):
    return engine.Step(n, total, 1, n - len(losses) + 1, list(losses), 1e-3, 1234.0, 5.0, 65.0, unit)


def evaluation():
    confusion = np.array([[3, 1], [0, 4]])
    labels = np.repeat(np.arange(2), confusion.sum(1))
    predictions = np.concatenate([np.repeat(np.arange(2), row) for row in confusion])
    return Evaluation("mnist", ["zero", "one"], 0.25, 0.875, labels, predictions, np.linspace(0.5, 1, len(labels)),
                      {c: {"precision": 0.5, "recall": 0.5, "f1-score": 0.5, "support": 2}
                       for c in ["zero", "one", "macro avg", "weighted avg"]}, "", confusion, 0.1)


def abbr_titles(html: str) -> dict[str, str]:
    """term -> its definition, for every <abbr title> in ``html``."""
    return {term: title for title, term in re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', html)}


def test_the_status_line_speaks_spanish_and_defines_loss_where_it_appears():
    with i18n.speaking("es"):
        html = training_views.status_html("CPU", step(25, 100), epochs=3, note="x")
    assert "Dispositivo" in html and "Época 1/3 · paso 25/100" in html and "1,234 imágenes/s" in html
    assert "transcurrido" in html and "quedan" in html and "Epoch" not in html
    assert abbr_titles(html) == {"pérdida": i18n.t("training.def_loss", "es"), "tasa": i18n.t("training.def_lr", "es")}
    english = training_views.status_html("CPU", step(25, 100), epochs=3)
    assert "Epoch 1/3 · step 25/100" in english and "lr</abbr> 1.00e-03" in english
    assert abbr_titles(english) == {"loss": i18n.t("training.def_loss"), "lr": i18n.t("training.def_lr")}


def test_the_evaluation_speaks_spanish():
    ev = evaluation()
    with i18n.speaking("es"):
        cards = training_views.evaluation_html(ev)
        frame = training_views.report_frame(ev)
        styled = training_views.confusion_styler(ev)
    assert "87.50%" in cards and "errores" in cards and "tiempo de evaluación" in cards
    assert abbr_titles(cards) == {"exactitud de prueba": i18n.t("training.def_accuracy", "es"),
                                  "pérdida de prueba": i18n.t("training.def_loss", "es")}
    assert list(frame.columns) == ["clase", "precisión", "exhaustividad", "F1", "casos"]
    assert list(frame.iloc[:, 0]) == ["zero", "one", "media macro", "media ponderada"]
    assert styled.data.columns[0] == "verdadera ↓ predicha →" and styled.data.iloc[0, 1:].tolist() == [3, 1]


def test_the_network_and_model_lines_speak_spanish():
    from playground.cnn.spec import preset

    spec = preset("Fast MNIST (Training default)")
    with i18n.speaking("es"):
        line = training_views.network_line(spec, "gtsrb")
        assert training_views.model_line(None) == "Todavía no hay un modelo entrenado en esta sesión."
        estimate = training_views.estimate_line(1100, 54_000, "CPU")
    assert "**Red** (del constructor de CNN)" in line and "parámetros" in line
    assert "GTSRB (señales de tráfico alemanas) tiene 43 clases, pero la red termina en 10 salidas" in line
    assert estimate.startswith("⚠ ≈ 18:20 por época de 54,000 imágenes en CPU") and "Es lento" in estimate


def test_the_live_panel_and_the_figures_speak_spanish():
    history = History()
    history.add(step(3, losses=(0.9, 0.8, 0.7)))
    history.add(engine.EpochEnd(1, 2, 0.5, 0.8, 0.4, 0.85, 1.0, 3))
    with i18n.speaking("es"):
        html = training_views.live_html("CPU", history, step(3, losses=(0.9, 0.8, 0.7)), 2)
        loss, accuracy = loss_figure(history), accuracy_figure(history.epochs)
    assert "escala logarítmica" in html and "validación 0.85" in html and "entrenamiento 0.8" in html
    assert 'aria-label="pérdida por paso (escala logarítmica)"' in html  # the label stays plain text
    assert abbr_titles(html) == {"pérdida": i18n.t("training.def_loss", "es"), "tasa": i18n.t("training.def_lr", "es"),
                                 "exactitud": i18n.t("training.def_accuracy", "es")}
    assert [trace.name for trace in loss.data] == ["pérdida", "suavizada", "tasa de aprendizaje"]
    assert loss.layout.yaxis.title.text == "entropía cruzada" and loss.layout.xaxis.title.text == "paso"
    assert [trace.name for trace in accuracy.data] == ["entrenamiento", "validación"]
    assert accuracy.layout.title.text == "Exactitud por época"
    assert loss_figure(history).layout.title.text == "Training loss"  # outside a Spanish request: English


def test_settings_errors_speak_the_pages_language_and_log_in_english():
    bad = TrainSettings(lr=-1.0, epochs=0)
    with pytest.raises(TrainingError) as caught:
        check_settings(bad, TrainLimits())
    english = str(caught.value)
    assert english.startswith("epochs must be between 1 and") and "; the learning rate must be above 0" in english
    spanish = caught.value.message("es")
    assert spanish.startswith("las épocas deben estar entre 1 y") and "la tasa de aprendizaje debe ser mayor que 0" \
        in spanish and "epochs" not in spanish
    with pytest.raises(TrainingError) as caught:
        TrainSettings.from_values({"epochs": 1.5})
    assert caught.value.message("es") == "epochs debe ser un número entero, no '1.5'"


def test_file_and_dataset_errors_speak_spanish():
    with pytest.raises(weights.WeightsError) as caught:
        weights.header(b"\x80" + bytes(20))
    assert str(caught.value).startswith("that is a pickled PyTorch file")
    assert caught.value.message("es").startswith("es un archivo de PyTorch con pickle")
    missing = images._unavailable(images.DATASETS["kmnist"], "train", Path("/data"), images._why(OSError("x")))
    assert "KMNIST (cursive Japanese) is not on this machine" in str(missing)
    assert "is this machine offline" in str(missing)
    spanish = missing.message("es")
    assert spanish.startswith("KMNIST (japonés cursivo) no está en esta máquina y no se pudo descargar: no se pudo "
                              "llegar a los servidores de descarga")
    assert "/data/KMNIST/raw" in spanish


def test_the_engine_says_how_a_run_ended_in_the_language_of_the_run():
    torch.manual_seed(0)
    model = nn.Linear(4, 2)
    x, y = torch.randn(8, 4), torch.randint(0, 2, (8,))

    class Batches:
        unit, steps_per_epoch = "points", 4

        def epoch(self, index):
            yield from [(x, y)] * 4

        @staticmethod
        def count(batch):
            return len(batch[1])

    def ending(lang: str, **options) -> engine.Done:
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        with i18n.speaking(lang):
            return list(engine.train(model, engine.supervised(F.cross_entropy), Batches(), opt,
                                     engine.Options(epochs=1, **options)))[-1]

    assert ending("es").message == "terminada 1 época (4 pasos)"
    assert ending("en").message == "finished 1 epoch (4 steps)"
    stopped = ending("es", should_stop=lambda: True)
    assert stopped.reason == "stopped" and stopped.message.startswith("detenido a petición tras 1 pasos")
    with i18n.speaking("es"):
        note, _ = training_views.done_note(stopped)
    assert note.startswith("Detenido a petición") and "puntos/s" in note


def test_a_nested_error_is_translated_whole():
    exc = TrainingError("training.err_class_count", classes=10, title=UserError("training.dataset_gtsrb"), wanted=43)
    assert "GTSRB (German traffic signs) has 43 classes" in str(exc)
    assert "GTSRB (señales de tráfico alemanas) tiene 43 clases" in exc.message("es")
