"""What every Hub model shares, whatever it does: its name (``hf:<repo id>``), its size said in words, whether
the Hub can be asked at all, where its files are cached, the one copy each process keeps, and downloads with
their progress for the page.

``hub.lm`` (causal language models) and ``hub.diffusion`` (Stable Diffusion pipelines) build on this; each says
its failures in its own words (its table's keys).

The Hub's cache and offline mode are read at every call (``HF_HOME`` / ``HF_HUB_CACHE``, ``HF_HUB_OFFLINE`` in
the environment, or huggingface_hub's own constants), so they can change without a restart. Nothing is
downloaded at import.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Generator, Generic, Hashable, Iterable, TypeVar

from playground.data import net
from playground.errors import UserError

PREFIX = "hf:"
# the Hub's rule for repo ids, roughly: "org/name", or a bare "name" for the oldest repos ("gpt2")
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[A-Za-z0-9][\w.-]{0,95})?$")
ON = ("1", "ON", "YES", "TRUE")
V = TypeVar("V")


def is_hub(name: Any) -> bool:
    return isinstance(name, str) and name.strip().startswith(PREFIX)


def repo_of(name: str, refusal: str) -> str:
    """``hf:org/name`` → ``org/name``; a malformed id is refused (the key ``refusal``) before the Hub is asked."""
    repo = name.strip()[len(PREFIX):].strip() if is_hub(name) else str(name).strip()
    if not REPO_ID.match(repo) or ".." in repo:
        raise UserError(refusal, repo=repo)
    return repo


def size_words(params: int) -> str:
    """A parameter count as a person says it: 6.7 B, 124 M, 1.4 M, 143 K (a very small one in full)."""
    if params >= 1e9:
        return f"{params / 1e9:.1f} B"
    if params >= 1e7:
        return f"{params / 1e6:.0f} M"
    if params >= 1e6:
        return f"{params / 1e6:.1f} M"
    return f"{params / 1e3:.0f} K" if params >= 1e4 else f"{params:,}"


def offline() -> bool:
    """Offline mode, asked for in the environment now or in huggingface_hub's constants."""
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE) or any(os.environ.get(v, "").strip().upper() in ON
                                                 for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def reachable() -> bool:
    """Whether the Hub can be asked: not in offline mode, and its endpoint (or the proxy before it) accepts a
    connection within ``net.PROBE_SECONDS``. huggingface_hub on its own retries a refused connection with back-off
    for tens of seconds; probing once first lets a Hub that cannot be reached be said within seconds."""
    from huggingface_hub import constants

    return not offline() and net.reachable(constants.ENDPOINT)


def cache_dir() -> str:
    """Where the Hub's files are cached, read now (HF_HUB_CACHE, else HF_HOME/hub, else huggingface_hub's own)."""
    from huggingface_hub import constants

    cache = os.environ.get("HF_HUB_CACHE", "").strip()
    if not cache and os.environ.get("HF_HOME", "").strip():
        cache = os.path.join(os.path.expanduser(os.environ["HF_HOME"].strip()), "hub")
    return cache or constants.HF_HUB_CACHE


def hub_options() -> dict[str, Any]:
    """``from_pretrained``'s options, decided now: the cache, and whether only files on this machine may be read
    (in offline mode, or when the Hub cannot be reached)."""
    return {"cache_dir": cache_dir(), "local_files_only": not reachable()}


class Shared(Generic[V]):
    """Models loaded once per process and shared read-only by every session: one load per key however many ask at
    once (the others wait for it), at most ``most()`` held, the least recently used dropped first."""

    def __init__(self, most: Callable[[], int]):
        self._most = most
        self._held: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()  # guards _held and _loading
        self._loading: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                return self._held[key]
            gate = self._loading.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._held:
                    self._held.move_to_end(key)
                    return self._held[key]
            try:
                value = load()
            except BaseException:
                with self._lock:
                    self._loading.pop(key, None)
                raise
            with self._lock:  # held and its gate gone at once: a caller in between would load it again
                self._held[key] = value
                self._loading.pop(key, None)
                while len(self._held) > max(self._most(), 1):
                    self._held.popitem(last=False)
        return value

    def keys(self) -> list:
        """The keys held now, least recently used first."""
        with self._lock:
            return list(self._held)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


# ---- downloads and their progress ---------------------------------------------------------------------------


@dataclass
class Download:
    """One repo's download as the page shows it: bytes done of those to fetch, files done of those picked, and how
    fast. huggingface_hub counts a file's bytes as they are written, in pieces of up to 10 MB."""

    repo: str
    total: int  # bytes to fetch (files already cached are not counted)
    files: int
    done: int = 0
    files_done: int = 0
    began: float = field(default_factory=time.monotonic)

    @property
    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else 0.0

    @property
    def per_second(self) -> float:
        return self.done / max(time.monotonic() - self.began, 1e-3)


_downloads: dict[str, Download] = {}  # repo → its download going on now (one per repo: Shared loads it once)


def downloading(repo: str) -> Download | None:
    """The download of ``repo`` going on now, if any."""
    return _downloads.get(repo)


def _bar(record: Download | None):
    """A tqdm class that snapshot_download's progress bars are made of: it writes nowhere and keeps ``record``
    up to date (the largest count of bytes among its byte bars: a plain download counts every byte on two; the
    file bar counts files). With no record it only keeps quiet."""
    from tqdm import tqdm

    class Bar(tqdm):
        def __init__(self, *args: Any, **kwargs: Any):
            kwargs.update(disable=False, file=_Nowhere())  # counts, writes nothing (no file handle to leak)
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            shown = super().update(n)
            if record is None:
                return shown
            if self.unit == "B":
                record.done = max(record.done, int(self.n))
            else:
                record.files_done = max(record.files_done, int(self.n))
            return shown

    return Bar


class _Nowhere:
    """A stream that takes a progress bar's drawing and keeps none of it."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def fetch(repo: str, choose: Callable[[list[str]], Iterable[str]],
          asking: Callable[[str, Callable[[], Any]], Any], shown_as: str | None = None) -> None:
    """Download the files of ``repo`` that ``choose`` picks from its file list into the Hub's cache, keeping
    ``downloading(shown_as or repo)`` up to date for the page (``shown_as``: the model a person asked for, when
    ``repo`` is a part it needs from another repo). Nothing happens when only this machine's files may be read, or
    when everything picked is cached already. ``asking`` turns the Hub's failures into a person's message."""
    if not reachable():
        return
    from huggingface_hub import snapshot_download

    from huggingface_hub import HfApi

    where = cache_dir()
    wanted = set(choose(asking(repo, lambda: HfApi().list_repo_files(repo))))  # one call for the whole list
    listed = asking(repo, lambda: snapshot_download(repo, cache_dir=where, allow_patterns=sorted(wanted), dry_run=True,
                                                    tqdm_class=_bar(None)))  # what is cached, the sizes of the rest
    todo = [info for info in listed if info.filename in wanted and info.will_download]
    if not todo:
        return
    # bytes: only those to fetch; files: every file picked, as the download counts them (a cached one is done at once)
    record = Download(repo, total=sum(info.file_size or 0 for info in todo),
                      files=sum(info.filename in wanted for info in listed))
    key = shown_as or repo
    _downloads[key] = record
    try:
        asking(repo, lambda: snapshot_download(repo, cache_dir=where, allow_patterns=sorted(wanted),
                                               tqdm_class=_bar(record)))
    finally:
        _downloads.pop(key, None)


def while_loading(repo: str, load: Callable[[], V], every: float = 0.5) -> Generator[Download | None, None, V]:
    """Run ``load()`` in a thread and, until it ends, yield every ``every`` seconds the repo's download now (None
    while nothing is being downloaded: checking, reading from the cache). Returns what ``load`` returned; raises
    what it raised. ``value = yield from while_loading(...)``."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = load()
        except BaseException as exc:  # handed to the caller's thread below
            out["error"] = exc

    worker = threading.Thread(target=run, name=f"hub-load {repo}", daemon=True)
    worker.start()
    while True:
        worker.join(every)
        if not worker.is_alive():
            break
        yield downloading(repo)
    if "error" in out:
        raise out["error"]
    return out["value"]
