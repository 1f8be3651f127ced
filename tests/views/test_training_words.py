"""The Training tab's component texts as the page shows them: every text a table key the browser can
translate (that no text carries two keys, which the page would not translate, tests/test_i18n_page.py checks for
the whole page)."""

import json
import re

import pytest

from playground import i18n
from tests.test_i18n_page import texts  # each text a component shows



@pytest.fixture(scope="module")
def training_blocks():
    import gradio as gr

    import app

    demo = app.build_app()
    tab = next(b for b in demo.blocks.values() if isinstance(b, gr.Tab) and "tab_training" in str(b.label))
    seen, todo = [], [tab]
    while todo:  # the tab's components, however deep
        block = todo.pop()
        seen.append(block)
        todo.extend(getattr(block, "children", []))
    return seen


def shown(text: str, lang: str) -> str:
    return re.sub(r"__i18n__(\{[^}]*\})", lambda m: i18n.t(json.loads(m.group(1))["key"], lang), text)


def test_the_controls_and_explanations_come_from_the_tables(training_blocks):
    labels = {shown(text, "es") for b in training_blocks for field, text in texts(b) if field == "label"}
    assert {"Épocas", "Tamaño del lote", "Tasa de aprendizaje (normalmente de 0.0001 a 0.1)", "Optimizador",
            "Semilla", "Conjunto de datos"} <= labels
    infos = {shown(text, "en") for b in training_blocks for field, text in texts(b) if field == "info"}
    for term in ("def_epoch", "def_batch", "def_optimizer", "def_schedule", "def_validation", "def_augmentation"):
        assert i18n.t(f"training.{term}") in infos, term
    status = next(b for b in training_blocks if getattr(b, "elem_id", None) == "train-status")
    assert shown(str(status.value), "es").count("Pulsa Entrenar para empezar.") == 1
    choices = {shown(text, "es") for b in training_blocks for field, text in texts(b) if field == "choice"}
    assert {"MNIST (dígitos escritos a mano)", "constante", "coseno"} <= choices
