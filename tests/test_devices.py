"""The two contexts every model runs under: ``evaluating`` (eval mode, no autograd, modes restored) and
``autocast`` (mixed precision in a given dtype, nothing at all for fp32)."""

import contextlib

import pytest
import torch
from torch import nn

from playground.devices import autocast, evaluating


def net() -> nn.Sequential:
    return nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.BatchNorm1d(8), nn.Linear(8, 2))


@pytest.mark.parametrize("inference", [False, True])
def test_evaluating_turns_gradients_and_training_off_and_gives_both_back(inference):
    model = net().train()
    model[2].eval()  # a part frozen in eval inside a training model
    x = torch.randn(16, 4)
    with evaluating(model, inference=inference) as inside:
        assert inside is model
        assert not any(m.training for m in model.modules())
        assert not torch.is_grad_enabled() and torch.is_inference_mode_enabled() is inference
        out = model(x)
        assert not out.requires_grad
        assert torch.equal(out, model(x))  # no dropout: the same answer twice
    assert torch.is_grad_enabled() and not torch.is_inference_mode_enabled()
    assert [m.training for m in model.modules()] == [True, True, True, False, True]  # each module's own mode


def test_evaluating_restores_an_eval_model_and_restores_after_an_error():
    model = net().eval()
    with evaluating(model):
        pass
    assert not any(m.training for m in model.modules())
    model.train()
    with pytest.raises(RuntimeError), evaluating(model):
        raise RuntimeError("boom")
    assert all(m.training for m in model.modules()) and torch.is_grad_enabled()


def test_evaluating_inside_no_grad_leaves_it_off():
    model = net()
    with torch.no_grad():
        with evaluating(model):
            pass
        assert not torch.is_grad_enabled()


def test_autocast_computes_in_the_dtype_asked_for():
    layer = nn.Linear(4, 4)
    x = torch.randn(2, 4)
    with autocast(torch.device("cpu"), torch.bfloat16):
        assert layer(x).dtype == torch.bfloat16
        assert torch.is_autocast_enabled("cpu") and torch.get_autocast_dtype("cpu") == torch.bfloat16
    with autocast("cpu", torch.bfloat16):  # a device string works too
        assert layer(x).dtype == torch.bfloat16
    assert not torch.is_autocast_enabled("cpu")


def test_autocast_for_fp32_is_no_context_at_all():
    context = autocast(torch.device("cpu"), None)
    assert isinstance(context, contextlib.nullcontext)
    with context:
        assert nn.Linear(4, 4)(torch.randn(2, 4)).dtype == torch.float32
