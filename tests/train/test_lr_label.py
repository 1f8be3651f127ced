"""The Training tab's learning-rate box reads as a learner expects: the usual range in the label, a line
saying what the number does, while a run still accepts anything above 0 up to TRAIN_RANGES.max_lr."""

import dataclasses
import json
import re

import pytest

from playground import i18n
from playground.config import TRAIN_RANGES, TrainLimits
from playground.errors import UserError
from playground.train.settings import TrainSettings, check_settings


@pytest.fixture(scope="module")
def lr_box():
    import app

    demo = app.build_app()
    return next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "train-lr")


def shown(text, lang: str = "en") -> str:
    """A component text as the page shows it in ``lang`` (the browser replaces the table key it carries)."""
    return re.sub(r"__i18n__(\{[^}]*\})", lambda m: i18n.t(json.loads(m.group(1))["key"], lang), str(text))


def test_the_label_gives_the_usual_range_and_a_line_says_what_it_does(lr_box):
    assert shown(lr_box.label) == "Learning rate (usually 0.0001 to 0.1)"
    assert shown(lr_box.label, "es") == "Tasa de aprendizaje (normalmente de 0.0001 a 0.1)"
    assert "1e+06" not in shown(lr_box.label)
    info = shown(lr_box.info)
    assert "too small" in info and "too large" in info
    low, high = TRAIN_RANGES.usual_lr
    assert 0 < low < TrainSettings().lr <= high  # the default sits in the range the label gives


def test_the_core_still_accepts_its_whole_range():
    limits = TrainLimits()
    check_settings(dataclasses.replace(TrainSettings(), lr=5.0), limits)  # unusual, but a run may try it
    check_settings(dataclasses.replace(TrainSettings(), lr=TRAIN_RANGES.max_lr), limits)
    for bad in (0.0, TRAIN_RANGES.max_lr * 2):
        with pytest.raises(UserError, match="learning rate must be above 0"):
            check_settings(dataclasses.replace(TrainSettings(), lr=bad), limits)
