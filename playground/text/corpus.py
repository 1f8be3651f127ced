"""Text corpora for the language-model tab: the built-in books, a person's own text, the split.

This module owns getting text in: downloading and caching the two public-domain books
(Tiny Shakespeare in English, Don Quijote in Spanish), normalising them (BOM, line ends,
the Project Gutenberg header and licence), checking a person's pasted or uploaded text,
and cutting a text into a training part and a validation part by position.

Both books ship with the app in ``assets/text/`` (public domain; Don Quijote with Project
Gutenberg's licence text), so training works offline from the first launch. A copy in
``<data dir>/text/`` comes first (a person may put a newer one there); where neither is
present, the book is downloaded there, and the error message says which file, from where,
and which folder.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from playground.config import MAX_CORPUS_BYTES, default_data_dir
from playground.data import net
from playground.errors import UserError
from playground.text.wording import Note

# The largest text a person may paste or upload is config.MAX_CORPUS_BYTES (5,000,000 by default: twice
# Don Quijote, and small enough that word counting stays interactive).
MIN_CORPUS_CHARS = 200  # below this a model has nothing to learn from and validation is a few words
MIN_CORPUS_WORDS = 50

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "assets" / "text"  # the books as the app ships them
_DOWNLOAD_SECONDS = 60.0
_MAX_DOWNLOAD_BYTES = 50_000_000  # both books are a few MB; anything far larger is not the book
_USER_AGENT = "dl-playground/0.1 (corpus download)"  # some servers refuse urllib's default

_GUTENBERG_START = re.compile(r"\*\*\* ?START OF (THE|THIS) PROJECT GUTENBERG EBOOK.*\*\*\*", re.IGNORECASE)
_GUTENBERG_END = re.compile(r"\*\*\* ?END OF (THE|THIS) PROJECT GUTENBERG EBOOK.*\*\*\*", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")  # letters and digits in any script: what a person calls a word


class CorpusError(UserError, ValueError):
    """A corpus that cannot be had or cannot be used; the message says what to do."""


@dataclass(frozen=True)
class CorpusInfo:
    """A built-in corpus: where it comes from and what to call it."""

    key: str  # "en", "es": the name in the UI, on the command line and in checkpoints
    title: str  # shown on the page
    language: str  # ISO 639-1 code
    url: str  # where it is downloaded from
    filename: str  # its name under <data dir>/text/
    description: str = ""


CORPORA: dict[str, CorpusInfo] = {
    c.key: c
    for c in (
        CorpusInfo(
            "en", "Tiny Shakespeare", "en",
            "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
            "tinyshakespeare.txt",
            "About 1 MB of dialogue from Shakespeare's plays, the char-rnn and nanoGPT classic.",
        ),
        CorpusInfo(
            "es", "Don Quijote (Cervantes)", "es",
            "https://www.gutenberg.org/cache/epub/2000/pg2000.txt",
            "pg2000.txt",
            "Both parts of Don Quijote de la Mancha, Project Gutenberg eBook #2000, about 2 MB.",
        ),
    )
}


@dataclass(frozen=True)
class Corpus:
    """A normalised text ready for a tokenizer: LF line ends, no BOM, no Gutenberg boilerplate."""

    key: str  # a CORPORA key, or "user" for a person's own text
    title: str
    language: str  # ISO 639-1 code, or "" when unknown (a person's text)
    text: str

    def __len__(self) -> int:
        return len(self.text)


def corpus_info(key: str) -> CorpusInfo:
    if key not in CORPORA:
        raise CorpusError("lm.no_corpus", key=key, choices=", ".join(CORPORA))
    return CORPORA[key]


def normalize_text(text: str) -> str:
    """BOM removed, CRLF and CR turned into LF, Gutenberg header and licence cut, trailing spaces gone.

    The Gutenberg parts are found by their START/END marker lines, never by line
    numbers: Project Gutenberg edits its files, and the markers are what stays.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    start = _GUTENBERG_START.search(text)
    if start:
        text = text[start.end():]
    end = _GUTENBERG_END.search(text)
    if end:
        text = text[: end.start()]
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return unicodedata.normalize("NFC", text).strip("\n").rstrip()


