"""Load: a class at once, on loopback only. ``python -m benchmarks load --data-dir DATA``

Starts the app as its own process and runs, for ``--seconds`` (60), ``--sessions`` (20)
simulated people (each its own gradio_client session) doing CNN-builder edits
(``summarize_cnn``) and ``classify_digit`` calls on real digits, while two more
sessions train a CNN (``/train``, one epoch at a time). Prints requests per second,
p50/p95 latency per endpoint, errors (the goal is none), the server's peak memory, and
checks that each session's state is its own: the trained models are seen only by the
sessions that trained them. Everything stops by itself: a fixed duration, bounded
threads, loopback only.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.common import machine


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _digits(data_dir: Path, n: int = 50) -> list[str]:
    from PIL import Image

    from playground.data.images import load_split

    held = load_split("mnist", "test", data_dir)
    folder = Path(tempfile.mkdtemp())
    paths = []
    for i in range(n):
        path = folder / f"digit{i}.png"
        Image.fromarray(255 - held.images[i, 0].numpy()).save(path)
        paths.append(str(path))
    return paths


def _spec(rng: random.Random) -> str:
    from playground.cnn.spec import preset

    spec = preset("Fast MNIST (Training default)")
    spec["layers"][0]["out_channels"] = rng.choice([8, 16, 32, 64])  # an edit: a different width
    return json.dumps(spec)


def run_load(data_dir: Path, sessions: int = 20, seconds: float = 60, trainers: int = 2) -> None:
    from gradio_client import Client, handle_file

    from playground.launcher import free_port, start_app, stop, wait_until_up

    print(f"load: {machine()}; {sessions} sessions editing and classifying, {trainers} training, {seconds:.0f} s")
    port = free_port()
    log = Path(tempfile.mkdtemp()) / "app.log"
    server = start_app(port, log, ["--data-dir", str(data_dir)])
    url = f"http://127.0.0.1:{port}/"
    try:
        if not wait_until_up(url, server):
            raise SystemExit(f"the app did not start; see {log}")
        _measure(url, server.pid, data_dir, sessions, seconds, trainers, Client, handle_file)
    finally:
        stop(server)


def _measure(url, pid, data_dir, sessions, seconds, trainers, Client, handle_file) -> None:
    digits = _digits(data_dir)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    lock = threading.Lock()
    peak = {"mb": _rss_mb(pid)}
    end = time.perf_counter() + seconds

    def timed(name: str, fn) -> object:
        t0 = time.perf_counter()
        try:
            out = fn()
        except Exception as exc:  # counted, not raised: the figure is how many
            with lock:
                errors[name].append(str(exc)[:200])
            return None
        with lock:
            latencies[name].append((time.perf_counter() - t0) * 1000)
        return out

    def person(seed: int) -> None:
        rng, client = random.Random(seed), Client(url, verbose=False)
        while time.perf_counter() < end:
            if rng.random() < 0.5:
                timed("summarize_cnn", lambda: client.predict(_spec(rng), api_name="/summarize_cnn"))
            else:
                timed("classify_digit", lambda: client.predict(handle_file(rng.choice(digits)),
                                                               api_name="/classify_digit"))

    trainer_clients = [Client(url, verbose=False) for _ in range(trainers)]

    def trainer(client) -> None:
        while time.perf_counter() < end:
            timed("train (1 epoch)", lambda: client.predict(dataset="mnist", epochs=1, api_name="/train"))

    def watch() -> None:
        while time.perf_counter() < end + 5:
            peak["mb"] = max(peak["mb"], _rss_mb(pid))
            time.sleep(0.5)

    threads = [threading.Thread(target=person, args=(i,)) for i in range(sessions)]
    threads += [threading.Thread(target=trainer, args=(c,)) for c in trainer_clients]
    threads.append(threading.Thread(target=watch))
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 900)
    _report(latencies, errors, time.perf_counter() - began, peak["mb"])
    _isolation(url, trainer_clients, Client)


def _report(latencies: dict[str, list[float]], errors: dict[str, list[str]], wall: float, peak_mb: float) -> None:
    """Requests per second, then latency percentiles and errors per endpoint."""
    total = sum(len(v) for v in latencies.values())
    print(f"  {total} requests in {wall:.0f} s: {total / wall:.1f} requests/s; server memory peak {peak_mb:.0f} MB")
    for name in sorted(set(latencies) | set(errors)):
        times = latencies.get(name, [])
        if times:
            p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
            print(f"  {name:<18} {len(times):5d} ok   p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   "
                  f"errors {len(errors.get(name, []))}")
        else:
            print(f"  {name:<18}     0 ok   errors {len(errors.get(name, []))}")
        for message in sorted(set(errors.get(name, [])))[:3]:
            print(f"      error: {message}")


def _isolation(url, trainer_clients, Client) -> None:
    """A session that never trained sees no trained model; each trainer sees its own."""
    import hashlib

    from gradio_client.exceptions import AppError

    stranger = Client(url, verbose=False)
    try:
        stranger.predict(api_name="/evaluate")
        own = "FAILED: a session that never trained could evaluate someone else's model"
    except AppError as exc:
        own = f"ok (a session that never trained is told: {str(exc)[:60]})"
    digests = []
    for client in trainer_clients:  # each trainer's exported weights: its own, so different from the other's
        try:
            digests.append(hashlib.sha256(Path(client.predict(api_name="/export_weights")).read_bytes()).hexdigest())
        except Exception as exc:
            digests.append(f"error: {str(exc)[:60]}")
    distinct = len(set(digests)) == len(digests) and not any(d.startswith("error") for d in digests)
    print(f"  state isolation: {own}; the trainers' exported weights are "
          f"{'each their own (different hashes)' if distinct else digests}")


def bench_load(data_dir: Path, sessions: int, seconds: float) -> None:
    run_load(data_dir, sessions, seconds)
