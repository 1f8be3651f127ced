"""Datasets through torchvision's own loading path, the cache, and what happens offline."""

import time

import pytest
import torch
from torchvision import datasets

from playground.data import images
from playground.data.images import DatasetUnavailable, load_split
from tests.conftest import require


def test_mnist_split_loads_through_torchvision_and_is_cached(mnist_root):
    images._load_cached.cache_clear()
    first = load_split("mnist", "train", mnist_root)
    assert first.images.shape == (8000, 1, 28, 28) and first.images.dtype == torch.uint8
    assert first.labels.shape == (8000,) and set(first.labels.tolist()) == set(range(10))
    assert (mnist_root / "cache" / "mnist-train.safetensors").exists()
    assert first.mean[0] == pytest.approx(0.13, abs=0.01)  # MNIST's well-known mean
    images._load_cached.cache_clear()
    start = time.perf_counter()
    again = load_split("mnist", "train", mnist_root)
    assert time.perf_counter() - start < 1.0
    assert torch.equal(again.images, first.images)
    reference = datasets.MNIST(str(mnist_root), train=True)
    assert torch.equal(again.images[:, 0], reference.data)


def test_missing_dataset_says_which_files_to_put_where(tmp_path, monkeypatch):
    # the real download code, pointed at a port where nothing listens (as offline)
    monkeypatch.setattr(datasets.KMNIST, "mirrors", ["http://127.0.0.1:9/"])
    images._load_cached.cache_clear()
    with pytest.raises(DatasetUnavailable) as info:
        load_split("kmnist", "train", tmp_path)
    message = str(info.value)
    assert "could not be downloaded: the download servers could not be reached" in message
    assert not any(name in message for name in ("URLError", "RuntimeError", "Error downloading", "<", "Errno"))
    assert str(tmp_path.resolve() / "KMNIST" / "raw") in message
    assert "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz" in message


def test_gzipped_idx_files_dropped_by_hand_are_used(tmp_path, mnist_root):
    import gzip
    import shutil

    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                 "t10k-labels-idx1-ubyte"):
        with open(mnist_root / "MNIST" / "raw" / name, "rb") as src, gzip.open(raw / f"{name}.gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
    images._load_cached.cache_clear()
    data = load_split("mnist", "test", tmp_path, download=False)
    assert len(data) == 2000


def test_debian_fashion_mnist_is_picked_up(tmp_path):
    require(images.SYSTEM_COPIES["fashion-mnist"][0].exists(), "Debian's dataset-fashion-mnist package is not installed")
    images._load_cached.cache_clear()
    data = load_split("fashion-mnist", "test", tmp_path, download=False)
    assert data.images.shape == (10000, 1, 28, 28)
    assert data.info.classes[9] == "Ankle boot"
    assert (data.labels.bincount() == 1000).all()


def test_when_the_probe_passes_torchvision_really_downloads_and_failures_read_plainly(tmp_path, monkeypatch):
    """A server that answers but serves nothing useful: torchvision's own download runs and fails."""
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setattr(datasets.KMNIST, "mirrors", [f"http://127.0.0.1:{server.server_port}/nothing/"])
        images._load_cached.cache_clear()
        with pytest.raises(DatasetUnavailable) as info:
            load_split("kmnist", "test", tmp_path)
    finally:
        server.shutdown()
    message = str(info.value)
    assert "could not be downloaded: " in message and "t10k-images-idx3-ubyte.gz" in message
    assert "Error" not in message and "<" not in message


@pytest.mark.parametrize("damage", ["truncate", "overwrite"])
def test_a_damaged_cache_is_noticed_and_decoded_again(mnist_root, tmp_path, damage, caplog):
    import shutil

    from playground.data import images

    root = tmp_path / "data"
    shutil.copytree(mnist_root / "MNIST", root / "MNIST")
    first = images.load_split("mnist", "test", root, download=False)
    cache = root / "cache" / "mnist-test.safetensors"
    data = bytearray(cache.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:  # same size, header intact: pixels overwritten in the middle of the file
        data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    cache.write_bytes(bytes(data))
    images._load_cached.cache_clear()
    with caplog.at_level("WARNING"):
        again = images.load_split("mnist", "test", root, download=False)
    assert torch.equal(again.images, first.images) and torch.equal(again.labels, first.labels)
    assert "damaged" in caplog.text
    images._load_cached.cache_clear()
    assert torch.equal(images.load_split("mnist", "test", root, download=False).images, first.images)  # rewritten


def test_the_training_set_size_comes_from_the_disk_else_the_published_count(tmp_path):
    from tests.conftest import MISSING_MNIST, write_mnist_proxy

    assert [images.training_images(k) for k in images.DATASETS] == [60_000, 60_000, 60_000, 50_000, 26_640]
    assert images.training_images("mnist", tmp_path) == 60_000  # nothing there yet
    require(write_mnist_proxy(tmp_path), MISSING_MNIST)
    assert images.training_images("mnist", tmp_path) == 8_000  # read from the IDX header, nothing decoded
    assert not (tmp_path / "cache").exists()
    images._load_cached.cache_clear()
    load_split("mnist", "train", tmp_path)
    (tmp_path / "MNIST" / "raw" / "train-labels-idx1-ubyte").unlink()
    assert images.training_images("mnist", tmp_path) == 8_000  # read from the decoded cache's header
