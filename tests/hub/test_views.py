"""The Next-word views of a Hub model (``views.hub_text`` through ``views.text``'s dispatch): the same shapes as
for the toys, the BPE pieces visible, the logit lens as a table, both languages."""

from __future__ import annotations

import pytest

from playground import i18n
from playground.hub import tiny
from playground.views import text as text_views

PROMPT = "The cat sat on the"
NAME = f"hf:{tiny.GPT2}"


def test_resolve_next_words_and_tokens_go_through_the_hub(offline_hub):
    lm = text_views.resolve(NAME, None)
    words, note = text_views.next_words(lm, PROMPT, 4)
    assert len(words) == 4 and [set(w) for w in words] == [{"word", "text", "probability"}] * 4  # text: a click's
    assert [set(w) for w in text_views.public_words(words)] == [{"word", "probability"}] * 4  # the toys' shape
    assert tiny.GPT2 in note and "35 K" not in note
    assert 'class="pg-token">·' in text_views.tokens_html(lm, PROMPT)
    assert text_views.partner(NAME) is None
    with pytest.raises(Exception, match="k must be between"):
        text_views.next_words(lm, PROMPT, 0)


def test_generation_streams_and_glues_its_pieces(offline_hub):
    lm = text_views.resolve(NAME, None)
    steps = list(text_views.generate_text(lm, PROMPT, 5, 0.8, 20, 0.9, 1))
    text, pieces = steps[-1]
    assert len(steps) == 5 and len(pieces) == 5 and text == "".join(p for p, _ in pieces)
    html = text_views.generation_html(pieces, PROMPT, glued=True)
    assert html.count('class="pg-gen"') == 5 and html.count('</span><span class="pg-gen"') == 4  # no added spaces


def test_look_inside_offers_attention_and_the_lens(offline_hub):
    lm = text_views.resolve(NAME, None)
    fit = text_views.inside_fit(lm)
    assert (fit["layers"], fit["heads"], fit["gates"]) == (2, 2, [])
    fig, note = text_views.inside_view(lm, "lens", PROMPT)
    assert note == "" and len(fig.data[0].z) == 2 and len(fig.data[0].text[0]) == len(fig.data[0].x)
    att, _ = text_views.inside_view(lm, "attention", PROMPT, 2, 2)
    assert att.data[0].z.shape[0] == att.data[0].z.shape[1]
    html, _ = text_views.inside_view(lm, "continuation", PROMPT, "mat")
    assert html.startswith("P(mat | prompt) =")
    assert text_views.inside_view(lm, "gates", PROMPT, "f", 1)[0] is None


def test_toy_models_say_the_lens_is_for_hub_models():
    fig, note = text_views.inside_view(text_views.resolve("en-transformer", None), "lens", PROMPT)
    assert fig is None and "Hugging Face" in note


def test_the_presets_and_a_typed_repo_are_choices():
    values = [value for _, value in text_views.model_choices(False, "someone/model")]
    assert {"hf:openai-community/gpt2", "hf:flax-community/gpt-2-spanish", "hf:HuggingFaceTB/SmolLM2-135M",
            "hf:someone/model"} <= set(values)


def test_the_loading_note_speaks_spanish():
    with i18n.speaking("es"):
        assert i18n.t("hub.loading", repo="a/b").startswith("Cargando a/b")
