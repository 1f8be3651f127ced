"""The Next-word views of a Hub model (``views.hub_text`` through ``views.text``'s dispatch): the same shapes as
for the toys, the BPE pieces visible, the logit lens as a table, both languages."""

from __future__ import annotations

import pytest

from playground import i18n
from playground.hub import tiny
from playground.views import text as text_views
from tests.conftest import drained

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


@pytest.mark.parametrize("hub_fixture", ["refusing_hub", "unreachable_hub", "offline_hub"])
def test_a_failed_load_leaves_a_note_saying_why_not_loading(request, hub_fixture):
    from playground.errors import UserError
    from playground.hub import lm as hub_lm
    from playground.views import hub_text

    request.getfixturevalue(hub_fixture)
    name = "hf:nobody-here/no-such-model"
    notes = []
    with pytest.raises(UserError) as refused:
        for note in hub_text.loading_notes(name, lambda: hub_lm.load(name)):
            notes.append(note)
    assert notes, "a note before the error's toast"
    last = notes[-1]
    assert last == hub_text.failed_note(refused.value)
    assert "Loading" not in last and "minute" not in last  # no longer says it loads
    assert refused.value.message().rstrip(".") in last  # the error's own words, plain
    spanish = []
    with i18n.speaking("es"):  # in the page's language
        with pytest.raises(UserError) as refused:
            for note in hub_text.loading_notes(name, lambda: hub_lm.load(name)):
                spanish.append(note)
        assert spanish[-1] == hub_text.failed_note(refused.value) and "Cargando" not in spanish[-1]


def test_a_loaded_model_says_how_it_loaded_and_nothing_failed(offline_hub):
    from playground.hub import lm as hub_lm
    from playground.views import hub_text

    notes, lm = drained(hub_text.loading_notes(NAME, lambda: hub_lm.load(NAME)))
    assert lm.repo == tiny.GPT2
    assert all(tiny.GPT2 in note for note in notes)


def test_the_query_updates_by_name(offline_hub):
    found = text_views.query_updates(PROMPT, NAME, 5, None)
    assert set(found) == {"tokens", "note", "bars", "partner", "choices"}
    assert found["partner"] is None and len(found["bars"].data[0].x) == 5 and found["choices"]
    assert 'class="pg-token">·' in found["tokens"] and tiny.GPT2 in found["note"]
    shipped = text_views.query_updates("the cat sat on the", "en-lstm", 3, None)
    assert shipped["partner"] is not None and shipped["partner"].layout.title.text.startswith(
        text_views.bars_title("en-transformer", partner=True)[:10])
    blank = text_views.query_updates("  ", "en-lstm", 3, None)
    assert blank == {"tokens": "", "note": text_views.empty_prompt(), "bars": None, "partner": None, "choices": []}
    assert text_views.hub_name("someone/model") == "hf:someone/model"
    assert ("someone/model · Hugging Face", "hf:someone/model") in text_views.model_choices(False, "someone/model")
