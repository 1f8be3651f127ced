"""A stand-in Hugging Face Hub on loopback that serves repos from folders, answering the routes huggingface_hub
asks on a real download: a repo's revision and file tree (``/api/models/...``), and each file's metadata and
bytes (``/<repo>/resolve/<revision>/<path>``). With ``HF_ENDPOINT`` pointing at it and an empty cache,
``from_pretrained`` and ``snapshot_download`` take exactly the path they take against the real Hub: files are
downloaded, with their progress. Bytes go out at ``bytes_per_second`` so a download lasts long enough to watch.

Anything it does not hold gets the Hub's own answers: 404 ``RepoNotFound`` for a repo, 404 ``EntryNotFound`` for
a file.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHUNK = 8192


class StandInHub:
    """``with StandInHub({"org/name": folder}, bytes_per_second=...) as hub: hub.endpoint``; ``hub.served`` lists
    the files whose bytes went out (GET), in order."""

    def __init__(self, repos: dict[str, Path], bytes_per_second: float = 1e9):
        self.repos = {repo: Path(folder) for repo, folder in repos.items()}
        self.rate = bytes_per_second
        self.served: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> "StandInHub":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def sha(repo: str) -> str:
        return hashlib.sha1(f"served {repo}".encode()).hexdigest()

    def files(self, repo: str) -> list[str]:
        root = self.repos[repo]
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    def _handler(self) -> type:
        return type("Handler", (_Handler,), {"hub": self})


class _Handler(BaseHTTPRequestHandler):
    """The routes (``hub``: the StandInHub it serves for, set by StandInHub)."""

    hub: "StandInHub"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _refuse(self, code: str) -> None:
        self.send_response(404)
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", f"{code} (stand-in Hub)")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _json(self, value) -> None:
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _repo(self, parts: list[str]) -> tuple[str | None, list[str]]:
        for n in (2, 1):
            if "/".join(parts[:n]) in self.hub.repos:
                return "/".join(parts[:n]), parts[n:]
        return None, parts

    def _api(self, parts: list[str]) -> None:
        repo, rest = self._repo(parts)
        if repo is None:
            return self._refuse("RepoNotFound")
        files = self.hub.files(repo)
        if rest[:1] == ["revision"]:
            return self._json({"id": repo, "sha": self.hub.sha(repo), "private": False,
                               "siblings": [{"rfilename": f} for f in files]})
        if rest[:1] == ["tree"]:
            root = self.hub.repos[repo]
            return self._json([{"type": "file", "path": f, "size": (root / f).stat().st_size,
                                "oid": hashlib.sha1((root / f).read_bytes()).hexdigest()} for f in files])
        return self._json({"id": repo, "sha": self.hub.sha(repo), "siblings": [{"rfilename": f} for f in files]})

    def _file(self, parts: list[str], body: bool) -> None:
        repo, rest = self._repo(parts)
        if repo is None:
            return self._refuse("RepoNotFound")
        if len(rest) < 3 or rest[0] != "resolve":
            return self._refuse("EntryNotFound")
        path = self.hub.repos[repo] / "/".join(rest[2:])
        if not path.is_file():
            return self._refuse("EntryNotFound")
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("X-Repo-Commit", self.hub.sha(repo))
        self.send_header("ETag", f'"{hashlib.sha256(data).hexdigest()}"')
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.hub.served.append("/".join(rest[2:]))
            for start in range(0, len(data), CHUNK):
                self.wfile.write(data[start:start + CHUNK])
                time.sleep(CHUNK / self.hub.rate)

    def _answer(self, body: bool) -> None:
        parts = [unquote(p) for p in urlsplit(self.path).path.strip("/").split("/")]
        if parts[:2] == ["api", "models"]:
            return self._api(parts[2:])
        return self._file(parts, body)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)
