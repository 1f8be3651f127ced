"""Browser-like drawings made from real digit images, to measure the Draw tab honestly.

A browser canvas delivers an RGBA image: black strokes, anti-aliased, on a
transparent 800×800 background, with the digit wherever and however large the
person drew it. ``canvas_drawing`` turns a 28×28 MNIST digit into such an image:
scaled up to a random size, its strokes redrawn at a random pen width (from a fine
pen to a fat finger), slanted, and placed off-centre. Everything is drawn from a
seeded generator, so a set is the same on every run.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps
from scipy import ndimage

from playground.digits.preprocess import stroke_width

CANVAS = 800
WORK_SCALE = 8.0  # at most 8× MNIST (224 px) while shaping the strokes


def canvas_drawing(digit: np.ndarray, rng: np.random.Generator, canvas: int = CANVAS,
                   background: str = "transparent") -> Image.Image:
    """A (28, 28) uint8 MNIST digit (white on black) as an RGBA canvas drawing (black on transparent)."""
    height = rng.uniform(0.22, 0.8) * canvas  # the digit's height on the canvas
    final = height / 20.0  # MNIST digits are about 20 px tall: the scale from MNIST to the canvas
    scale = min(final, WORK_SCALE)  # shapes are drawn at most this large, then resized (fast, anti-aliased)
    side = max(28, int(round(28 * scale)))
    height = 20.0 * scale
    up = np.asarray(Image.fromarray(digit).resize((side, side), Image.Resampling.BICUBIC), np.float32) / 255
    mask = up > 0.5
    if not mask.any():
        mask = up > up.max() / 2
    # a pen of random width, from a fine pen to a fat finger. Strokes grow freely; they
    # shrink by at most a third, since thinning a blotted MNIST digit further closes its
    # loops into shapes no person would draw
    width = stroke_width(mask)
    pen = max(rng.uniform(0.05, 0.22) * height, width * 2 / 3)
    if pen > width:
        mask = ndimage.distance_transform_edt(~mask) <= (pen - width) / 2
    elif pen < width:
        mask = ndimage.distance_transform_edt(mask) > (width - pen) / 2
    # slant and a little rotation, as hands do
    shear = rng.uniform(-0.25, 0.25)
    angle = rng.uniform(-8, 8)
    alpha = ImageOps.expand(Image.fromarray(np.uint8(mask) * 255), border=side // 2, fill=0)
    h = alpha.height
    alpha = alpha.transform(alpha.size, Image.Transform.AFFINE, (1, shear, -shear * h / 2, 0, 1, 0),
                            resample=Image.Resampling.BILINEAR)
    alpha = alpha.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True)
    bbox = alpha.getbbox()
    if bbox:
        alpha = alpha.crop(bbox)
    if final > scale:
        alpha = alpha.resize((round(alpha.width * final / scale), round(alpha.height * final / scale)),
                             Image.Resampling.BILINEAR)
    if max(alpha.size) > canvas - 4:
        alpha.thumbnail((canvas - 4, canvas - 4))
    # anywhere on the canvas, fully inside
    x = int(rng.integers(0, canvas - alpha.width + 1))
    y = int(rng.integers(0, canvas - alpha.height + 1))
    layer = Image.new("L", (canvas, canvas), 0)
    layer.paste(alpha, (x, y))
    image = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    image.putalpha(layer)
    if background == "white":
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    return image


def drawing_set(digits: np.ndarray, labels: np.ndarray, seed: int = 0, **kwargs):
    """Yield (drawing, label) for every digit, reproducibly."""
    rng = np.random.default_rng(seed)
    for digit, label in zip(digits, labels):
        yield canvas_drawing(digit, rng, **kwargs), int(label)
