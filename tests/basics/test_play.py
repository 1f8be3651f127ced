"""Play as a job: it trains only between frames the page wants (saying it is alive while it waits), ends paused
with a last picture, hands over silently to another control, stops at its cap, and reports a blow-up with advice;
and the controls that take turns with it (a setting, Step, Reset, Play's start) on the session's switch."""

import threading

import pytest

from playground.basics import play as playing
from playground.basics.play import PlayEnd, PlayFrame, PlayWait, play
from playground.basics.playground2d import Playground, PlaygroundConfig
from playground.errors import UserError
from playground.views.live import JobSwitch

SPIRAL = PlaygroundConfig(dataset="spiral", features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8), seed=0)


def test_frames_come_only_when_wanted_and_the_run_waits_in_between():
    run = Playground(SPIRAL)
    wanted = {"yes": False}
    stop_now = [False]
    events = play(run, lambda: stop_now[0], lambda: False, lambda: wanted["yes"], chunk_seconds=0.05)
    waits = []
    event = next(events)
    while isinstance(event, PlayWait):  # the page has not asked yet: the job says it is alive, and trains no more
        waits.append(event.epoch)
        if len(waits) == 20:
            wanted["yes"] = True
        event = next(events)
    first = event
    assert isinstance(first, PlayFrame)
    assert len(waits) == 20 and set(waits) == {first.epoch}  # one chunk, then no training while it waited
    assert run.steps > 0 and first.epoch <= 50
    assert first.snapshot.epoch == run.epoch == first.epoch and first.config == SPIRAL
    second = next(events)
    assert isinstance(second, PlayFrame) and second.epoch > first.epoch  # a chunk of training per frame
    stop_now[0] = True
    end = next(events)
    assert isinstance(end, PlayEnd) and end.reason == "taken_over" and end.frame is None


def test_pause_ends_with_the_last_picture_and_the_weights_keep_training_from_there():
    run = Playground(SPIRAL)
    flags = {"stop": False, "paused": False}
    events = play(run, lambda: flags["stop"], lambda: flags["paused"], lambda: True, chunk_seconds=0.01)
    frames = [next(events) for _ in range(3)]
    assert [f.epoch for f in frames] == sorted(f.epoch for f in frames)
    flags.update(stop=True, paused=True)
    end = next(events)
    assert end.reason == "paused" and end.frame.epoch == run.epoch
    assert list(events) == []
    paused_at = run.epoch
    run.step()
    assert run.epoch == paused_at + 1  # Step goes on from the paused weights


def test_play_stops_itself_at_its_cap():
    run = Playground(SPIRAL)
    events = list(play(run, lambda: False, lambda: False, lambda: True, max_epochs=30, chunk_seconds=0.05))
    assert events[-1].reason == "cap"
    assert run.epoch >= 30
    assert all(isinstance(e, PlayFrame) for e in events[:-1])


def test_a_blow_up_ends_play_with_advice():
    run = Playground(PlaygroundConfig(activation="linear", features=("x1^2", "x2^2", "x1*x2"), optimizer="sgd",
                                      lr=10.0))
    events = list(play(run, lambda: False, lambda: False, lambda: True, max_epochs=3000, chunk_seconds=0.05))
    end = events[-1]
    assert end.reason == "failed"
    assert "try 1" in end.message  # lr/10


def test_play_takes_turns_with_other_controls_on_the_lock():
    run = Playground(SPIRAL)
    lock = threading.Lock()
    flags = {"stop": False}
    events = play(run, lambda: flags["stop"], lambda: False, lambda: True, lock, chunk_seconds=0.01)
    next(events)
    with lock:  # another control (a settings change) holds the lock: Play cannot train meanwhile
        epoch = run.epoch
        run.reconfigure(PlaygroundConfig(dataset="spiral", features=("x1", "x2"), hidden=(3,), seed=0))
        assert run.epoch == 0 and run.epoch <= epoch
    frame = next(events)
    assert [w.shape[0] for w in frame.snapshot.weights] == [3, 1]  # Play went on with the new network
    flags["stop"] = True
    assert next(events).reason == "taken_over"


