"""generate_image through gradio_client, on a second app whose Hugging Face cache holds a tiny random Stable
Diffusion pipeline (tests/diffusion/tiny_hub.py) and which never asks the Hub (HF_HUB_OFFLINE=1)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from gradio_client.exceptions import AppError
from PIL import Image

from tests.conftest import served_app
from tests.diffusion.tiny_hub import REPO, SIDE, write_cache


@pytest.fixture(scope="module")
def hub_app(tmp_path_factory):
    from gradio_client import Client

    home = tmp_path_factory.mktemp("hf-home")
    snapshot = write_cache(home)
    log = tmp_path_factory.mktemp("hub-app") / "app.log"
    env = {"HF_HOME": str(home), "HF_HUB_OFFLINE": "1", "PLAYGROUND_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    with served_app(log, env) as url:
        yield Client(url, verbose=False), snapshot


def _png(path: str) -> np.ndarray:
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    return np.asarray(Image.open(path))


def test_generate_image_from_a_hub_pipeline_equals_the_pipeline(hub_app):
    from diffusers import StableDiffusionPipeline

    client, snapshot = hub_app
    served = _png(client.predict("the fox", f"hf:{REPO}", 5, "default", 7.5, 3, SIDE, SIDE,
                                 api_name="/generate_image"))
    pipe = StableDiffusionPipeline.from_pretrained(snapshot, safety_checker=None, requires_safety_checker=False)
    pipe.set_progress_bar_config(disable=True)
    local = np.asarray(pipe("the fox", num_inference_steps=5, guidance_scale=7.5, height=SIDE, width=SIDE,
                            generator=torch.Generator("cpu").manual_seed(3)).images[0])
    assert served.shape == (SIDE, SIDE, 3)
    assert np.abs(served.astype(int) - local.astype(int)).mean() <= 1


def test_generate_image_from_the_toy(hub_app):
    client, _ = hub_app
    image = _png(client.predict("un siete", "toy", 4, "default", 3.0, 0, 128, 128, api_name="/generate_image"))
    assert image.shape == (128, 128)


@pytest.mark.parametrize("model, message", [("hf:org/absent", "not been downloaded"), ("gpt", "unknown model"),
                                            ("hf:org/two words", "not a Hugging Face repo id")])
def test_bad_models_get_plain_messages(hub_app, model, message):
    client, _ = hub_app
    with pytest.raises(AppError, match=f"(?i){message}"):
        client.predict("a cat", model, 2, "default", 7.5, 0, SIDE, SIDE, api_name="/generate_image")
