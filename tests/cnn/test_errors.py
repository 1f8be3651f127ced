"""Bad layers: each is marked on its own row in plain words, later rows are not computable."""

import pytest

from playground.cnn.layers import SpecError
from playground.cnn.model import build_model
from playground.cnn.spec import parse_spec, preset
from playground.cnn.summary import summarize


def spec(input_shape, *layers):
    return {"input": list(input_shape), "layers": [dict(type=t, **kw) for t, kw in layers]}


def test_pooling_window_larger_than_its_input():
    pools = [("MaxPool2d", {"kernel_size": 2})] * 7
    s = summarize(spec((1, 64, 64), *pools, ("Flatten", {}), ("Linear", {"out_features": 10})))
    assert s.rows[5].out_shape == [1, 1, 1]
    assert s.errors[0] == "layer 7 MaxPool2d: its input is 1×1, a 2×2 window does not fit"
    assert s.rows[6].status == "error"
    assert [r.status for r in s.rows[7:]] == ["skipped", "skipped"]
    assert "not computable" in s.rows[8].message
    assert not s.ok


def test_kernel_larger_than_input_mentions_padding():
    s = summarize(spec((3, 4, 4), ("Conv2d", {"out_channels": 8, "kernel_size": 7, "padding": 1})))
    assert s.rows[0].message == "its input is 4×4 (padded to 6×6), a 7×7 window does not fit"


def test_dilated_kernel_reach():
    s = summarize(spec((1, 6, 6), ("Conv2d", {"out_channels": 1, "kernel_size": 3, "dilation": 3})))
    assert "7×7 window (dilated) does not fit" in s.rows[0].message


@pytest.mark.parametrize(
    "args, expected",
    [
        ({"out_channels": 0, "kernel_size": 3}, "out_channels must be positive, got 0"),
        ({"out_channels": 8, "kernel_size": -1}, "kernel_size must be positive, got -1"),
        ({"out_channels": 2.5, "kernel_size": 3}, "out_channels must be a whole number, got 2.5"),
        ({"out_channels": 8, "kernel_size": "abc"}, "kernel_size must be a whole number or a pair [h, w]"),
        ({"out_channels": 8, "kernel_size": 3, "padding": -2}, "padding must be at least 0, got -2"),
        ({"out_channels": 8, "kernel_size": 3, "stride": 0}, "stride must be positive, got 0"),
        ({"kernel_size": 3}, "out_channels is required"),
        ({"out_channels": 8, "kernel_size": 3, "bias": "yes"}, "bias must be true or false"),
    ],
)
def test_bad_argument_values(args, expected):
    s = summarize(spec((1, 28, 28), ("Conv2d", args), ("ReLU", {})))
    assert s.rows[0].status == "error"
    assert expected in s.rows[0].message
    assert s.rows[1].status == "skipped"
    assert s.errors[0].startswith("layer 1 Conv2d: ")


def test_dropout_probability_out_of_range_and_linear_zero_outputs():
    s = summarize(spec((4, 1, 1), ("Flatten", {}), ("Dropout", {"p": 1.5}), ("Linear", {"out_features": 0})))
    assert s.rows[1].message == "p must be between 0 and 1, got 1.5"
    assert s.rows[2].status == "error" and "out_features must be positive, got 0" in s.rows[2].message


def test_linear_on_a_feature_map_offers_flatten():
    s = summarize(spec((1, 28, 28), ("Conv2d", {"out_channels": 4, "kernel_size": 3}), ("Linear", {"out_features": 10})))
    row = s.rows[1]
    assert row.status == "error" and row.fix == "insert_flatten"
    assert row.message == "Linear needs a vector, but its input is 4×26×26 (C×H×W): insert Flatten before it"


def test_image_layer_after_flatten():
    s = summarize(spec((1, 8, 8), ("Flatten", {}), ("Conv2d", {"out_channels": 4, "kernel_size": 3})))
    assert "Conv2d needs a C×H×W feature map, but its input is a vector of 64 values" in s.rows[1].message


def test_network_must_end_in_class_scores():
    s = summarize(spec((1, 28, 28), ("Conv2d", {"out_channels": 4, "kernel_size": 3}), ("ReLU", {})))
    assert s.rows[-1].status == "error" and s.rows[-1].fix == "append_classifier"
    assert "ends with a 4×26×26 feature map, not a vector of class scores" in s.errors[0]
    assert s.rows[0].status == "ok" and s.rows[0].params == 40  # the good rows are still computed
    with pytest.raises(SpecError, match="cannot be built"):
        build_model(spec((1, 28, 28), ("ReLU", {})))


