"""What the page shows around a prompt, on the shipped models and real text: a long prompt shows only its tail
before the generated words; a blank prompt is a note, not an error."""

import html
import re

from playground.text import store
from playground.views import text as text_views
from tests.text import corpus


def long_prompt(chars: int = 20_000) -> str:
    text = corpus("en").text
    start = text.index(" ", 50_000) + 1
    return text[start:start + chars]


def test_a_long_prompt_shows_only_its_last_words_before_the_generated_ones():
    prompt = long_prompt()
    lm = store.shipped("en-lstm")
    for _, pieces in text_views.generate_text(lm, prompt, 12, 0.8, 40, 0.95, 3):
        pass
    page = text_views.generation_html(pieces, prompt)
    shown = re.search(r'<span class="pg-prompt">(.*?)</span>', page, re.S).group(1)
    assert shown.startswith("… ")
    words = prompt.split()
    assert html.unescape(shown[2:]).split() == words[-text_views.PROMPT_TAIL_WORDS:]  # the last 40 words, whole
    assert len(page) < 10_000  # not the 20,000 characters again
    assert len(re.findall(r'class="pg-gen"', page)) == 12  # the generated tokens follow


def test_a_short_prompt_is_shown_whole():
    prompt = "To be, or not to be, that is the"
    assert text_views.prompt_tail(prompt) == prompt
    page = text_views.generation_html([("question", 0.5)], prompt)
    assert "To be, or not to be" in page and "…" not in page


def test_a_blank_prompt_is_a_note_not_an_error():
    assert text_views.is_blank("") and text_views.is_blank("  \n ") and text_views.is_blank(None)
    assert not text_views.is_blank("hola")
    assert text_views.empty_prompt().startswith("Type a few words")


def test_special_tokens_show_as_what_they_stand_for():
    lm = store.shipped("en-lstm")
    words, _ = text_views.next_words(lm, "the king.", 8)
    assert "<p>" in [w["word"] for w in words]  # after a full stop a new paragraph is likely
    labels = list(text_views.bars_figure(words, "t").data[0].y)
    assert "¶ new paragraph" in labels and not any(label.startswith("<") for label in labels)
    assert ("¶ new paragraph", "<p>") in text_views.append_choices(words)  # the click still appends a paragraph
    assert "<unk>" not in [token for _, token in text_views.append_choices(words + [{"word": "<unk>"}])]
    chips = text_views.tokens_html(lm, "the king\n\nzzyzx")
    assert "¶ new paragraph" in chips and "&lt;p&gt;" not in chips


def test_the_switch_keeps_rare_words_out_of_generated_text():
    lm = store.shipped("en-lstm")
    prompt = long_prompt(600)
    args = (lm, prompt, 300, 1.0, 0, 1.0, 5)
    plain = [t for t, _ in list(text_views.generate_text(*args))[-1][1]]
    clean = [t for t, _ in list(text_views.generate_text(*args, no_rare=True))[-1][1]]
    assert "<unk>" in plain  # the model does draw it
    assert "<unk>" not in clean and len(clean) == 300
    assert "(rare word)" in text_views.generation_html([(t, 0.5) for t in plain], prompt)
