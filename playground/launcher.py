"""Start the app as a separate process, the way a person does (``python app.py``), and wait for it.

Shared by the tests, the screenshot script and the benchmarks that need a real
server: a free port, the launch, the wait, and the system Chromium's flags.
No gradio here: the app is another process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("PLAYGROUND_CHROMIUM", "/usr/bin/chromium")  # Playwright drives the system browser
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, log_path: Path, args: list[str] = (), env: dict[str, str] | None = None) -> subprocess.Popen:
    """``python app.py --port PORT --device cpu ARGS`` in the repository, its output into ``log_path``."""
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(log_path, "w") as log:
        return subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--device", "cpu", *args], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 120) -> bool:
    """True once ``url`` answers 200; False if the process died or the time ran out."""
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
