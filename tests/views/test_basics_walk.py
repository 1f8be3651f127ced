"""The Basics tab's small actions as the core computes them and the views name them: the softmax of typed scores,
the backprop walk's stages (clamped, gradients from the backward stage on), taking the update, training
``TRAIN_STEPS`` steps and random weights; each checked against the core's own numbers or autograd."""

import random

import pytest
import torch

from playground.basics import activations as act
from playground.basics import backprop as bp
from playground.basics import backprop_explain as bx
from playground.errors import UserError
from playground.views import basics as bv

BOXES = (1.0, 0.5, 1.0, "sigmoid", "mse", 0.5, 0.15, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.6)  # the tab's defaults


def test_typed_scores_are_read_and_their_softmax_matches_torch():
    assert act.parse_logits("2.0, 1.0; 0.1, -1 ,") == [2.0, 1.0, 0.1, -1.0]
    fig = bv.softmax_view("2, 1, 0.1", 0.5)
    want = torch.softmax(torch.tensor([2.0, 1.0, 0.1], dtype=torch.float64) / 0.5, 0).tolist()
    assert list(fig.data[0].y) == pytest.approx(want)
    with pytest.raises(UserError, match="separated by commas"):
        act.parse_logits("2, one")


def test_the_boxes_make_the_network_and_an_empty_weight_is_refused():
    net = bp.from_controls(*BOXES)
    assert net.x == (1.0, 0.5) and net.w1 == ((0.15, 0.2), (0.25, 0.3)) and net.b2 == 0.6 and net.lr == 0.5
    with pytest.raises(UserError, match="every weight needs a number"):
        bp.from_controls(*BOXES[:6], None, *BOXES[7:])


@pytest.mark.parametrize("index, move, shown", [(0, -1, 0), (0, 1, 1), (1, 1, 2), (3, 1, 3), (9, 0, 3)])
def test_the_walk_stays_within_its_stages_and_shows_gradients_from_the_backward_stage(index, move, shown):
    net = bp.from_controls(*BOXES)
    out = bv.walk_updates(net, index, 0.0, None, move)
    assert out["stage"] == shown and out["last"] == (shown == bx.STAGE_COUNT - 1)
    assert f"(stage {shown + 1} of {bx.STAGE_COUNT})" in out["stage_md"]
    backward = shown >= bx.BACKWARD_STAGE
    assert [t.name for t in out["graph"].data[1:]] == (["gradients"] if backward else []) + ["values", "nodes"]
    assert (out["check"].count("autograd agrees") == 9) if backward else out["check"] == ""


def test_taking_the_update_moves_each_weight_against_its_autograd_gradient():
    net = bp.from_controls(*BOXES)
    out = bv.applied_updates(net, 0.0, None)
    grads = bp.autograd_gradients(net)
    assert out["stage"] == 0 and out["velocity"] == pytest.approx(grads)
    want = [bv.weight_value(v - 0.5 * grads[name]) for name, v in bp.parameters(net).items()]
    assert out["weights"] == want
    moved = bp.from_controls(*BOXES[:6], *out["weights"])
    again, grads = bv.applied_updates(moved, 0.9, out["velocity"]), bp.autograd_gradients(moved)
    assert again["velocity"] == pytest.approx({k: 0.9 * out["velocity"][k] + grads[k] for k in grads})  # momentum


def test_training_runs_its_steps_and_leaves_the_trained_weights_in_the_boxes():
    net = bp.from_controls(*BOXES)
    out = bv.trained_updates(net, 0.0)
    losses, after = bp.train_run(net, bp.TRAIN_STEPS)
    assert len(out["train_plot"].data[0].y) == bp.TRAIN_STEPS + 1 == len(losses)
    assert list(out["train_plot"].data[0].y) == losses and losses[-1] < losses[0]
    assert out["weights"] == [bv.weight_value(v) for v in bp.parameters(after).values()]
    assert out["velocity"] is None and out["stage"] == 0


def test_random_weights_are_fresh_short_and_within_their_range():
    draws = [bp.random_weights() for _ in range(20)]
    assert len({tuple(d) for d in draws}) == 20 and all(len(d) == len(bp.PARAMS) for d in draws)
    assert all(-bp.RANDOM_WEIGHT <= w <= bp.RANDOM_WEIGHT and round(w, bp.RANDOM_DECIMALS) == w
               for d in draws for w in d)
    assert bp.random_weights(random.Random(3)) == bp.random_weights(random.Random(3))
    out = bv.random_updates()
    assert out["velocity"] is None and out["stage"] == 0 and len(out["weights"]) == 9
