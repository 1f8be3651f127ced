"""Tiny random GPT-2 and Llama models (and a BERT and a 7-billion-parameter config) in a Hub cache layout, served
offline as huggingface_hub serves a download (``playground.hub.tiny``); a stand-in Hub that answers "no such repo"
or "gated" as the real one does; and a Hub that cannot be reached."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from playground.data import net
from playground.hub import lm as hub_lm
from playground.hub import tiny


@pytest.fixture(scope="session")
def hub_home(tmp_path_factory) -> Path:
    """An HF_HOME holding the tiny repos (``tiny.write``)."""
    home = tmp_path_factory.mktemp("hf-home")
    tiny.write(home)
    return home


def _point_hub(monkeypatch, home: Path | None, offline: bool, endpoint: str = "https://huggingface.co") -> None:
    """huggingface_hub reads HF_HOME, HF_HUB_OFFLINE and HF_ENDPOINT once, at import: set what it read."""
    from huggingface_hub import constants

    if home is not None:
        monkeypatch.setattr(constants, "HF_HOME", str(home))
        monkeypatch.setattr(constants, "HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", offline)
    monkeypatch.setattr(constants, "ENDPOINT", endpoint)
    monkeypatch.setattr(constants, "HUGGINGFACE_CO_URL_TEMPLATE", endpoint + "/{repo_id}/resolve/{revision}/{filename}")
    monkeypatch.setenv("PLAYGROUND_HUB_DEVICE", "cpu")
    for name in ("HF_HOME", "HF_HUB_CACHE", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # the project reads these
        monkeypatch.delenv(name, raising=False)  # first: a machine's own settings must not pick the cache
    net.forget()
    hub_lm.forget()


@pytest.fixture
def offline_hub(monkeypatch, hub_home) -> Path:
    """The tiny repos, served with HF_HUB_OFFLINE=1."""
    _point_hub(monkeypatch, hub_home, offline=True)
    yield hub_home
    hub_lm.forget()


@pytest.fixture
def unreachable_hub(monkeypatch, tmp_path) -> None:
    """Offline mode off, an empty cache, and an endpoint where nothing listens (HF_ENDPOINT=http://127.0.0.1:9)."""
    _point_hub(monkeypatch, tmp_path, offline=False, endpoint="http://127.0.0.1:9")
    yield
    net.forget()


class _Refusing(BaseHTTPRequestHandler):
    """Answers every file as the Hub answers a repo that does not exist (401 RepoNotFound), or, for a repo with
    "gated" in its name, one whose owners must grant access (403 GatedRepo)."""

    def _answer(self) -> None:
        gated = "gated" in self.path
        self.send_response(403 if gated else 401)
        self.send_header("X-Error-Code", "GatedRepo" if gated else "RepoNotFound")
        self.send_header("X-Error-Message", "refused by the stand-in Hub")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def refusing_hub(monkeypatch, tmp_path) -> None:
    """A stand-in Hub on loopback that refuses every repo (see _Refusing)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _point_hub(monkeypatch, tmp_path, offline=False, endpoint=f"http://127.0.0.1:{server.server_port}")
    yield
    server.shutdown()
    net.forget()
