"""The neuron panel's sum written out: negatives after an operator in brackets, with a true minus sign."""

from playground.basics import activations as act
from playground.views.basics import neuron_markdown, signed


def test_negative_numbers_are_bracketed_after_an_operator():
    out = act.neuron(1.0, -0.5, 0.8, 1.2, 0.1, "Sigmoid")
    text = neuron_markdown(1.0, -0.5, 0.8, 1.2, 0.1, "Sigmoid", out)
    assert "= 0.8·1 + 1.2·(−0.5) + 0.1 = **0.3**" in text
    assert "·-" not in text and "+ -" not in text
    out = act.neuron(-2.0, 1.5, -0.3, -1.0, -0.25, "ReLU")
    text = neuron_markdown(-2.0, 1.5, -0.3, -1.0, -0.25, "ReLU", out)
    assert "= −0.3·(−2) + (−1)·1.5 + (−0.25) = **−1.15**" in text  # the first number needs no brackets
    assert signed(2.5) == "2.5" and signed(-2.5, bracket=False) == "−2.5"
