"""classify_digit through gradio_client: a drawing in, ten probabilities out; bad files refused."""

import re

import numpy as np
import pytest
from gradio_client import handle_file
from gradio_client.exceptions import AppError
from PIL import Image

from playground.data.images import load_split
from playground.digits.drawings import canvas_drawing
from tests.digits.pictures import non_digit, png_header


def test_classify_digit_reads_a_canvas_drawing(client, mnist_root, tmp_path):
    held_out = load_split("mnist", "test", mnist_root)  # digits the default model never saw
    rng = np.random.default_rng(5)
    hits = 0
    for i in range(5):
        path = tmp_path / f"digit{i}.png"
        canvas_drawing(held_out.images[i, 0].numpy(), rng).save(path)
        result = client.predict(handle_file(str(path)), api_name="/classify_digit")
        assert len(result["confidences"]) == 10
        assert sum(c["confidence"] for c in result["confidences"]) == pytest.approx(1, abs=1e-4)
        hits += int(result["label"] == str(int(held_out.labels[i])))
    assert hits >= 4


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: Image.new("RGBA", (800, 800), (0, 0, 0, 0)).save(p), "blank"),
        (lambda p: p.write_text("not a picture"), "not an image"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "not an image|damaged"),
        (lambda p: Image.new("L", (5000, 4200), 255).save(p), "21.0 megapixels"),
        # PIL refuses this one as a decompression bomb while opening it: the same message all the same
        (lambda p: p.write_bytes(png_header(15000, 15000)), "That image is 225.0 megapixels; the limit is 20"),
        (lambda p: p.write_bytes(png_header(10000, 10000)), "That image is 100.0 megapixels; the limit is 20"),
        (lambda p: Image.new("RGB", (1, 1), "white").save(p), "1×1 pixel, too small to hold a digit"),
        (lambda p: Image.new("L", (64, 64), 128).save(p), "The image is blank: there is no digit in it"),
    ],
)
def test_bad_images_get_clear_messages(client, tmp_path, make, message):
    path = tmp_path / "upload.png"
    make(path)
    with pytest.raises(AppError, match=message) as refused:
        client.predict(handle_file(str(path)), api_name="/classify_digit")
    assert not re.search(r"[A-Za-z]+Error\b", str(refused.value))  # no exception class names
    # and the server keeps serving
    assert client.predict(spec_json='{"input": [1, 28, 28], "layers": []}', api_name="/summarize_cnn")["ok"] is False


def test_a_non_digit_still_gets_the_label_contract(client, tmp_path):
    """classify_digit answers a dot as it answers a digit (ten probabilities); the page marks it as a guess."""
    path = tmp_path / "dot.png"
    non_digit("dot").save(path)
    result = client.predict(handle_file(str(path)), api_name="/classify_digit")
    assert set(result) == {"label", "confidences"} and len(result["confidences"]) == 10
    assert sum(c["confidence"] for c in result["confidences"]) == pytest.approx(1, abs=1e-4)
