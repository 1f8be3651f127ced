"""generate_digits through gradio_client, on the shipped diffusion model."""

import numpy as np
import pytest
from gradio_client.exceptions import AppError
from PIL import Image

from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.diffusion.sample import SamplingSettings
from playground.views.diffusion import large


def _pixels(gallery) -> list[np.ndarray]:
    return [np.asarray(Image.open(item["image"])) for item in gallery]


def test_generate_digits_repeats_and_matches_the_model_here(client):
    args = ("un siete", 3, 6, "DDIM", 3.0, 42)
    a = _pixels(client.predict(*args, api_name="/generate_digits"))
    b = _pixels(client.predict(*args, api_name="/generate_digits"))
    assert len(a) == 3 and all(x.shape == (128, 128) for x in a)  # grayscale, 4× the model's 32×32
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    model, base = dm.load(dm.DEFAULT_DIR)
    local = large(sample.generate(model, base, SamplingSettings(*args)), 128)
    assert all(np.abs(x.astype(int) - y.astype(int)).max() <= 2 for x, y in zip(a, local))
    c = _pixels(client.predict("un siete", 3, 6, "DDIM", 3.0, 43, api_name="/generate_digits"))
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("args, message", [
    (("a seven", 4, 10_000, "DDIM", 3.0, 0), "steps must be"),
    (("a seven", 4, 10, "DDIM", -5, 0), "guidance must be"),
    (("a seven", 40, 10, "DDIM", 3.0, 0), "number of images"),
    (("a seven", 4, 10, "PNDM", 3.0, 0), "unknown scheduler"),
    (("seven " * 200, 1, 2, "DDIM", 3.0, 0), "characters"),
])
def test_bad_requests_get_plain_messages(client, args, message):
    with pytest.raises(AppError, match=f"(?i){message}"):
        client.predict(*args, api_name="/generate_digits")
    assert len(client.predict("7", 1, 2, "Euler", 1.0, 0, api_name="/generate_digits")) == 1  # still serving


def test_empty_prompt_is_unconditional(client):
    served = _pixels(client.predict("", 2, 4, "DPM-Solver++", 3.0, 1, api_name="/generate_digits"))
    model, base = dm.load(dm.DEFAULT_DIR)
    # guidance 0 runs only the unconditional pass: what any prompt gives when it is ignored
    ignored = large(sample.generate(model, base, SamplingSettings("un siete", 2, 4, "DPM-Solver++", 0.0, 1)), 128)
    assert len(served) == 2
    assert all(np.abs(x.astype(int) - y.astype(int)).max() <= 2 for x, y in zip(served, ignored))
    guided = large(sample.generate(model, base, SamplingSettings("un siete", 2, 4, "DPM-Solver++", 3.0, 1)), 128)
    assert any(np.abs(x.astype(int) - y.astype(int)).max() > 2 for x, y in zip(served, guided))  # a prompt matters