def test_empty_network():
    s = summarize(preset("Empty"))
    assert not s.ok and "the network is empty" in s.errors[0]


def test_final_softmax_gets_a_note_not_an_error():
    base = preset("LeNet-5")
    base["layers"].append({"type": "Softmax", "dim": 1})
    s = summarize(base)
    assert s.ok
    assert s.rows[-1].status == "note"
    assert "CrossEntropyLoss expects raw scores" in s.rows[-1].message
    assert s.notes and s.notes[0].startswith("layer 13 Softmax")


def test_maxpool_padding_over_half_the_window():
    s = summarize(spec((1, 8, 8), ("MaxPool2d", {"kernel_size": 2, "padding": 2})))
    assert s.rows[0].message == "padding 2 is more than half the 2×2 window; PyTorch allows at most 1"


def test_same_padding_needs_stride_one():
    s = summarize(spec((1, 8, 8), ("Conv2d", {"out_channels": 2, "kernel_size": 3, "padding": "same", "stride": 2})))
    assert "needs stride 1" in s.rows[0].message


def test_several_bad_rows_are_each_marked():
    s = summarize(
        spec(
            (1, 28, 28),
            ("Conv2d", {"out_channels": -1, "kernel_size": 3}),
            ("ReLU", {}),
            ("MaxPool2d", {"kernel_size": 0}),
            ("Flatten", {}),
            ("Linear", {"out_features": 10}),
        )
    )
    assert [r.status for r in s.rows] == ["error", "skipped", "error", "skipped", "skipped"]
    assert len(s.errors) == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "this is not valid JSON"),
        ("[1, 2]", "a network must be a JSON object"),
        ('{"layers": []}', 'needs an "input"'),
        ('{"input": [1, 28], "layers": []}', '"input" must be [C, H, W]'),
        ('{"input": [1, 0, 28], "layers": []}', "input H must be between 1 and"),
        ('{"input": [1, 28, 28], "layers": [{"type": "Conv3d"}]}', 'layer 1: unknown layer type "Conv3d"'),
        ('{"input": [1, 28, 28], "layers": [{"type": "ReLU", "inplace": true}]}', "unknown argument 'inplace'"),
        ('{"input": [1, 28, 28], "layers": [{"type": "Linear", "in_features": 784}]}', "leave out in_features"),
        ('{"input": [1, 28, 28], "layers": [{"kernel_size": 3}]}', 'layer 1 must be an object with a "type"'),
        ('{"input": [1, 28, 28], "layers": [], "extra": 1}', "unknown key(s) 'extra'"),
    ],
)
def test_unreadable_specs_raise_clear_messages(text, message):
    with pytest.raises(SpecError) as info:
        parse_spec(text)
    assert message in str(info.value)


def test_network_ending_in_flatten_gets_a_note_with_a_fix_not_ready():
    # runs, but its 6,272 outputs are a flattened feature map, not class scores
    s = summarize(spec((1, 28, 28), ("Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
                       ("MaxPool2d", {"kernel_size": 2}), ("Flatten", {})))
    assert s.ok and s.output_shape == [6272]
    last = s.rows[-1]
    assert last.status == "note" and last.fix == "append_linear"
    assert "ends in Flatten with 6,272 outputs, not in a Linear layer" in last.message
    assert s.notes == [f"layer 3 Flatten: {last.message}"]


@pytest.mark.parametrize("tail", [[], ["ReLU"], ["Dropout"], ["Softmax"], ["LogSoftmax"], ["Tanh", "Dropout"]])
def test_a_final_linear_may_be_followed_by_activations_or_softmax(tail):
    layers = [("Flatten", {}), ("Linear", {"out_features": 10})] + [(t, {}) for t in tail]
    s = summarize(spec((1, 8, 8), *layers))
    assert s.ok and not any(r.fix for r in s.rows)


def test_flatten_then_activation_points_at_the_flatten():
    s = summarize(spec((1, 8, 8), ("Conv2d", {"out_channels": 2, "kernel_size": 3}), ("Flatten", {}), ("ReLU", {})))
    assert s.rows[1].fix == "append_linear" and "ends in Flatten with 72 outputs" in s.rows[1].message
    assert s.rows[2].status == "note" and "final ReLU" in s.rows[2].message  # its own advice stays