def _unavailable(info: CorpusInfo, folder: Path, why: str, **args: object) -> CorpusError:
    """The book's message; ``why`` is a key of the tables saying what failed (``args`` fill it in)."""
    return CorpusError("lm.book_unavailable", title=info.title, why=UserError(why, **args), url=info.url,
                       filename=info.filename, folder=folder)


def _fetch(info: CorpusInfo, folder: Path) -> bytes:
    """The file's bytes from its URL; a CorpusError in plain words when that fails."""
    host = net.host_port(info.url)[0]
    if not net.reachable(info.url, remember=False):  # a machine without internet fails here within seconds
        raise _unavailable(info, folder, "lm.why_offline", host=host)
    request = urllib.request.Request(info.url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=_DOWNLOAD_SECONDS) as response:
            data = response.read(_MAX_DOWNLOAD_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise _unavailable(info, folder, "lm.why_http", code=exc.code, reason=exc.reason) from None
    except (OSError, urllib.error.URLError):
        raise _unavailable(info, folder, "lm.why_connection", host=host) from None
    if not data or len(data) > _MAX_DOWNLOAD_BYTES:
        raise _unavailable(info, folder, "lm.why_not_book")
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: a crash never leaves half a book."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _decode_book(info: CorpusInfo, path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError("lm.book_not_utf8", path=path, title=info.title, url=info.url) from None


@functools.lru_cache(maxsize=8)
def _load(key: str, folder: str, download: bool) -> Corpus:
    info = corpus_info(key)
    path = Path(folder) / info.filename
    shipped = SHIPPED_DIR / info.filename
    if path.exists():
        raw = _decode_book(info, path, path.read_bytes())
    elif shipped.is_file():  # the copy that ships with the app: no network needed
        raw = _decode_book(info, shipped, shipped.read_bytes())
    elif not download:
        raise _unavailable(info, Path(folder), "lm.why_no_download")
    else:
        data = _fetch(info, Path(folder))
        raw = _decode_book(info, path, data)  # checked before writing: bad bytes must not be cached as the book
        _write_atomically(path, data)
    return Corpus(info.key, info.title, info.language, normalize_text(raw))


def load_corpus(key: str, data_dir: Path | str | None = None, download: bool = True) -> Corpus:
    """A built-in corpus, normalised: read from ``<data_dir>/text/``, else from the copy shipped in
    ``assets/text/``, else downloaded into ``<data_dir>/text/`` first.

    The result is cached in memory, so a second call costs nothing and needs no network.
    ``data_dir`` defaults to the app's data directory ($PLAYGROUND_DATA_DIR). Raises
    CorpusError with the file, its URL and the folder when it is neither on disk nor
    downloadable.
    """
    root = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    try:
        folder = root.resolve() / "text"
    except OSError:  # an unreadable path: resolve() can fail on some mounts; the plain path still works
        folder = root / "text"
    return _load(key, str(folder), download)


def clear_cache() -> None:
    """Forget the corpora held in memory (the files on disk stay)."""
    _load.cache_clear()


# File signatures of things people upload by mistake, for a message that names what they sent (keys of the tables).
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "lm.kind_png",
    b"\xff\xd8\xff": "lm.kind_jpeg",
    b"GIF8": "lm.kind_gif",
    b"%PDF": "lm.kind_pdf",
    b"PK\x03\x04": "lm.kind_zip",
    b"\x1f\x8b": "lm.kind_gzip",
    b"{\\rtf": "lm.kind_rtf",
}


def _binary_kind(data: bytes) -> str | None:
    """The key naming what a binary upload is ("lm.kind_png" reads "a PNG image"), "lm.kind_binary" if unknown,
    or None for text."""
    for magic, name in _SIGNATURES.items():
        if data.startswith(magic):
            return name
    sample = data[:65536]
    if b"\x00" in sample:
        return "lm.kind_binary"
    # Text has tabs and newlines, and almost no other control characters; binaries have many.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return "lm.kind_binary" if sample and controls / len(sample) > 0.01 else None


