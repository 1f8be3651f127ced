"""Pictures for the Draw tab's tests: non-digits drawn as the pad draws, photos under uneven light,
and PNG headers of huge images (the file itself is a few bytes)."""

from __future__ import annotations

import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw

PAD = 800
BRUSH = 56  # the pad's brush, in pixels of its 800×800 canvas (playground/ui/draw.py)


def _stroke(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]]) -> None:
    """One pad stroke: the brush's round caps and joins, black on transparent."""
    draw.line(points, fill=(0, 0, 0, 255), width=BRUSH, joint="curve")
    for x, y in points:
        draw.ellipse([x - BRUSH / 2, y - BRUSH / 2, x + BRUSH / 2, y + BRUSH / 2], fill=(0, 0, 0, 255))


def non_digit(kind: str) -> Image.Image:
    """A pad drawing that is not a digit: "dot" (one tap), "line" (horizontal), "scribble" (back and
    forth over a patch, as people cross something out) or "blob" (a filled oval)."""
    image = Image.new("RGBA", (PAD, PAD), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if kind == "dot":
        _stroke(draw, [(400, 400)])
    elif kind == "line":
        _stroke(draw, [(200, 420), (600, 410)])
    elif kind == "scribble":
        _stroke(draw, [(250 if i % 2 == 0 else 520, 260 + 30 * i) for i in range(9)])
    elif kind == "blob":
        draw.ellipse([260, 240, 520, 560], fill=(0, 0, 0, 255))
    else:
        raise ValueError(kind)
    return image


def lit_photo(digit: np.ndarray, rng: np.random.Generator, size: tuple[int, int] = (480, 360),
              noise: float = 0.04, paper: tuple[float, float] = (0.35, 0.85)) -> Image.Image:
    """A (28, 28) MNIST digit as a phone photo: dark ink on grey paper lit from one side (the paper's
    brightness goes from paper[0] to paper[1] across the picture, in a random direction), with sensor
    noise; the digit anywhere, 120-200 px tall."""
    w, h = size
    side = int(rng.integers(120, 200))
    up = np.asarray(Image.fromarray(digit).resize((side, side), Image.Resampling.BICUBIC), np.float32) / 255
    ink = np.zeros((h, w), np.float32)
    x, y = int(rng.integers(0, w - side)), int(rng.integers(0, h - side))
    ink[y : y + side, x : x + side] = np.clip(up, 0, 1)
    ys, xs = np.mgrid[0:h, 0:w] / max(w, h)
    angle = rng.uniform(0, 2 * np.pi)
    along = np.cos(angle) * xs + np.sin(angle) * ys
    light = paper[0] + (paper[1] - paper[0]) * (along - along.min()) / (along.max() - along.min())
    picture = light * (1 - 0.7 * ink) + rng.normal(0, noise, (h, w))  # ink takes 70% of the light away
    return Image.fromarray(np.uint8(np.round(np.clip(picture, 0, 1) * 255)))


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims to be width×height (grayscale), with a token of pixel data: enough for PIL to
    read its size, a few bytes on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))
