"""The CNN builder's public API, through gradio_client against the launched app."""

import json

import pytest
from gradio_client.exceptions import AppError

from playground.cnn.spec import preset, spec_to_json

CLASSIC = "Classic CNN (48×48 RGB)"


def test_summarize_cnn_returns_pytorch_numbers(client):
    result = client.predict(spec_json=spec_to_json(preset(CLASSIC)), api_name="/summarize_cnn")
    assert result["ok"] is True
    assert result["totals"]["trainable_params"] == 9_536_074
    assert [layer["params"] for layer in result["layers"] if layer["type"] == "Conv2d"] == [896, 18_496, 73_856]
    assert result["layers"][10]["out_shape"] == [512]
    assert result["output_shape"] == [10]


def test_summarize_cnn_reports_per_layer_errors(client):
    spec = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 8, "kernel_size": 3},
                                            {"type": "Linear", "out_features": 10}]}
    result = client.predict(spec_json=json.dumps(spec), api_name="/summarize_cnn")
    assert result["ok"] is False
    assert result["layers"][1]["status"] == "error"
    assert result["errors"] == ["layer 2 Linear: Linear needs a vector, but its input is 8×26×26 (C×H×W): "
                                "insert Flatten before it"]


@pytest.mark.parametrize(
    "text, message",
    [("{oops", "not valid JSON"), ('{"input": [1, 28, 28], "layers": [{"type": "Conv9d"}]}', "unknown layer type")],
)
def test_summarize_cnn_rejects_unreadable_json_with_a_message(client, text, message):
    with pytest.raises(AppError, match=message):
        client.predict(spec_json=text, api_name="/summarize_cnn")
    # the server keeps serving
    assert client.predict(spec_json=spec_to_json(preset("LeNet-5")), api_name="/summarize_cnn")["ok"]
