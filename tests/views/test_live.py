"""The live channel: frames go out only when the page asked for them, a pull gets the newest frame, a
finished job says so, and Stop/Pause reach the job by the channel's secret token only."""

import threading
import time

from playground.views import live


def test_a_frame_is_due_only_after_the_page_drew_the_last_one():
    channel = live.LiveChannel()
    channel.start()
    assert channel.due()  # nothing sent yet
    assert channel.publish("<p>1</p>") == 1
    assert not channel.due()  # the page has not drawn frame 1
    assert channel.pull(0) == {"number": 1, "html": "<p>1</p>"}  # the page takes it...
    assert not channel.due()  # ...but has not drawn it yet
    assert channel.pull(1, wait=0.01) == {}  # it drew frame 1 and asks for the next: none yet
    assert channel.due()


def test_a_pull_gets_the_newest_frame_and_frames_between_are_skipped():
    channel = live.LiveChannel()
    channel.start()
    for i in range(1, 6):
        channel.publish(f"<p>{i}</p>")
    assert channel.pull(0) == {"number": 5, "html": "<p>5</p>"}


def test_a_waiting_pull_wakes_when_a_frame_is_published():
    channel = live.LiveChannel()
    channel.start()
    got = {}

    def page():
        started = time.perf_counter()
        got["frame"] = channel.pull(0, wait=5.0)
        got["waited"] = time.perf_counter() - started

    thread = threading.Thread(target=page)
    thread.start()
    deadline = time.perf_counter() + 5
    while channel.idle() > 0.5 and time.perf_counter() < deadline:  # until the page is waiting
        time.sleep(0.005)
    time.sleep(0.05)
    channel.publish("<p>now</p>")
    thread.join(5)
    assert got["frame"] == {"number": 1, "html": "<p>now</p>"}
    assert got["waited"] < 2.0  # woken by the frame, not by the 5 s timeout


def test_a_closed_channel_says_done_once_its_frames_were_taken():
    channel = live.LiveChannel()
    channel.start()
    channel.publish("<p>last</p>")
    channel.close()
    assert channel.pull(0) == {"number": 1, "html": "<p>last</p>"}  # the last frame first
    assert channel.pull(1) == {"done": True}


def test_pull_and_press_by_token_only():
    channel = live.LiveChannel()
    pressed = []
    channel.press = pressed.append
    assert live.press(channel.token, True) is True
    assert live.press("not-a-token", False) is False
    assert pressed == [True]
    assert live.pull_frame("not-a-token", 0) == {"done": True}
    assert live.pull_frame(channel.token, "garbage") == {"done": True}  # not open, nothing published
    assert len(channel.token) >= 20 and channel.token != live.LiveChannel().token


def test_channels_are_forgotten_with_their_session():
    channel = live.LiveChannel()
    token = channel.token
    assert token in live.CHANNELS
    del channel
    import gc
    gc.collect()
    assert token not in live.CHANNELS


def test_interval_pace_lets_one_frame_through_per_interval():
    pace = live.IntervalPace(0.2)
    assert pace.due()  # the first at once, and it counts as sent
    assert not pace.due()
    time.sleep(0.21)
    assert pace.due()
    assert not pace.due()


def test_a_job_can_wait_until_the_page_has_taken_its_last_frame():
    channel = live.LiveChannel()
    channel.start()
    channel.publish("<p>last</p>")
    began = time.perf_counter()
    assert not channel.wait_taken(timeout=0.2) and time.perf_counter() - began >= 0.2  # nobody pulled it
    pulled = []
    page = threading.Timer(0.1, lambda: pulled.append(channel.pull(0)))
    page.start()
    assert channel.wait_taken(timeout=5)
    page.join()
    assert pulled == [{"number": 1, "html": "<p>last</p>"}]
