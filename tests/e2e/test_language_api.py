"""The public API is language-neutral: the same names and keys in any language; its error messages follow the
client's Accept-Language (Spanish for "es"), English when the client sends none."""

from __future__ import annotations

import json

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from playground.basics import backprop
from playground.errors import UserError
from playground.views.common import sentence


def refusal(client: Client, text: str) -> str:
    with pytest.raises(AppError) as info:
        client.predict(text, api_name="/backprop_step")
    return str(info.value)


def expected(text: str, lang: str) -> str:
    """The message the core gives for this request, in ``lang``."""
    try:
        backprop.backprop_step_json(text)
    except UserError as exc:
        return sentence(exc.message(lang))  # as the page says it: one sentence
    raise AssertionError("the request was accepted")


@pytest.mark.parametrize("text", ["{not json", '{"x": [1, 2]}'])
def test_an_api_error_follows_the_clients_language(app_url, text):
    english, spanish = expected(text, "en"), expected(text, "es")
    assert english != spanish
    said = refusal(Client(app_url, verbose=False, headers={"Accept-Language": "es-ES,es;q=0.9"}), text)
    assert spanish.rstrip(".") in said
    said = refusal(Client(app_url, verbose=False), text)  # no language asked: English
    assert english.rstrip(".") in said
    said = refusal(Client(app_url, verbose=False, headers={"Accept-Language": "fr, en;q=0.5"}), text)
    assert english.rstrip(".") in said


def test_the_api_answers_the_same_in_any_language(app_url):
    request = json.dumps({"x": [1, 2], "y": 1, "w1": [[1, 2], [3, 4]], "b1": [0, 0], "w2": [1, 1], "b2": 0,
                          "activation": "relu", "loss": "mse", "lr": 0.1})
    answers = [Client(app_url, verbose=False, headers=headers).predict(request, api_name="/backprop_step")
               for headers in ({"Accept-Language": "es"}, {})]
    assert answers[0] == answers[1]
    es = Client(app_url, verbose=False, headers={"Accept-Language": "es"}).view_api(return_format="dict")
    en = Client(app_url, verbose=False).view_api(return_format="dict")
    assert es == en  # the same endpoints, parameter names and types
