"""Lay the MNIST *test* set out as a torchvision MNIST folder, split in two.

    python -m playground.data.mnist_split SOURCE DEST [--cut 8000]

SOURCE holds t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (the 10,000
real MNIST test digits). DEST/MNIST/raw/ receives images 0..cut-1 as the "train"
files and cut..9999 as the "t10k" files, so torchvision.datasets.MNIST(DEST) loads
them through its own code. Used where only the test set is available: to train
the shipped default digit model, and in the tests.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def _idx(payload: bytes, magic: int, dims: list[int]) -> bytes:
    """An IDX file: big-endian magic number, then the dimensions, then the data."""
    return magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims) + payload


def write_split(source: Path, dest: Path, cut: int = 8000) -> Path:
    """Write the split; return DEST. Raises FileNotFoundError if SOURCE lacks the test files."""
    images = gzip.decompress((source / FILES[0]).read_bytes())[16:]
    labels = gzip.decompress((source / FILES[1]).read_bytes())[8:]
    n = len(labels)
    if not 0 < cut < n:
        raise ValueError(f"cut must be between 1 and {n - 1}")
    raw = dest / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for prefix, lo, hi in (("train", 0, cut), ("t10k", cut, n)):
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(_idx(images[lo * 784 : hi * 784], 0x0803, [hi - lo, 28, 28]))
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(_idx(labels[lo:hi], 0x0801, [hi - lo]))
    return dest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m playground.data.mnist_split", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--cut", type=int, default=8000, help="first test image of the held-out part")
    args = parser.parse_args(argv)
    write_split(args.source, args.dest, args.cut)
    print(f"wrote {args.dest / 'MNIST' / 'raw'}: images 0-{args.cut - 1} as train, {args.cut}-9999 as test")


if __name__ == "__main__":
    main()
