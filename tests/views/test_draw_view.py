"""What the Draw tab shows, checked without a server, on a real MNIST digit."""

import base64
import gzip
import io

import numpy as np
import pytest
from PIL import Image

from playground import i18n
from playground.digits.preprocess import DrawingError
from playground.train import engine
from playground.train.history import History
from playground.views import draw as dv
from tests.conftest import MISSING_MNIST, has_mnist, mnist_test_dir, require

PROMPT = i18n.t("draw.prompt")  # an empty pad's answer box: "Draw a digit on the pad."


def real_digit_png(index=0):
    require(has_mnist(), MISSING_MNIST)
    src = mnist_test_dir()
    images = np.frombuffer(gzip.decompress((src / "t10k-images-idx3-ubyte.gz").read_bytes())[16:], np.uint8)
    labels = gzip.decompress((src / "t10k-labels-idx1-ubyte.gz").read_bytes())[8:]
    buffer = io.BytesIO()
    Image.fromarray(255 - images[index * 784 : (index + 1) * 784].reshape(28, 28)).save(buffer, "PNG")
    return buffer.getvalue(), labels[index]


def test_a_real_digit_is_read_by_the_default_model():
    png, label = real_digit_png(8003)  # held out from the default model's training images
    reading = dv.read(png, None)
    assert reading.problem is None and reading.digit.shape == (28, 28) and reading.seen.shape == (224, 224)
    best = max(reading.label, key=reading.label.get)
    assert best == str(label) and f">{label}<" in reading.answer
    assert sum(reading.label.values()) == pytest.approx(1.0, abs=1e-5)


def test_blank_and_broken_inputs():
    blank = io.BytesIO()
    Image.new("L", (50, 50), 255).save(blank, "PNG")
    assert dv.read(blank.getvalue(), None).answer.count(PROMPT) == 1
    broken = dv.read(b"not an image at all", None)
    assert broken.problem and broken.problem.endswith(".") and broken.label is None
    with pytest.raises(DrawingError, match="blank"):
        dv.classify(blank.getvalue(), None)


def test_data_urls():
    png, _ = real_digit_png()
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    assert dv.decode_data_url(url) == png
    for bad in (None, "hello", "data:image/png;base64,@@@"):
        with pytest.raises(DrawingError):
            dv.decode_data_url(bad)


def test_answering_names_the_session_model_with_its_accuracy():
    model, note = dv.answering(None)
    assert "default digit model" in note and model.classes == [str(d) for d in range(10)]
    history = History()
    history.add(engine.EpochEnd(1, 1, 0.1, 0.97, 0.1, 0.981, 1.0))
    own = type(model)(model.spec, "mnist", model.classes, model.mean, model.std, model.state_dict, history=history,
                      steps=56)
    assert dv.answering(own) == (own, "**Answering:** your model from the Training tab (trained on mnist, 56 steps, "
                                      "98.1% on its validation split).")


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("image, words", [
    (Image.new("L", (50, 50), 255), "The uploaded image is blank: there is no digit in it."),
    (Image.new("RGBA", (800, 800), (0, 0, 0, 0)), "The uploaded image is blank (fully transparent): there is no digit"),
    (Image.new("RGB", (1, 1), "black"), "is 1×1 pixel, too small to hold a digit"),
])
def test_an_empty_or_tiny_upload_says_what_was_wrong(image, words):
    reading = dv.read(png_bytes(image), None, upload=True)
    assert reading.problem and words in reading.problem and reading.label is None
    assert words in reading.answer and "pg-answer-problem" in reading.answer
    assert PROMPT not in reading.answer
    # the same picture sent by the pad (a cleared canvas) is still just the prompt to draw
    if image.size == (800, 800):
        assert dv.read(png_bytes(image), None).answer.count(PROMPT) == 1


def test_a_huge_upload_names_its_size_without_class_names(tmp_path):
    from tests.digits.pictures import png_header

    path = tmp_path / "huge.png"
    path.write_bytes(png_header(15000, 15000))  # PIL refuses this one as a decompression bomb
    reading = dv.read(str(path), None, upload=True)
    assert reading.problem.startswith("That image is 225.0 megapixels; the limit is 20.")
    assert "Error" not in reading.answer


@pytest.mark.parametrize("kind", ["dot", "line"])
def test_a_non_digit_is_shown_as_a_guess(kind):
    from tests.digits.pictures import non_digit

    reading = dv.read(png_bytes(non_digit(kind)), None)
    assert reading.problem is None and reading.digit is not None  # read, not refused
    assert "pg-answer-unsure" in reading.answer and "pg-digit" not in reading.answer
    best = max(reading.label, key=reading.label.get)
    assert f"Not sure this is a digit — best guess <span class=\"pg-guess\">{best}</span> (" in reading.answer
    assert sum(reading.label.values()) == pytest.approx(1.0, abs=1e-5)  # the probabilities are still all there


def test_a_real_digit_is_not_a_guess_and_a_model_change_reads_it_again():
    png, label = real_digit_png(8003)
    reading = dv.read(png, None)
    assert "Not sure" not in reading.answer and "pg-answer-unsure" not in reading.answer
    model, _ = dv.answering(None)
    answer, probs = dv.answer(model, reading.digit)  # what a change of the answering model shows
    assert answer == reading.answer and probs == reading.label
