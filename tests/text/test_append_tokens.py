"""A click on a next token appends it as the model's own tokenizer writes text: a char or BPE session model's token
exactly as it is (a character, a byte-level piece that carries its own space), a word model's word with the word
tokenizer's spacing. On the shipped books (read from the copies that ship with the app)."""

from __future__ import annotations

import pytest

from playground.text import store
from playground.text.corpus import load_corpus
from playground.text.models import LMConfig, build_lm
from playground.text.tokenize import make_tokenizer
from playground.views import text as text_views


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> str:
    """The first 200,000 characters of the shipped English book (no download: the copy in the app's assets)."""
    return load_corpus("en", tmp_path_factory.mktemp("data"), download=False).text[:200_000]


def session_model(kind: str, text: str) -> store.LanguageModel:
    tok = make_tokenizer(kind, text, **({"vocab_size": 600} if kind == "bpe" else {}))
    cfg = LMConfig(arch="gru", vocab_size=tok.vocab_size, n_layer=1, n_embd=32)
    return store.LanguageModel(build_lm(cfg, seed=0), tok, cfg, {"corpus": "en"})


@pytest.mark.parametrize("kind", ["char", "bpe"])
def test_a_clicked_token_of_a_char_or_bpe_model_is_written_as_its_tokenizer_writes_it(book, kind):
    own = session_model(kind, book)
    tok = own.tokenizer
    ids = tok.encode(book[50_000:51_000])
    for n in range(5, len(ids), 37):  # the book cut after n tokens: clicking the book's next token writes on the book
        prompt = tok.decode(ids[:n])
        assert text_views.appended(prompt, tok.id_to_token(ids[n]), "session", own) == tok.decode(ids[:n + 1])
    # and what the page offers: each choice appends exactly its text
    prompt = tok.decode(ids[:40])
    words, _ = text_views.next_words(own, prompt, 20)
    for _, value in text_views.append_choices(words):
        assert text_views.appended(prompt, value, "session", own) == prompt + value


def test_char_and_bpe_write_what_the_word_tokenizer_would_space_apart(book):
    char, bpe = session_model("char", book), session_model("bpe", book)
    assert text_views.appended("the ca", "t", "session", char) == "the cat"  # a word goes on, no space
    the = [t for t in (bpe.tokenizer.id_to_token(i) for i in range(bpe.tokenizer.vocab_size)) if t == " the"]
    assert the, "the BPE learned ' the' from the book"
    assert text_views.appended("The cat sat on", " the", "session", bpe) == "The cat sat on the"  # one space
    word = session_model("word", book)  # a word model keeps the word tokenizer's spacing
    assert text_views.appended("the cat", "sat", "session", word) == "the cat sat"
    assert text_views.appended("the cat", ",", "session", word) == "the cat,"
    assert text_views.appended("the cat", "sat", "en-lstm") == "the cat sat"  # shipped models are word models
