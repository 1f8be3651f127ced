"""JSON save/load and the edits the tab performs."""

import json

import pytest

from playground.cnn import spec as specs
from playground.cnn.layers import SpecError, parse_value
from playground.cnn.summary import summarize


@pytest.mark.parametrize("name", list(specs.PRESETS))
def test_json_round_trip(name):
    original = specs.preset(name)
    text = specs.spec_to_json(original)
    assert specs.parse_spec(text) == original
    assert json.loads(text) == original  # plain JSON in the format


def test_json_format_uses_pytorch_names_and_omits_inferred_arguments():
    data = json.loads(specs.spec_to_json(specs.preset("Classic CNN (48×48 RGB)")))
    assert data["input"] == [3, 48, 48]
    assert data["layers"][0] == {"type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1}
    assert all("in_channels" not in layer and "in_features" not in layer for layer in data["layers"])


def test_bad_values_survive_a_round_trip():
    # work in progress is never lost: an invalid value is saved and shown, not dropped
    spec = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": "abc", "kernel_size": 3}]}
    assert specs.parse_spec(specs.spec_to_json(spec)) == spec


def test_edits_return_new_specs():
    base = specs.preset("LeNet-5")
    frozen = json.dumps(base)
    added = specs.insert_layer(base, 1, "BatchNorm2d")
    assert added["layers"][1] == {"type": "BatchNorm2d"}
    moved = specs.move_layer(added, 1, -1)
    assert moved["layers"][0]["type"] == "BatchNorm2d"
    assert specs.move_layer(moved, 0, -1) == moved  # the top stays the top
    deleted = specs.delete_layer(moved, 0)
    assert deleted == base
    changed = specs.set_arg(base, 0, "out_channels", 12)
    assert summarize(changed).rows[0].params == 12 * 25 + 12
    reset = specs.set_arg(changed, 0, "padding", None)
    assert "padding" not in reset["layers"][0]
    assert json.dumps(base) == frozen  # the original is untouched


def test_set_type_keeps_shared_arguments():
    base = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 8, "kernel_size": 5, "stride": 2}]}
    pooled = specs.set_type(base, 0, "MaxPool2d")
    assert pooled["layers"][0] == {"type": "MaxPool2d", "kernel_size": 5, "stride": 2}
    back = specs.set_type(pooled, 0, "Linear")
    assert back["layers"][0] == {"type": "Linear", "out_features": 10}


def test_edit_errors():
    base = specs.preset("Empty")
    with pytest.raises(SpecError, match="there is no layer 1"):
        specs.delete_layer(base, 0)
    with pytest.raises(SpecError, match="unknown layer type"):
        specs.insert_layer(base, 0, "Transformer")
    with pytest.raises(SpecError, match="has no argument"):
        specs.set_arg(specs.insert_layer(base, 0, "ReLU"), 0, "p", 0.1)
    with pytest.raises(SpecError, match="input C must be between"):
        specs.set_input(base, [0, 28, 28])


@pytest.mark.parametrize(
    "typed, value",
    [("3", 3), (" 3, 5 ", [3, 5]), ("(2, 2)", [2, 2]), ("0.25", 0.25), ("same", "same"), ("True", True), ("x=1", "x=1")],
)
def test_field_values_are_parsed(typed, value):
    assert parse_value(typed) == value
