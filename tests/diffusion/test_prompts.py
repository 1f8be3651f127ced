"""The toy model's tokenizer: three forms of every digit, unknown words reported, limits."""

import random

import pytest

from playground.diffusion import prompts


@pytest.mark.parametrize("text, digit", [("7", 7), ("a handwritten seven", 7), ("un siete", 7), ("the digit 0", 0),
                                         ("el número NUEVE", 9), ("Draw a FOUR please", 4), ("dibuja un tres", 3)])
def test_each_form_names_its_digit(text, digit):
    enc = prompts.encode(text)
    assert enc.digits == [digit]
    assert enc.unknown == []
    assert enc.tokens[0] == "<s>" and len(enc.ids) == len(enc.tokens)


def test_unknown_words_are_ignored_and_named():
    enc = prompts.encode("a fluffy purple seven, très joli")
    assert enc.unknown == ["fluffy", "purple", "très", "joli"]
    assert enc.tokens == ["<s>", "a", "seven"]
    assert enc.digits == [7]


def test_accents_optional_and_case_ignored():
    assert prompts.encode("el numero dos").tokens == prompts.encode("El Número Dos").tokens == ["<s>", "el", "número", "dos"]


def test_empty_prompt_is_just_the_start_token():
    enc = prompts.encode("   ")
    assert enc.ids == [prompts.START] and enc.digits == []


def test_too_long_prompt_refused_and_long_known_runs_truncated():
    with pytest.raises(prompts.PromptError, match="characters"):
        prompts.encode("seven " * 200)
    enc = prompts.encode("a big bold thin small handwritten drawn written seven")
    assert len(enc.ids) == prompts.MAX_TOKENS and enc.dropped


def test_batch_ids_pads_and_masks():
    ids, mask = prompts.batch_ids([prompts.encode("un siete"), prompts.encode("")])
    assert ids.shape == mask.shape == (2, prompts.MAX_TOKENS)
    assert mask[0].tolist()[:3] == [1, 1, 1] and mask[0, 3:].sum() == 0 and mask[1].sum() == 1


def test_training_prompts_name_their_digit_in_every_form():
    rng = random.Random(0)
    forms = set()
    for digit in range(10):
        for _ in range(30):
            text = prompts.random_prompt(digit, rng)
            enc = prompts.encode(text)
            assert enc.digits == [digit] and not enc.unknown, text
            word = next(w for w in enc.tokens if w in prompts.DIGIT_OF)
            forms.add("numeral" if word.isdigit() else "english" if word in prompts.ENGLISH else "spanish")
    assert forms == {"numeral", "english", "spanish"}
    for digit in range(10):
        for text in prompts.evaluation_prompts(digit) + [prompts.class_prompt(digit, f) for f in ("numeral", "english", "spanish")]:
            assert prompts.encode(text).digits == [digit]
