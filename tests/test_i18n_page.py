"""The whole page's component texts as Gradio sends them: the browser translates only the first table key in a
text, so no label, info line, value or choice may carry two."""

import pytest

MARK = "__i18n__"
FIELDS = ("label", "info", "placeholder", "value")


@pytest.fixture(scope="module")
def blocks():
    import app

    return list(app.build_app().blocks.values())


def texts(block):
    for field in FIELDS:
        value = getattr(block, field, None)
        if value is not None and not callable(value):
            yield field, str(value)
    for choice in getattr(block, "choices", None) or []:
        if isinstance(choice, (list, tuple)):
            yield "choice", str(choice[0])


def test_no_component_text_carries_two_keys(blocks):
    doubled = [(getattr(b, "elem_id", None) or type(b).__name__, field, text[:100])
               for b in blocks for field, text in texts(b) if text.count(MARK) > 1]
    assert not doubled, doubled


def shown(block) -> bool:
    """Whether a person can see the block (it and every block around it visible: hidden API-only buttons are
    not)."""
    while block is not None:
        if getattr(block, "visible", True) is False:
            return False
        block = block.parent
    return True


def test_every_tab_and_button_a_person_sees_is_named_by_the_tables(blocks):
    import gradio as gr

    named = [(type(b).__name__, str(getattr(b, "label", None) if isinstance(b, gr.Tab) else b.value))
             for b in blocks if isinstance(b, (gr.Tab, gr.Button)) and shown(b)]
    assert len(named) > 40
    plain = [(kind, text) for kind, text in named if MARK not in text and any(c.isalpha() for c in text)]
    assert not plain, plain
