"""Play as a job: it trains only between frames the page wants, ends paused with a last picture, hands over
silently to another control, stops at its cap, and reports a blow-up with advice."""

import threading

from playground.basics.play import PlayEnd, PlayFrame, play
from playground.basics.playground2d import Playground, PlaygroundConfig

SPIRAL = PlaygroundConfig(dataset="spiral", features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8), seed=0)


def test_frames_come_only_when_wanted_and_the_run_waits_in_between():
    run = Playground(SPIRAL)
    wanted = {"yes": False}
    stop_now = [False]
    events = play(run, lambda: stop_now[0], lambda: False, lambda: wanted["yes"], chunk_seconds=0.01)
    timer = threading.Timer(0.3, lambda: wanted.update(yes=True))
    timer.start()
    first = next(events)  # waits until the page wants a frame
    assert isinstance(first, PlayFrame)
    epochs_before_wanted = first.epoch
    assert 1 <= epochs_before_wanted <= 50  # one chunk only: the job waited instead of training on
    assert first.snapshot.epoch == run.epoch == first.epoch
    second = next(events)
    assert second.epoch > first.epoch  # a chunk of training per frame
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
