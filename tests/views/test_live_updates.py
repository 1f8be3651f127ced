"""Each tab's job as page updates by name: live frames only when the page can take one (everything is still
recorded), and the results at the end — on the real models and data."""

import pytest
import torch

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
from playground.views.live import EveryFrame


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

    frames = list(basics_views.play_frames(play(run, stop, lambda: reason == "paused", lambda: True,
                                                chunk_seconds=0.005), lambda: "caption"))
    kinds = [kind for kind, _ in frames]
    assert kinds[-1] == "end" and set(kinds[:-1]) == {"frame"}
    assert all("playing" in html and 'id="pg-status"' in html for _, html in frames[:-1])
    if reason == "paused":
        assert f"Epoch {run.epoch} — paused" in frames[-1][1]
    else:
        assert frames[-1][1] is None


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
