"""Each tab's job as page updates by name: live frames only when the page can take one (everything is still
recorded), and the results at the end — on the real models and data."""

from dataclasses import replace

import pytest
import torch

from playground.basics import play as play_module
from playground.basics.play import play
from playground.basics.playground2d import Playground, PlaygroundConfig
from playground.cnn.spec import preset
from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.train.classify import ClassifierTraining
from playground.train.settings import TrainSettings
from playground.views import basics as basics_views
from playground.views import diffusion as diffusion_views
from playground.views import training as training_views
from playground.views.live import EveryFrame, JobSwitch


CIRCLE = PlaygroundConfig(dataset="circle", hidden=(3,))


class Never:
    """A page that never asks for a frame (it is busy drawing)."""

    def due(self) -> bool:
        return False


def test_training_frames_follow_the_page_and_the_end_brings_the_results(mnist_root):
    job = ClassifierTraining(preset("Fast MNIST (Training default)"), TrainSettings(epochs=1, batch_size=256),
                             mnist_root, torch.device("cpu"))
    updates = list(training_views.run_updates(job, "CPU", mnist_root, torch.device("cpu"), lambda: False,
                                              EveryFrame(), event_interval=0.0))
    live = [u["live"] for u in updates if "live" in u]
    steps = job.batches.steps_per_epoch
    assert len(live) == steps + 2  # the start, every step's event, the epoch's end
    assert f"step {steps}/{steps}" in live[-1] and "accuracy per epoch" in live[-1]
    finished, evaluated = updates[-2], updates[-1]
    assert finished["trained"].steps == steps and "Evaluating" in finished["status"]
    assert len(finished["loss"].data[0].y) == steps  # the hoverable figure: one point per step
    assert f"Test accuracy {evaluated['evaluation'].accuracy:.2%}" in evaluated["status"]


def test_a_busy_page_gets_no_training_frames_but_the_run_goes_on(mnist_root):
    job = ClassifierTraining(preset("Fast MNIST (Training default)"), TrainSettings(epochs=1, batch_size=256),
                             mnist_root, torch.device("cpu"))
    updates = list(training_views.run_updates(job, "CPU", mnist_root, torch.device("cpu"), lambda: False, Never(),
                                              event_interval=0.0))
    assert [u for u in updates if "live" in u][1:] == []  # only the first frame, which starts the view
    assert updates[-2]["trained"].steps == job.batches.steps_per_epoch


def test_diffusion_frames_follow_the_page_and_every_step_is_recorded():
    model, base = dm.shipped("cpu")
    curves = sample.schedule_curves(base)
    for pace, frames in ((EveryFrame(), 5), (Never(), 0)):
        settings = sample.SamplingSettings("un siete", 2, 5, "DDIM", 3.0, 0)
        record = diffusion_views.Record(sample.Trace(settings))
        updates = list(diffusion_views.run_updates(sample.denoise(model, base, settings, None, lambda: False,
                                                                  record.trace), record, curves, pace))
        steps = [u["live"] for u in updates[1:-2] if "live" in u]
        assert len(steps) == frames
        assert all(f"step {i + 1} of 5" in frame for i, frame in enumerate(steps))
        assert "df-xt" in updates[0]["live"] and updates[0]["tokens"]
        assert len(record.x_t) == 6 and record.final is not None  # the start and every step, seen or not
        assert "Done: 5 steps" in updates[-2]["live"]  # said at once, before the gallery and the GIF
        final = updates[-1]
        assert final["scrub"] == {"maximum": 5, "value": 5} and len(final["gallery"]) == 2
        assert "step 5 of 5" in final["view"]


def test_the_record_view_shows_any_step_with_the_runs_status():
    model, base = dm.shipped("cpu")
    curves = sample.schedule_curves(base)
    settings = sample.SamplingSettings("7", 1, 3, "DDIM", 3.0, 0)
    record = diffusion_views.Record(sample.Trace(settings))
    list(diffusion_views.run_updates(sample.denoise(model, base, settings, None, lambda: False, record.trace), record,
                                     curves, EveryFrame()))
    view = diffusion_views.record_view(record, 2, curves)
    assert "step 2 of 3" in view and f"t = {record.timesteps[2]}" in view and "Done: 3 steps" in view
    assert "starting noise" in diffusion_views.record_view(record, 0, curves)


