"""Is a download host reachable? A short TCP probe, so an offline machine fails in seconds.

Every downloader (torchvision datasets, text corpora, the Hugging Face Hub) asks this before
it starts, instead of waiting for long timeouts. The probe goes where urllib's first
connection would go: the proxy for that URL when one is set, else the server.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

PROBE_SECONDS = 3.0  # how long a host may take to accept a connection before we call it offline
_remembered: dict[tuple[str, int], tuple[float, bool]] = {}  # (host, port) -> (when, reachable), for a minute


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def probe_target(url: str) -> tuple[str, int]:
    """Where the first connection for ``url`` goes: the proxy urllib would use, else the server itself."""
    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        return host_port(proxy if "://" in proxy else f"http://{proxy}")
    return host_port(url)


def reachable(url: str, remember: bool = True) -> bool:
    """True if the first hop for ``url`` accepts a TCP connection within PROBE_SECONDS."""
    target = probe_target(url)
    if not target[0]:
        return False
    when, ok = _remembered.get(target, (0.0, False))
    if not remember or time.monotonic() - when > 60:
        ok = _connects(target)
        _remembered[target] = (time.monotonic(), ok)
    return ok


def _connects(target: tuple[str, int]) -> bool:
    """Whether ``target`` accepts a TCP connection within PROBE_SECONDS in all: the name's lookup and every
    address it resolves to included (``create_connection`` alone may spend PROBE_SECONDS on each address, and the
    lookup has no limit of its own)."""
    answer: list[bool] = []

    def attempt() -> None:
        try:
            socket.create_connection(target, timeout=PROBE_SECONDS).close()
            answer.append(True)
        except OSError:
            answer.append(False)

    worker = threading.Thread(target=attempt, name="net-probe", daemon=True)  # left to finish on its own
    worker.start()
    worker.join(PROBE_SECONDS)
    return bool(answer and answer[0])


def forget() -> None:
    """Forget every probe's answer (a host may come up or go down: tests, a changed proxy)."""
    _remembered.clear()
