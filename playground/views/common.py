"""Small helpers every tab's view shares: messages as sentences, crisp upscaling, files to download."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
import torch

from playground.errors import UserError


def sentence(message: str) -> str:
    """A message as one sentence for the page: capital first letter, a final full stop."""
    text = " ".join(str(message).split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def upscale(image: np.ndarray | torch.Tensor, side: int = 84) -> np.ndarray:
    """One image, (H, W), (H, W, C) or (C, H, W) tensor, scaled up with nearest neighbours to about ``side`` px.

    Pixels stay crisp (a 28×28 digit becomes 84×84 blocks of 3×3); a single channel comes back as (H, W).
    """
    if isinstance(image, torch.Tensor):
        image = image.detach().cpu()
        image = (image.permute(1, 2, 0) if image.ndim == 3 else image).numpy()
    arr = np.asarray(image)
    factor = max(1, side // arr.shape[0])
    arr = arr.repeat(factor, 0).repeat(factor, 1)
    return arr[..., 0] if arr.ndim == 3 and arr.shape[2] == 1 else arr


def upscale_all(images: torch.Tensor, side: int = 84) -> list[np.ndarray]:
    """uint8 (n, C, H, W) -> a list of upscaled images, for galleries."""
    return [upscale(img, side) for img in images]


class ExportError(UserError, OSError):
    """A file to download could not be written; the message says why."""


_EXPORT_ROOT = Path(tempfile.gettempdir()) / "dl-playground-exports"


def export_file(filename: str, content: str | bytes) -> str:
    """Write ``content`` to a content-addressed path ending in ``filename``; return the path.

    The same content always lands in the same place, so sessions never overwrite
    each other's files and repeated edits do not pile up copies.
    """
    data = content.encode() if isinstance(content, str) else content
    digest = hashlib.sha256(data).hexdigest()[:20]
    folder = _EXPORT_ROOT / digest
    path = folder / filename
    if not path.exists():
        tmp = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=folder, prefix=f".{filename}.", suffix=".tmp")  # unique per writer
            os.close(fd)
            tmp = Path(name)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:  # a full disk (ENOSPC), a quota, a read-only temporary folder
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise ExportError("common.export_disk_full", name=filename, mb=len(data) / 1e6) from None
            raise ExportError("common.export_failed", name=filename, mb=len(data) / 1e6,
                              why=exc.strerror or str(exc)) from None
    return str(path)
