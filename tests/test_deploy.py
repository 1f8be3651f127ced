"""Deployment: the app listens where a Hugging Face Space (or any Gradio host) tells it to."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground.launcher import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]


def _listening(port: int) -> set[str]:
    """The local addresses a TCP socket on ``port`` listens on (Linux /proc/net/tcp, IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
            found.add(".".join(str(int(addr[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
@pytest.mark.parametrize("flags, expected", [([], "0.0.0.0"), (["--host", "127.0.0.1"], "127.0.0.1")])
def test_a_spaces_environment_is_honoured_and_flags_win(tmp_path, flags, expected):
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SERVER_PORT": str(port),
           "GRADIO_ANALYTICS_ENABLED": "False", "PLAYGROUND_DATA_DIR": str(tmp_path)}
    with open(tmp_path / "app.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py", "--device", "cpu", *flags], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        assert wait_until_up(f"http://127.0.0.1:{port}/", proc), (tmp_path / "app.log").read_text()
        assert _listening(port) == {expected}
        assert f"http://{expected}:{port}" in (tmp_path / "app.log").read_text()
    finally:
        stop(proc)


def test_a_bad_port_in_the_environment_is_a_plain_error():
    env = {**os.environ, "GRADIO_SERVER_PORT": "seventy"}
    out = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 2 and "invalid int value: 'seventy'" in out.stderr


@pytest.fixture(scope="module")
def small_door(tmp_path_factory):
    """The app with a 1 MB upload limit and room for 2 waiting requests."""
    tmp = tmp_path_factory.mktemp("door")
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PLAYGROUND_DATA_DIR": str(tmp),
           "PLAYGROUND_MAX_FILE_MB": "1", "PLAYGROUND_QUEUE_SIZE": "2"}
    with open(tmp / "app.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py", "--device", "cpu", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    assert wait_until_up(url + "/", proc), (tmp / "app.log").read_text()
    yield url
    stop(proc)


def test_an_upload_over_the_limit_is_refused_at_the_door(small_door):
    import httpx

    big = httpx.post(f"{small_door}/gradio_api/upload", files={"files": ("big.png", b"\0" * 1_500_000)}, timeout=60)
    assert big.status_code == 413
    small = httpx.post(f"{small_door}/gradio_api/upload", files={"files": ("small.txt", b"hello")}, timeout=60)
    assert small.status_code == 200 and small.json()[0].endswith("small.txt")


@pytest.mark.parametrize("path", ["../../../../etc/passwd", "/etc/passwd", "..%2f..%2f..%2f..%2fetc%2fpasswd",
                                  "%2e%2e/%2e%2e/%2e%2e/etc/passwd", str(ROOT / "app.py"), "....//....//etc/passwd"])
def test_file_routes_serve_only_the_apps_own_files(small_door, path):
    import httpx

    for route in ("/gradio_api/file=", "/file="):
        response = httpx.get(small_door + route + path, timeout=30)
        assert response.status_code in (403, 404), (route, path, response.status_code)
        assert b"root:" not in response.content and b"build_app" not in response.content


def _dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) per line of the Dockerfile, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def test_dockerfile_is_slim_non_root_exposes_7860_and_runs_the_readme_command():
    import json
    import re

    steps = _dockerfile()
    known = {"FROM", "ARG", "ENV", "RUN", "WORKDIR", "COPY", "USER", "EXPOSE", "CMD"}
    assert {op for op, _ in steps} <= known
    assert steps[0] == ("FROM", "python:3.11-slim")
    users = [arg for op, arg in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("EXPOSE", "7860") in steps
    cmd = json.loads(next(arg for op, arg in steps if op == "CMD"))
    readme = (ROOT / "README.md").read_text()
    assert " ".join(cmd) in re.search(r"pip install -r requirements.txt && (python app.py)", readme).group(1)
    for op, arg in steps:  # everything copied exists in the repository
        if op == "COPY":
            sources = [a for a in arg.split() if not a.startswith("--")][:-1]
            assert all((ROOT / s).exists() for s in sources), arg
    assert any(op == "RUN" and "-r requirements.txt" in arg for op, arg in steps)
    env = " ".join(arg for op, arg in steps if op == "ENV")
    assert "GRADIO_SERVER_NAME=0.0.0.0" in env and "GRADIO_SERVER_PORT=7860" in env


def test_past_the_queue_size_a_request_is_turned_away_at_once(small_door):
    """generate_text runs 4 at once; with 2 more waiting the queue is full, and the rest of a rush hear so at once.

    The first four are let in one by one (each is running before the next is sent), so the test does not depend on
    how fast the server's queue moves a just-joined request into a worker while the rush arrives."""
    import time

    from gradio_client import Client
    from gradio_client.utils import Status

    from tests.conftest import wait_until

    args = ("To be, or not to be", "en-lstm", 500, 1.0, 0, 1.0)
    clients = [Client(small_door + "/", verbose=False) for _ in range(20)]
    t0 = time.perf_counter()
    jobs = []
    for i, client in enumerate(clients[:4]):
        jobs.append(client.submit(*args, i, api_name="/generate_text"))
        started = wait_until(lambda: jobs[-1].status().code, lambda code: code in (Status.PROCESSING, Status.FINISHED), 60)
        assert started in (Status.PROCESSING, Status.FINISHED), started
    jobs += [c.submit(*args, i, api_name="/generate_text") for i, c in enumerate(clients[4:], start=4)]
    outcomes = []
    for job in jobs:
        try:
            job.result(timeout=120)
            outcomes.append("done")
        except Exception as exc:
            outcomes.append(str(exc))
    full = [o for o in outcomes if "queue is full" in o.lower()]
    assert full and outcomes[:4] == ["done"] * 4, outcomes
    assert time.perf_counter() - t0 < 120
    assert Client(small_door + "/", verbose=False).predict("hola", "es-lstm", 2, api_name="/next_word")
