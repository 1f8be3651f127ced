"""Checkpoints: safetensors round trip; pickles, renamed files and other networks are refused."""

import io
import json

import pytest
import torch
from safetensors import safe_open

from playground.cnn.model import build_model
from playground.cnn.spec import preset
from playground.train import checkpoint
from playground.train.checkpoint import CheckpointError
from playground.train.trained import TrainedModel

FAST = "Fast MNIST (Training default)"


@pytest.fixture
def trained():
    spec = preset(FAST)
    state = {k: v.clone() for k, v in build_model(spec, seed=3).state_dict().items()}
    return TrainedModel(spec=spec, dataset="mnist", classes=[str(i) for i in range(10)], mean=[0.13], std=[0.31],
                        state_dict=state, steps=42)


def test_round_trip_with_metadata(trained, tmp_path):
    data = checkpoint.to_bytes(trained)
    path = tmp_path / "w.safetensors"
    path.write_bytes(data)
    with safe_open(str(path), "pt") as f:
        meta = f.metadata()
    assert json.loads(meta["network"]) == trained.spec and meta["dataset"] == "mnist"
    loaded = checkpoint.from_bytes(data, preset(FAST))
    assert loaded.steps == 42 and loaded.mean == [0.13] and loaded.classes == trained.classes
    for k, v in trained.state_dict.items():
        assert torch.equal(loaded.state_dict[k], v)
    loaded.model()  # builds and loads


def test_a_pickle_is_refused(trained):
    buffer = io.BytesIO()
    torch.save(trained.state_dict, buffer)
    with pytest.raises(CheckpointError, match="pickled PyTorch file"):
        checkpoint.from_bytes(buffer.getvalue(), preset(FAST))


@pytest.mark.parametrize("data", [b"hello, this is a text file renamed", b"\x00" * 4, b"\xff" * 64])
def test_renamed_or_broken_files_are_refused(data):
    with pytest.raises(CheckpointError, match="safetensors"):
        checkpoint.from_bytes(data, preset(FAST))


def test_weights_of_another_network_are_refused(trained):
    with pytest.raises(CheckpointError) as info:
        checkpoint.from_bytes(checkpoint.to_bytes(trained), preset("LeNet-5"))
    message = str(info.value)
    assert "do not fit the network" in message and "conv1.weight" in message
    assert "saved from a different network" in message


def test_nan_weights_are_refused(trained):
    trained.state_dict["fc1.bias"][0] = float("nan")
    with pytest.raises(CheckpointError, match="NaN"):
        checkpoint.from_bytes(checkpoint.to_bytes(trained), preset(FAST))
