"""A pasted paragraph trains with the defaults: the vocabulary and the context adapt to the text's size and say
so, validation is never too small to score, and a result with many rare words says so and scores the known words."""

import dataclasses

import pytest

from playground.text.corpus import CorpusError
from playground.text.data import MIN_CONTEXT, MIN_VAL_WINDOWS, TOKENIZER_OPTIONS, own_text
from playground.text.job import Budget, train_models
from playground.text.models import LMConfig
from playground.text.train import eval_windows, evaluate_lm
from playground.views import lm_training as lm_views
from tests.text import corpus


def paragraph(key: str, words: int, start: int = 2000) -> str:
    """About ``words`` words of the real book, as a person would paste them."""
    return " ".join(corpus(key).text.split(" ")[start:start + words])


def test_a_pasted_paragraph_keeps_its_words_and_says_how_it_adapted():
    data = own_text(paragraph("en", 75), "word")
    assert any("seen at least once" in note for note in data.notes)  # minimum frequency 1, not the books' 3
    assert any("last fifth" in note for note in data.notes)
    # every word of the training part has its own id: nothing in training reads as <unk>
    assert int((data.train_ids == data.tokenizer.unk_id).sum()) == 0
    block, note = data.fit_context(64)  # the tab's default context
    assert MIN_CONTEXT <= block < 64 and f"from 64 to {block} tokens" in note
    assert len(eval_windows(data.val_ids, block)[0]) >= MIN_VAL_WINDOWS  # validation scores it
    assert data.fit_context(block) == (block, "")


def test_a_book_keeps_the_usual_vocabulary_and_context():
    data = own_text(corpus("en").text, "word")  # a whole book pasted behaves like the built-in one
    assert data.notes == () and data.unk_share < lm_views.RARE_SHARE
    assert data.fit_context(64) == (64, "")
    assert TOKENIZER_OPTIONS["word"]["min_freq"] == 3
    middle = own_text(corpus("en").text[:200_000], "word")  # 40,000 words: words seen twice are kept
    assert any("seen at least 2 times" in note for note in middle.notes)


def test_too_little_validation_text_says_how_much_more_is_needed():
    data = own_text(paragraph("es", 80), "word")
    starved = dataclasses.replace(data, val_ids=data.val_ids[:MIN_VAL_WINDOWS * MIN_CONTEXT - 2])
    with pytest.raises(CorpusError, match=r"needs at least \d+\. Add about [\d,]+ more words"):
        starved.fit_context(64)


def test_training_on_a_paragraph_reports_rare_words_and_the_known_word_perplexity():
    data = own_text(paragraph("en", 75), "word")
    cfg = LMConfig(arch="lstm", vocab_size=data.tokenizer.vocab_size, n_layer=1, n_embd=32, block_size=64,
                   dropout=0.0)
    result = list(train_models(data, [cfg], Budget(steps=10, lr=1e-2), "cpu", lambda: False, 10**7, 60))[-1]
    assert result.config.block_size == data.fit_context(64)[0]  # trained with the context the text allows
    assert any("context was shortened" in note for note in result.notes)
    # the known-word perplexity is the model's own over the targets that are not <unk>
    windows = eval_windows(data.val_ids, result.config.block_size)
    again = evaluate_lm(result.model.model, windows, data.chars_per_token, unk_id=data.tokenizer.unk_id)
    assert again.known_perplexity == pytest.approx(result.scores.known_perplexity, rel=1e-5)
    assert 0 < again.known_tokens < again.tokens  # some validation words were rare, some known
    note = lm_views.result_note(result, data, "word")
    assert data.unk_share >= lm_views.RARE_SHARE
    assert f"{data.unk_share:.0%} of the words were too rare to learn" in note
    assert f"{result.scores.known_perplexity:.1f} over the known words only" in note
    assert "context was shortened" in note and "seen at least once" in note
