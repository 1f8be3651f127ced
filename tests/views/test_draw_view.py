"""What the Draw tab shows, checked without a server, on a real MNIST digit."""

import base64
import gzip
import io

import numpy as np
import pytest
from PIL import Image

from playground.digits.preprocess import DrawingError
from playground.train import engine
from playground.train.history import History
from playground.views import draw as dv
from tests.conftest import mnist_test_dir


def real_digit_png(index=0):
    src = mnist_test_dir()
    if not (src / "t10k-images-idx3-ubyte.gz").exists():
        pytest.skip("needs the real MNIST test digits")
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
    assert dv.read(blank.getvalue(), None).answer.count(dv.PROMPT) == 1
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