def _until_frame(events):
    event = next(events)
    while isinstance(event, PlayWait):
        event = next(events)
    return event


def test_a_setting_changed_during_play_keeps_playing_the_new_network():
    switch = JobSwitch()
    rest = playing.start_play(switch, None, SPIRAL)
    assert rest.why == "play" and rest.frame.epoch == 0 and rest.fresh is False
    events = playing.play_job(switch, rest.run, lambda: True)
    before = _until_frame(events)
    assert [w.shape[0] for w in before.snapshot.weights] == [8, 8, 1]
    three = PlaygroundConfig(dataset="spiral", features=SPIRAL.features, hidden=(8, 8, 8), seed=0)
    changed = playing.change_settings(switch, rest.run, three)
    assert changed.run is rest.run and changed.fresh and changed.why == "setting" and changed.frame.epoch == 0
    after = [_until_frame(events) for _ in range(3)]
    assert all(isinstance(f, PlayFrame) for f in after)  # Play went on ...
    assert [w.shape[0] for w in after[-1].snapshot.weights] == [8, 8, 8, 1]  # ... with the new network
    assert after[-1].config == three and after[-1].epoch > 0
    faster = PlaygroundConfig(dataset="spiral", features=SPIRAL.features, hidden=(8, 8, 8), seed=0, lr=0.03)
    kept = playing.change_settings(switch, rest.run, faster)
    assert not kept.fresh and kept.frame.epoch >= after[-1].epoch  # a training setting keeps the weights
    switch.press(pause=True)
    end = next(events)
    assert end.reason == "paused" and end.frame.config == faster


def test_step_and_reset_take_over_from_play_and_show_their_own_picture():
    switch = JobSwitch()
    rest = playing.start_play(switch, None, SPIRAL)
    events = playing.play_job(switch, rest.run, lambda: True)
    _until_frame(events)
    stepped = playing.step(switch, rest.run, SPIRAL)  # holds the lock: Play is between chunks
    assert stepped.why == "step" and stepped.done.reason == "finished" and stepped.frame.epoch == rest.run.epoch
    assert next(events) == PlayEnd("taken_over", None)  # no picture: Step shows its own
    assert list(events) == []
    again = playing.start_play(switch, rest.run, SPIRAL)
    assert again.run is rest.run and not switch.should_stop()  # Play starts again from the stepped weights
    events = playing.play_job(switch, again.run, lambda: True)
    _until_frame(events)
    fresh = playing.reset(switch, SPIRAL)
    assert fresh.why == "reset" and fresh.run is not rest.run and fresh.frame.epoch == 0
    assert next(events).reason == "taken_over"


def test_the_first_look_and_a_bad_setting():
    first = playing.first_look(JobSwitch(), SPIRAL)
    assert first.why == "first" and first.frame.epoch == 0 and first.frame.epochs_per_s is None
    assert first.frame.snapshot.boundary.shape == (100, 100) and first.frame.config == SPIRAL
    values = ["spiral", 0.2, 0.7, 0, ["x1", "x2"], 2, 3, "tanh", 0.01, "adam", 32, "none", 0.001]
    assert PlaygroundConfig.from_controls(*values).hidden == (3, 3)
    for where, bad, words in ((8, None, "number"), (9, "adagrad", "optimizer"), (5, 9, "hidden layers")):
        changed = list(values)
        changed[where] = bad
        with pytest.raises(UserError, match=words):
            PlaygroundConfig.from_controls(*changed)


def test_the_lock_is_free_whenever_play_is_suspended_at_a_yield():
    """A job stays suspended at a yield while the page is sent its update (or forever, if the page left): no control
    may wait on it there."""
    run = Playground(SPIRAL)
    lock = threading.Lock()
    looks = {"n": 0}

    def page_ready() -> bool:
        looks["n"] += 1
        return looks["n"] % 3 == 0

    kinds = set()
    for event in play(run, lambda: False, lambda: False, page_ready, lock, max_epochs=20, chunk_seconds=0.01):
        kinds.add(type(event).__name__)
        assert lock.acquire(blocking=False), event
        lock.release()
    assert kinds == {"PlayWait", "PlayFrame", "PlayEnd"}
