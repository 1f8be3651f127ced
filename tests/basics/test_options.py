"""The Basics tab's option lists come from the core: every option the core accepts has its label's words in both
languages (the tab builds its menus from these lists, so a new option needs only its words), and the playground's
optimizers are its own list, not the Training tab's."""

import pytest

from playground import i18n
from playground.basics import backprop as bp
from playground.basics.config2d import PLAYGROUND_OPTIMIZERS, REGULARIZATIONS, PlaygroundConfig
from playground.basics.data2d import DATASETS
from playground.basics.playground2d import Playground
from playground.errors import UserError
from playground.train import optim


@pytest.mark.parametrize("prefix, options", [("basics.loss_", bp.LOSSES), ("basics.reg_", REGULARIZATIONS),
                                             ("basics.ds_", tuple(DATASETS))])
def test_every_core_option_has_its_label_in_both_languages(prefix, options):
    for option in options:
        assert i18n.has(prefix + option), option
        assert all(i18n.t(prefix + option, lang).strip() for lang in i18n.LANGUAGES), option


def test_the_playground_trains_with_each_of_its_optimizers_and_refuses_the_training_tabs_others():
    for name in PLAYGROUND_OPTIMIZERS:
        run = Playground(PlaygroundConfig(optimizer=name))
        assert run.step().reason == "finished" and run.epoch == 1
    others = set(optim.OPTIMIZERS) - set(PLAYGROUND_OPTIMIZERS)
    assert others  # two lists, two meanings
    for name in others:
        with pytest.raises(UserError, match="optimizer"):
            PlaygroundConfig(optimizer=name).check()
