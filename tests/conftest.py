"""Shared fixtures: real MNIST digits on disk, a launched app, a gradio_client, a Chromium page.

The app fixture starts ``python app.py`` in a subprocess on a free port, exactly as
a person would, once per test session. Browser fixtures use the system Chromium
(Playwright cannot download browsers offline).

A test whose real data (MNIST, the corpora) or Chromium is missing calls ``require``:
it skips with the reason on a person's machine, and fails under CI (``CI=true``),
where a skipped check would pass unnoticed. ``wait_until`` polls a condition with a
deadline, for tests that wait for something to happen.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pytest
import torch

from playground.data.mnist_split import write_split
from playground.launcher import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")

T = TypeVar("T")


def require(condition: object, reason: str) -> None:
    """Go on if ``condition`` holds; else skip with ``reason``, or fail under CI, which must have it all."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing dataset or browser is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def wait_until(read: Callable[[], T], done: Callable[[T], bool] = bool, timeout: float = 30.0,
               interval: float = 0.05) -> T:
    """Call ``read`` until ``done(value)`` holds or ``timeout`` seconds pass; the last value read.

    The caller asserts on what comes back, so a deadline that passes fails with the value seen.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if done(value) or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def mnist_test_dir() -> Path:
    """The real MNIST test set (10,000 digits): $PLAYGROUND_MNIST_TEST_DIR or ../shared/data/mnist-test."""
    env = os.environ.get("PLAYGROUND_MNIST_TEST_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "data" / "mnist-test"


def has_mnist() -> bool:
    return (mnist_test_dir() / "t10k-images-idx3-ubyte.gz").exists()


MISSING_MNIST = f"the real MNIST test set is not at {mnist_test_dir()} (set PLAYGROUND_MNIST_TEST_DIR)"


def write_mnist_proxy(root: Path) -> bool:
    """Lay the real MNIST test digits out as torchvision's MNIST folder: 0-7999 train, 8000-9999 test.

    torchvision.datasets.MNIST(root) then loads them through its own code. False if
    the digits are not on this machine.
    """
    if not has_mnist():
        return False
    write_split(mnist_test_dir(), root, cut=8000)
    return True


def copy_corpora(data_dir: Path) -> bool:
    """Put the real corpora (Tiny Shakespeare, Don Quijote) in data_dir/text/, as a download leaves them."""
    env = os.environ.get("PLAYGROUND_CORPORA_DIR", "").strip()
    source = Path(env) if env else ROOT.parent / "shared" / "data" / "corpora"
    names = ("tinyshakespeare.txt", "pg2000.txt")
    if not all((source / n).is_file() for n in names):
        return False
    (data_dir / "text").mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(source / name, data_dir / "text" / name)
    return True


@pytest.fixture(scope="session")
def mnist_root(tmp_path_factory) -> Path:
    """A data directory holding MNIST made of real digits (see write_mnist_proxy); nothing is downloaded."""
    root = tmp_path_factory.mktemp("data")
    require(write_mnist_proxy(root), MISSING_MNIST)
    return root


@pytest.fixture
def needs_mnist() -> None:
    """For tests that need the real digits but not a data directory (the launched app gets one)."""
    require(has_mnist(), MISSING_MNIST)


APP_LOG: dict = {}  # the launched app: "path" of its console output


@pytest.fixture
def app_log(app_url) -> Path:
    """The launched app's console output (stdout and stderr), for tests of what it logs."""
    return APP_LOG["path"]


@contextlib.contextmanager
def served_app(log_path: Path, env: dict[str, str]) -> Iterator[str]:
    """``python app.py`` on a free port with ``env`` added to the environment; its URL while the block runs (a
    failed start fails the test with the app's log)."""
    port = free_port()
    proc = start_app(port, log_path, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        if not wait_until_up(url, proc):
            proc.kill()
            pytest.fail(f"the app did not start; its log:\n{log_path.read_text()}")
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    """Launch ``python app.py`` on a free port; yield its URL; stop it afterwards."""
    data_dir = tmp_path_factory.mktemp("app-data")
    write_mnist_proxy(data_dir)  # real digits for the Training tab, where this machine has them
    copy_corpora(data_dir)  # the two books, where the Next-word tab's downloader would put them
    log_path = tmp_path_factory.mktemp("server") / "app.log"
    APP_LOG["path"] = log_path
    with served_app(log_path, {"PLAYGROUND_DATA_DIR": str(data_dir)}) as url:
        yield url


@pytest.fixture(scope="session")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: install Debian's chromium to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "no playwright: pip install -r requirements-dev.txt")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh browser session (its own cookies, so its own Gradio state) on the app, counting its events
    (tests/e2e/idle.py: ``wait_until_idle(page)``)."""
    from tests.e2e.idle import track_events

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    track_events(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    yield page
    context.close()


def open_page(browser, url: str, locale: str = "en-US", phone: bool = False):
    """A fresh browser session on the app in ``locale`` (the browser's language picks the page's), at desktop
    size or as a phone (390×844, touch), counting its events (tests/e2e/idle.py)."""
    from tests.e2e.idle import track_events

    size = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1000}
    context = browser.new_context(viewport=size, locale=locale, has_touch=phone, is_mobile=phone)
    track_events(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    return page


@pytest.fixture
def page_es(browser, app_url):
    """Like ``page``, with the browser in Spanish (es-ES): the page opens in Spanish."""
    page = open_page(browser, app_url, "es-ES")
    yield page
    page.context.close()


@pytest.fixture
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


ONE_THREAD_DIRS = ("text", "basics", "diffusion")  # test packages of tiny models


@pytest.fixture(autouse=True)
def one_thread(request):
    """Tiny models run faster on one thread than with threads waiting on each other (and on busy CI)."""
    if request.path.parent.name not in ONE_THREAD_DIRS:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def drained(generator, each=lambda item: item) -> tuple[list, object]:
    """What ``generator`` yields, each item passed through ``each`` as it comes (a yielded object may change
    afterwards: a download's progress does), and what it returns."""
    items = []
    while True:
        try:
            items.append(each(next(generator)))
        except StopIteration as end:
            return items, end.value
