"""A click on a Hub model's next token appends exactly the token's own text (``tokenizer.decode([id])``): a piece
that starts a word brings its space, one that continues a word ("s" after "cat") has none. The toys keep their
word gluing. On the tiny Hub models, checked against transformers itself."""

from __future__ import annotations

import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from playground.hub import tiny
from playground.views import text as text_views

PROMPT = "The cat sat on the"


def reference(hub_home, repo: str, prompt: str, k: int) -> list[tuple[str, float]]:
    """transformers' own k likeliest next tokens: (decode([id]), probability)."""
    folder = tiny.snapshot(hub_home, repo)
    tok, model = AutoTokenizer.from_pretrained(folder), AutoModelForCausalLM.from_pretrained(folder).eval()
    with torch.no_grad():
        probs = torch.softmax(model(**tok(prompt, return_tensors="pt")).logits[0, -1].float(), -1)
    best = torch.topk(probs, k)
    return [(tok.decode([int(i)]), float(p)) for p, i in zip(best.values, best.indices)]


@pytest.mark.parametrize("repo", [tiny.GPT2, tiny.LLAMA])
def test_a_clicked_token_appends_its_own_text(offline_hub, repo):
    name = f"hf:{repo}"
    lm = text_views.resolve(name, None)
    words, _ = text_views.next_words(lm, PROMPT, 60)
    expected = reference(offline_hub, repo, PROMPT, 60)
    assert [w["text"] for w in words] == [text for text, _ in expected]
    assert [w["probability"] for w in words] == pytest.approx([p for _, p in expected], abs=1e-4)
    assert [w["word"] for w in words] == [text.strip() for text, _ in expected]  # the bars' and the API's words
    choices = text_views.append_choices(words)
    assert [value for _, value in choices] == list(dict.fromkeys(w["text"] for w in words))
    for _, value in choices:
        assert text_views.appended(PROMPT, value, name) == PROMPT + value
    starts = [v for _, v in choices if v[:1] == " " and v.strip()]  # " cat": a new word, its space its own
    inside_word = [v for _, v in choices if v[:1].isalnum()]  # "s": the last word goes on
    assert starts and inside_word, choices
    assert text_views.appended("The cat", inside_word[0], name) == "The cat" + inside_word[0]  # no space added
    assert text_views.appended("The cat", starts[0], name) == "The cat" + starts[0]  # one space, not two


def test_a_piece_without_a_space_continues_the_word_a_toys_word_does_not(offline_hub):
    lm = text_views.resolve(f"hf:{tiny.GPT2}", None)
    s_id = lm.tokenizer.convert_tokens_to_ids("s")
    assert lm.tokenizer.decode([s_id]) == "s"
    assert text_views.appended("cat", lm.tokenizer.decode([s_id]), f"hf:{tiny.GPT2}") == "cats"
    space_cat = lm.tokenizer(" cat", add_special_tokens=False)["input_ids"]
    assert text_views.appended("The", lm.tokenizer.decode(space_cat), f"hf:{tiny.GPT2}") == "The cat"
    # the shipped word-level models glue words as their tokenizer writes text
    assert text_views.appended("the cat", "s", "en-lstm") == "the cat s"
    assert text_views.appended("the cat ", "sat", "en-lstm") == "the cat sat"
    assert text_views.appended("the cat", ",", "es-lstm") == "the cat,"
    assert text_views.appended("¿", "qué", "es-transformer") == "¿qué"
    assert text_views.appended("the end. ", "<p>", "session") == "the end.\n\n"
