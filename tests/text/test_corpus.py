"""Corpora: the real download path against a local web server, the caches, the offline message,
Gutenberg stripping on the real Don Quijote, a person's own text, and the train/validation split."""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from playground.errors import UserError
from playground.text import corpus as corpus_module
from playground.text.corpus import (
    CORPORA,
    CorpusError,
    clear_cache,
    load_corpus,
    normalize_text,
    split,
    user_corpus,
)
from tests.text import ROOT, corpus, real_file

SHAKESPEARE_MD5 = "6fb458f1232090904fb40fe944165e91"  # from the corpora README
CLOSED = "http://127.0.0.1:9/tinyshakespeare.txt"  # the discard port: nothing listens, the connection is refused


@pytest.fixture
def server(tmp_path):
    """A local web server with a copy of the real Tiny Shakespeare; yields (base URL, list of requested paths)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "input.txt").write_bytes(real_file("tinyshakespeare.txt").read_bytes())
    requests: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def do_GET(self):
            requests.append(self.path)
            super().do_GET()

        def log_message(self, *args):  # keep the test output clean
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def fresh_cache(monkeypatch, tmp_path_factory):
    """No corpus in memory and no shipped copy: what a load finds is what the test put on disk or serves."""
    monkeypatch.setattr(corpus_module, "SHIPPED_DIR", tmp_path_factory.mktemp("no-shipped-books"))
    clear_cache()
    yield
    clear_cache()


def _point(monkeypatch, key: str, url: str) -> None:
    monkeypatch.setitem(CORPORA, key, replace(CORPORA[key], url=url))


def test_download_saves_the_real_file_and_loads_it(server, tmp_path, monkeypatch, fresh_cache):
    base, requests = server
    _point(monkeypatch, "en", f"{base}/input.txt")
    data = tmp_path / "data"
    loaded = load_corpus("en", data)
    saved = data / "text" / "tinyshakespeare.txt"
    assert requests == ["/input.txt"]
    assert hashlib.md5(saved.read_bytes()).hexdigest() == SHAKESPEARE_MD5  # stored exactly as served
    assert sorted(p.name for p in saved.parent.iterdir()) == ["tinyshakespeare.txt"]  # no .part file left
    assert (loaded.key, loaded.language, loaded.title) == ("en", "en", "Tiny Shakespeare")
    assert loaded.text.startswith("First Citizen:\nBefore we proceed any further, hear me speak.")
    assert loaded.text.endswith("Whiles thou art waking.")
    assert len(loaded.text) == 1_115_389  # 1,115,394 bytes less the trailing newlines


def test_second_load_needs_no_network(server, tmp_path, monkeypatch, fresh_cache):
    base, requests = server
    _point(monkeypatch, "en", f"{base}/input.txt")
    first = load_corpus("en", tmp_path)
    _point(monkeypatch, "en", CLOSED)
    assert load_corpus("en", tmp_path) is first  # from memory
    clear_cache()
    assert load_corpus("en", tmp_path).text == first.text  # from the file on disk
    assert requests == ["/input.txt"]
    (tmp_path / "text" / "tinyshakespeare.txt").unlink()
    clear_cache()
    with pytest.raises(CorpusError):  # neither in memory nor on disk: now it would need the network
        load_corpus("en", tmp_path)


def test_offline_fails_fast_with_a_plain_message(tmp_path, monkeypatch, fresh_cache):
    _point(monkeypatch, "en", CLOSED)
    began = time.monotonic()
    with pytest.raises(CorpusError) as caught:
        load_corpus("en", tmp_path)
    assert time.monotonic() - began < 5
    message = str(caught.value)
    assert isinstance(caught.value, UserError)
    assert "tinyshakespeare.txt" in message and CLOSED in message and str(tmp_path.resolve() / "text") in message
    assert "offline" in message
    assert not re.search(r"Error|Exception|Errno|Traceback", message), message
    assert not (tmp_path / "text" / "tinyshakespeare.txt").exists()


def test_a_missing_page_and_a_refused_download_say_so(server, tmp_path, monkeypatch, fresh_cache):
    base, _ = server
    _point(monkeypatch, "en", f"{base}/gone.txt")
    with pytest.raises(CorpusError, match="404"):
        load_corpus("en", tmp_path)
    with pytest.raises(CorpusError, match="downloading was turned off"):
        load_corpus("es", tmp_path, download=False)
    with pytest.raises(CorpusError, match="choose one of: en, es"):
        load_corpus("fr", tmp_path)


def test_gutenberg_header_and_licence_are_stripped_from_the_real_quijote():
    text = corpus("es").text
    assert text.startswith("El ingenioso hidalgo don Quijote de la Mancha")
    assert "En un lugar de la Mancha, de cuyo nombre no quiero acordarme" in text
    assert text.endswith("Vale.\n\nFin")
    assert "Gutenberg" not in text and "License" not in text and "eBook" not in text
    assert "\r" not in text and "\ufeff" not in text
    assert all(line == line.rstrip() for line in text[:200_000].split("\n"))
    assert "¿" in text and "ñ" in text and "á" in text
    assert corpus("es").language == "es"


def test_stripping_goes_by_the_markers_not_by_line_numbers():
    raw = real_file("pg2000.txt").read_bytes().decode("utf-8")
    expected = normalize_text(raw)
    # Gutenberg edits its header and footer; the markers stay and so must the result
    shifted = raw.replace("Language: Spanish", "Language: Spanish\r\nCredits: a new line\r\n\r\n")
    shifted = shifted.replace("*** START OF THE PROJECT", "*** START OF THIS PROJECT")
    shifted = shifted.replace("*** END OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***",
                              "*** END OF THIS PROJECT GUTENBERG EBOOK DON QUIJOTE ***\r\nmore licence")
    assert normalize_text(shifted) == expected
    assert normalize_text("no markers here  \r\nat all\r\n") == "no markers here\nat all"


def _excerpt(words: int = 400) -> str:
    return " ".join(corpus("es").text.split()[1000 : 1000 + words])


def test_a_persons_text_is_accepted_and_normalised_like_a_book():
    raw = real_file("pg2000.txt").read_bytes()  # BOM, CRLF, Gutenberg header: a real upload
    mine = user_corpus(raw, title="Quijote subido")
    assert mine.text == corpus("es").text
    assert (mine.key, mine.title) == ("user", "Quijote subido")
    pasted = user_corpus(_excerpt())
    assert pasted.text == _excerpt()


def test_latin1_text_gets_a_plain_message():
    data = _excerpt().encode("latin-1")  # Spanish accents in Latin-1: invalid UTF-8
    with pytest.raises(CorpusError, match="not UTF-8 text") as caught:
        user_corpus(data)
    assert "save it with the UTF-8 encoding" in str(caught.value)


def test_a_picture_and_a_binary_file_are_not_text(tmp_path):
    png = io.BytesIO()
    Image.fromarray(np.arange(64 * 64, dtype=np.uint8).reshape(64, 64)).save(png, format="PNG")
    with pytest.raises(CorpusError, match="a PNG image, not plain text"):
        user_corpus(png.getvalue())
    np.save(tmp_path / "weights.npy", np.arange(1000, dtype=np.float32))
    with pytest.raises(CorpusError, match="a binary file, not plain text"):
        user_corpus((tmp_path / "weights.npy").read_bytes())


def test_three_words_are_not_a_corpus():
    with pytest.raises(CorpusError) as caught:
        user_corpus("hola mundo cruel")
    message = str(caught.value)
    assert "3 words" in message and "at least 50 words" in message
    with pytest.raises(CorpusError, match="0 words"):
        user_corpus(b"")
    with pytest.raises(CorpusError, match="1 word "):
        user_corpus("a" * 500)


def test_too_big_is_refused_with_sizes():
    text = corpus("en").text
    with pytest.raises(CorpusError, match=r"1\.1 MB; the largest this app accepts is 0\.5 MB"):
        user_corpus(text, max_bytes=500_000)
    with pytest.raises(CorpusError, match="MB"):
        user_corpus(text.encode(), max_bytes=500_000)
    assert len(user_corpus(text).text) == len(text)  # under the default 5 MB cap


def test_the_size_cap_comes_from_the_environment():
    code = "from playground.text.corpus import MAX_CORPUS_BYTES; print(MAX_CORPUS_BYTES)"
    env = {**os.environ, "PLAYGROUND_MAX_CORPUS_BYTES": "12345"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "12345"
    assert corpus_module.MAX_CORPUS_BYTES == int(os.environ.get("PLAYGROUND_MAX_CORPUS_BYTES", 5_000_000))


@pytest.mark.parametrize("key", ["en", "es"])
def test_split_keeps_the_last_tenth_for_validation_at_a_line_start(key):
    text = corpus(key).text
    parts = split(text)
    assert parts.train + parts.val == text
    assert parts.cut == len(parts.train)
    assert abs(len(parts.val) / len(text) - 0.1) < 0.002
    assert parts.train.endswith("\n") and not parts.val[0].isspace()
    assert f"{parts.cut:,}" in parts.describe() and f"{len(parts.val):,}" in parts.describe()
    wide = split(text, val_fraction=0.25)
    assert abs(len(wide.val) / len(text) - 0.25) < 0.002


def test_split_of_one_long_line_cuts_between_words():
    text = _excerpt(400)
    assert "\n" not in text
    parts = split(text, 0.2)
    assert parts.train + parts.val == text
    assert parts.train.endswith(" ") and not parts.val.startswith(" ")
    assert text.split() == parts.train.split() + parts.val.split()  # no word cut in two
    with pytest.raises(ValueError):
        split(text, 1.0)


def test_corpus_folder_is_under_the_data_dir(tmp_path, monkeypatch, fresh_cache):
    _point(monkeypatch, "es", CLOSED)
    with pytest.raises(CorpusError) as caught:
        load_corpus("es", tmp_path / "elsewhere")
    assert str(Path(tmp_path / "elsewhere" / "text").resolve()) in str(caught.value)
    assert "pg2000.txt" in str(caught.value)


def test_the_shipped_books_load_with_an_empty_data_dir_and_no_internet(tmp_path, monkeypatch):
    for key in CORPORA:
        _point(monkeypatch, key, CLOSED)  # any download attempt fails at once
    clear_cache()
    try:
        for key in CORPORA:
            shipped = corpus_module.SHIPPED_DIR / CORPORA[key].filename
            assert shipped.read_bytes() == real_file(CORPORA[key].filename).read_bytes()  # shipped as served
            loaded = load_corpus(key, tmp_path / "empty")
            assert loaded.text == corpus(key).text  # the same book as the downloaded copy gives
        assert not (tmp_path / "empty").exists()  # nothing was written: no download happened
    finally:
        clear_cache()


def test_the_shipped_quijote_keeps_gutenbergs_licence_and_a_readme_names_the_sources():
    raw = (corpus_module.SHIPPED_DIR / "pg2000.txt").read_text(encoding="utf-8-sig")
    assert "*** END OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***" in raw and "Project Gutenberg License" in raw
    readme = (corpus_module.SHIPPED_DIR / "README.md").read_text()
    assert CORPORA["en"].url in readme and CORPORA["es"].url in readme
