"""What the Training tab shows of a trained model, computed in views (the tab only maps it): a confusion cell's
gallery, a loaded weights file, the download and the epoch estimate; on the real digits."""

from pathlib import Path

import numpy as np
import pytest
import torch

from playground.cnn.spec import preset
from playground.errors import UserError
from playground.i18n import speaking, t
from playground.train import checkpoint, engine
from playground.train.classify import RUN_MODES, ClassifierTraining
from playground.train.evaluation import evaluate
from playground.train.evaluation import test_split_images as split_images
from playground.train.settings import TrainSettings
from playground.views import training as training_views
from playground.views.common import upscale_all

FAST = "Fast MNIST (Training default)"
CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def trained(mnist_root):
    """The fast network after 40 steps on the real digits: right often, wrong sometimes."""
    job = ClassifierTraining(preset(FAST), TrainSettings(epochs=1), mnist_root, CPU)
    stop = {"now": False}
    for event in job.events(should_stop=lambda: stop["now"], event_interval=0):
        stop["now"] = stop["now"] or isinstance(event, engine.Step) and event.step >= 40
    return job.result()


def test_a_confusion_cell_shows_its_images_most_confident_first_with_the_mistakes_captions(trained, mnist_root):
    ev = evaluate(trained, mnist_root, CPU)
    confusion = ev.confusion.copy()
    np.fill_diagonal(confusion, 0)
    true, predicted = np.unravel_index(confusion.argmax(), confusion.shape)  # the most frequent mistake
    images, label = training_views.cell_gallery(ev, trained, [int(true), int(predicted) + 1], mnist_root)
    count = int(ev.confusion[true, predicted])
    assert label == f"True {ev.classes[true]}, predicted {ev.classes[predicted]}: {count:,} images"
    idx = ev.cell(true, predicted)
    assert len(images) == len(idx) == min(count, 48)
    confidences = ev.confidence[idx]
    assert list(confidences) == sorted(confidences, reverse=True)
    assert [caption for _, caption in images] == training_views.mistake_captions(ev, idx)
    assert images[0][1] == f"{ev.classes[true]} → {ev.classes[predicted]} ({ev.confidence[idx[0]]:.0%})"
    expected = upscale_all(split_images(trained, mnist_root, idx[:1]))[0]
    assert np.array_equal(np.asarray(images[0][0]), np.asarray(expected))


def test_an_empty_cell_says_none_in_the_pages_language(trained, mnist_root):
    ev = evaluate(trained, mnist_root, CPU)
    empty = [(r, c) for r in range(len(ev.classes)) for c in range(len(ev.classes)) if ev.confusion[r, c] == 0]
    assert empty  # 40 steps in, some mistakes are never made
    r, c = empty[0]
    with speaking("es"):
        images, label = training_views.cell_gallery(ev, trained, [r, c + 1], mnist_root)
    assert images == [] and label.endswith(" (ninguna)") and label.startswith(f"Verdadera {ev.classes[r]}")


def test_a_weights_file_round_trips_and_says_what_was_loaded(trained):
    path = training_views.weights_file(trained)
    assert Path(path).name == f"cnn-mnist-{trained.steps}steps.safetensors"
    assert training_views.weights_file(None) is None
    values, note = training_views.loaded_weights(trained.spec, Path(path).read_bytes(), "CPU")
    assert note == "Loaded weights trained on mnist."
    assert set(values) == {"trained", "model_info", "evaluation", "status"} and values["evaluation"] is None
    assert note in values["status"] and values["model_info"] == training_views.model_line(values["trained"])
    for name, tensor in trained.state_dict.items():
        assert torch.equal(values["trained"].state_dict[name], tensor), name


def test_weights_for_a_network_the_builder_cannot_build_ask_to_fix_it_first(trained):
    broken = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 4, "kernel_size": 40}]}  # > 28
    with pytest.raises(UserError) as caught:
        training_views.loaded_weights(broken, checkpoint.to_bytes(trained), "CPU")
    assert caught.value.key == "training.fix_first"
    assert caught.value.message("es").startswith("primero arregla la red en el constructor de CNN: ")


def test_the_epoch_estimate_line_measures_a_step_and_is_empty_for_a_network_that_cannot_train(mnist_root):
    values = {"dataset": "mnist", "batch_size": 64, "optimizer": "adam", "precision": "fp32", "val_fraction": 0.1}
    line = training_views.estimate_for(preset(FAST), values, CPU, mnist_root, "CPU")
    assert line.startswith("≈ ") and "per epoch of 7,200 images on CPU" in line  # 8,000 on disk less a tenth
    broken = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 4, "kernel_size": 40}]}
    assert training_views.estimate_for(broken, values, CPU, mnist_root, "CPU") == ""


def test_the_epoch_estimate_logs_a_bug_in_full_and_a_network_that_cannot_train_in_one_line(mnist_root, monkeypatch,
                                                                                           caplog):
    values = {"dataset": "mnist", "batch_size": 64, "optimizer": "adam", "precision": "fp32", "val_fraction": 0.1}
    broken = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 4, "kernel_size": 40}]}
    with caplog.at_level("INFO", logger="playground.views"):
        assert training_views.estimate_for(broken, values, CPU, mnist_root, "CPU") == ""
    said = [r for r in caplog.records if "epoch estimate" in r.getMessage()]
    assert [r.levelname for r in said] == ["INFO"] and said[0].exc_info is None  # the network line says why
    caplog.clear()

    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug in the estimate")

    monkeypatch.setattr(training_views, "estimate_epoch_seconds", bug)
    with caplog.at_level("INFO", logger="playground.views"):
        assert training_views.estimate_for(preset(FAST), values, CPU, mnist_root, "CPU") == ""  # the page goes on
    said = [r for r in caplog.records if "epoch estimate" in r.getMessage()]
    assert [r.levelname for r in said] == ["ERROR"] and said[0].exc_info[0] is ZeroDivisionError  # with its trace


def test_one_vocabulary_for_run_modes():
    assert list(RUN_MODES) == ["new", "continue", "more"]  # how a run starts
    assert list(RUN_MODES.values()) == ["train", "continue_training", "train_more"]  # its public endpoint
    assert t("training.err_mode", mode="x", modes=", ".join(RUN_MODES)).endswith("new, continue, more")
