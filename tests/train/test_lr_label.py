"""The Training tab's learning-rate box reads as a learner expects: the usual range in the label, a line
saying what the number does, while a run still accepts anything above 0 up to TRAIN_RANGES.max_lr."""

import dataclasses

import pytest

from playground.config import TRAIN_RANGES, TrainLimits
from playground.errors import UserError
from playground.train.settings import TrainSettings, check_settings


@pytest.fixture(scope="module")
def lr_box():
    import app

    demo = app.build_app()
    return next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "train-lr")


def test_the_label_gives_the_usual_range_and_a_line_says_what_it_does(lr_box):
    assert lr_box.label == "Learning rate (usually 0.0001 to 0.1)"
    assert "1e+06" not in lr_box.label
    assert "too small" in lr_box.info and "too large" in lr_box.info
    low, high = TRAIN_RANGES.usual_lr
    assert 0 < low < TrainSettings().lr <= high  # the default sits in the range the label gives


def test_the_core_still_accepts_its_whole_range():
    limits = TrainLimits()
    check_settings(dataclasses.replace(TrainSettings(), lr=5.0), limits)  # unusual, but a run may try it
    check_settings(dataclasses.replace(TrainSettings(), lr=TRAIN_RANGES.max_lr), limits)
    for bad in (0.0, TRAIN_RANGES.max_lr * 2):
        with pytest.raises(UserError, match="learning rate must be above 0"):
            check_settings(dataclasses.replace(TrainSettings(), lr=bad), limits)
