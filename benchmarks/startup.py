"""Cold start: ``python -m benchmarks startup [--runs 3]``.

Starts ``python app.py --device cpu --port PORT`` as its own process, each run with a fresh, empty
PLAYGROUND_DATA_DIR, and times (from the process start) when the HTTP server first answers "/" and when
the page's config (GET /config, what the page fetches to draw itself) answers, and the CPU seconds the app
used until "/" answered (from Linux's /proc: a figure that a busy machine inflates far less than the wall
clock). Then, in a fresh interpreter per run, the parts: ``import app`` and ``app.build_app()``, and which
heavy modules the build left loaded. Prints the medians side by side with each run's figures.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.common import machine

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 5.0  # the first page within 5 s of `python app.py`
COLUMNS = ('"/" answers', "/config answers", 'app CPU to "/"', "import app", "build_app()")
HEAVY = ("torch", "torch._dynamo", "diffusers", "transformers", "torchvision", "plotly", "matplotlib")
IN_PROCESS = """
import json, sys, time
t0 = time.perf_counter()
import app
t1 = time.perf_counter()
app.build_app()
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "build": t2 - t1, "loaded": [m for m in sys.argv[1:] if m in sys.modules]}))
"""


def _answers(url: str, proc: subprocess.Popen, deadline: float) -> bool:
    """Poll ``url`` every 50 ms until it answers 200 (True), the process dies or the deadline passes (False)."""
    while time.perf_counter() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    response.read()
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system, all threads) process ``pid`` has used; NaN where there is no /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return float("nan")
    fields = text[text.rindex(")") + 2:].split()  # state, ppid, ..., utime (14th field of the line), stime (15th)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def served_once(timeout: float = 120) -> tuple[float, float, float]:
    """(seconds until "/" answers, seconds until /config answers, the app's CPU seconds until "/" answered)
    for one ``python app.py``, from its start."""
    from playground.launcher import free_port, start_app, stop

    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        port, data = free_port(), Path(tmp) / "data"
        data.mkdir()
        t0 = time.perf_counter()
        proc = start_app(port, Path(tmp) / "app.log", env={"PLAYGROUND_DATA_DIR": str(data)})
        try:
            base = f"http://127.0.0.1:{port}"
            if not _answers(base + "/", proc, t0 + timeout):
                raise RuntimeError("the app did not start:\n" + (Path(tmp) / "app.log").read_text()[-3000:])
            root, cpu = time.perf_counter() - t0, _cpu_seconds(proc.pid)
            if not _answers(base + "/config", proc, t0 + timeout):
                raise RuntimeError("/config never answered")
            return root, time.perf_counter() - t0, cpu
        finally:
            stop(proc)


def in_process_once() -> dict:
    """``import app`` and ``app.build_app()`` in a fresh interpreter: their seconds and the heavy modules loaded."""
    with tempfile.TemporaryDirectory(prefix="startup-") as data:
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PLAYGROUND_DATA_DIR": data}
        out = subprocess.run([sys.executable, "-c", IN_PROCESS, *HEAVY], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(runs: list[tuple[float, float, float, float, float]]) -> list[str]:
    """The printed rows: a header, one row per run, the medians, the target's verdict (all in seconds)."""
    lines = ["  " + f"{'':<8}" + "".join(f"{c:>18}" for c in COLUMNS)]
    for i, figures in enumerate(runs, 1):
        lines.append("  " + f"{'run ' + str(i):<8}" + "".join(f"{f:>16.2f} s" for f in figures))
    medians = [statistics.median(column) for column in zip(*runs)]
    lines.append("  " + f"{'median':<8}" + "".join(f"{f:>16.2f} s" for f in medians))
    verdict = "met" if medians[0] < TARGET_S else "NOT met"
    lines.append(f'[target: "/" answers in under {TARGET_S:.0f} s -> median {medians[0]:.2f} s, {verdict}]')
    return lines


def bench_startup(runs: int = 3) -> None:
    print(f"startup: {machine()}; python app.py --device cpu, fresh data directory, {runs} run(s), seconds")
    figures, loaded = [], set()
    for _ in range(runs):
        root, config, cpu = served_once()
        parts = in_process_once()
        loaded.update(parts["loaded"])
        figures.append((root, config, cpu, parts["import"], parts["build"]))
    for line in table(figures):
        print(line)
    print("loaded after build_app(): " + (", ".join(m for m in HEAVY if m in loaded) or "none of " + ", ".join(HEAVY)))
