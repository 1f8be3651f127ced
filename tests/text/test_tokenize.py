"""Tokenizers on the real books: round trips, Spanish punctuation and accents, unknown words,
JSON storage (through real safetensors metadata), and bits per character."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

from playground.errors import UserError
from playground.text.tokenize import (
    CharTokenizer,
    Tokenizer,
    TokenizerError,
    WordTokenizer,
    bits_per_char,
    make_tokenizer,
)
from tests.text import bpe, corpus, halves, word_level


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("key", ["en", "es"])
def test_char_round_trip_is_exact(key):
    # The alphabet comes from the whole book, as nanoGPT does: Don Quijote's last tenth has an "ù"
    # its first nine tenths lack, so an alphabet of the training part alone cannot read validation.
    parts = halves(key)
    tok = CharTokenizer.train(corpus(key).text)
    assert tok.kind == "char" and tok.unk_id is None
    assert tok.decode(tok.encode(parts.val)) == parts.val
    assert tok.tokens("ab") == ["a", "b"] and tok.chars_per_token(parts.val) == 1.0
    assert tok.vocab == sorted(set(corpus(key).text))
    assert CharTokenizer.train(parts.train).unknown_tokens(parts.val) == ([] if key == "en" else ["ù"])


def test_char_tokenizer_names_the_characters_it_never_saw():
    tok = CharTokenizer.train(halves("en").train)  # Shakespeare has no ñ
    assert tok.is_known("e") and not tok.is_known("ñ")
    with pytest.raises(TokenizerError, match="'¿ñ'") as caught:
        tok.encode("¿mañana?")
    assert isinstance(caught.value, UserError)


@pytest.mark.parametrize("key", ["en", "es"])
def test_bpe_round_trip_is_exact(key):
    tok = bpe(key)
    parts = halves(key)
    assert tok.kind == "bpe" and tok.unk_id is None and tok.vocab_size == 2000
    assert tok.decode(tok.encode(parts.val)) == parts.val
    assert 2.0 < tok.chars_per_token(parts.val) < 6.0  # merges learned: far fewer tokens than characters
    assert tok.is_known("anything at all")


def test_bpe_tokens_show_the_text_they_stand_for():
    tok = bpe("en")
    prompt = "ROMEO:\nBut soft, what light through yonder window breaks?"
    pieces = tok.tokens(prompt)
    assert "".join(pieces) == prompt
    assert len(pieces) == len(tok.encode(prompt)) < len(prompt)
    assert tok.decode(tok.encode("¿Qué tal, señor? 🙂")) == "¿Qué tal, señor? 🙂"  # bytes it never saw still work


def test_word_round_trip_equals_the_lower_cased_text_modulo_spacing():
    text = halves("en").val
    tok = WordTokenizer.train(text, min_freq=1)  # every word known
    assert _no_space(tok.decode(tok.encode(text))) == _no_space(WordTokenizer.normalize(text))
    assert WordTokenizer.normalize("Don’t") == "don't"


def test_word_decode_writes_punctuation_the_way_it_is_written():
    tok, _, _ = word_level("en")
    assert tok.decode(tok.encode("Hear me, good sir! What say you?")) == "hear me, good sir! what say you?"
    assert tok.decode(tok.encode("First Citizen:\nBefore we proceed.\n\nAll:\nSpeak.")) == \
        "first citizen: before we proceed.\n\nall: speak."
    es, _, _ = word_level("es")
    assert es.decode(es.encode("¿Qué dices, hermano? ¡Señor!")) == "¿qué dices, hermano? ¡señor!"
    assert es.decode(es.encode("—Calla (dijo don Quijote); «no más».")) == "—calla (dijo don quijote); «no más»."


@pytest.mark.parametrize("key", ["en", "es"])
def test_word_ids_of_real_text_keep_known_words_and_mark_the_rest(key):
    tok, _, val_ids = word_level(key)
    words = WordTokenizer.split(halves(key).val)
    assert [tok.id_to_token(i) for i in val_ids] == [w if tok.is_known(w) else "<unk>" for w in words]
    assert 0.01 < val_ids.count(tok.unk_id) / len(val_ids) < 0.1  # min_freq=2 leaves a few percent unknown


def test_spanish_accents_and_inverted_marks_stay():
    tok, _, _ = word_level("es")
    assert tok.tokens("¿Qué dices, Sancho? ¡Señor!") == ["¿", "qué", "dices", ",", "sancho", "?", "¡", "señor", "!"]
    assert all(tok.is_known(t) for t in ["¿", "¡", "qué", "señor", "sancho", "niño", "allí"])
    prompt = "El gato se sentó en el"
    assert tok.tokens(prompt) == ["el", "gato", "se", "sentó", "en", "el"]
    assert tok.unk_id not in tok.encode(prompt)
    assert tok.decode(tok.encode(prompt)) == "el gato se sentó en el"


def test_unknown_words_are_detected_and_map_to_unk():
    tok, _, _ = word_level("en")
    assert tok.unk_id == 0 and tok.id_to_token(0) == "<unk>" and tok.id_to_token(1) == "<p>"
    assert tok.is_known("the") and tok.is_known("THE") and not tok.is_known("smartphone")
    ids = tok.encode("The smartphone rings; we know't.")
    assert ids[1] == tok.unk_id and ids.count(tok.unk_id) == 1
    assert tok.tokens("we know't") == ["we", "know't"]
    assert tok.unknown_tokens("The smartphone and the telegraph, the smartphone") == ["smartphone", "telegraph"]


def test_word_vocabulary_is_ordered_by_frequency_and_respects_the_limits():
    text = halves("en").train
    counts = Counter(WordTokenizer.split(text))
    tok = WordTokenizer.train(text, min_freq=2)
    freqs = [counts[w] for w in tok.vocab[2:]]
    assert freqs == sorted(freqs, reverse=True) and min(freqs) == 2
    assert tok.vocab[2] == counts.most_common(1)[0][0]
    assert len(tok.vocab) == 2 + sum(1 for c in counts.values() if c >= 2) - (1 if "<p>" in counts else 0)
    small = WordTokenizer.train(text, max_vocab=100)
    assert small.vocab_size == 100 and small.vocab == tok.vocab[:100]


def test_json_round_trips_through_safetensors_metadata(tmp_path):
    val = halves("es").val[:20_000]
    word, _, _ = word_level("es")
    tokenizers = [word, CharTokenizer.train(halves("es").train), bpe("es")]
    path = tmp_path / "lm.safetensors"
    save_file({"w": np.zeros(1, dtype=np.float32)}, str(path),
              metadata={t.kind: t.to_json() for t in tokenizers})
    with safe_open(str(path), "np") as f:
        meta = f.metadata()
    assert load_file(str(path))["w"].shape == (1,)
    for tok in tokenizers:
        again = Tokenizer.from_json(meta[tok.kind])
        assert type(again) is type(tok) and again.vocab_size == tok.vocab_size
        assert again.encode(val) == tok.encode(val)
        assert again.decode(tok.encode(val)) == tok.decode(tok.encode(val))
    with pytest.raises(TokenizerError, match="damaged"):
        Tokenizer.from_json("{not json")
    with pytest.raises(TokenizerError, match="unknown kind"):
        Tokenizer.from_json('{"kind": "sentencepiece"}')


def test_make_tokenizer_builds_each_kind():
    text = halves("en").train[:200_000]
    assert make_tokenizer("word", text, min_freq=3).kind == "word"
    assert make_tokenizer("char", text).vocab_size == len(set(text))
    assert make_tokenizer("bpe", text, vocab_size=500).vocab_size == 500
    with pytest.raises(TokenizerError, match="choose one of: word, char, bpe"):
        make_tokenizer("sentencepiece", text)


def test_bits_per_char_converts_nats_per_token():
    assert bits_per_char(2.0, 10, 20) == pytest.approx(1 / math.log(2))
    # a character model's loss in nats per character is bits per character times ln 2
    assert bits_per_char(1.2, 1000, 1000) == pytest.approx(1.2 / math.log(2))
    # the same total loss spread over fewer, longer tokens gives the same bits per character
    text = corpus("en").text[:50_000]
    tok = bpe("en")
    n = len(tok.encode(text))
    total_nats = 1.5 * len(text) * math.log(2)
    assert bits_per_char(total_nats / n, n, len(text)) == pytest.approx(1.5)
