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


# reasons are keys of the draw table: "it is far wider than it is tall, like a line", "it is a solid patch of ink,
# not strokes", "the model's answer changes when the drawing is turned or resized a little"
WIDE = "draw.doubt_wide"
SOLID = "draw.doubt_solid"
EMPTY = "draw.doubt_no_ink"  # "there is almost no ink in it"
VIEWS_DISAGREE = "draw.doubt_views"


@pytest.mark.parametrize("kind, reason", [("dot", SOLID), ("line", WIDE), ("scribble", SOLID), ("blob", SOLID)])
def test_non_digits_drawn_on_the_pad_are_flagged_for_what_they_are(kind, reason):
    digit = prepare(non_digit(kind)).image  # preprocessing accepts them: big enough, not mostly ink
    found = doubt.guess(predict.default_model(), digit)
    assert found.reason == reason and found.uncertain, f"{kind}: {found.top} at {found.probs.max():.1%}"


def _ink(rows: slice, cols: slice) -> np.ndarray:
    digit = np.zeros((28, 28), np.uint8)
    digit[rows, cols] = 255
    return digit


@pytest.mark.parametrize("digit, reason", [
    (np.zeros((28, 28), np.uint8), EMPTY),
    (_ink(slice(13, 16), slice(4, 24)), WIDE),  # 20 wide, 3 tall: 6.7 > 2
    (_ink(slice(4, 24), slice(4, 24)), SOLID),  # a filled 20×20 square: thickness 0.385 > 0.2
    (_ink(slice(4, 24), slice(12, 15)), ""),  # a stroke 3 px wide, 20 tall: a "1"
    (_ink(slice(11, 17), slice(8, 20)) - _ink(slice(12, 16), slice(9, 19)), ""),  # a 12×6 outline: 2, not wider
    (_ink(slice(11, 17), slice(7, 20)) - _ink(slice(12, 16), slice(8, 19)), WIDE),  # 13×6: 2.17, wider
])
def test_shape_reasons_of_constructed_digits(digit, reason):
    assert doubt.shape_doubt(digit) == reason


def test_a_one_with_half_a_seven_hook_is_a_guess_because_its_views_disagree():
    """A pad stroke between a 1 and a 7: shaped like a digit, but read as 7 or 1 as it turns or is resized."""
    from PIL import Image, ImageDraw

    from tests.digits.pictures import BRUSH, PAD

    pad = Image.new("RGBA", (PAD, PAD), (0, 0, 0, 0))
    ImageDraw.Draw(pad).line([(294, 180), (400, 150), (400, 650)], fill=(0, 0, 0, 255), width=BRUSH, joint="curve")
    digit = prepare(pad).image
    model = predict.default_model()
    assert doubt.shape_doubt(digit) == ""
    found = doubt.guess(model, digit)
    assert found.reason == VIEWS_DISAGREE and found.uncertain
    each = [int(predict.probabilities(model, view[0].numpy()).argmax()) for view in doubt.views(digit)]
    assert each[0] == found.top and {1, 7} <= set(each)  # the changed views answer differently
    assert found.view_confidence < doubt.MIN_VIEW_CONFIDENCE


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
    assert doubt.guess(model, line).reason == WIDE
    assert doubt.guess(other, line).reason != WIDE
