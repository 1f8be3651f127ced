"""Look inside fits the chosen model, on the shipped models and a real prompt: the controls' ranges come from the
model's config and the gate list from the core; a view that does not apply gives a note, not an error; the gate
view shows a summary a learner can read, the full heatmap on demand."""

import numpy as np
import pytest

from playground.text import store
from playground.text.inside import recurrent_internals
from playground.views import text as text_views

PROMPT = "To be, or not to be, that is the question"


@pytest.mark.parametrize("name", store.SHIPPED)
def test_the_controls_follow_the_model(name):
    lm = store.shipped(name)
    fit = text_views.inside_fit(lm)
    assert fit["layers"] == lm.config.n_layer
    gates = [value for _, value in fit["gates"]]
    if lm.config.arch == "transformer":
        assert fit["heads"] == lm.config.n_head and gates == [] and "transformer" in fit["note"]
    else:  # the LSTM's own gates: no GRU reset gate offered
        assert fit["heads"] == 0 and gates == list(recurrent_internals(lm.model, [1, 2]))
        assert "r" not in gates and "f" in gates


def test_views_that_do_not_apply_give_a_note_instead_of_an_error():
    figure, note = text_views.inside_view(store.shipped("en-transformer"), "gates", PROMPT, "f", 1)
    assert figure is None and "Gates and states belong to recurrent networks" in note
    figure, note = text_views.inside_view(store.shipped("en-lstm"), "attention", PROMPT, 1, 1)
    assert figure is None and "Attention and positions belong to transformers" in note
    figure, note = text_views.inside_view(store.shipped("en-transformer"), "attention", PROMPT, 4, 4)
    assert note == "" and np.asarray(figure.data[0].z).shape[0] == len(store.shipped("en-transformer")
                                                                         .tokenizer.encode(PROMPT))


def test_the_gate_view_summarises_and_shows_every_unit_on_demand():
    lm = store.shipped("en-lstm")
    values = recurrent_internals(lm.model, lm.tokenizer.encode(PROMPT))["f"][1].numpy()  # layer 2: (T, H)
    summary, _ = text_views.inside_view(lm, "gates", PROMPT, "f", 2)
    z = np.asarray(summary.data[0].z)
    assert z.shape == (1 + text_views.SUMMARY_UNITS, values.shape[0])  # the mean, then a few units
    assert np.allclose(z[0], values.mean(axis=1), atol=1e-6)  # the mean of all units, per token
    assert summary.data[0].y[0] == f"mean of all {values.shape[1]}"
    unit = int(summary.data[0].y[1].split()[-1])
    assert np.allclose(z[1], values[:, unit], atol=1e-6)
    assert values[:, unit].std() == pytest.approx(values.std(axis=0).max(), rel=1e-5)  # the unit that moves most
    assert "0 = forget" in summary.layout.title.text  # how to read the colours
    full, _ = text_views.inside_view(lm, "gates", PROMPT, "f", 2, True)
    assert np.asarray(full.data[0].z).shape == (values.shape[1], values.shape[0])
