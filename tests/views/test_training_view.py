"""What the Training tab shows, checked without a server."""

import math

import numpy as np
import pytest

from playground.train import engine
from playground.train.evaluation import Evaluation
from playground.train.history import History
from playground.train.settings import TrainingError, TrainSettings
from playground.train.trained import TrainedModel
from playground.views import training as training_views
from playground.views.plots import accuracy_figure, loss_figure


def step(n, total=100, losses=(1.0,), unit="images"):
    return engine.Step(n, total, 1, n - len(losses) + 1, list(losses), 1e-3, 1234.0, 5.0, 65.0, unit)


def evaluation(confusion):
    confusion = np.asarray(confusion)
    labels = np.repeat(np.arange(len(confusion)), confusion.sum(1))
    predictions = np.concatenate([np.repeat(np.arange(len(confusion)), row) for row in confusion])
    return Evaluation("mnist", ["zero", "one"], 0.25, float(np.trace(confusion) / confusion.sum()), labels,
                      predictions, np.linspace(0.5, 1, len(labels)),
                      {c: {"precision": 0.5, "recall": 0.5, "f1-score": 0.5, "support": 2}
                       for c in ["zero", "one", "macro avg", "weighted avg"]}, "", confusion, 0.1)


def test_duration_formats():
    assert training_views.duration(5) == "0:05" and training_views.duration(65) == "1:05" and training_views.duration(3725) == "1:02:05"
    assert training_views.duration(math.inf) == "—"


def test_status_shows_progress_throughput_in_the_batch_unit_and_escapes_notes():
    html = training_views.status_html("CPU", step(25, 100, unit="tokens"), epochs=3, note="<b>bad</b>", kind="error")
    assert 'style="width:25.0%"' in html and "step 25/100" in html and "Epoch 1/3" in html
    assert "1,234 tokens/s" in html
    assert "&lt;b&gt;bad&lt;/b&gt;" in html and "pg-error" in html


def test_model_line_shows_zero_accuracy_rather_than_hiding_it():
    history = History()
    history.add(engine.EpochEnd(1, 1, 2.3, 0.0, 2.3, 0.0, 1.0))
    model = TrainedModel({"input": [1, 28, 28], "layers": []}, "mnist", ["0"], [0.5], [0.5], {}, history=history,
                         steps=7)
    assert training_views.model_line(model) == "This session's model: trained on mnist for 7 steps, validation accuracy 0.00%."
    assert training_views.model_line(None).startswith("No trained model")


def test_evaluation_cards_report_and_confusion():
    ev = evaluation([[3, 1], [0, 4]])
    html = training_views.evaluation_html(ev)
    assert "87.50%" in html and "1 / 8" in html
    frame = training_views.report_frame(ev)
    assert list(frame.columns) == ["class", "precision", "recall", "F1", "support"]
    assert list(frame["class"]) == ["zero", "one", "macro avg", "weighted avg"]
    styled = training_views.confusion_styler(ev)
    assert styled.data.iloc[0, 1:].tolist() == [3, 1] and styled.data.iloc[1, 0] == "one"


def test_a_click_on_the_confusion_table_names_its_cell():
    assert training_views.cell_of([1, 2], 2) == (1, 1)  # row 1 ("one"), column 2 (predicted "one")
    assert training_views.cell_of([0, 2], 2) == (0, 1)
    assert training_views.cell_of([1, 0], 2) == (1, 1)  # the class-name column shows the correct ones
    with pytest.raises(ValueError):
        training_views.cell_of([5, 1], 2)


def test_the_live_panel_draws_the_run_so_far():
    history = History()
    history.add(step(3, losses=(0.9, 0.8, 0.7)))
    history.add(engine.EpochEnd(1, 2, 0.5, 0.8, 0.4, 0.85, 1.0, 3))
    html = training_views.live_html("CPU", history, step(3, losses=(0.9, 0.8, 0.7)), 2)
    assert "Epoch 1/2" in html and "loss per step" in html and "accuracy per epoch" in html
    assert html.count("<polyline") == 2  # raw and smoothed loss per step
    assert html.count("<circle") == 3  # one epoch: validation loss, training and validation accuracy
    assert "validation 0.85" in html


def test_done_note_says_how_it_ended():
    note, kind = training_views.done_note(engine.Done("non_finite", 5, 2.0, "the loss became nan at step 5", 100.0, "images"))
    assert kind == "error" and note.startswith("The loss became nan at step 5 (0:02, 100 images/s)")
    assert training_views.done_note(engine.Done("finished", 5, 2.0, "finished 1 epoch (5 steps)"))[1] == "info"


def test_loss_figure_draws_every_step_and_the_smoothed_curve():
    history = History()
    history.add(step(4, losses=(4.0, 3.0, 2.0, 1.0)))
    figure = loss_figure(history)
    raw, smoothed, lr = figure.data
    assert list(raw.y) == [4.0, 3.0, 2.0, 1.0] and list(raw.x) == [1, 2, 3, 4]
    assert smoothed.y[0] == 4.0 and smoothed.y[-1] > 1.0  # the EMA lags behind a falling loss
    assert lr.yaxis == "y2"


def test_accuracy_figure_in_percent():
    figure = accuracy_figure([{"epoch": 1, "train_acc": 0.5, "val_acc": 0.75}])
    assert list(figure.data[0].y) == [50.0] and list(figure.data[1].y) == [75.0]


def test_settings_from_loose_values():
    settings = TrainSettings.from_values({"epochs": "2", "lr": "0.01", "rotate": False, "seed": 3.0})
    assert (settings.epochs, settings.lr, settings.rotate, settings.seed) == (2, 0.01, False, 3)
    assert TrainSettings.from_values({"weight_decay": None}).weight_decay == 0.0
    with pytest.raises(TrainingError, match="epochs must be a whole number"):
        TrainSettings.from_values({"epochs": 1.5})
    with pytest.raises(TrainingError, match="unknown training setting: colour"):
        TrainSettings.from_values({"colour": "red"})


def test_a_class_count_mismatch_is_flagged_with_a_fix():
    from playground.cnn.spec import preset
    from playground.cnn.summary import summarize

    spec = preset("Fast MNIST (Training default)")
    assert training_views.class_count_fix(spec, "mnist") is None and "⚠" not in training_views.network_line(spec, "mnist")
    assert training_views.class_count_fix(spec, "gtsrb") == 43
    assert "has 43 classes but the network ends in 10 outputs" in training_views.network_line(spec, "gtsrb")
    fixed = training_views.with_class_count(spec, 43)
    assert summarize(fixed).num_classes == 43 and training_views.class_count_fix(fixed, "gtsrb") is None


def test_the_estimate_warns_about_slow_epochs():
    assert "≈ 0:30 per epoch of 54,000 images on CPU" in training_views.estimate_line(30, 54_000, "CPU")
    assert training_views.estimate_line(1100, 54_000, "CPU").startswith("⚠") and "18:20" in training_views.estimate_line(1100, 54_000, "CPU")


def test_a_network_without_a_final_linear_is_not_called_a_classifier():
    from playground.cnn.spec import preset

    spec = preset("Fast MNIST (Training default)")
    spec["layers"] = spec["layers"][:-1]  # ends in Flatten: 3,136 features
    line = training_views.network_line(spec, "mnist")
    assert "3136 outputs" in line and "ends without a Linear layer" in line and "3136 classes" not in line
    assert training_views.class_count_fix(spec, "mnist") is None
