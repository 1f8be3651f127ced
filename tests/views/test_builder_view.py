"""What the CNN builder shows, checked without a server."""

import json
import re

import pytest

from playground.cnn import spec as specs
from playground.cnn.layers import SpecError
from playground.cnn.summary import summarize
from playground.config import BuilderLimits
from playground.views import builder as view
from playground.views.plots import DIAGRAM_MIN_PX, network_diagram

LIMITS = BuilderLimits()


def small():
    return {"input": [1, 28, 28], "layers": [
        {"type": "Conv2d", "out_channels": 4, "kernel_size": 3}, {"type": "ReLU"}, {"type": "Flatten"},
        {"type": "Linear", "out_features": 10}]}


def test_compact_numbers():
    assert view.compact(96_367_616) == "96.4 M" and view.compact(1500) == "1.5 k" and view.compact(12) == "12"


def test_table_has_an_input_row_then_a_row_per_layer_with_real_counts():
    summary = summarize(small())
    frame = view.table_frame(summary, 0).data
    assert list(frame.columns) == view.TABLE_COLUMNS
    assert frame.iloc[0, 1] == "input" and len(frame) == 5
    assert frame.iloc[1, 3] == "40" and frame.iloc[4, 3] == f"{26 * 26 * 4 * 10 + 10:,}"


def test_totals_say_ready_or_list_the_errors():
    assert "✓ Ready" in view.totals_html(summarize(small()))
    broken = small()
    broken["layers"].insert(2, {"type": "MaxPool2d", "kernel_size": 64})
    html = view.totals_html(summarize(broken))
    assert "cannot run yet" in html and "layer 3 MaxPool2d" in html and "so far" in html


def test_fix_label_and_fix():
    spec = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 4, "kernel_size": 3},
                                             {"type": "Linear", "out_features": 10}]}
    assert view.fix_label(summarize(spec)) == "Fix: insert Flatten before layer 2"
    fixed, sel = view.apply_fix(spec, 0, LIMITS)
    assert [layer["type"] for layer in fixed["layers"]] == ["Conv2d", "Flatten", "Linear"] and sel == 1
    assert summarize(fixed).ok and view.fix_label(summarize(fixed)) is None


def test_network_ending_in_flatten_is_not_ready_and_the_fix_adds_a_linear():
    spec = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1},
                                             {"type": "MaxPool2d", "kernel_size": 2}, {"type": "Flatten"}]}
    summary = summarize(spec)
    html = view.totals_html(summary)
    assert "Ready" not in html and "6272 class scores" not in html
    assert "ends in Flatten with 6,272 outputs" in html
    assert view.fix_label(summary) == "Fix: add Linear(10) at the end"
    fixed, sel = view.apply_fix(spec, 0, LIMITS)
    assert fixed["layers"][-1] == {"type": "Linear", "out_features": 10} and sel == 3
    assert summarize(fixed).output_shape == [10] and "✓ Ready" in view.totals_html(summarize(fixed))


def test_network_ending_in_a_feature_map_offers_flatten_and_linear():
    spec = {"input": [1, 28, 28], "layers": [{"type": "Conv2d", "out_channels": 4, "kernel_size": 3}]}
    summary = summarize(spec)
    assert "Ready" not in view.totals_html(summary)
    assert view.fix_label(summary) == "Fix: add Flatten + Linear(10) at the end"
    fixed, _ = view.apply_fix(spec, 0, LIMITS)
    assert [layer["type"] for layer in fixed["layers"]] == ["Conv2d", "Flatten", "Linear"]
    assert "✓ Ready: 1×28×28 in, 10 class scores out" in view.totals_html(summarize(fixed))


def test_field_views_follow_the_selected_layer():
    args = view.field_args()
    names = [a.name for a in args]
    shown = {names[i]: f for i, f in enumerate(view.field_views(small(), 0, args)) if f.visible}
    assert shown["out_channels"].value == "4" and shown["kernel_size"].value == "3"
    assert shown["padding"].placeholder.startswith("default")
    assert "out_features" not in shown
    assert not any(f.visible for f in view.field_views(small(), None, args))


