"""Does it look like a digit? Real drawings pass, dots, lines, scribbles and blobs are flagged."""

import numpy as np
import pytest

from playground.data.images import load_split
from playground.digits import doubt, predict
from playground.digits.drawings import drawing_set
from playground.digits.preprocess import prepare
from tests.digits.pictures import non_digit


def test_real_drawings_of_unseen_digits_are_rarely_flagged(mnist_root):
    # MNIST test images 8000-9999 (the default model trained on 0-7999) as browser drawings:
    # the calibration set of playground.digits.doubt
    held_out = load_split("mnist", "test", mnist_root)
    digits, labels = held_out.images[:, 0].numpy(), held_out.labels.numpy()
    assert len(labels) == 2000
    prepared = [prepare(drawing).image for drawing, _ in drawing_set(digits, labels, seed=0)]
    rates = doubt.flag_rates(predict.default_model(), prepared)
    assert rates["n"] == 2000
    assert rates["flagged"] <= 0.02, rates  # at least 98% of real drawings are read as sure answers
    assert rates["too wide"] == 0 and rates["too solid"] == 0, rates  # no real drawing fails the shape checks


@pytest.mark.parametrize("kind", ["dot", "line", "scribble", "blob"])
def test_non_digits_drawn_on_the_pad_are_flagged(kind):
    digit = prepare(non_digit(kind)).image  # preprocessing accepts them: big enough, not mostly ink
    found = doubt.guess(predict.default_model(), digit)
    assert found.uncertain and found.reason, f"{kind}: {found.top} at {found.probs.max():.1%}"


def test_the_answer_is_the_digit_as_drawn_and_sure(mnist_root):
    model = predict.default_model()
    held_out = load_split("mnist", "test", mnist_root)
    digit = held_out.images[3, 0].numpy()
    found = doubt.guess(model, digit)
    # the probabilities shown are those of the digit itself, not of the changed views
    np.testing.assert_allclose(found.probs, predict.probabilities(model, digit), atol=1e-5)
    assert found.top == int(held_out.labels[3]) and not found.uncertain and found.view_confidence > 0.9


def test_the_views_are_small_changes_of_the_digit(mnist_root):
    digit = load_split("mnist", "test", mnist_root).images[0, 0].numpy()
    views = doubt.views(digit).numpy()[:, 0].astype(float)
    assert views.shape == (len(doubt.VIEWS), 28, 28)
    assert np.array_equal(views[0], digit)  # the first view is the digit as drawn
    for view in views[1:]:  # each changed view still overlaps the digit well, and keeps about its ink
        assert np.corrcoef(view.ravel(), digit.ravel())[0, 1] > 0.4
        assert 0.7 < view.sum() / digit.sum() < 1.35


def test_shape_checks_apply_to_digit_models_only(mnist_root):
    # a model of other classes (here the same weights, named as clothes) is not told what a digit looks like
    model = predict.default_model()
    other = type(model)(model.spec, "fashion-mnist", [f"class {i}" for i in range(10)], model.mean, model.std,
                        model.state_dict)
    line = prepare(non_digit("line")).image
    assert "wider" in doubt.guess(model, line).reason
    assert "wider" not in doubt.guess(other, line).reason