@pytest.mark.parametrize("reason", ["paused", "taken_over"])
def test_play_frames_end_paused_or_leave_the_page_to_the_other_control(reason):
    run = Playground(PlaygroundConfig(dataset="circle", hidden=(3,)))
    asked = {"n": 0}

    def stop() -> bool:
        asked["n"] += 1
        return asked["n"] > 40

    updates = list(basics_views.play_frames(play(run, stop, lambda: reason == "paused", lambda: True,
                                                 chunk_seconds=0.005)))
    frames = [u["live"] for u in updates if set(u) == {"live"}]
    assert frames and all("playing" in html and 'id="pg-status"' in html for html in frames)
    assert all("(3)" in html for html in frames)  # the network's caption
    if reason == "paused":
        assert len(updates) == len(frames) + 1
        end = updates[-1]
        assert set(end) == {"live", "view", "curves"} and end["live"] == end["view"]
        assert f"Epoch {run.epoch} — paused" in end["view"]
        assert list(end["curves"].data[0].x) == run.history["epoch"]  # the hoverable curves, at rest
    else:
        assert len(updates) == len(frames)  # nothing at the end: the other control shows its own picture


def test_play_says_it_is_alive_while_the_page_is_busy_and_ends_at_its_cap_with_its_picture():
    run = Playground(CIRCLE)
    asked = {"n": 0}

    def page_ready() -> bool:  # a slow page: it asks for one frame in every five looks
        asked["n"] += 1
        return asked["n"] % 5 == 0

    updates = list(basics_views.play_frames(play(run, lambda: False, lambda: False, page_ready, max_epochs=30,
                                                 chunk_seconds=0.01)))
    frames = [u for u in updates if set(u) == {"live"}]
    waits = [u for u in updates if u == {}]  # while it waits: the tab's stream can notice a closed page
    assert frames and len(waits) >= 4 * len(frames)  # four looks with nothing to show per frame
    assert run.epoch >= 30 and f"Epoch {run.epoch} — paused" in updates[-1]["view"]


def test_a_blow_up_ends_play_with_its_advice_in_the_view():
    run = Playground(PlaygroundConfig(activation="linear", features=("x1^2", "x2^2", "x1*x2"), optimizer="sgd",
                                      lr=10.0))
    updates = list(basics_views.play_frames(play(run, lambda: False, lambda: False, lambda: True, max_epochs=3000,
                                                 chunk_seconds=0.05)))
    end = updates[-1]
    assert "⚠" in end["view"] and "try 1" in end["view"] and end["live"] == end["view"]


def test_a_rest_shows_its_status_and_plays_start_with_the_view_alone():
    switch = JobSwitch()
    for rest, status, names in ((play_module.first_look(switch, CIRCLE), "Epoch 0. Press Play.",
                                 {"run", "view", "curves", "code"}),
                                (play_module.start_play(switch, None, CIRCLE), "Epoch 0 — playing",
                                 {"run", "view"})):
        updates = basics_views.rest_updates(rest)
        assert set(updates) == names and status in updates["view"] and updates["run"] is rest.run
    stepped = basics_views.rest_updates(play_module.step(switch, rest.run, CIRCLE))
    assert "Epoch 1." in stepped["view"] and "hidden layers [3]" in stepped["code"]
    assert list(stepped["curves"].data[0].x) == [1]
    changed = basics_views.rest_updates(play_module.change_settings(switch, rest.run, replace(CIRCLE, hidden=(2,))))
    assert "Epoch 0. A new network." in changed["view"]


@pytest.mark.parametrize("prompt, note", [("dragón", "no words the model knows: sampling unconditionally"),
                                          ("un dragón siete", "ignored unknown words: dragón")])
def test_what_the_model_read_of_the_prompt_stays_in_the_final_status(prompt, note):
    model, base = dm.shipped("cpu")
    curves = sample.schedule_curves(base)
    settings = sample.SamplingSettings(prompt, 1, 2, "DDIM", 3.0, 0)
    record = diffusion_views.Record(sample.Trace(settings))
    updates = list(diffusion_views.run_updates(sample.denoise(model, base, settings, None, lambda: False,
                                                              record.trace), record, curves, EveryFrame()))
    assert note in updates[0]["live"]  # while it runs
    for final in (updates[-2]["live"], updates[-1]["view"], diffusion_views.record_view(record, 1, curves)):
        assert "Done: 2 steps" in final and note in final  # and once it is done, scrubbing included


def test_an_api_client_gets_a_frame_per_interval_not_per_event(mnist_root):
    from playground.views.live import IntervalPace

    job = ClassifierTraining(preset("Fast MNIST (Training default)"), TrainSettings(epochs=1, batch_size=256),
                             mnist_root, torch.device("cpu"))
    updates = list(training_views.run_updates(job, "CPU", mnist_root, torch.device("cpu"), lambda: False,
                                              IntervalPace(3600), event_interval=0.0))
    assert len([u for u in updates if "live" in u]) == 2  # the start, then the first event: none after
