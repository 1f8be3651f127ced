"""Image-classification datasets as uint8 tensors: download, decode once, cache.

Every set is read through torchvision's own dataset class with ``download=True``,
so files land where torchvision expects them under the data directory, and a
person without internet can drop the original files there by hand. Each split is
decoded once into ``(N, C, H, W)`` uint8 images plus int64 labels and cached as a
safetensors file beside the raw files, so the second load takes milliseconds.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

from playground.data import net
from playground.errors import UserError

log = logging.getLogger(__name__)

CACHE_VERSION = "2"  # 2: a checksum of the contents in the metadata
GTSRB_SIDE = 48  # GTSRB photos vary in size; they are decoded once at 48×48, the classic input

# Places where an operating system package may already hold a dataset's original files.
SYSTEM_COPIES = {"fashion-mnist": [Path("/usr/share/datasets/fashion-mnist")]}

_IDX_FILES = {
    "train": ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"],
    "test": ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
}


@dataclass(frozen=True)
class DatasetInfo:
    """What the app knows about one torchvision dataset."""

    key: str  # the name used on the command line and in checkpoints
    title: str  # shown on the page
    tv_class: str  # torchvision.datasets class name
    classes: tuple[str, ...]  # label names, in label order
    channels: int  # 1 (grayscale) or 3 (RGB)
    side: int  # images are side×side
    folder: str  # where torchvision keeps the raw files, under the data directory
    files: dict[str, list[str]]  # per split, the files a person can put in `folder` by hand
    source: str  # where those files can be downloaded from
    train_size: int  # images in the published training split (what a download brings)

    @property
    def num_classes(self) -> int:
        return len(self.classes)


_DIGITS = tuple(str(d) for d in range(10))
DATASETS: dict[str, DatasetInfo] = {
    d.key: d
    for d in (
        DatasetInfo("mnist", "MNIST (handwritten digits)", "MNIST", _DIGITS, 1, 28, "MNIST/raw", _IDX_FILES,
                    "https://ossci-datasets.s3.amazonaws.com/mnist/", 60_000),
        DatasetInfo(
            "fashion-mnist", "Fashion-MNIST (clothing)", "FashionMNIST",
            ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            1, 28, "FashionMNIST/raw", _IDX_FILES, "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            60_000,
        ),
        DatasetInfo(
            "kmnist", "KMNIST (cursive Japanese)", "KMNIST",
            ("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
            1, 28, "KMNIST/raw", _IDX_FILES, "http://codh.rois.ac.jp/kmnist/dataset/kmnist/", 60_000,
        ),
        DatasetInfo(
            "cifar10", "CIFAR-10 (small photos)", "CIFAR10",
            ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
            3, 32, ".", {"train": ["cifar-10-python.tar.gz"], "test": ["cifar-10-python.tar.gz"]},
            "https://www.cs.toronto.edu/~kriz/", 50_000,
        ),
        DatasetInfo(
            "gtsrb", "GTSRB (German traffic signs)", "GTSRB", tuple(f"sign {i}" for i in range(43)),
            3, GTSRB_SIDE, "gtsrb",
            {"train": ["GTSRB-Training_fixed.zip"], "test": ["GTSRB_Final_Test_Images.zip", "GTSRB_Final_Test_GT.zip"]},
            "https://sid.erda.dk/public/archives/daaeac0d7ce1152aea9b61d9f1e19370/", 26_640,
        ),
    )
}


class DatasetUnavailable(UserError, RuntimeError):
    """The dataset is not on disk and could not be downloaded; the message says what to do."""


@dataclass(frozen=True)
class ImageSet:
    """One split of a dataset, decoded."""

    info: DatasetInfo
    images: torch.Tensor  # (N, C, H, W) uint8
    labels: torch.Tensor  # (N,) int64
    mean: tuple[float, ...]  # per-channel mean of this split, in [0, 1] units
    std: tuple[float, ...]  # per-channel standard deviation

    def __len__(self) -> int:
        return len(self.labels)


def dataset_info(key: str) -> DatasetInfo:
    if key not in DATASETS:
        raise ValueError(f"unknown dataset {key!r}; choose one of: {', '.join(DATASETS)}")
    return DATASETS[key]


def training_images(key: str, data_dir: Path | str | None = None) -> int:
    """How many images the training split holds: those on disk in ``data_dir`` (a folder may hold fewer than
    the published set, e.g. MNIST's test digits split 8,000/2,000), else the published ``train_size``.

    Reads headers only (the decoded cache's, or an IDX labels file's): milliseconds, no decoding, no download.
    """
    info = dataset_info(key)
    if data_dir is None:
        return info.train_size
    root = Path(data_dir).expanduser().resolve()
    try:
        with safe_open(str(root / "cache" / f"{key}-train.safetensors"), "pt") as f:
            if (f.metadata() or {}).get("version") == CACHE_VERSION:
                return int(f.get_slice("labels").get_shape()[0])
    except Exception:  # not decoded yet, or a damaged cache (decoded again when a run loads it)
        pass
    if info.files is _IDX_FILES:  # an IDX labels file starts with its magic number, then the count (big-endian)
        labels = root / info.folder / info.files["train"][1]
        for path, opener in ((labels.with_suffix(""), open), (labels, gzip.open)):
            try:
                with opener(path, "rb") as f:
                    header = f.read(8)
                if len(header) == 8 and int.from_bytes(header[:4], "big") == 0x0801:
                    return int.from_bytes(header[4:], "big")
            except OSError:
                continue
    return info.train_size


def _prepare_raw_files(info: DatasetInfo, data_dir: Path) -> None:
    """Make files a person (or an OS package) supplied usable by torchvision.

    torchvision accepts IDX files in its raw folder as they are, but re-downloads a
    ``.gz`` whose checksum differs from the original archive's (a recompressed copy,
    such as Debian's Fashion-MNIST). So gzipped IDX files are unpacked here, and an
    OS package's copy is unpacked into the raw folder when the data is not there yet.
    """
    if info.files is not _IDX_FILES:
        return
    raw = data_dir / info.folder
    names = [n for split in info.files.values() for n in split]
    sources = [raw] + [s for s in SYSTEM_COPIES.get(info.key, []) if all((s / n).exists() for n in names)]
    for name in names:
        target = raw / name.removesuffix(".gz")
        if target.exists():
            continue
        for source in sources:
            if (source / name).exists():
                raw.mkdir(parents=True, exist_ok=True)
                tmp = target.with_suffix(".part")
                with gzip.open(source / name, "rb") as src, open(tmp, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                tmp.replace(target)
                break


def _download_urls(cls: type) -> list[str]:
    """The places torchvision downloads this dataset from, as the class itself lists them."""
    return [u for u in [*(getattr(cls, "mirrors", None) or []), getattr(cls, "url", None) or ""] if u]


def _reachable(urls: list[str]) -> bool:
    """Any download host answers a short probe; with no address to probe, let torchvision try."""
    return not urls or any(net.reachable(u) for u in urls)


def _why(exc: BaseException) -> UserError:
    """A download failure in plain words, without exception class names."""
    text = str(exc).lower()
    if isinstance(exc, OSError) or "urlopen" in text or "connection" in text or "resolve" in text:
        return UserError("training.why_offline")
    if "md5" in text or "checksum" in text or "integrity" in text or "corrupt" in text:
        return UserError("training.why_damaged")
    return UserError("training.why_failed")


def title_key(key: str) -> str:
    """The table key of a dataset's title (``playground/i18n/training.py``): what the page shows."""
    return "training.dataset_" + key.replace("-", "_")


def _unavailable(info: DatasetInfo, split: str, data_dir: Path, why: UserError) -> DatasetUnavailable:
    return DatasetUnavailable("training.err_unavailable", title=UserError(title_key(info.key)), why=why,
                              folder=data_dir / info.folder, files=", ".join(info.files[split]), source=info.source)


def _decode(info: DatasetInfo, split: str, data_dir: Path, download: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """Read a split through torchvision and return (uint8 NCHW images, int64 labels)."""
    from torchvision import datasets  # imported on first use: keeps app start fast

    cls = getattr(datasets, info.tv_class)
    _prepare_raw_files(info, data_dir)
    kwargs = {"split": split} if info.key == "gtsrb" else {"train": split == "train"}
    try:
        ds = cls(str(data_dir), download=False, **kwargs)  # already on disk: no network at all
    except Exception:
        if not download:
            raise _unavailable(info, split, data_dir, UserError("training.why_not_allowed")) from None
        if not _reachable(_download_urls(cls)):
            raise _unavailable(info, split, data_dir, UserError("training.why_offline")) from None
        try:
            ds = cls(str(data_dir), download=True, **kwargs)
        except Exception as exc:  # a bad mirror, a truncated file: say what to do
            raise _unavailable(info, split, data_dir, _why(exc)) from exc
    if info.key == "gtsrb":
        from PIL import Image

        images = np.stack(
            [np.asarray(Image.open(path).convert("RGB").resize((GTSRB_SIDE, GTSRB_SIDE), Image.BILINEAR))
             for path, _ in ds._samples]
        )
        labels = np.array([label for _, label in ds._samples])
    else:
        images, labels = np.asarray(ds.data), np.asarray(ds.targets)
    tensor = torch.from_numpy(np.ascontiguousarray(images))
    tensor = tensor.unsqueeze(1) if tensor.ndim == 3 else tensor.permute(0, 3, 1, 2)  # -> (N, C, H, W)
    return tensor.contiguous().to(torch.uint8), torch.from_numpy(labels).to(torch.int64)


def _digest(images: torch.Tensor, labels: torch.Tensor) -> str:
    """A checksum of a decoded split, so a cache damaged on disk is noticed (~0.1 s for MNIST's 47 MB)."""
    h = hashlib.sha256(images.contiguous().numpy().tobytes())
    h.update(labels.contiguous().numpy().tobytes())
    return h.hexdigest()


@functools.lru_cache(maxsize=8)
def _load_cached(key: str, split: str, data_dir: str, download: bool) -> ImageSet:
    info = dataset_info(key)
    root = Path(data_dir)
    cache = root / "cache" / f"{key}-{split}.safetensors"
    if cache.exists():
        try:
            with safe_open(str(cache), "pt") as f:
                meta = f.metadata() or {}
            if meta.get("version") == CACHE_VERSION:
                tensors = load_file(str(cache))
                if _digest(tensors["images"], tensors["labels"]) != meta["sha256"]:
                    raise ValueError("the cache's contents do not match its checksum")
                stats = json.loads(meta["stats"])
                return ImageSet(info, tensors["images"], tensors["labels"], tuple(stats[0]), tuple(stats[1]))
        except Exception as exc:  # a damaged (truncated, overwritten) or outdated cache is decoded again
            log.warning("the dataset cache %s is damaged (%s): decoding the raw files again", cache, exc)
        cache.unlink(missing_ok=True)
    images, labels = _decode(info, split, root, download)
    mean, std = channel_stats(images)
    cache.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=cache.parent, prefix=f".{cache.name}.", suffix=".tmp")  # unique per writer
    os.close(fd)
    tmp = Path(name)
    metadata = {"version": CACHE_VERSION, "stats": json.dumps([mean, std]), "sha256": _digest(images, labels)}
    save_file({"images": images, "labels": labels}, str(tmp), metadata=metadata)
    tmp.replace(cache)
    return ImageSet(info, images, labels, tuple(mean), tuple(std))


def load_split(key: str, split: str, data_dir: Path | str, download: bool = True) -> ImageSet:
    """A split ("train" or "test") as uint8 tensors; decoded once, then read from the cache.

    Raises DatasetUnavailable with a plain message naming the files and folder
    when the data is neither on disk nor downloadable.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    return _load_cached(key, split, str(Path(data_dir).expanduser().resolve()), download)


def channel_stats(images: torch.Tensor, chunk: int = 4096) -> tuple[list[float], list[float]]:
    """Per-channel mean and std of uint8 images, in [0, 1] units (for Normalize); chunked, low memory."""
    channels = images.shape[1]
    total = torch.zeros(channels, dtype=torch.float64)
    squares = torch.zeros(channels, dtype=torch.float64)
    for start in range(0, len(images), chunk):
        x = images[start : start + chunk].to(torch.float64).div_(255).transpose(0, 1).reshape(channels, -1)
        total += x.sum(1)
        squares += (x * x).sum(1)
    n = images.numel() / channels
    mean = total / n
    var = (squares / n - mean * mean).clamp_min(0) * n / max(n - 1, 1)
    return mean.tolist(), var.sqrt().tolist()
