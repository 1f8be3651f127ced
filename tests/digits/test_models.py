"""The default digit model on browser-like drawings of held-out digits; explanations."""

import numpy as np
import pytest

from playground.data.images import load_split
from playground.digits import predict
from playground.digits.drawings import canvas_drawing, drawing_set
from playground.digits.preprocess import prepare

HELD_OUT = slice(0, 1000)  # the default model was trained on MNIST test images 0-7999; these are 8000-8999


def test_default_model_reads_browser_drawings_of_unseen_digits(mnist_root):
    test = load_split("mnist", "test", mnist_root)  # images 8000-9999 of the MNIST test set
    digits, labels = test.images[HELD_OUT, 0].numpy(), test.labels[HELD_OUT].numpy()
    model = predict.default_model()
    correct = 0
    for drawing, label in drawing_set(digits, labels, seed=0):
        assert drawing.mode == "RGBA" and drawing.size == (800, 800)
        correct += int(predict.probabilities(model, prepare(drawing).image).argmax() == label)
    accuracy = correct / len(labels)
    assert accuracy >= 0.97, f"{accuracy:.2%} on {len(labels)} drawings"


def test_drawings_look_like_a_browser_canvas(mnist_root):
    digit = load_split("mnist", "test", mnist_root).images[0, 0].numpy()
    drawing = canvas_drawing(digit, np.random.default_rng(1))
    alpha = np.asarray(drawing)[..., 3]
    rgb = np.asarray(drawing)[..., :3]
    assert (rgb[alpha > 0] == 0).all()  # black ink
    assert 0.005 < (alpha > 0).mean() < 0.4  # mostly transparent
    assert len(np.unique(alpha)) > 10  # anti-aliased edges


def test_probabilities_and_explanations(mnist_root):
    data = load_split("mnist", "test", mnist_root)
    model = predict.default_model()
    assert model.dataset == "mnist" and model.classes == [str(d) for d in range(10)]
    digit = data.images[3, 0].numpy()
    probs = predict.probabilities(model, digit)
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1, abs=1e-5)
    assert probs.argmax() == data.labels[3]
    why = predict.explain(model, digit)
    assert [caption.split(":")[0] for _, caption in why.feature_maps] == ["conv1", "conv2"]
    grid, caption = why.feature_maps[0]
    assert "32 maps of 28×28" in caption and grid.dtype == np.uint8 and grid.ndim == 2
    assert why.saliency.shape == (224, 224, 3)
    # the saliency is about the digit: more of it falls on the ink than on the background
    heat = why.saliency.astype(float).sum(-1).reshape(28, 8, 28, 8).mean((1, 3))
    ink = digit > 64
    assert heat[ink].mean() > heat[~ink].mean()


def test_a_model_for_another_input_reads_drawings_too(mnist_root):
    # a session model on 3×48×48 input: the 28×28 digit is adapted as in training
    import torch

    from playground.cnn.model import build_model
    from playground.cnn.spec import preset
    from playground.train.trained import TrainedModel

    spec = preset("Classic CNN (48×48 RGB)")
    trained = TrainedModel(spec=spec, dataset="mnist", classes=[str(d) for d in range(10)], mean=[0.13] * 3,
                           std=[0.31] * 3, state_dict=build_model(spec, seed=0).state_dict())
    digit = load_split("mnist", "test", mnist_root).images[0, 0].numpy()
    assert predict.model_input(trained, digit).shape == torch.Size([1, 3, 48, 48])
    assert predict.probabilities(trained, digit).shape == (10,)
    assert predict.explain(trained, digit).saliency.shape == (224, 224, 3)
