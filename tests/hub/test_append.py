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


SENTENCEPIECE = "tiny-org/tiny-llama-sentencepiece"


def sentencepiece_repo(home) -> str:
    """A tiny random Llama whose tokenizer marks a word's leading space with "▁" (Metaspace, as Llama-2, Mistral and
    TinyLlama do) and puts a BOS before the prompt, written beside the tiny repos (they stay as they are)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    folder = tiny.snapshot(home, SENTENCEPIECE)
    if (folder / "config.json").exists():
        return SENTENCEPIECE
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="first")
    tok.train_from_iterator(tiny.SENTENCES, trainers.BpeTrainer(vocab_size=300, special_tokens=["<unk>", "<s>", "</s>"]))
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", 1)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>")
    torch.manual_seed(0)
    LlamaForCausalLM(LlamaConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                                 num_key_value_heads=2, vocab_size=len(fast), max_position_embeddings=64,
                                 bos_token_id=1, eos_token_id=2, pad_token_id=None)).save_pretrained(folder)
    fast.save_pretrained(folder)
    return SENTENCEPIECE


def test_a_sentencepiece_token_keeps_its_space_when_clicked(offline_hub):
    from playground.hub import inside

    name = f"hf:{sentencepiece_repo(offline_hub)}"
    lm = text_views.resolve(name, None)
    ids = lm.tokenizer(PROMPT)["input_ids"]
    assert ids[0] == lm.tokenizer.bos_token_id  # the model reads a BOS first
    cat = lm.tokenizer.convert_tokens_to_ids("▁cat")
    assert lm.tokenizer.decode([cat]) == "cat"  # alone, the piece loses its space
    words = inside.next_tokens(lm, PROMPT, len(lm.tokenizer))  # every token, so "▁cat" is among them
    texts = {w["word"]: w["text"] for w in words}
    assert texts["cat"] == " cat"  # after the prompt it starts a new word
    assert text_views.appended(PROMPT, texts["cat"], name) == "The cat sat on the cat"
    pieces = lm.tokenizer.convert_ids_to_tokens(list(range(len(lm.tokenizer))))
    starting = {p[1:] for p in pieces if p.startswith("▁") and len(p) > 1}
    assert len(starting) > 10
    for w in words:  # a word-starting piece brings exactly one space; one inside a word none; the bars: bare words
        if w["word"] in starting and w["word"] not in pieces:
            assert w["text"] == " " + w["word"], w
    assert "s" in pieces and texts["s"] == "s"  # "s" continues the last word
    shown, _ = text_views.next_words(lm, PROMPT, 20)
    assert all(w["word"] == w["word"].strip() for w in shown) and any(w["text"].startswith(" ") for w in shown)


def test_a_sentencepiece_generation_shows_its_pieces_with_their_spaces(offline_hub):
    name = f"hf:{sentencepiece_repo(offline_hub)}"
    lm = text_views.resolve(name, None)
    steps = list(text_views.generate_text(lm, PROMPT, 12, 1.0, None, None, 3))
    text, pieces = steps[-1]
    shown = "".join(piece for piece, _ in pieces)
    specials = set(lm.tokenizer.all_special_tokens)
    if not any(s in shown for s in specials):
        assert shown == text or shown == " " + text  # the pieces glued are the text (its first space included)
    words = [piece for piece, _ in pieces if piece.startswith(" ")]
    assert words, pieces  # pieces that start a word show their space: "on the cat", not "on thecat"
    html = text_views.generation_html(pieces, PROMPT, glued=True)
    assert any(f">{w}<" in html for w in words)
