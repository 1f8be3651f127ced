"""Activations: derivatives equal autograd's (computed independently), the neuron, softmax and vanishing gradients."""

import math

import pytest
import torch

from playground.basics.activations import (NEURON_ACTIVATIONS, NOTES, BasicsError, curve, max_derivative, neuron,
                                           softmax, vanishing, vanishing_table)
from playground.errors import UserError


def plain(exc: pytest.ExceptionInfo) -> str:
    """The message of a caught error, checked to be a plain sentence (no class names, no traceback)."""
    assert isinstance(exc.value, UserError)
    message = str(exc.value)
    assert message and "Error" not in message and "Tensor" not in message and "\n" not in message
    return message


@pytest.mark.parametrize("name", list(NEURON_ACTIVATIONS))
def test_derivatives_equal_an_independent_autograd_computation(name):
    z = torch.linspace(-6, 6, 241, dtype=torch.float64)  # step 0.05, 0 included
    values, slopes = curve(name, z)
    leaf = z.clone().requires_grad_(True)
    out = NEURON_ACTIVATIONS[name](leaf)
    # every output depends on its own input only, so the gradient of the sum is the elementwise derivative
    (expected,) = torch.autograd.grad(out.sum(), leaf)
    assert values.shape == slopes.shape == z.shape and slopes.dtype == torch.float64
    torch.testing.assert_close(values, out.detach(), rtol=0, atol=1e-12)
    torch.testing.assert_close(slopes, expected, rtol=0, atol=1e-12)


def test_known_slopes_and_names_are_case_insensitive():
    z = torch.tensor([-2.0, 0.0, 3.0])
    assert curve("relu", z)[1].tolist() == [0.0, 0.0, 1.0]
    assert curve("SIGMOID", torch.zeros(1))[1].item() == pytest.approx(0.25)
    assert curve("LeakyReLU", z)[1].tolist() == pytest.approx([0.01, 0.01, 1.0])


def test_every_activation_has_a_note():
    assert set(NOTES) == set(NEURON_ACTIVATIONS)
    assert all(note.endswith(".") and len(note) > 40 for note in NOTES.values())


@pytest.mark.parametrize("name", ["tanh", "Sigmoid", "relu", "GELU"])
def test_neuron(name):
    out = neuron(0.5, -1.0, 2.0, 0.25, 0.1, name)
    z = torch.tensor(2.0 * 0.5 + 0.25 * -1.0 + 0.1, dtype=torch.float64, requires_grad=True)
    a = {"tanh": torch.tanh, "Sigmoid": torch.sigmoid, "relu": torch.relu, "GELU": torch.nn.functional.gelu}[name](z)
    (slope,) = torch.autograd.grad(a, z)
    assert out == pytest.approx({"z": 0.85, "a": a.item(), "derivative": slope.item()}, abs=1e-12)


def test_softmax_sums_to_one_and_temperature_sharpens_or_flattens():
    logits = [2.0, 1.0, 0.1, -3.0]
    base = softmax(logits)
    assert sum(base) == pytest.approx(1.0) and base == sorted(base, reverse=True)
    sharp, flat = softmax(logits, 0.2), softmax(logits, 5.0)
    assert sum(sharp) == pytest.approx(1.0) and sum(flat) == pytest.approx(1.0)
    assert sharp[0] > base[0] > flat[0] and sharp[-1] < base[-1] < flat[-1]
    entropy = [-sum(p * math.log(p) for p in probs if p > 0) for probs in (sharp, base, flat)]
    assert entropy[0] < entropy[1] < entropy[2]
    assert softmax(logits, 1e-300) == [1.0, 0.0, 0.0, 0.0]  # a tiny temperature: argmax, no NaN
    assert softmax(logits, 1e300) == pytest.approx([0.25] * 4)
    as_tensor = torch.tensor(logits, dtype=torch.float64)
    torch.testing.assert_close(torch.tensor(base, dtype=torch.float64), torch.softmax(as_tensor, 0))


@pytest.mark.parametrize("logits, temperature, words", [
    ([], 1.0, "1 to 20"), ([0.0] * 21, 1.0, "1 to 20"), ([1.0, float("nan")], 1.0, "finite"),
    ([1.0, float("inf")], 1.0, "finite"), (["a"], 1.0, "number"), ([True, 1.0], 1.0, "number"),
    ([1.0, 10**400], 1.0, "finite"), ([1.0], 0.0, "above 0"), ([1.0], -2.0, "above 0"), ([1.0], float("inf"), "finite"), ("1, 2", 1.0, "list"),
])
def test_softmax_refuses_bad_input_plainly(logits, temperature, words):
    with pytest.raises(BasicsError) as exc:
        softmax(logits, temperature)
    assert words in plain(exc)


def test_curve_and_neuron_refuse_bad_input_plainly():
    for call in (lambda: curve("swishy", torch.zeros(3)), lambda: curve("relu", [0.0, 1.0]),
                 lambda: curve("relu", torch.arange(3)), lambda: curve("relu", torch.tensor([float("nan")])),
                 lambda: curve("relu", torch.zeros(0)), lambda: neuron(1, 2, 3, 4, float("nan"), "relu"),
                 lambda: neuron(1, 2, 3, 4, 5, "softplus"), lambda: neuron(True, 2, 3, 4, 5, "relu"),
                 lambda: neuron(1e308, 1e308, 1e308, 1e308, 0, "relu")):
        with pytest.raises(BasicsError) as exc:
            call()
        plain(exc)


def test_vanishing_sigmoid_against_relu():
    assert max_derivative("sigmoid") == pytest.approx(0.25)
    assert max_derivative("tanh") == pytest.approx(1.0)
    assert vanishing("sigmoid", 10) == pytest.approx([0.25**n for n in range(1, 11)])
    table = vanishing_table(["sigmoid", "relu", "tanh"], 20)
    assert list(table) == ["Sigmoid", "ReLU", "Tanh"]
    assert table["ReLU"] == [1.0] * 20 and table["Sigmoid"][-1] < 1e-11
    assert vanishing("GELU", 3)[0] > 1.0  # GELU's slope peaks above 1
    for bad in (0, 101, True, 2.5):
        with pytest.raises(BasicsError) as exc:
            vanishing("relu", bad)
        plain(exc)
    with pytest.raises(BasicsError):
        vanishing_table([], 3)