def test_undo_collapses_repeated_edits_of_one_field():
    h = view.push_undo([], {"v": 1}, ("arg", 0, "k"), 50)
    h = view.push_undo(h, {"v": 2}, ("arg", 0, "k"), 50)
    assert h == [[("arg", 0, "k"), {"v": 1}]]
    h = view.push_undo(h, {"v": 3}, None, 50)
    assert len(h) == 2
    assert len(view.push_undo([[None, {}]] * 5, {}, None, 3)) == 3


def test_input_choice_and_selection():
    assert view.input_choice([1, 28, 28]) in specs.INPUT_PRESETS
    assert view.input_choice([2, 5, 7]) == view.CUSTOM
    assert view.clamp_selection(small(), 9) == 3 and view.clamp_selection({"input": [1, 2, 2], "layers": []}, 0) is None


def test_input_boxes_wait_while_empty_and_replace_what_cannot_be():
    now = [1, 28, 28]
    assert view.input_from_boxes(now, [1, 100, 28], LIMITS) == ([1, 100, 28], None)
    assert view.input_from_boxes(now, [1, None, 28], LIMITS) == (None, None)  # a person is still typing
    dims, message = view.input_from_boxes(now, [1, None, 28], LIMITS, leaving=True)
    assert dims == now and message == "H was left empty, so it stays 28"
    assert view.input_from_boxes(now, [1, 28, -3], LIMITS) == (
        now, "W must be a whole number from 1 to 1024, so it stays 28")
    assert view.input_from_boxes(now, [0, 28, 28], LIMITS)[0] == now
    assert view.input_from_boxes(now, [1, 28, 5000], LIMITS) == (
        [1, 28, 1024], "W can be at most 1024, so it is set to 1024")
    small = BuilderLimits(max_input_channels=4, max_input_side=64)
    assert view.input_from_boxes(now, [9, 28, 28], small) == ([4, 28, 28], "C can be at most 4, so it is set to 4")


def test_json_text_and_files(tmp_path):
    assert view.parse_json_text(json.dumps(small()), LIMITS) == specs.parse_spec(json.dumps(small()))
    with pytest.raises(SpecError, match="larger than"):
        view.parse_json_text(" " * (view.MAX_JSON_BYTES + 1), LIMITS)
    binary = tmp_path / "net.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SpecError, match="not a text file"):
        view.parse_json_file(str(binary), LIMITS)
    with pytest.raises(SpecError, match="no file"):
        view.parse_json_file(None, LIMITS)


def test_diagram_labels_in_a_row_keep_apart_at_the_narrowest_width():
    layers = [{"type": "ReLU"}] * 40 + [{"type": "Flatten"}, {"type": "Linear", "out_features": 10}]
    fig = network_diagram(summarize({"input": [1, 28, 28], "layers": layers}))
    labels = fig.data[-1]
    lo, hi = fig.layout.xaxis.range
    px = (DIAGRAM_MIN_PX - 20) / (hi - lo)  # px per x unit where the figure is narrowest
    rows: dict[float, list[tuple[float, float]]] = {}
    for x, y, text in zip(labels.x, labels.y, labels.text):
        width = 7 * max(len(re.sub("<[^>]+>", "", part)) for part in text.split("<br>"))  # 11 px text: < 7 px a char
        rows.setdefault(round(y, 6), []).append(((x - lo) * px - width / 2, (x - lo) * px + width / 2))
    assert 2 <= len(rows) <= 3  # staggered, as few rows as fit
    for spans in rows.values():
        assert all(right <= next_left for (_, right), (next_left, _) in zip(spans, spans[1:]))
        assert all(0 <= left and right <= (hi - lo) * px for left, right in spans)
    assert 20 <= len(labels.x) <= 43  # most blocks keep a label; the hover names every one


def test_exports_explain_errors_instead_of_code():
    broken = {"input": [1, 28, 28], "layers": [{"type": "MaxPool2d", "kernel_size": 64}]}
    code, script, json_text, ok = view.exports(broken, summarize(broken))
    assert not ok and code.startswith("# Fix the network") and json.loads(json_text)["layers"][0]["type"] == "MaxPool2d"
    code, _, _, ok = view.exports(small(), summarize(small()))
    assert ok and "class" in code and "nn.Conv2d(1, 4" in code
