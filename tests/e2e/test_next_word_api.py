"""The Next-word API through gradio_client: next_word and generate_text, on the shipped models."""

import pytest
from gradio_client.exceptions import AppError

from playground.text import store
from playground.text.sample import next_token_probs, top_k


@pytest.mark.parametrize("name", store.SHIPPED)
def test_next_word_matches_the_model_computed_here(client, name):
    prompt = "El gato se sentó en el" if name.startswith("es") else "What is thy name"
    words = client.predict(prompt, name, 5, api_name="/next_word")
    assert [set(w) for w in words] == [{"word", "probability"}] * 5
    probs = [w["probability"] for w in words]
    assert probs == sorted(probs, reverse=True) and sum(probs) <= 1.0
    lm = store.shipped(name)
    local = top_k(next_token_probs(lm.model, lm.tokenizer.encode(prompt)), 5)
    assert [w["word"] for w in words] == [lm.tokenizer.id_to_token(i) for i, _ in local]
    assert probs == pytest.approx([p for _, p in local], abs=1e-5)


def test_generate_text_repeats_with_the_same_seed(client):
    args = ("To be, or not to be", "en-lstm", 30, 0.9, 40, 0.95)
    a = client.predict(*args, 7, api_name="/generate_text")
    b = client.predict(*args, 7, api_name="/generate_text")
    c = client.predict(*args, 8, api_name="/generate_text")
    assert a == b and a != c and len(a.split()) >= 10


@pytest.mark.parametrize("prompt, model, k, message", [
    ("", "es-lstm", 5, "type a few words"),
    ("hola", "session", 5, "no model of its own"),
    ("hola", "gpt-4", 5, "unknown model"),
    ("hola", "es-lstm", 0, "k must be between"),
])
def test_bad_requests_get_plain_messages(client, prompt, model, k, message):
    with pytest.raises(AppError, match=f"(?i){message}"):
        client.predict(prompt, model, k, api_name="/next_word")


def test_huge_and_unknown_prompts_still_answer(client):
    assert len(client.predict("palabra " * 12_500, "es-transformer", 3, api_name="/next_word")) == 3  # 100,000 chars
    assert len(client.predict("qwxz vbnm", "es-lstm", 3, api_name="/next_word")) == 3  # only unknown words
    with pytest.raises(AppError, match="(?i)length must be between"):
        client.predict("hola", "es-lstm", 10_000, 1.0, 0, 1.0, 0, api_name="/generate_text")
