"""What the Next-word tab's controls ask for, computed in the core and views (the tab only wires it): the text and
the network's shape, the parameter line before a run (the text's real vocabulary and context, else a guess), the
default run, a job's updates with the session's runs kept by text, the model as a file, and what a click or a model
change writes into the prompt. On the real books."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground import i18n
from playground.errors import UserError
from playground.text import store
from playground.text.data import TOKENIZER_OPTIONS
from playground.text.inside import GATES, SIGNED_GATES, first_gate, gates_for
from playground.text.job import (DEFAULT_RUN, Budget, ModelChoice, TextChoice, is_default_run, job_archs,
                                 size_plan, vocab_guess)
from playground.text.models import param_count
from playground.text.tokenize import KINDS, append_word
from playground.config import TrainLimits
from playground.views import lm_training as lm_views
from playground.views import text as text_views
from playground.views.live import EveryFrame
from tests.text import data_dir_with
from tests.text.test_small_text import paragraph

SMALL = ModelChoice("lstm", 1, 32, 4, 16, 0.0, True)
DEFAULT_MODEL = ModelChoice(DEFAULT_RUN["arch"], DEFAULT_RUN["n_layer"], DEFAULT_RUN["n_embd"], 4,
                            DEFAULT_RUN["block_size"], DEFAULT_RUN["dropout"], True)
DEFAULT_TEXT = TextChoice(DEFAULT_RUN["corpus"], DEFAULT_RUN["kind"])
DEFAULT_BUDGET = Budget.from_controls(DEFAULT_RUN["steps"], None, DEFAULT_RUN["lr"])


def test_a_recurrent_net_has_one_head_whatever_the_slider_says():
    assert SMALL.config(100).n_head == 1
    assert SMALL.config(100, arch="transformer").n_head == 4  # the same controls, compared with a transformer
    with pytest.raises(UserError):
        ModelChoice("transformer", 1, 30, 4, 16, 0.0, True).config(100)  # 4 heads do not divide 30


def test_before_a_text_is_read_the_vocabulary_is_guessed_per_tokenizer():
    assert [vocab_guess(kind) for kind in KINDS] == [5000, 100, TOKENIZER_OPTIONS["bpe"]["vocab_size"]]
    plan = size_plan(TextChoice("own", "char"), SMALL, "/nonexistent")  # nothing pasted yet
    assert (plan.vocab, plan.real, plan.notes, plan.problem) == (100, False, (), None)
    assert plan.params == param_count(SMALL.config(100))


def test_the_parameter_count_uses_the_books_vocabulary_and_a_too_short_texts_problem_is_said():
    data_dir = data_dir_with("es")
    plan = size_plan(TextChoice("es", "char"), SMALL, data_dir)
    vocab = TextChoice("es", "char").read(data_dir).tokenizer.vocab_size
    assert plan.real and plan.vocab == vocab and plan.params == param_count(SMALL.config(vocab))
    short = size_plan(TextChoice("own", "word", "too short"), SMALL, data_dir)
    assert not short.real and short.problem is not None and short.vocab == 5000
    line = lm_views.params_line(TextChoice("own", "word", "too short"), SMALL, data_dir, 10**7)
    assert line.startswith(f"**{param_count(SMALL.config(5000)):,} parameters**")
    assert "</abbr> about 5,000 until the text is read)" in line
    assert line.endswith(f"- ⚠ {short.problem.message()}") and "at least 50 words" in line


def test_a_pasted_paragraph_shortens_the_context_and_says_so():
    text = paragraph("en", 75)
    plan = size_plan(TextChoice("own", "word", text), DEFAULT_MODEL, "/nonexistent")
    assert plan.real and any("context was shortened from 64" in str(note) for note in plan.notes)
    with i18n.speaking("es"):
        line = lm_views.params_line(TextChoice("own", "word", text), DEFAULT_MODEL, "/nonexistent", 10**7)
    assert "parámetros" in line and "64" in line


def test_a_shape_that_cannot_be_built_says_why_in_the_parameter_line():
    bad = ModelChoice("transformer", 1, 30, 4, 16, 0.0, True)
    assert lm_views.params_line(TextChoice("own", "char"), bad, "/nonexistent", 10**7).startswith("⚠ ")


def test_train_runs_one_architecture_compare_two():
    assert job_archs("lstm", "gru", compare=False) == ["lstm"]
    assert job_archs("lstm", "gru", compare=True) == ["lstm", "gru"]
    assert job_archs("lstm", "lstm", compare=True) == ["lstm"]


def test_only_the_measured_defaults_are_the_default_run():
    assert is_default_run(DEFAULT_TEXT, DEFAULT_MODEL, ["lstm"], DEFAULT_BUDGET)
    assert not is_default_run(DEFAULT_TEXT, DEFAULT_MODEL, ["lstm", "gru"], DEFAULT_BUDGET)  # a comparison
    assert not is_default_run(TextChoice("es", "word"), DEFAULT_MODEL, ["lstm"], DEFAULT_BUDGET)
    assert not is_default_run(DEFAULT_TEXT, DEFAULT_MODEL, ["lstm"], Budget.from_controls(300, 30, 2e-2))  # seconds
    untied = ModelChoice(*[getattr(DEFAULT_MODEL, f) for f in ("arch", "n_layer", "n_embd", "n_head", "block_size",
                                                                  "dropout")], False)
    assert not is_default_run(DEFAULT_TEXT, untied, ["lstm"], DEFAULT_BUDGET)
    slider = ModelChoice("lstm", 2.0, 256.0, 4.0, 64.0, 0.0, True)  # sliders may send floats
    assert is_default_run(DEFAULT_TEXT, slider, ["lstm"], Budget.from_controls(300.0, 0, 0.02))


def test_a_jobs_runs_are_kept_by_text_and_drawn_beside_the_next_on_the_same_text():
    data_dir = data_dir_with("es")
    text = TextChoice("es", "char")
    budget, limits = Budget(steps=6), TrainLimits()
    first = list(lm_views.job_updates(text, SMALL, ["rnn"], budget, None, data_dir, "cpu", "CPU", lambda: False,
                                      EveryFrame(), limits))
    kept = first[-1]["runs"]
    assert kept["text"] == text.key == ("es", "char", "", None) and list(kept["runs"]) == ["rnn"]
    again = list(lm_views.job_updates(text, SMALL, ["lstm"], budget, kept, data_dir, "cpu", "CPU", lambda: False,
                                      EveryFrame(), limits))
    assert list(again[-1]["runs"]["runs"]) == ["rnn", "lstm"]  # the same text: the earlier run stays
    other = TextChoice("es", "word")
    elsewhere = list(lm_views.job_updates(other, SMALL, ["lstm"], budget, kept, data_dir, "cpu", "CPU",
                                          lambda: False, EveryFrame(), limits))
    assert list(elsewhere[-1]["runs"]["runs"]) == ["lstm"] and elsewhere[-1]["runs"]["text"] == other.key
    model = again[-1]["model"]
    path = lm_views.model_file(model)
    assert Path(path).name == "next-word-lstm.safetensors"
    loaded = store.from_bytes(Path(path).read_bytes())
    assert loaded.config == model.config and loaded.tokenizer.to_json() == model.tokenizer.to_json()


def test_a_shipped_models_language_comes_from_its_name():
    assert [store.language(name) for name in store.SHIPPED] == ["en", "en", "es", "es"]
    assert store.language("session") is None and store.language("hf:openai-community/gpt2") is None


def test_a_model_change_moves_only_defaults_to_the_models_language():
    en, es = text_views.PLACEHOLDERS["en"], text_views.PLACEHOLDERS["es"]
    assert text_views.follow_language("es-lstm", en, "king") == (es, "rey")
    assert text_views.follow_language("es-lstm", es, "rey") == (None, None)  # already there
    assert text_views.follow_language("es-lstm", "my own words", "queen") == (None, None)  # a person's stay
    assert text_views.follow_language("en-transformer", es, "rey") == (en, "king")
    assert text_views.follow_language("session", en, "king") == (None, None)
    assert text_views.follow_language("hf:openai-community/gpt2", es, "rey") == (None, None)


def test_a_clicked_word_is_glued_as_the_word_tokenizer_writes_text():
    assert append_word("To be, or not to be, that is the", "king") == "To be, or not to be, that is the king"
    assert append_word("the king ", "and") == "the king and"  # one space, not two
    assert [append_word("hola", mark) for mark in (",", ".", "?", "!", "…", ")", "»")] == \
        ["hola,", "hola.", "hola?", "hola!", "hola…", "hola)", "hola»"]
    assert [append_word(opening, "qué") for opening in ("¿", "¡", "(", "dijo «")] == ["¿qué", "¡qué", "(qué",
                                                                                     "dijo «qué"]
    assert append_word("line\n", "next") == "line\nnext" and append_word("", "first") == "first"
    assert append_word("the end. ", "<p>") == "the end.\n\n"


def test_gates_come_from_the_core():
    assert first_gate("lstm") == "f" and first_gate("gru") == "r" and first_gate("rnn") == "h"
    assert first_gate("transformer") is None
    assert SIGNED_GATES <= {g for gates in GATES.values() for g in gates}
    assert [g for g in gates_for("lstm") if g in SIGNED_GATES] == ["g", "c", "h"]
    assert [g for g in gates_for("gru") if g in SIGNED_GATES] == ["n", "h"]
