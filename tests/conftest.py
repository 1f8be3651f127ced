"""Shared fixtures: real MNIST digits on disk, a launched app, a gradio_client, a Chromium page.

The app fixture starts ``python app.py`` in a subprocess on a free port, exactly as
a person would, once per test session. Browser fixtures use the system Chromium
(Playwright cannot download browsers offline) and skip with a reason where it is
missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import torch

from playground.data.mnist_split import write_split
from playground.launcher import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def mnist_test_dir() -> Path:
    """The real MNIST test set (10,000 digits): $PLAYGROUND_MNIST_TEST_DIR or ../shared/data/mnist-test."""
    env = os.environ.get("PLAYGROUND_MNIST_TEST_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "data" / "mnist-test"


def write_mnist_proxy(root: Path) -> bool:
    """Lay the real MNIST test digits out as torchvision's MNIST folder: 0-7999 train, 8000-9999 test.

    torchvision.datasets.MNIST(root) then loads them through its own code. False if
    the digits are not on this machine.
    """
    src = mnist_test_dir()
    if not (src / "t10k-images-idx3-ubyte.gz").exists():
        return False
    write_split(src, root, cut=8000)
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
    if not write_mnist_proxy(root):
        pytest.skip(f"the real MNIST test set is not at {mnist_test_dir()} (set PLAYGROUND_MNIST_TEST_DIR)")
    return root


APP_LOG: dict = {}  # the launched app: "path" of its console output, "pid" of its process


@pytest.fixture
def app_log(app_url) -> Path:
    """The launched app's console output (stdout and stderr), for tests of what it logs."""
    return APP_LOG["path"]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    """Launch ``python app.py`` on a free port; yield its URL; stop it afterwards."""
    port = free_port()
    data_dir = tmp_path_factory.mktemp("app-data")
    write_mnist_proxy(data_dir)  # real digits for the Training tab, where this machine has them
    copy_corpora(data_dir)  # the two books, where the Next-word tab's downloader would put them
    log_path = tmp_path_factory.mktemp("server") / "app.log"
    proc = start_app(port, log_path, env={"PLAYGROUND_DATA_DIR": str(data_dir)})
    APP_LOG["path"] = log_path
    APP_LOG["pid"] = proc.pid
    url = f"http://127.0.0.1:{port}/"
    if not wait_until_up(url, proc):
        proc.kill()
        pytest.fail(f"the app did not start; its log:\n{log_path.read_text()}")
    yield url
    stop(proc)


@pytest.fixture(scope="session")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run the browser tests")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh browser session (its own cookies, so its own Gradio state) on the app."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    yield page
    context.close()


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