def _check_size(n_bytes: int, max_bytes: int) -> None:
    if n_bytes > max_bytes:
        raise CorpusError("lm.text_too_big", size=n_bytes / 1e6, limit=max_bytes / 1e6)


def _decode_user_bytes(data: bytes) -> str:
    kind = _binary_kind(data)
    if kind:
        raise CorpusError("lm.file_binary", kind=UserError(kind))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError("lm.file_not_utf8", byte=exc.start) from None


def user_corpus(text_or_bytes: str | bytes, max_bytes: int | None = None, title: str = "Your text",
                language: str = "") -> Corpus:
    """A person's own pasted text or uploaded .txt file, checked and normalised.

    It must be UTF-8 text (not a picture, a PDF or a Word file), at most ``max_bytes``
    bytes (default MAX_CORPUS_BYTES, from env PLAYGROUND_MAX_CORPUS_BYTES, 5,000,000
    unless set), and at least MIN_CORPUS_CHARS characters and MIN_CORPUS_WORDS words.
    Anything else raises CorpusError with a plain message.
    """
    limit = MAX_CORPUS_BYTES if max_bytes is None else max_bytes
    if isinstance(text_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(text_or_bytes)
        _check_size(len(data), limit)
        text = _decode_user_bytes(data)
    elif isinstance(text_or_bytes, str):
        text = text_or_bytes
        _check_size(len(text.encode("utf-8", errors="surrogatepass")), limit)
        if "\x00" in text:
            raise CorpusError("lm.text_nul")
    else:
        raise TypeError(f"user_corpus takes str or bytes, not {type(text_or_bytes).__name__}")
    text = normalize_text(text)
    n_words = len(_WORD.findall(text))
    if len(text) < MIN_CORPUS_CHARS or n_words < MIN_CORPUS_WORDS:
        raise CorpusError("lm.text_too_short_one" if n_words == 1 else "lm.text_too_short", words=n_words,
                          chars=len(text), least_words=MIN_CORPUS_WORDS, least_chars=MIN_CORPUS_CHARS)
    return Corpus("user", title, language, text)


class TextSplit(NamedTuple):
    """A text cut in two by position: ``train + val`` is the whole text; ``cut`` is where val starts."""

    train: str
    val: str
    cut: int  # character index of the first validation character

    def note(self) -> Note:
        """One sentence for the page, in the language of whoever reads it: which characters train and which
        validate."""
        total = self.cut + len(self.val)
        share = len(self.val) / total if total else 0.0
        return Note.of("lm.split_note", cut=self.cut, n_val=len(self.val), share=share, first=self.cut + 1,
                       total=total)

    def describe(self) -> str:
        """That sentence in the current language."""
        return str(self.note())


def _boundary(text: str, target: int) -> int:
    """The index nearest before ``target`` where a line (else a word) starts, so no word is cut in two."""
    window = max(2000, len(text) // 100)
    line = text.rfind("\n", max(0, target - window), target)
    if line >= 0:
        cut = line + 1
        while cut < len(text) - 1 and text[cut].isspace():  # past blank lines: validation starts with a word
            cut += 1
        return cut
    for i in range(target, max(0, target - window), -1):
        if text[i - 1].isspace() and not text[i].isspace():
            return i
    for i in range(target, len(text)):  # no space before: look after (a text that starts with a long word)
        if text[i - 1].isspace() and not text[i].isspace():
            return i
    return target  # a text without spaces (Chinese, say): any position is a boundary


def split(text: str, val_fraction: float = 0.1) -> TextSplit:
    """The first part for training, the last ``val_fraction`` for validation, cut at a line or word boundary.

    By position, not at random: neighbouring sentences share words and names, so a random
    split would let validation peek at training. The cut moves back to the nearest line
    start (else word start); ``cut`` in the result says where it fell.
    """
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be between 0 and 1, got {val_fraction}")
    if len(text) < 2:
        raise CorpusError("lm.split_too_short")
    target = min(max(1, round(len(text) * (1.0 - val_fraction))), len(text) - 1)
    cut = _boundary(text, target)
    return TextSplit(text[:cut], text[cut:], cut)
