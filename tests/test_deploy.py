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
